"""Settings for teamplanner. Every value comes from the environment (see README, "Configuration")."""

import os
import uuid
from pathlib import Path

import environ
import plotly

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-key-change-me-" + "x" * 40)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Addresses or networks of the reverse proxies in front of the app: only their X-Forwarded-For is believed.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# HTTPS=true switches on everything a deployment behind TLS needs.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "teamplanner",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "orgs",
    "roles",
    "assessments",
    "scoring",
    "planning",
    "results",
    "outbox",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "teamplanner.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "teamplanner.urls"
WSGI_APPLICATION = "teamplanner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgs.context_processors.current_org",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end assets come from packages, never from a CDN: Bootstrap from npm's
# `bootstrap` (installed by the set-up script), plotly.js from the Python package,
# htmx from django-htmx.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/plotly", Path(plotly.__file__).parent / "package_data"),
]
_bootstrap_dist = BASE_DIR / "node_modules" / "bootstrap" / "dist"
if _bootstrap_dist.exists():
    STATICFILES_DIRS.append(("vendor/bootstrap", _bootstrap_dist))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
# Served at the site root, for clients that ask there (/favicon.ico from the admin's pages).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))

# Uploads: the workbook import is the only upload; keep it small and in memory.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Uploaded workbooks nobody confirmed are deleted after this many days (hourly, by beat).
IMPORT_PREVIEW_DAYS = env.int("IMPORT_PREVIEW_DAYS", default=7)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

REDIS_URL = env("REDIS_URL", default="")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="")
if REDIS_URL and not CACHE_KEY_PREFIX and os.environ.get("PYTEST_VERSION"):
    # A test run: keys of its own, apart from the app's and from other runs on the same Redis (every run's
    # parallel processes are called gw0, gw1...). The run's id is inherited by the processes it starts.
    _run = os.environ.setdefault("TEAMPLANNER_TEST_RUN", uuid.uuid4().hex[:12])
    CACHE_KEY_PREFIX = f"test-{_run}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
if REDIS_URL:
    # Reads miss and writes are dropped while Redis is unreachable: no request depends on the cache.
    CACHES = {
        "default": {
            "BACKEND": "teamplanner.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            # Several app instances (or test runs and their parallel processes, each with its own database)
            # may share one Redis: a prefix keeps their counters and cached pages apart.
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a real broker when REDIS_URL is set, otherwise tasks run in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="teamplanner")
CELERY_TIMEZONE = TIME_ZONE
# Sending a task after a request's commit (the outbox) waits at most about this long for the broker, without
# retrying; a message that could not be sent waits in the outbox for the periodic flush.
OUTBOX_PUBLISH_TIMEOUT = env.float("OUTBOX_PUBLISH_TIMEOUT", default=0.25)
CELERY_BEAT_SCHEDULE = {
    "flush-outbox": {"task": "outbox.tasks.outbox_flush_task", "schedule": env.int("OUTBOX_FLUSH_SECONDS", default=30)},
    "rescore-changed-orgs": {
        "task": "scoring.tasks.rescore_changed_orgs_task",
        "schedule": env.int("RESCORE_INTERVAL_SECONDS", default=900),
    },
    "expire-import-previews": {"task": "orgs.tasks.import_runs_expire_task", "schedule": 3600},
}

REST_FRAMEWORK = {
    # Token first: its "WWW-Authenticate: Token" makes unauthenticated API requests a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "teamplanner.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "teamplanner.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "teamplanner.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "teamplanner.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["teamplanner.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_TOKEN_RATE", default="1000/min"),
        "login": env("LOGIN_RATE", default="10/min"),
        "login_address": env("LOGIN_ADDRESS_RATE", default="30/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "teamplanner API",
    "DESCRIPTION": "Organisations, teams, people, the role catalog, assessments and their scored results.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to the public validator service: the docs load nothing from outside.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OpeningStatusEnum": "orgs.choices.OpeningStatus",
        "AssessmentStatusEnum": "assessments.choices.AssessmentStatus",
        "RunStatusEnum": "scoring.choices.RunStatus",
        "TemplateStatusEnum": "assessments.choices.TemplateStatus",
        "ScenarioChangeKindEnum": "planning.choices.ChangeKind",
        "DimensionEnum": "assessments.choices.Dimension",
        "ScoredDimensionEnum": "planning.choices.SCORED_DIMENSION_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
