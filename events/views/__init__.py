"""Views for events: the public pages (public.py) and staff screens."""
