"""Writes, one module per domain: members (profile, badges, closing an account), comments
(comments, likes, reports). Views and forms import from the module they need."""
