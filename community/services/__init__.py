"""Writes, one module per domain: members (profile, badges, closing an account), comments
(comments, likes, reports), topics (votes on opinions, closing a topic, topic proposals).
Views and forms import from the module they need."""
