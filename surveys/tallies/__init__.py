"""Counts of a survey's answers kept as responses arrive, so that its unfiltered results read
a few hundred rows instead of grouping every answer (docs/decisions/0014-results-rollups.md):
keys (what is counted), store (deltas, merge, read), figures (the counts as results use them),
recount (from the raw answers: check and repair)."""
