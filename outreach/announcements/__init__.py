"""Announcements from the operators (お知らせ配信): staff write one (models), choose its audience
(audience.py), send it now or at a set time, after a second member of staff approved it when
it reaches many (sending.py), and read what became of it (stats.py). Each recipient hears of it
as a community notification of kind ANNOUNCEMENT, delivered like every other notification."""
