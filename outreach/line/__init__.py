"""LINE on the site's side: linking a member's LINE account (from their LINE sign-in, or with a
one-time code sent to the official account), and the webhook LINE calls with what its users do
(services.py, webhook.py, views.py). Sending notifications is outreach.channels.line."""
