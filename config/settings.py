"""Django settings for Luoshi.

Everything that differs between a laptop and production comes from the environment:
SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, DEBUG, LUOSHI_VAR_DIR, EMAIL_URL-style mail settings.
The defaults give a working laptop install on an embedded SQLite database under var/.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LUOSHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or env_bool("LUOSHI_TESTING", False)

# A laptop run without SECRET_KEY gets a key that is stable per checkout (kept under var/),
# so sessions survive a restart; production must set SECRET_KEY explicitly.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if env_bool("LUOSHI_REQUIRE_SECRET_KEY"):
        raise ImproperlyConfigured("SECRET_KEY is not set. Set the SECRET_KEY environment variable.")
    SECRET_KEY = "insecure-local-development-key-change-me-in-production-" + str(BASE_DIR.name)

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
    "django_filters",
    # Domain apps, in import order: an app imports only from apps above it.
    "luoshi.core",
    "luoshi.documents",
    "luoshi.ledger",
    "luoshi.indicators",
    "luoshi.projects",
    "luoshi.reports",
    "luoshi.oversight",
    "luoshi.briefings",
    "luoshi.portal",
    "luoshi.api",
    "luoshi.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "luoshi.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "luoshi.core.middleware.RequestLogMiddleware",
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
                "luoshi.core.context_processors.calendar_warning",
            ],
        },
    },
]

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
            # WAL lets readers and one writer work at once; busy timeout avoids "database is locked"
            # when a background job and a page write together.
            "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"},
            "TEST": {"NAME": None},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    except Exception as exc:  # dj-database-url raises several kinds for bad input
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid database address ({exc}). "
            "Use postgres://USER@HOST:PORT/NAME or leave it unset for SQLite."
        ) from exc
    if config.get("ENGINE") not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database engine ({config.get('ENGINE')}). Use PostgreSQL or SQLite."
        )
    return dict(config)


DATABASES = {"default": database_config()}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
X_FRAME_OPTIONS = "DENY"

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

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
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
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Domain settings.
LUOSHI = {
    # Largest document accepted for ingest, in bytes.
    "MAX_DOCUMENT_BYTES": int(os.environ.get("LUOSHI_MAX_DOCUMENT_BYTES", str(20 * 1024 * 1024))),
    "DEMO_DOCS": os.environ.get("DOCS", str(BASE_DIR.parent / "shared" / "seeds")),
    # Background jobs run in a thread of the web process (one-process laptop install) unless
    # turned off for production, where `luoshi worker` processes run them.
    "INLINE_JOBS": env_bool("LUOSHI_INLINE_JOBS", True),
    # Absolute links in e-mails (reminders, notices).
    "SITE_URL": os.environ.get("LUOSHI_SITE_URL", "http://127.0.0.1:8000"),
    # A CJK TrueType font file to embed in briefing PDFs (default: WenQuanYi Zen Hei from Debian).
    "PDF_FONT": os.environ.get("LUOSHI_PDF_FONT", ""),
}

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
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
