"""Trygg's one settings module, configured by the environment.

Every setting that differs between a laptop, CI and production is read from a
``TRYGG_*`` variable. The defaults are the safe production ones, except the
database, which defaults to the embedded SQLite file so that a demo needs no server.
"""

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

import trygg

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
# Set by the `trygg` command, in its own process, for commands that only compute on
# their input files (`trygg estimate`): they need no secret key and no database. Never
# read from the environment: a variable would be inherited by a server started from
# the same shell or unit, which would then run on a throwaway key and database.
ANALYSIS_ONLY = bool(getattr(trygg, "analysis_only", False))

SECRET_KEY = os.environ.get("TRYGG_SECRET_KEY", "")
if not SECRET_KEY and ANALYSIS_ONLY:
    # Nothing such a command makes is signed or kept, so a key that dies with the
    # process is as good as a configured one.
    SECRET_KEY = secrets.token_urlsafe(50)
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
    "trygg.background",
    "trygg.tenancy",
    "trygg.geo",
    "trygg.promises",
    "trygg.plans",
    "trygg.stats",
    "trygg.dialogue",
    "trygg.population",
    "trygg.insight",
    "trygg.situation",
    "trygg.reports",
    "trygg.workspace",
    "trygg.portal",
    "trygg.demo",
    "trygg.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "trygg.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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
        os.environ.get(
            "TRYGG_DATABASE_URL",
            "sqlite://:memory:" if ANALYSIS_ONLY else f"sqlite:///{DATA_DIR / 'trygg.sqlite3'}",
        ),
        # Persistent connections only where a thread lives on: gunicorn's worker
        # threads (trygg.gunicorn_conf sets 60 s). runserver starts a thread per
        # request, and each would leave its connection open until garbage collection:
        # 20 residents at once ran PostgreSQL out of connection slots.
        conn_max_age=int(os.environ.get("TRYGG_DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Django's backend plus a queue: a process's writers wait their turn there, woken
    # as soon as the last one commits, instead of polling in SQLite's busy handler.
    DATABASES["default"]["ENGINE"] = "trygg.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        # How long a writer waits for the write lock (SQLite's busy timeout, and the
        # queue's), in seconds: 5 failed 20 residents sending at once. Below the
        # server's 30-second request timeout, so a writer gives up with an error
        # before its worker would be killed.
        "timeout": int(os.environ.get("TRYGG_SQLITE_BUSY_TIMEOUT", "20")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0


def cache_from_url(url: str) -> dict:
    """A ``CACHES`` entry from ``db://[table]``, ``redis://…``, ``locmem://`` or ``dummy://``.

    The default is the database: shared by every worker process with no extra server
    (run ``trygg createcachetable`` where ``migrate`` runs). ``locmem://`` is one
    process's own memory, for a single-process setup only.
    """
    scheme, _, rest = url.partition("://")
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "trygg_cache",
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"TRYGG_CACHE_URL {url!r}: use db://[table], redis://host:port/db, locmem:// or dummy://."
    )


# Nothing that correctness rests on (limits, repeat guards) lives in a cache; still,
# the default cache is shared by all worker processes, never one process's memory.
CACHES = {"default": cache_from_url(os.environ.get("TRYGG_CACHE_URL", "db://trygg_cache"))}
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
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Staff sign-in (trygg.accounts). A second factor (an authenticator app) is required of
# operators, municipal administrators and the staff of municipalities that ask for it;
# off only where a password is enough (the demo).
TRYGG_REQUIRE_TWO_FACTOR = env_bool("TRYGG_REQUIRE_TWO_FACTOR", True)
# Wrong passwords lock the account, and separately the address, for a while: each
# counted in the database by django-axes, from the address the trusted proxies report.
AXES_FAILURE_LIMIT = max(1, int(os.environ.get("TRYGG_SIGN_IN_FAILURE_LIMIT", "10")))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=max(1, int(os.environ.get("TRYGG_SIGN_IN_LOCKOUT_MINUTES", "15")))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "trygg.core.network.client_address"
AXES_LOCKOUT_CALLABLE = "trygg.accounts.views.locked_out"
# Tries during a lockout do not prolong it, so it ends when it says it does; a complete
# sign-in forgets only the user's own failures from that address (trygg.accounts.throttle).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Trygg"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Dates and numbers come from the active language's formats: Django's own for
# Swedish ("3 december 2026", "92,0", a no-break space between thousands) and
# trygg/formats/en for English, where Django's abbreviated "Dec. 3, 2026" is
# replaced by the written-out month. A page uses one date format, DATE_FORMAT.
FORMAT_MODULE_PATH = ["trygg.formats"]
# Thousands are grouped where a person reads a count (the humanize filter
# ``intcomma`` and ``number_format(..., force_grouping=True)``), not on every
# integer a template prints: grouping all of them would print the year 2026 as
# "2 026" and break every id="promise-1234" anchor once a key passes 999.
USE_THOUSAND_SEPARATOR = False
# The language municipalities write their content in (survey questions, promises,
# agreements). Pages in another language mark untranslated content with it.
TRYGG_CONTENT_LANGUAGE = os.environ.get("TRYGG_CONTENT_LANGUAGE", "sv")

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
            # Seconds to wait for the mail server: a hung server must not hold the
            # background worker (which sends the invitation e-mails) forever.
            "timeout": float(os.environ.get("TRYGG_EMAIL_TIMEOUT", "10")),
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

# The maps' base map (README, "Configuration"). Without either, the maps draw only
# Trygg's own GeoJSON: neighbouring municipalities, the border, named areas and
# localities. TRYGG_BASEMAP_PMTILES is one PMTiles file on this server's disk, served
# by Trygg itself (no other host); TRYGG_BASEMAP_TILE_URL is a raster tile server the
# operator chose ({z}/{x}/{y} template), whose origin the CSP then allows for images.
TRYGG_BASEMAP_PMTILES = os.environ.get("TRYGG_BASEMAP_PMTILES", "")
TRYGG_BASEMAP_TILE_URL = os.environ.get("TRYGG_BASEMAP_TILE_URL", "")
TRYGG_BASEMAP_ATTRIBUTION = os.environ.get(
    "TRYGG_BASEMAP_ATTRIBUTION",
    "© OpenStreetMap" if TRYGG_BASEMAP_PMTILES or TRYGG_BASEMAP_TILE_URL else "",
)
if TRYGG_BASEMAP_TILE_URL:
    _tiles = urlsplit(TRYGG_BASEMAP_TILE_URL)
    if _tiles.scheme not in {"https", "http"} or not _tiles.netloc:
        raise ImproperlyConfigured(
            "TRYGG_BASEMAP_TILE_URL must be an http(s) URL such as "
            "https://tiles.example.se/{z}/{x}/{y}.png"
        )
    _tile_origin = f"{_tiles.scheme}://{_tiles.netloc}"
    SECURE_CSP["img-src"].append(_tile_origin)
    SECURE_CSP["connect-src"].append(_tile_origin)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("TRYGG_HTTPS", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A refused form explains itself in the site's layout and language (core/error_pages.py).
CSRF_FAILURE_VIEW = "trygg.core.error_pages.csrf_failure"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE and env_bool("TRYGG_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SESSION_COOKIE_SECURE
SECURE_HSTS_PRELOAD = SESSION_COOKIE_SECURE
if env_bool("TRYGG_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many trusted reverse proxies append to X-Forwarded-For (one nginx with
# $proxy_add_x_forwarded_for: 1). The client's address is read that many entries from
# the right; without a proxy the header is never read, since anyone can send it.
TRYGG_PROXY_COUNT = (
    max(0, int(os.environ.get("TRYGG_PROXY_COUNT", "1"))) if env_bool("TRYGG_BEHIND_PROXY") else 0
)

# Background work (trygg.background): a queue in the database, worked off by `trygg
# worker`, which `trygg serve` and `make demo` start beside the web server. Trygg
# enqueues in the transaction of the change that calls for the work, which is only
# safe with a queue in the same database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Finished jobs and their task results are deleted this many days after they ended.
TRYGG_JOB_RETENTION_DAYS = int(os.environ.get("TRYGG_JOB_RETENTION_DAYS", "30"))

# Early-warning alerts (situation.alerts): how many of the latest weeks each recompute
# evaluates. Older weeks keep the alerts they had when they were among the latest.
TRYGG_ALERT_WEEKS = max(1, int(os.environ.get("TRYGG_ALERT_WEEKS", "8")))
# The fewest incidents in a week for its alarm to be stored as an alert on the staff
# list: 3 against a bound of 2 is an alarm to the engine but noise to a coordinator.
# As in practice with R's surveillance, where an alarm needs a few cases, the default
# is 5; 0 or 1 stores every alarm the engine raises. `trygg alerts` never applies it.
TRYGG_ALERT_MINIMUM_OBSERVED = max(0, int(os.environ.get("TRYGG_ALERT_MINIMUM_OBSERVED", "5")))

# Hotspots (situation.hotspots): the false discovery rate Benjamini–Hochberg controls
# when Gi* flags hot and cold cells.
TRYGG_HOTSPOT_FDR = float(os.environ.get("TRYGG_HOTSPOT_FDR", "0.05"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TRYGG_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint tells each step of every PDF at INFO: noise in a command's output.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_REVERT_DISABLED = True

# No published figure rests on fewer respondents than this (DESIGN: privacy).
TRYGG_SUPPRESSION_THRESHOLD = int(os.environ.get("TRYGG_SUPPRESSION_THRESHOLD", "30"))
# No published map shows a cell with fewer records (respondents) than this; never below 3.
TRYGG_MAP_MIN_CELL_COUNT = int(os.environ.get("TRYGG_MAP_MIN_CELL_COUNT", "3"))

# The reference data Trygg ships (municipality borders, police events, SCB population;
# sources and licences in trygg/data/README.md). Importers read these real files.
TRYGG_REFERENCE_DATA_DIR = Path(os.environ.get("TRYGG_REFERENCE_DATA_DIR", BASE_DIR / "data"))
