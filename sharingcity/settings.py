"""Settings for the Sharing City portal: every knob, read from the environment, in one place."""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sharingcity import devdb

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = "pytest" in sys.modules
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-development-only-key-do-not-deploy")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "sharingcity",
    "hub",
    "facilities",
    "carshare",
    "roomshare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sharingcity.db_router.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sharingcity.middleware.CookieLocaleMiddleware",
    # Before the page cache and every view: a NUL in the input never reaches a cache key or a query.
    "sharingcity.middleware.RejectControlCharactersMiddleware",
    "sharingcity.middleware.PageCacheMiddleware",
    "sharingcity.middleware.PrivatePagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns locked-out sign-ins into a clear page.
    "axes.middleware.AxesMiddleware",
]

# Anonymous pages and API reads are served from the cache for this long (0 turns the cache off);
# development and the test suite turn it off (a test turns it on to check it).
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "0" if TESTING or DEBUG else "30"))
# The home page's figures (counts over the programmes' biggest tables) are counted at most this often.
HOME_FIGURES_SECONDS = int(os.environ.get("DJANGO_HOME_FIGURES_SECONDS", "0" if TESTING or DEBUG else "300"))

ROOT_URLCONF = "sharingcity.urls"
# Django's standard widget templates rendered in Python, with the same markup (sharingcity/form_renderer.py).
FORM_RENDERER = "sharingcity.form_renderer.FastRenderer"
WSGI_APPLICATION = "sharingcity.wsgi.application"

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
                "sharingcity.programmes.navigation",
                "sharingcity.maps.map_settings",
            ],
        },
    },
]

# Database: DATABASE_URL wins; otherwise the checkout's private cluster (see sharingcity/devdb.py).
# Connections are kept open between requests (and checked before reuse) so a request does not pay
# for a new PostgreSQL backend.
CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=CONN_MAX_AGE)}
else:
    DATABASES = {"default": {**devdb.database_settings(), "CONN_MAX_AGE": CONN_MAX_AGE}}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica, when one is configured: safe page and API reads go there (sharingcity/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=CONN_MAX_AGE)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sharingcity.db_router.PrimaryReplicaRouter"]
# After a write, the same browser reads from the primary for this long, so it sees its own change
# even when the replica lags behind.
REPLICA_PIN_SECONDS = int(os.environ.get("DJANGO_REPLICA_PIN_SECONDS", "5"))
# Parallel test runs on one cluster each name their own test database.
if os.environ.get("DJANGO_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "sharingcity.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-page"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins from an address or account after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)  # a locked-out sign-in may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field, which holds the email address
AXES_USERNAME_CALLABLE = "sharingcity.forms.lockout_username"  # one count per address, whatever its case
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Korean by default, English on request; Seoul time everywhere.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
# Dates one way per language (sharingcity/formats/<language>/formats.py), used by `|date:"DATE_FORMAT"`.
FORMAT_MODULE_PATH = ["sharingcity.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet comes from npm (`make node`) and is served by whitenoise like our own files, never from a CDN.
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist")]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
WHITENOISE_USE_FINDERS = DEBUG
# In production static files get content-hashed names and are pre-compressed, so whitenoise can let
# browsers and CDNs cache them for a year. `collectstatic` (part of every make target) builds them;
# development and the test suite serve the source files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console in development; SMTP settings from the environment in production.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Sharing City <noreply@sharing.city.example>")
# Where consumers of the open data feeds (GBFS, HSDS, free/busy) report problems.
OPEN_DATA_CONTACT_EMAIL = os.environ.get("DJANGO_OPEN_DATA_EMAIL", "opendata@sharing.city.example")

# A relay that does not answer in time fails the attempt (the task runs again later), never hangs the worker.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))

# The task queue (sharingcity/queue.py): rows in our PostgreSQL, run by `python manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "15"))  # about a day of retries
TASK_RETRY_BASE_SECONDS = float(os.environ.get("TASK_RETRY_BASE_SECONDS", "30"))
TASK_RETRY_CAP_SECONDS = float(os.environ.get("TASK_RETRY_CAP_SECONDS", "3600"))
# A task "running" this long belongs to a worker that died; another worker runs it again.
TASK_LEASE = timedelta(minutes=int(os.environ.get("TASK_LEASE_MINUTES", "15")))
# Finished tasks are kept this long for the admin's view, then pruned.
TASK_KEEP_FINISHED = timedelta(days=30)

# HTTPS hardening, on when the site is served over TLS (DJANGO_HTTPS=1 in production).
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Maps: the tile server and its attribution (OpenStreetMap by default), and the directions service every
# place links to, with {lat} and {lng} standing for the place's coordinates (Kakao Map, for example:
# https://map.kakao.com/link/to/{name},{lat},{lng}).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = os.environ.get(
    "MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
MAP_DIRECTIONS_URL = os.environ.get(
    "MAP_DIRECTIONS_URL", "https://www.openstreetmap.org/directions?route=%3B{lat}%2C{lng}#map=16/{lat}/{lng}"
)
# The tile server's origin, the one place besides our own that map images may come from.
MAP_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "*")))

# Content-Security-Policy: only our own scripts, styles, images and fonts; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", MAP_TILE_ORIGIN],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# A shared cache (Redis) in production, so API rate limits count across all app servers;
# a per-process memory cache in development.
if os.environ.get("DJANGO_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["DJANGO_REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hub.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "sharingcity.api_schema.PortalAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "hub.authentication.ApiKeyRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_key": os.environ.get("API_KEY_RATE", "6000/hour"),
        "anon": os.environ.get("API_ANON_RATE", "3000/hour"),
    },
    "EXCEPTION_HANDLER": "sharingcity.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sharing City API",
    "DESCRIPTION": (
        "Open data and partner API of the city's Sharing City portal. Partners authenticate with "
        "`Authorization: Api-Key <key>` (or `Bearer <key>`); citizens with their session or token."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The interactive docs are served from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"; name each set of choices after its model.
    "ENUM_NAME_OVERRIDES": {
        "VehicleStatusEnum": "carshare.models.Vehicle.Status",
        "CarBookingStatusEnum": "carshare.models.Booking.Status",
        "FacilityReservationStatusEnum": "facilities.models.Reservation.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sharingcity.api_schema.portable_patterns",
        "sharingcity.api_schema.document_error_answers",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Programme settings.
# Room sharing: the monthly rent cap (KRW), and where enrolment proofs are kept: outside MEDIA_ROOT, never
# served by the web server, only through a checked and logged view (a persistent private volume in production).
ROOMSHARE_RENT_CAP = int(os.environ.get("ROOMSHARE_RENT_CAP", "300000"))
ROOMSHARE_PRIVATE_ROOT = Path(os.environ.get("DJANGO_PRIVATE_ROOT", BASE_DIR / "private"))
SITE_NAME = _("Sharing City Seoul")
# Where the portal is reached from outside: absolute links in emails and calendar files.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
