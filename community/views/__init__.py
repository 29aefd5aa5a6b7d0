"""Public views, one module per domain: members (profiles, own account pages) and comments
(the forms of discussions)."""
