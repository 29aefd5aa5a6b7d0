"""Local demo: `make run`. Safe defaults so the demo is one command; see production.py."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The demo's staff accounts reach the admin without setting up an authenticator first;
# STAFF_MFA_REQUIRED=true turns the production rule on (the demo accounts' e-mails are verified).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
