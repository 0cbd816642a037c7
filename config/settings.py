"""Django settings for Luoshi.

Everything that differs between a laptop and production comes from the environment:
SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, DEBUG, LUOSHI_VAR_DIR, EMAIL_URL-style mail settings,
the HTTPS switches (SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, secure cookies) and the session
timeout. The defaults give a working laptop install on an embedded SQLite database under var/;
docs/deploy.md and deploy/production.env give the production values.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LUOSHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] = os.environ) -> bool:
    value = environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or env_bool("LUOSHI_TESTING", False)



def secret_key() -> str:
    """SECRET_KEY from the environment, or the random key `make run` keeps under var/.

    With DEBUG off there is no silent fallback: a missing key stops the process with one clear
    line. Only DEBUG and the test suite may use a fixed development key.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.is_file() and key_file.read_text().strip():
        return key_file.read_text().strip()
    if DEBUG or TESTING:
        return "insecure-development-key-only-for-debug-and-tests"
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable (see docs/deploy.md); "
        f"on a laptop, `make install` keeps a random key in {key_file}, or set DEBUG=1."
    )


SECRET_KEY = secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_filters",
    "huey.contrib.djhuey",
    # Domain apps, in import order: an app imports only from apps above it.
    "luoshi.core",
    "luoshi.documents",
    "luoshi.ledger",
    "luoshi.sheets",
    "luoshi.indicators",
    "luoshi.projects",
    "luoshi.reports",
    "luoshi.oversight",
    "luoshi.proposals",
    "luoshi.briefings",
    "luoshi.portal",
    "luoshi.api",
    "luoshi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "luoshi.core.middleware.IdleSessionMiddleware",
    "luoshi.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "luoshi.core.middleware.RequestLogMiddleware",
    "luoshi.core.middleware.RefuseControlCharactersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luoshi.web.context_processors.navigation",
                "luoshi.web.context_processors.business_date",
                "luoshi.core.context_processors.calendar_warning",
            ],
        },
    },
]

# Forms render through Django's templates, but for <select>, written in Python (core/formrenderer.py).
FORM_RENDERER = "luoshi.core.formrenderer.QuickSelectRenderer"

WSGI_APPLICATION = "config.wsgi.application"


def database_config() -> dict[str, object]:
    """Read DATABASE_URL; without it, SQLite under var/.

    A malformed URL is a configuration error with one clear line, not a traceback.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "luoshi.sqlite3"),
            # WAL lets readers and one writer work at once; the busy timeout makes a writer wait for
            # another (a background job and a page write together). Transactions begin IMMEDIATE:
            # one that read first could not become a writer once another process had committed,
            # and SQLite fails it at once ("database is locked") instead of waiting.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"},
            "TEST": {"NAME": None},
        }
    try:
        # Health-checked persistent connections: a connection that died with a database restart
        # is replaced before the next request uses it, so a restart costs only the requests in flight.
        config = dj_database_url.parse(
            url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", os.environ.get("DB_CONN_MAX_AGE", "60"))),
            conn_health_checks=True,
        )
    except Exception as exc:  # dj-database-url raises several kinds for bad input
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid database address ({exc}). "
            "Use postgres://USER@HOST:PORT/NAME or leave it unset for SQLite."
        ) from exc
    if config.get("ENGINE") not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database engine ({config.get('ENGINE')}). Use PostgreSQL or SQLite."
        )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, batching bulk statements under the protocol's parameter limit.
        config["ENGINE"] = "luoshi.core.postgresql"
        config.setdefault("OPTIONS", {}).update(postgresql_statement_options())
    return dict(config)


def postgresql_statement_options(environ: Mapping[str, str] = os.environ) -> dict[str, object]:
    """Prepared statements on PostgreSQL, unless DB_PREPARED_STATEMENTS=0.

    A page asks the same few dozen statements again and again over a persistent connection, and
    PostgreSQL spent as long planning them as running them: on the load benchmark's data a task
    page's 23 statements took 12 ms, 1-2 ms once prepared, and under load the task pages served
    16-44 % more requests (docs/performance.md, "Runs of commit `8993507`"). psycopg prepares a
    statement the fifth time a connection runs it (its own default threshold); that needs the
    parameters bound by the server, not spliced into the text.
    Django leaves both off because a pooler in transaction mode hands each transaction a
    different server connection, which does not have the statement: behind PgBouncer before 1.21
    (or without its max_prepared_statements), set DB_PREPARED_STATEMENTS=0.
    """
    if not env_bool("DB_PREPARED_STATEMENTS", True, environ):
        return {}
    return {"server_side_binding": True, "prepare_threshold": 5}


DATABASES = {"default": database_config()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): five failures for one user name from one address lock that
# pair out for 15 minutes; the lockout page says so in Chinese. Off by default in the test suite
# (the test client logs in without a request); the lockout tests turn it on.
# Django's ModelBackend, reading the person record in the same query as the user (one query
# less on every signed-in request). A session opened under the stock backend's name before it
# was introduced asks to sign in once more.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "luoshi.ledger.backends.PersonModelBackend"]
AXES_ENABLED = env_bool("AXES_ENABLED", not TESTING)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "luoshi" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("LUOSHI_MEDIA_DIR", VAR_DIR / "media"))
# Evidence files are never served from MEDIA_URL directly: a view checks access first.
MEDIA_URL = "/media-not-served/"


def file_storage(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Where uploaded evidence and generated files (briefings, exports, pending imports) live.

    Every reader and writer goes through Django's storage API (`storages["default"]`), never a
    path, so several application servers can share one store. By default: local files under
    MEDIA_ROOT (a laptop, or one host). With LUOSHI_S3_BUCKET set: an S3-compatible object store
    (django-storages; MinIO, Ceph or a cloud's), private, with files named by the application and
    never overwritten. Credentials may also come from the standard AWS_* variables or an instance
    role, which boto3 reads by itself.
    """
    bucket = environ.get("LUOSHI_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": environ.get("LUOSHI_S3_PREFIX", "").strip("/"),
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,  # downloads go through a view that checks access anyway
        "file_overwrite": False,  # generated names are unique; never replace someone's evidence
        "signature_version": "s3v4",
    }
    optional = {
        "endpoint_url": "LUOSHI_S3_ENDPOINT_URL",
        "region_name": "LUOSHI_S3_REGION",
        "access_key": "LUOSHI_S3_ACCESS_KEY_ID",
        "secret_key": "LUOSHI_S3_SECRET_ACCESS_KEY",
        "addressing_style": "LUOSHI_S3_ADDRESSING_STYLE",  # "path" for most self-hosted stores
    }
    for option, variable in optional.items():
        if environ.get(variable, "").strip():
            options[option] = environ[variable].strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

def session_engine(environ: Mapping[str, str]) -> str:
    """Where sessions live. With REDIS_URL they are read from the shared cache and written through
    to the database: every application server sees the same session at a cache read, and a Redis
    restart logs nobody out. Without it the cache is each process's own, and `make run` serves
    from two processes: a session written by one (an upload waiting for its commit, a message)
    would be read stale from the other's cache, so sessions are read from the database alone."""
    if environ.get("REDIS_URL"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


SESSION_ENGINE = session_engine(os.environ)


def shared_cache_seconds(environ: Mapping[str, str]) -> int:
    """How long values read on one request (the signed-in user and person, an office's scope) are
    kept in the cache for the next (luoshi.core.kept). Only a cache every server shares may keep
    them: a change must reach every process at once, and a process's own cache would hide it
    from the others."""
    if not environ.get("REDIS_URL"):
        return 0
    return int(environ.get("LUOSHI_SHARED_CACHE_SECONDS", "300"))


SHARED_CACHE_SECONDS = shared_cache_seconds(os.environ)

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: a session lasts SESSION_IDLE_MINUTES after the last request
# (luoshi.core.middleware.IdleSessionMiddleware renews it, at most once a minute).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# /health answers the load balancer over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every page (django-csp): scripts only from our own static files (no
# inline script, no eval), so ECharts and htmx load from /static/. Inline styles stay allowed:
# ECharts draws its tooltips with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Mail: console in development; production sets EMAIL_HOST and friends.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "luoshi@localhost")
if os.environ.get("EMAIL_FILE_PATH"):  # the file backend on a laptop: one file per message, kept
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

# One cache for all application servers when REDIS_URL is set (Django's own Redis backend): the
# battle map's figures, the cached sessions. Without it each process keeps its own, which is
# right for one host. Keys are prefixed so that the task queue may share the Redis database.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
         "KEY_PREFIX": "luoshi"}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "luoshi.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "luoshi": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # The queue's consumer logs through the same JSON handler (and adds none of its own).
        "huey": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Domain settings.
# Open to deployers: apps read optional keys with a default and coerce what they read.
LUOSHI: dict[str, Any] = {
    # Largest document accepted for ingest, in bytes.
    "MAX_DOCUMENT_BYTES": int(os.environ.get("LUOSHI_MAX_DOCUMENT_BYTES", str(20 * 1024 * 1024))),
    "DEMO_DOCS": os.environ.get("DOCS", str(BASE_DIR.parent / "shared" / "seeds")),
    # Minute of each hour at which `luoshi worker` runs the tick (evaluation, reminders, snapshots).
    "TICK_MINUTE": os.environ.get("LUOSHI_TICK_MINUTE", "7"),
    # When on, deadline, target and units change only through approved adjustment requests
    # (oversight cannot edit them directly); when off, a direct change must give its reason.
    "PLAN_CHANGES_BY_ADJUSTMENT_ONLY": env_bool("LUOSHI_PLAN_CHANGES_BY_ADJUSTMENT_ONLY", False),
    # Absolute links in e-mails (reminders, notices).
    "SITE_URL": os.environ.get("LUOSHI_SITE_URL", "http://127.0.0.1:8000"),
    # Seconds the battle map's figures are cached per scope; 0 turns the cache off (the load
    # benchmark's cold pass).
    "DASHBOARD_CACHE_SECONDS": int(os.environ.get("LUOSHI_DASHBOARD_CACHE_SECONDS", "60")),
    # A CJK TrueType font file to embed in briefing PDFs (default: WenQuanYi Zen Hei from Debian).
    "PDF_FONT": os.environ.get("LUOSHI_PDF_FONT", ""),
}

# Background work runs on Huey (docs/architecture.md says why): `luoshi worker` is its consumer.
# With REDIS_URL the queue lives in Redis (several app servers and workers); without it, in a
# SQLite file under var/, which is all a laptop needs (`make run` starts one worker beside the
# web server). Tests run tasks at once, in memory.
HUEY: dict[str, object] = {
    "name": "luoshi",
    "results": False,
    "utc": True,
    "immediate": TESTING,
    "consumer": {
        "workers": int(os.environ.get("LUOSHI_WORKER_THREADS", "2")),
        "worker_type": "thread",
        "periodic": True,
        "check_worker_health": True,
    },
}
if os.environ.get("REDIS_URL"):
    HUEY.update({"huey_class": "huey.RedisHuey", "url": os.environ["REDIS_URL"]})
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY.update({"huey_class": "huey.SqliteHuey",
                 "filename": os.environ.get("LUOSHI_QUEUE_FILE", str(VAR_DIR / "queue.sqlite3"))})
# The business date (luoshi.core.clock): off unless set here or written by `manage.py demo`.
LUOSHI_BUSINESS_DATE = os.environ.get("LUOSHI_BUSINESS_DATE", "")
LUOSHI_BUSINESS_DATE_FILE: Path | None = VAR_DIR / "business_date"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# History is read, never rewritten through the product (see luoshi.core.admin.ReadOnlyHistoryAdmin).
SIMPLE_HISTORY_REVERT_DISABLED = True

# models.W040: SQLite has no covering indexes; it builds the same index without the INCLUDE
# columns, which is what we want there (see oversight.TaskSnapshot).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

if TESTING:
    # Hashing passwords at full strength makes every test that logs in slow; strength is not under test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A business date left by a local demo must not move the tests' "today".
    LUOSHI_BUSINESS_DATE = ""
    LUOSHI_BUSINESS_DATE_FILE = None
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
