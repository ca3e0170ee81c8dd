"""Settings for the heritage damage registry.

One module, read from the environment, with defaults that suit a developer's machine:
SQLite in the project folder, DEBUG on. Production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL (PostgreSQL). See README.md, "Configuration".
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a fixed key so sessions survive restarts of runserver.
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "registry.apps.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # trigram and full-text lookups, used on PostgreSQL only
    "corsheaders",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "csp",
    "axes",
    "registry.apps.RegistryConfig",
]
# The performance tools (generate_synthetic, bench, load_run) are for development and
# tests; a production server (DEBUG off) does not install them unless asked to.
if env_bool("PERF_TOOLS", DEBUG):
    INSTALLED_APPS.append("registry.perf.apps.PerfConfig")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response (see CONTENT_SECURITY_POLICY).
    "csp.middleware.CSPMiddleware",
    # The database unreachable: a 503 with Retry-After, not a traceback.
    "registry.operations.middleware.DatabaseUnavailableMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API in the language asked for (Accept-Language): it has no /ar/ prefix.
    "registry.api.negotiation.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every response, GET and HEAD, and 304 for conditional requests.
    "registry.operations.middleware.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change (admin edits and deletes) in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "heritage.urls"
WSGI_APPLICATION = "heritage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registry.catalogue.context_processors.catalogue",
            ],
            # The catalogue's template tags live with the catalogue, not in the app's
            # top-level templatetags package.
            "libraries": {"registry": "registry.catalogue.templatetags.registry"},
        },
    },
]

# SQLite next to the project by default (also when DATABASE_URL is empty);
# DATABASE_URL=postgres://user:password@host:5432/name for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails within seconds (a 503, see registry/middleware.py)
    # instead of hanging a worker for the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username+address before the password is
# even checked (it needs the request, which the admin's login form passes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first dates in English ("2 September 2015"): heritage/formats/en/formats.py.
FORMAT_MODULE_PATH = ["heritage.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The API's per-address throttle and the cached counts and facets (registry/cache.py)
# live in this cache. The default is per process: with several gunicorn workers the
# throttle then allows workers x rate. CACHE_URL=redis://host:6379/0 shares one cache
# between every worker and server.
# Whole answers made from the public data (an API detail or page, a catalogue record
# page: registry/api/kept.py) are kept in a cache of their own ("answers"): however
# many a crawler makes, they never push the throttle's counts or the cached figures
# out of a per-process cache (Django's holds at most 300 entries).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": prefix,
        }
        for alias, prefix in (("default", "heritage"), ("answers", "heritage-answers"))
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// URL (or unset).")
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"heritage-{alias}",
        }
        for alias in ("default", "answers")
    }

# Evidence photographs and their renditions: never served as files, only through
# the catalogue's media view (renditions of public records) and the admin.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")
)
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", 40 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 100_000_000))
# Sources as captured (registry.interchange.captures): a copy at most this large,
# fetched within this many seconds; kept under PRIVATE_MEDIA_ROOT like photographs.
CAPTURE_MAX_BYTES = int(os.environ.get("CAPTURE_MAX_BYTES", 50 * 1024 * 1024))
CAPTURE_TIMEOUT = float(os.environ.get("CAPTURE_TIMEOUT", 20))
# A search's dossier holds at most this many records (the first ones, as the
# search ranks them; its README and MANIFEST say when there were more).
DOSSIER_SEARCH_LIMIT = int(os.environ.get("DOSSIER_SEARCH_LIMIT", 50))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# WhiteNoise warns when collectstatic has not run yet (development, tests).
warnings.filterwarnings("ignore", "No directory at", UserWarning)

# Larger uploads spool to disk; the image limits above refuse oversize files.
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# A banner on every catalogue page saying that the data is for demonstration.
SHOW_DEMO_NOTICE = env_bool("SHOW_DEMO_NOTICE", True)

# Where a record of a "generalised" site is shown, coordinates are rounded to this
# many decimal places (1 = 0.1 degree, a cell of about 11 km).
GENERALISED_LOCATION_DECIMALS = int(
    os.environ.get("GENERALISED_LOCATION_DECIMALS", "1")
)

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = False

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README.md,
    # "Production"); the proxy must overwrite the header, never pass a client's on.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # /health/ answers the load balancer over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF token from the cookie (the admin takes it from the
# form), so the cookie can be out of scripts' reach too.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): everything from this origin, nothing inline.
# The catalogue's map draws its own bundled world outline (no tile server) and the
# charts and Swagger UI are served from /static/; photographs come from /media/.
# ``data:`` images are the small SVG icons that Swagger UI's and Leaflet's style
# sheets embed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Password guessing at the admin (django-axes): five failures for one username from
# one address lock that pair out for an hour, with a 429 and a page that says so;
# other users and other addresses are unaffected. Attempts are kept in the database,
# so every gunicorn worker sees them; "axes" logs each failure and lockout.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(hours=float(os.environ.get("AXES_COOLOFF_HOURS", "1")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures and lockouts are still logged; this only drops the start-up banner
# that every manage.py command would print.
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Behind N trusted proxies, the client's address is read from X-Forwarded-For
# (otherwise every visitor would share the proxy's address).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Retry-After (seconds) on the 503 that answers while the database is unreachable.
DATABASE_UNAVAILABLE_RETRY_AFTER = int(
    os.environ.get("DATABASE_UNAVAILABLE_RETRY_AFTER", "30")
)

# Curators' bulk import: every file in one transaction (all or nothing).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# The public API: read-only, anonymous, throttled, open to other origins for GET.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "registry.api.schema.RegistryAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.RegistryPagination",
    "PAGE_SIZE": 50,
    "URL_FORMAT_OVERRIDE": "format",
    # ?format= wins over Accept; Accept's quality values count.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": (
        "registry.api.negotiation.FormatFirstNegotiation"
    ),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Heritage damage registry API",
    "DESCRIPTION": (
        "Public, read-only data on damage to cultural heritage in war: sites, "
        "structures, damage events, looting, objects and their custody chain, people "
        "harmed, actors and sources. Only published records appear. Exact locations "
        "of vulnerable sites are generalised or withheld; pseudonymous people appear "
        "under their pseudonym only. Lists are JSON pages, or whole CSV and GeoJSON "
        "exports (format=csv, format=geojson)."
    ),
    "VERSION": "1.0.0",
    # OpenAPI 3.1: its schemas are JSON Schema, so a nullable reference is a plain
    # oneOf [reference, null] that strict validators and client generators accept
    # (3.0's allOf + nullable is not, read strictly).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}
# Exports are made once per state of the public data, written to files here named
# by their ETag, and served from them (whole, or by byte ranges as GDAL's
# /vsicurl/ reads them); removed after this many seconds, the oldest first beyond
# this many bytes in all (registry.api.exports).
EXPORT_FILE_DIR = os.environ.get("EXPORT_FILE_DIR", "")
EXPORT_FILE_LIFETIME = int(os.environ.get("EXPORT_FILE_LIFETIME", "3600"))
EXPORT_FILE_SPACE = int(os.environ.get("EXPORT_FILE_SPACE", str(2 * 1024**3)))

# Saved-search digests (manage.py send_digests): printed to the console unless a
# real backend is configured; links start with the registry's public address.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")
REGISTRY_BASE_URL = os.environ.get("REGISTRY_BASE_URL", "http://127.0.0.1:8000")

CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# What browser code may read of a response (validators, a throttled client's wait,
# an export's file name, pagination links) and send in a preflighted request
# (conditional requests revalidating a cached answer).
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "Content-Disposition",
    "Link",
]
CORS_ALLOW_HEADERS = (*default_headers, "if-none-match", "if-modified-since")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
