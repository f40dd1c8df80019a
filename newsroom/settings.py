"""Newsroom settings, driven by the environment.

Development (``make run``) sets DJANGO_DEBUG=1 and uses SQLite. Production must set
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; a missing secret is an error, never a fallback.
Every variable is described in .env.example.
"""

import os
from datetime import timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, with the desk at its front door (newsroom/admin_site.py).
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "markdownx",
    "reversion",
    # The API's Swagger UI, served from our static files rather than a CDN.
    "ninja",
    # Background jobs (newsroom/jobs.py): Django 6's task framework, backported, with its
    # database backend: the queue is a table in the site's own database.
    "django_tasks",
    "django_tasks_db",
    "articles",
    "newsletters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions or database work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous readers get cached pages here, before anything below runs: the cached copy
    # already holds the headers the middleware below added (articles/caching.py).
    "articles.caching.PageCacheMiddleware",
    # django-csp's, with the site's policy built once (newsroom/content_security.py).
    "newsroom.content_security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into a 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

# The public pages are Jinja2 templates (templates/jinja2/, articles/templating.py): a cold
# page then costs a fraction of what Django's engine spends walking its nodes. The admin, the
# API's docs and robots.txt stay on Django's templates.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.templating.environment",
            "context_processors": ["articles.context_processors.site"],
            # Blocks and tags on lines of their own leave no blank lines behind.
            "trim_blocks": True,
            "lstrip_blocks": True,
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The job worker (`make worker`, or the one `make run` starts) writes to the same file as
    # the web server: wait for a lock instead of failing, and let readers read meanwhile (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs: rows in the database's django_tasks_db table, run by `manage.py db_worker`
# processes on as many machines as needed (PostgreSQL hands each job to one of them with
# SELECT ... FOR UPDATE SKIP LOCKED). newsroom/jobs.py adds retries and repeating jobs.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # "repeating": the scheduled runs of repeating jobs (newsroom/jobs.py).
        "QUEUES": ["default", "repeating"],
    }
}
# A job still marked running this long after it started is taken for lost (its worker died):
# it is marked failed and, if it has attempts left, tried again. Longer than any job runs.
NEWSROOM_JOB_TIMEOUT = timedelta(minutes=int(os.environ.get("NEWSROOM_JOB_TIMEOUT_MINUTES", "30")))

# One cache for all workers when Redis is there; otherwise each process keeps its own. Either
# way, what is current is decided in the database (articles/caching.py), so no process serves
# a page an edit in another has retired.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Sites (or test runs) sharing one Redis keep apart by their prefix.
    CACHE_KEY_PREFIX = os.environ.get("NEWSROOM_CACHE_KEY_PREFIX", "newsroom")
    # A Redis that refuses, or does not answer within these seconds, is skipped for
    # RETRY_SECONDS: pages are rendered instead (newsroom/cache.py).
    REDIS_OPTIONS = {
        "socket_connect_timeout": float(os.environ.get("NEWSROOM_REDIS_CONNECT_TIMEOUT", "0.25")),
        "socket_timeout": float(os.environ.get("NEWSROOM_REDIS_TIMEOUT", "0.5")),
        "RETRY_SECONDS": float(os.environ.get("NEWSROOM_REDIS_RETRY_SECONDS", "5")),
    }
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": REDIS_OPTIONS,
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are kept in the cache above for anonymous readers (articles/caching.py) and
# retired the moment anything they show changes. NEWSROOM_PAGE_CACHE=0 renders every request.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", default=True)
# How long an unused cached page is kept: old generations are never read again, so this
# only bounds memory (and pages that show the time, like the 48-hour news sitemap).
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
# How many of the pages it served last each server process also keeps in its own memory, so
# that a hit whose generation is current needs no trip to Redis (0: none). Without Redis the
# shared cache is already the process's own memory.
NEWSROOM_PAGE_MEMORY_ENTRIES = int(
    os.environ.get("NEWSROOM_PAGE_MEMORY_ENTRIES", "200" if REDIS_URL else "0")
)
# Browsers may reuse a public page for this long; nginx's micro-cache for the shorter time.
NEWSROOM_PAGE_MAX_AGE = int(os.environ.get("NEWSROOM_PAGE_MAX_AGE", "60"))
NEWSROOM_PROXY_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PROXY_CACHE_SECONDS", "5"))

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("NEWSROOM_LANGUAGE", "en")
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are served by nginx (deploy/nginx.conf) or object storage in production. Django
# serves them itself in development, and for `make serve`, which runs without nginx.
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", default=DEBUG)

# Hashed, compressed static files need `collectstatic` first: on in production, off in
# development and in tests (NEWSROOM_STATIC_MANIFEST=0), which serve files from static/.
if env_bool("NEWSROOM_STATIC_MANIFEST", default=not DEBUG):
    STATICFILES_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
else:
    STATICFILES_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
    # Serve straight from static/ and the apps' folders, found afresh on each request.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# Uploads (author photos, images in article bodies) go to local disk, or to S3-compatible
# object storage with NEWSROOM_MEDIA_STORAGE=s3, which needs the optional `s3` extra.
MEDIA_STORAGE = os.environ.get("NEWSROOM_MEDIA_STORAGE", "local").strip().lower()
MEDIA_ORIGINS = []  # Other origins that serve media, allowed as image sources below.
if MEDIA_STORAGE == "local":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured(
            "NEWSROOM_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and credentials in "
            "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)."
        )
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # Credentials are left in the environment, where boto3 reads them: never in settings.
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Published images are public: plain URLs can be cached; signed ones expire.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
            # Two uploads named photo.jpg must not replace each other.
            "file_overwrite": False,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        MEDIA_ORIGINS = [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{AWS_STORAGE_BUCKET_NAME}.{endpoint.netloc}",
        ]
    else:
        MEDIA_ORIGINS = [
            f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com",
            f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME or 'us-east-1'}"
            ".amazonaws.com",
        ]
else:
    raise ImproperlyConfigured(
        f"NEWSROOM_MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}."
    )

# Pictures (articles/images/): larger files, or more pixels (decompression bombs), are
# refused; stored pictures get renditions at these widths, never wider than the original.
NEWSROOM_IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", 20 * 1024 * 1024))
NEWSROOM_IMAGE_MAX_PIXELS = int(os.environ.get("NEWSROOM_IMAGE_MAX_PIXELS", 40_000_000))
NEWSROOM_IMAGE_RENDITION_WIDTHS = (480, 960, 1600)

STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {"BACKEND": STATICFILES_BACKEND},
}

# The site's public identity, shown in the masthead, titles and metadata.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Newsroom")
NEWSROOM_SITE_TAGLINE = os.environ.get(
    "NEWSROOM_SITE_TAGLINE", "Independent reporting, with every source shown."
)

# The site's public address, without a trailing slash: links sent outside a request
# (invitations, newsletters) and the feeds' rel="self" for WebSub.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Email (invitations, newsletters): sent through EMAIL_HOST when it is set; without it,
# printed on the console, as in development (`manage.py invite` then shows its link there).
# A hosted provider's API instead: install django-anymail and set EMAIL_BACKEND to its
# backend (README, "Newsletters").
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
NEWSROOM_SENDS_EMAIL = bool(EMAIL_HOST) or "EMAIL_BACKEND" in os.environ
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST))
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# Newsletters (newsletters/): when the daily digest goes out, in TIME_ZONE ("HH:MM"); how
# many messages go over one SMTP connection; how long a confirmation link works; how many
# subscribe requests one address (IP) may make an hour.
NEWSROOM_DIGEST_TIME = os.environ.get("NEWSROOM_DIGEST_TIME", "07:00")
NEWSROOM_MAIL_BATCH_SIZE = int(os.environ.get("NEWSROOM_MAIL_BATCH_SIZE", "50"))
NEWSROOM_CONFIRMATION_MAX_AGE = timedelta(
    days=int(os.environ.get("NEWSROOM_CONFIRMATION_MAX_AGE_DAYS", "3"))
)
NEWSROOM_SUBSCRIBE_RATE_PER_HOUR = int(os.environ.get("NEWSROOM_SUBSCRIBE_RATE_PER_HOUR", "5"))

# WebSub: the hub that feed readers subscribe to; the site tells it when a feed changes.
# Empty: feeds name no hub and nothing is pinged.
NEWSROOM_WEBSUB_HUB = os.environ.get("NEWSROOM_WEBSUB_HUB", "")

# Shareable preview links to unpublished articles stop working after this long.
NEWSROOM_PREVIEW_MAX_AGE = timedelta(days=int(os.environ.get("NEWSROOM_PREVIEW_MAX_AGE_DAYS", "7")))

# Publishing an article with uncited or vague claims asks an Editor to confirm;
# on, it is refused until the claims are sourced.
NEWSROOM_SOURCING_BLOCKS_PUBLISH = env_bool("NEWSROOM_SOURCING_BLOCKS_PUBLISH", default=False)

# Markdown: one renderer for stored article HTML and the editor's live preview.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.markdown.preview_markdown"
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
# No SVG: it can carry script.
MARKDOWNX_UPLOAD_CONTENT_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
MARKDOWNX_UPLOAD_MAX_SIZE = 20 * 1024 * 1024
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}

LOGIN_URL = "admin:login"

# HTTPS hardening, checked by `manage.py check --deploy`. On by default in production;
# off in development, and in tests (DJANGO_HTTPS=0) whose servers speak plain HTTP.
if env_bool("DJANGO_HTTPS", default=not DEBUG):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie stays readable by script: the markdownx preview sends it with each request.
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: every script, style, font and image comes from this site, so an
# injected <script> or inline handler never runs. Public templates use no inline script or
# style, and neither do the Django admin, its select2 autocomplete or the markdownx editor
# (they only set styles through the DOM, which CSP allows): no 'unsafe-inline' anywhere.
# No data: images either, as nothing here uses them. Images hot-linked from other sites in
# article bodies are blocked on purpose: upload them instead.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The site's own archived copies of cited pages (replayed in a sandboxed frame,
        # articles/evidence/replay.py) and the two video players a story may embed, loaded
        # only when a reader presses play (articles/embeds.py); no other site is framed.
        "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Password guessing on the admin login: after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused (HTTP 429) until the cool-off has passed,
# even with the right password. NEWSROOM_LOGIN_LOCKOUT=0 turns it off, for the test suite
# only: Django's test client.login() calls authenticate() without a request, which axes
# rejects. Locked-out pairs are listed, and can be deleted, under Axes in the admin.
AXES_ENABLED = env_bool("NEWSROOM_LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15"))
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = (
    "Too many failed login attempts. This account is locked from your address for "
    f"{LOGIN_COOLOFF_MINUTES} minutes; try again later."
)


def forwarded_client_address(request, proxy_count):
    """The client's address as our outermost proxy saw it, from X-Forwarded-For."""
    # Each proxy appends the address it was reached from: the proxy_count-th entry from the
    # right was written by our outermost proxy; anything left of it may be forged.
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) >= proxy_count:
        return forwarded[-proxy_count]
    return request.META.get("REMOTE_ADDR")


# Behind a reverse proxy every request comes from the proxy's address: count the proxies in
# front (NEWSROOM_PROXY_COUNT, 1 with deploy/nginx.conf) to read the client's from
# X-Forwarded-For. Left at 0 when Django is reached directly: the header could be forged.
NEWSROOM_PROXY_COUNT = int(os.environ.get("NEWSROOM_PROXY_COUNT", "0"))
if NEWSROOM_PROXY_COUNT:
    AXES_CLIENT_IP_CALLABLE = partial(forwarded_client_address, proxy_count=NEWSROOM_PROXY_COUNT)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The evidence locker (articles/evidence/): cited pages archived as WARC records in the
# media storage, and checked again every NEWSROOM_EVIDENCE_WATCH_INTERVAL_HOURS.
# Captures run when a citation with an address is saved and when its story is published
# (NEWSROOM_EVIDENCE_CAPTURE=0: only from `manage.py capture_evidence`).
NEWSROOM_EVIDENCE_CAPTURE = env_bool("NEWSROOM_EVIDENCE_CAPTURE", default=True)
NEWSROOM_EVIDENCE_USER_AGENT = os.environ.get(
    "NEWSROOM_EVIDENCE_USER_AGENT",
    f"NewsroomEvidence/1.0 (archiving pages cited by {NEWSROOM_SITE_NAME})",
)
# The name robots.txt rules are matched against ("User-agent: NewsroomEvidence").
NEWSROOM_EVIDENCE_ROBOTS_NAME = os.environ.get("NEWSROOM_EVIDENCE_ROBOTS_NAME", "NewsroomEvidence")
NEWSROOM_EVIDENCE_MAX_BYTES = int(os.environ.get("NEWSROOM_EVIDENCE_MAX_BYTES", 25 * 1024 * 1024))
# Seconds for each network read, and for a whole fetch with its redirects and robots.txt.
NEWSROOM_EVIDENCE_TIMEOUT = float(os.environ.get("NEWSROOM_EVIDENCE_TIMEOUT", "10"))
NEWSROOM_EVIDENCE_TOTAL_SECONDS = float(os.environ.get("NEWSROOM_EVIDENCE_TOTAL_SECONDS", "30"))
NEWSROOM_EVIDENCE_MAX_REDIRECTS = int(os.environ.get("NEWSROOM_EVIDENCE_MAX_REDIRECTS", "5"))
# Only public addresses are fetched. Tests name their own server here ("127.0.0.1:8123", or
# an address without a port); cloud metadata addresses are refused whatever this says.
NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES = env_list("NEWSROOM_EVIDENCE_ALLOWED_ADDRESSES")
NEWSROOM_EVIDENCE_WATCH_INTERVAL_HOURS = float(
    os.environ.get("NEWSROOM_EVIDENCE_WATCH_INTERVAL_HOURS", "24")
)
NEWSROOM_EVIDENCE_WATCH_BATCH = int(os.environ.get("NEWSROOM_EVIDENCE_WATCH_BATCH", "500"))
NEWSROOM_EVIDENCE_HOST_DELAY = float(os.environ.get("NEWSROOM_EVIDENCE_HOST_DELAY", "5"))
