"""Trygg's one settings module, configured by the environment.

Every setting that differs between a laptop, CI and production is read from a
``TRYGG_*`` variable. The defaults are the safe production ones, except the
database, which defaults to the embedded SQLite file so that a demo needs no server.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TRYGG_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("TRYGG_DEBUG")

SECRET_KEY = os.environ.get("TRYGG_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "TRYGG_SECRET_KEY must be set when TRYGG_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("TRYGG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("TRYGG_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "trygg.core",
    "trygg.tenancy",
    "trygg.geo",
    "trygg.promises",
    "trygg.dialogue",
    "trygg.population",
    "trygg.portal",
    "trygg.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "trygg.urls"
WSGI_APPLICATION = "trygg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is SQLite in WAL mode, so readers never wait for the writer;
# IMMEDIATE transactions make concurrent writers queue instead of failing mid-way.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("TRYGG_DATABASE_URL", f"sqlite:///{DATA_DIR / 'trygg.sqlite3'}"),
        conn_max_age=int(os.environ.get("TRYGG_DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("TRYGG_MEDIA_ROOT", DATA_DIR / "media"))
# Uploaded files are served through views that check who may see them, never as
# a public folder: a draft agreement's PDF is not public.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
TRYGG_MAX_UPLOAD_BYTES = int(os.environ.get("TRYGG_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))

# Mail goes by SMTP, by default to the machine's own mail server; in debug mode
# without TRYGG_EMAIL_HOST it is written to the console instead.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("TRYGG_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("TRYGG_EMAIL_PORT", "25")),
            "username": os.environ.get("TRYGG_EMAIL_USER", ""),
            "password": os.environ.get("TRYGG_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("TRYGG_EMAIL_USE_TLS"),
        },
    }
    if "TRYGG_EMAIL_HOST" in os.environ or not DEBUG
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
# Where residents report accessibility problems (named in the accessibility statement).
TRYGG_CONTACT_EMAIL = os.environ.get("TRYGG_CONTACT_EMAIL", "")
DEFAULT_FROM_EMAIL = os.environ.get("TRYGG_DEFAULT_FROM_EMAIL", "trygg@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Pages load nothing from any other host: every script, style,
# font and image is vendored and served from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("TRYGG_HTTPS", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE and env_bool("TRYGG_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SESSION_COOKIE_SECURE
SECURE_HSTS_PRELOAD = SESSION_COOKIE_SECURE
if env_bool("TRYGG_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TRYGG_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SIMPLE_HISTORY_REVERT_DISABLED = True

# No published figure rests on fewer respondents than this (DESIGN: privacy).
TRYGG_SUPPRESSION_THRESHOLD = int(os.environ.get("TRYGG_SUPPRESSION_THRESHOLD", "30"))
# No published map shows a cell with fewer records (respondents) than this; never below 3.
TRYGG_MAP_MIN_CELL_COUNT = int(os.environ.get("TRYGG_MAP_MIN_CELL_COUNT", "3"))

# The reference data Trygg ships (municipality borders, police events, SCB population;
# sources and licences in trygg/data/README.md). Importers read these real files.
TRYGG_REFERENCE_DATA_DIR = Path(os.environ.get("TRYGG_REFERENCE_DATA_DIR", BASE_DIR / "data"))
