"""The consensus report (意見交換レポート): how members voted on a topic's opinions, overall and
by group, which opinions most agree on, where they divide, and who took part.

dimensions: what votes are broken down by (stakeholder type, prefecture, region) and a group's
tally; thresholds: the groups of opinions and what sorts opinions into them; privacy: which
groups are withheld, and how the vote export coarsens profiles; report: the report of one
topic and the list of topics; exports: the report and the votes as spreadsheet rows; groups:
opinion groups found from the votes themselves (Polis-style), computed in the background.
"""
