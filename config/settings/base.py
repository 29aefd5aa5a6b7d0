"""Settings shared by every environment.

Everything that differs between machines comes from the environment (see `.env.example`);
`dev`, `test` and `production` override only a few lines.
"""

import operator
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "api",
    "outreach",
    "community",
    "articles",
    "events",
    "consultations",
    "surveys",
    "search",
    "readable",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.line",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.CSPMiddleware",  # the Content-Security-Policy below
    "config.shedding.LoadSheddingMiddleware",  # 503 for requests that queued too long
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.http.PublicDataMiddleware",  # /api/: CORS (reads only), ETags, Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.page_cache.SignedInNoStoreMiddleware",  # members' pages: private, no-store
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's routing remembered for pages rendered fresh (core/page_routes.py).
    "core.page_routes.PageRouteCacheMiddleware",
    # Last: answers anonymous readers' page cache hits before any routing (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    # Rewrites answers for reader preferences (furigana); page cache hits were stored so.
    "core.page_variants.ResponseFilterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Storage ---------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (WAL); writers queue instead of failing with
    # "database is locked" (IMMEDIATE transactions plus a busy timeout).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A request that waited longer than this between the proxy's X-Request-Start stamp and a worker
# is answered 503 at once (config/shedding.py); 0 turns shedding off.
REQUEST_QUEUE_TIMEOUT = env.float("REQUEST_QUEUE_TIMEOUT", default=5.0)
# How long anonymous readers' copies of public pages live in the shared cache; a publish or a
# comment purges them sooner (core/page_cache.py). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long rendered pages' fragments, remembered routes and navigation live, purged as the page
# cache is (core/page_fragments.py, core/page_routes.py); unset: PAGE_CACHE_SECONDS, 0 = off.
PAGE_FRAGMENT_SECONDS = env.int("PAGE_FRAGMENT_SECONDS", default=None)

REDIS_URL = env("REDIS_URL", default="")
# A table in the database, for the moments Redis cannot be reached (config/cache.py). It exists
# everywhere (migration community 0016), so a deployment can add Redis without a set-up step.
_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "cache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FailoverCache",
            "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "database", "RETRY_AFTER": 5},
        },
        "redis": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="yoriai"),
            # A Redis that does not answer must not hold a page up for long.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
        },
        "database": _DATABASE_CACHE,
        # Anonymous readers' copies of pages (core/page_cache.py), apart from the default
        # cache so that no number of pages can push sessions or rate-limit counters out.
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="yoriai") + "-pages",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "database": _DATABASE_CACHE,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1_000},
        },
    }

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded images and documents: on local disk (MEDIA_ROOT), or in S3-compatible object storage
# with MEDIA_STORAGE=s3, which several app servers need (docs/deploy.md); the AWS_* variables
# are django-storages' own.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
_MEDIA_BACKENDS = {
    "local": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME", default=""),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,  # the bucket's own policy decides who may read
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    },
}
STORAGES = {
    "default": _MEDIA_BACKENDS[MEDIA_STORAGE],
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail and background work --------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Yoriai <noreply@yoriai.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A task that fails under db_worker runs again after each of these delays, then waits for staff
# (Settings → Background tasks); one still running after TASK_STALE_AFTER seconds lost its worker
# and is queued again (core.background). E-mail gives up after EMAIL_TIMEOUT seconds.
TASK_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60]
TASK_STALE_AFTER = env.int("TASK_STALE_AFTER", default=15 * 60)
EMAIL_TIMEOUT = 30

# --- Users -----------------------------------------------------------------------------------

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "community.backends.MemberBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# The client's address, for rate limits here and in allauth (core.ratelimit.client_ip):
# the Nth address from the right of X-Forwarded-For behind N trusted proxies, or a header
# that a trusted proxy sets (e.g. CF-Connecting-IP); REMOTE_ADDR when neither is set.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)

# Accounts (allauth): e-mail and password only; allauth fills the unused `username` itself.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None  # a "remember me" checkbox on the login form
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell members when their password or e-mail changes
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[寄り合い] "
ACCOUNT_PREVENT_ENUMERATION = True
# allauth names the member only to themselves: the nickname, else their address; never the
# made-up username nor the public stand-in 「会員10」.
ACCOUNT_USER_DISPLAY = operator.attrgetter("own_name")
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"  # newcomers: 「プロフィールを設定」
# Counted on the shared cache (Redis when REDIS_URL is set), keyed on the client address above.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    # Per address (the key) whether or not it has an account: enumeration prevention mails
    # unknown addresses too, and the reset form must not flood anyone's inbox.
    "reset_password": "20/m/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}

# Open data (api.opendata): the licence every dataset and file is published under, and who
# publishes it (DCAT's publisher; the site's name when empty).
OPEN_DATA_LICENCE = {
    "name": env("OPEN_DATA_LICENCE_NAME", default="CC BY 4.0"),
    "url": env("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
OPEN_DATA_PUBLISHER = env("OPEN_DATA_PUBLISHER", default="")

# Our own rate limits (core/ratelimit.py), scope: (requests, seconds), per client address.
# Comments are limited by the per-address figure of Settings → Discussion settings instead.
RATE_LIMITS = {
    "contact": (5, 10 * 60),
    "profile": (20, 10 * 60),  # saves of a member's profile (picture processing is costly)
    "vote": (120, 10 * 60),  # votes on opinions, from one address
    "proposal": (5, 24 * 60 * 60),  # topic proposals, from one address
    "event_registration": (10, 60 * 60),  # registrations for events without an account
    "line_link_code": (10, 60 * 60),  # codes a member asks for to link LINE
    "line_link_attempt": (10, 10 * 60),  # codes sent to the official account, per LINE user
    "push_subscribe": (20, 60 * 60),  # browsers subscribing to notifications, from one address
    "api": (300, 5 * 60),  # public API reads without a key, per address
    "api_key": (3000, 5 * 60),  # public API reads with a key staff issued, per key
}
# Limits on what signed-in members post are not counted while Redis is down (the shared cache
# is `degraded`, config/cache.py): members keep taking part, and their own limits, kept in the
# database (comment pacing, the cap on waiting proposals), still hold. Every other limit (the
# anonymous contact form, and allauth's login limits) goes on counting in the database table.
RATE_LIMITS_FAIL_OPEN = {
    "comment",
    "vote",
    "profile",
    "proposal",
    "line_link_code",
    "push_subscribe",
}

# Social login: a provider's button appears only once it has credentials, from these
# variables or from a social application a superuser adds in the admin (docs/social-login.md).
SOCIALACCOUNT_PROVIDERS = {
    "google": {"SCOPE": ["profile", "email"], "AUTH_PARAMS": {"access_type": "online"}},
    "line": {"SCOPE": ["profile", "openid", "email"]},
}
if env("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"]["APPS"] = [
        {"client_id": env("GOOGLE_CLIENT_ID"), "secret": env("GOOGLE_CLIENT_SECRET", default="")}
    ]
if env("LINE_CHANNEL_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["line"]["APPS"] = [
        {"client_id": env("LINE_CHANNEL_ID"), "secret": env("LINE_CHANNEL_SECRET", default="")}
    ]

# Notifications on LINE and in browsers (outreach; docs/decisions/0022-notification-channels.md):
# each channel is offered to members once its credentials are set. LINE: the Messaging API
# channel of the organisation's official account (not the LINE Login channel above); its
# friend-add ID (e.g. @yoriai) for the link-code flow; the API's base URL (tests point it at a
# local server). Browser notifications: a VAPID key pair (`manage.py webpush_keys` makes one)
# and the address push services may write to.
LINE_MESSAGING_ACCESS_TOKEN = env("LINE_MESSAGING_ACCESS_TOKEN", default="")
LINE_MESSAGING_CHANNEL_SECRET = env("LINE_MESSAGING_CHANNEL_SECRET", default="")
LINE_OFFICIAL_ACCOUNT_ID = env("LINE_OFFICIAL_ACCOUNT_ID", default="")
LINE_API_BASE_URL = env("LINE_API_BASE_URL", default="https://api.line.me")
WEBPUSH_VAPID_PUBLIC_KEY = env("WEBPUSH_VAPID_PUBLIC_KEY", default="")
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY", default="")
WEBPUSH_VAPID_SUBJECT = env("WEBPUSH_VAPID_SUBJECT", default="mailto:info@yoriai.example.jp")
# A browser's subscription must name an https:// push service by host name (never an IP address
# or this machine: the server posts to it). True lets http://127.0.0.1 and localhost through too,
# for the tests' own push service; never in production.
WEBPUSH_LOCAL_ENDPOINTS = env.bool("WEBPUSH_LOCAL_ENDPOINTS", default=False)

# Announcements from the operators (outreach.announcements): one to more members than this
# waits for a second member of staff to approve it; an audience smaller than the privacy
# minimum is shown to staff as 「5人未満」, not counted exactly (docs/decisions/0008).
ANNOUNCEMENT_APPROVAL_OVER = env.int("ANNOUNCEMENT_APPROVAL_OVER", default=1000)
ANNOUNCEMENT_PRIVACY_MINIMUM = env.int("ANNOUNCEMENT_PRIVACY_MINIMUM", default=5)

# Two-factor authentication for everyone who wants it; staff must set it up before they may
# use the Wagtail admin (community.middleware.StaffMFAMiddleware). Off only in the local demo.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Yoriai 寄り合い"
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)

# seed_demo may run (production.py turns it off).
DEMO_ALLOWED = True

# --- Language and time -----------------------------------------------------------------------

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Zero-padded hours in Japanese (「2026/12/06 09:30」): docs/writing.md
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Wagtail ---------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Yoriai 寄り合い"
# Page slugs are ASCII, romanised from Japanese titles (core/page_slugs.py, ADR 0013).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Staff sign in through allauth (e-mail login, its rate limits, MFA), like everyone else.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth's reset, with its rate limits, is the only one
# Passwords and e-mail addresses change in one place, the account pages under /accounts/.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# No Gravatar: it would tell a third party who uses the admin, and this site may run offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Finds Japanese words inside unsegmented text (docs/decisions/0009-japanese-search.md).
        "BACKEND": "search.backend",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
TAGGIT_CASE_INSENSITIVE = True

# --- Content-Security-Policy (django-csp) ----------------------------------------------------

# Every script and stylesheet comes from our static files: no inline <script>, no style=""
# attributes, no on…= handlers, no eval (docs/decisions/0011-content-security-policy.md).
# Dev, tests and production all send the same policy, so a violation shows up early.
# Uploaded images may come from object storage or a CDN: the origins of an absolute MEDIA_URL
# and of the S3-compatible storage's custom domain or endpoint, when the environment sets them.
_MEDIA_ORIGINS = [
    f"{url.scheme}://{url.netloc}"
    for url in (
        urlsplit(env("MEDIA_URL", default="")),
        urlsplit(f"https://{env('AWS_S3_CUSTOM_DOMAIN', default='')}"),
        urlsplit(env("AWS_S3_ENDPOINT_URL", default="")),
    )
    if url.netloc
]
# Videos in articles (CaptionedEmbedBlock): YouTube and Vimeo players. Other oEmbed providers
# that need their own script (X's widgets.js) show their plain-HTML fallback instead.
EMBED_FRAME_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
# Social login buttons post to /accounts/<provider>/login/, which redirects to the provider;
# browsers hold a form's redirects to form-action too.
SOCIAL_LOGIN_ORIGINS = ["https://accounts.google.com", "https://access.line.me"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *_MEDIA_ORIGINS],
        "frame-src": [SELF, *EMBED_FRAME_ORIGINS],
        "worker-src": [SELF],  # the browser notifications' service worker, /push-sw.js
        "frame-ancestors": [NONE],
        "form-action": [SELF, *SOCIAL_LOGIN_ORIGINS],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Added to the policy under /admin/ only (config/csp.py): Wagtail's own admin writes inline
# <script> elements (its choosers' and date pickers' set-up), its editor inserts <style>
# elements, and its dashboard asks releases.wagtail.org for the latest version. On-event
# attributes stay refused there too. Public pages get none of this.
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {
    "script-src": [UNSAFE_INLINE],
    "script-src-attr": [NONE],
    "style-src": [UNSAFE_INLINE],
    "connect-src": ["https://releases.wagtail.org"],
}

# --- Logging ---------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
