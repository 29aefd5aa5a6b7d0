"""Writes, one module per domain: members (profile, badges, closing an account); discussions (how
a page takes comments), posting (who may post, where and how fast), comments (post, edit,
delete), likes, reports; moderation; notifications; topics (votes on opinions, closing a topic,
topic proposals). Views and forms import from the module they need."""
