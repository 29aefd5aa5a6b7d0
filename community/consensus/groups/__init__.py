"""Opinion groups from votes (Polis-style, issue 25): the engine's computation and what the
report shows of its stored runs (report.py; docs/decisions/0024-opinion-groups.md)."""
