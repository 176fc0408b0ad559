"""Settings for socialgov, read from the environment.

With nothing set the app runs at once on its embedded default (SQLite and a
Celery transport on the local file system). `DATABASE_URL` and `REDIS_URL`
switch to PostgreSQL and Redis. With `DEBUG=0` the production settings apply
and the app refuses to start without a real `SECRET_KEY`.
"""

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import database_config, envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("SOCIALGOV_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", True)

_DEV_SECRET = "dev-only-not-secret-socialgov"
SECRET_KEY = envstr("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters when DEBUG=0")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "socialgov",
    "people",
    "posts",
    "screening",
    "approvals",
    "conduct",
    "operations",
    "retention",
    "audits",
    "notifications",
    "reviews",
    "security",
    "platforms",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "audits.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: ends idle and over-long sessions and holds a member who
    # must use a second factor at that step (security.middleware).
    "security.middleware.SignInPolicyMiddleware",
    # After the second step: the first page after sign-in asks for the policy acknowledgment owed (conduct).
    "conduct.middleware.AcknowledgmentPromptMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A browser view's InvalidTransition is the 409 page, answered here once (socialgov.middleware).
    "socialgov.middleware.InvalidTransitionMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "socialgov.urls"
WSGI_APPLICATION = "socialgov.wsgi.application"

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
                "people.context_processors.current_member",
                "security.context_processors.sign_in",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (socialgov.env.database_config).
VAR_DIR.mkdir(parents=True, exist_ok=True)
# "{pid}" in SQLITE_TEST_NAME makes it one file per process, so two test runs in one
# checkout never share (and delete) each other's test database.
_SQLITE_TEST_NAME = envstr("SQLITE_TEST_NAME", "").replace("{pid}", str(os.getpid()))
DATABASES = {
    "default": database_config(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'socialgov.sqlite3'}"),
        # Production keeps each worker's connection for 10 minutes, checked before reuse (CONN_HEALTH_CHECKS):
        # a new connection per request halved the short API answers (issue 18.2). Development opens one per
        # request, so a dropped test database or restarted server is never held.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 600),
        # A relative test database name is relative to the project, wherever pytest runs.
        sqlite_test_name=str(BASE_DIR / _SQLITE_TEST_NAME) if _SQLITE_TEST_NAME else "",
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.Member"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous visitors have no object permissions

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# One date and time format everywhere (issue 14.8): socialgov/formats/en/formats.py.
FORMAT_MODULE_PATH = ["socialgov.formats"]
TIME_ZONE = envstr("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "socialgov" / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "socialgov@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend: the folder each email is written to.
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# Links in emails (reminders, notices) start with this.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

# REST API (DESIGN.md "Interfaces"). Token authentication comes first so that
# an unauthenticated request is answered 401 with a WWW-Authenticate header.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "security.authentication.ApiTokenAuthentication",
        "security.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Bounded pages and strict parameters (socialgov.pagination); JSON refusing lone surrogates (socialgov.parsers).
    "DEFAULT_PAGINATION_CLASS": "socialgov.pagination.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "socialgov.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "socialgov.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "socialgov API",
    "DESCRIPTION": "A police department's official social media, run the way its written policy requires.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents the errors it can answer (socialgov.schema), so that clients and the
    # schemathesis run in the tests can hold every response to the schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "socialgov.schema.document_error_responses",
    ],
    # Swagger UI from this server (drf-spectacular-sidecar), not a CDN: the CSP allows scripts from 'self' only.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
# Several models have a `status`; the annual review's gets a name of its own in the schema.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "ReviewStatusEnum": "audits.choices.ReviewStatus",
    "CodeEnum": "screening.choices.Code",
    # Choice sets whose fields share a name ("kind", "status") with another app's.
    "DraftReportEnum": "screening.choices.DraftReport",
    "LabelStatusEnum": "screening.choices.LabelStatus",
    "PermissionKindEnum": "conduct.choices.PermissionKind",
    "PermissionStatusEnum": "conduct.choices.PermissionStatus",
    "ConductReviewKindEnum": "conduct.choices.ReviewKind",
    "ConductReviewStatusEnum": "conduct.choices.ReviewStatus",
    "MemberReportStatusEnum": "conduct.choices.ReportStatus",
}

# Celery: Redis when REDIS_URL is set, otherwise a transport on the local file
# system that needs no server, so `make run` runs a real worker and beat.
REDIS_URL = envstr("REDIS_URL", "")
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task taken by a worker that died (acks_late: never acknowledged) goes back to the queue after this many
    # seconds; longer than the longest task's time limit (exports: 1800 s), or a running task would be run twice
    # at once (issue 19.4). Tests about a killed worker shorten it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600),
        "unacked_restore_interval": envint("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    }
else:
    for folder in ("queue", "processed", "control"):
        (CELERY_DIR / folder).mkdir(parents=True, exist_ok=True)
    # A host name, though the transport needs none, spares a "No hostname was supplied" warning.
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "store_processed": False,
        # Broadcast (pidbox) exchanges; kombu puts them in ./control otherwise.
        "control_folder": str(CELERY_DIR / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE


# The key that signs checkpoints of the audit trail (audits.checkpoints): a PEM Ed25519 private key, as a
# file or as text. Unset: one is made in VAR_DIR for development, and check --deploy warns.
AUDIT_SIGNING_KEY = envstr("AUDIT_SIGNING_KEY")
AUDIT_SIGNING_KEY_FILE = envstr("AUDIT_SIGNING_KEY_FILE")
AUDIT_CHECKPOINT_INTERVAL = timedelta(minutes=envint("AUDIT_CHECKPOINT_MINUTES", 60))
# The audit sequencer (audits.sequencer, issue 18): on PostgreSQL events are inserted pending and chained after
# commit, by a sequencing task asked for as each writer commits and, as a backstop when the broker lost that
# request, by beat every AUDIT_SEQUENCE_SECONDS. AUDIT_SEQUENCER_QUEUE routes the task (None: the default queue).
# AUDIT_SEQUENCE_IN_TRANSACTION chains each event in its own transaction instead; None chooses it on SQLite only.
AUDIT_SEQUENCE_INTERVAL = timedelta(seconds=envint("AUDIT_SEQUENCE_SECONDS", 2))
AUDIT_SEQUENCER_QUEUE = envstr("AUDIT_SEQUENCER_QUEUE") or None
AUDIT_SEQUENCE_IN_TRANSACTION = None
# Off only where something else runs the sequencer (bench/audit_concurrency.py runs its own).
AUDIT_SEQUENCE_ON_COMMIT = envbool("AUDIT_SEQUENCE_ON_COMMIT", True)

# Publishing through a channel that fails is retried with exponential backoff from this many seconds.
PUBLISH_RETRY_BACKOFF_SECONDS = envint("PUBLISH_RETRY_BACKOFF_SECONDS", 30)
# A background export holds its row this long, renewing it as it writes; a dead worker's lease lapses (issue 19.4).
RETENTION_EXPORT_LEASE_SECONDS = envint("RETENTION_EXPORT_LEASE_SECONDS", 120)
# /healthz answers 503 when the oldest unsent outbox row, or beat's last sweep, is older than this (issue 19.2).
HEALTH_OUTBOX_MAX_AGE_SECONDS = envint("HEALTH_OUTBOX_MAX_AGE_SECONDS", 300)
HEALTH_BEAT_MAX_AGE_SECONDS = envint("HEALTH_BEAT_MAX_AGE_SECONDS", 300)

DEMO_PASSWORD_DEFAULT = "oakley-demo-2026"

# Sign-in (README "Security"; FBI CJIS Security Policy 5.5.3, 5.5.5, 5.6.2.2). The numbers are settings.
# Lockout (django-axes with security.lockout's handler): LOCKOUT_FAILURES consecutive failed sign-ins
# within LOCKOUT_WINDOW_MINUTES lock the username for LOCKOUT_MINUTES, or until the chief or an
# administrator unlocks it for the departments listed in LOCKOUT_UNTIL_RELEASED ("*": every one).
SIGN_IN_LOCKOUT_FAILURES = envint("LOCKOUT_FAILURES", 5)
SIGN_IN_LOCKOUT_WINDOW = timedelta(minutes=envint("LOCKOUT_WINDOW_MINUTES", 15))
SIGN_IN_LOCKOUT_DURATION = timedelta(minutes=envint("LOCKOUT_MINUTES", 10))
SIGN_IN_LOCKOUT_UNTIL_RELEASED = envlist("LOCKOUT_UNTIL_RELEASED", [])
# An address that fails this often in the window is locked too, whatever usernames it tries (0: never).
SIGN_IN_LOCKOUT_ADDRESS_FAILURES = envint("LOCKOUT_ADDRESS_FAILURES", 20)
if SIGN_IN_LOCKOUT_FAILURES < 1 or timedelta(0) >= SIGN_IN_LOCKOUT_WINDOW or timedelta(0) >= SIGN_IN_LOCKOUT_DURATION:
    raise ImproperlyConfigured("LOCKOUT_FAILURES, LOCKOUT_WINDOW_MINUTES and LOCKOUT_MINUTES must be at least 1")
# The client's address behind the proxies named here (a count, or their addresses or networks): the
# lockout and the audit trail both read it (socialgov.client_address; README "Deployment").
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", [])
# Outbound services (webhooks, platforms) must be https on public addresses (socialgov.outbound);
# 1 allows http and local addresses, for development against platforms running on this machine.
SOCIALGOV_ALLOW_HTTP_SERVICES = envbool("SOCIALGOV_ALLOW_HTTP_SERVICES", False)
# Keys that encrypt connected accounts' app passwords and session tokens at rest (platforms.secrets): Fernet keys,
# comma-separated; the first encrypts, every one decrypts, so a new key goes first and an old one is dropped once
# `manage.py reencrypt_connections` has run. Unset: one is made in VAR_DIR for development, and check --deploy warns.
SOCIALGOV_ENCRYPTION_KEYS = envlist("SOCIALGOV_ENCRYPTION_KEYS", [])
# How often the beat job reads every connected account (platforms.tasks.capture_all_task).
CAPTURE_INTERVAL = timedelta(minutes=envint("CAPTURE_MINUTES", 15))
AXES_CLIENT_IP_CALLABLE = "socialgov.client_address.client_address"
AXES_HANDLER = "security.lockout.SignInLockoutHandler"
AXES_FAILURE_LIMIT = SIGN_IN_LOCKOUT_FAILURES
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = SIGN_IN_LOCKOUT_DURATION
# A refused attempt during a lockout neither counts nor extends it: the member was told when to come back.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"
# Successful sign-ins are audit events (security.sign_in.success); axes keeps only the failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# axes' own admin would let staff delete failures (an unaudited unlock); security.admin shows them read-only.
AXES_ENABLE_ADMIN = False

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after sign-in.
SESSION_IDLE_TIMEOUT = timedelta(minutes=envint("SESSION_IDLE_MINUTES", 30))
SESSION_MAX_AGE = timedelta(hours=envint("SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor sign-in (django-otp): TOTP apps and single-use backup codes; no SMS.
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "socialgov")
SECOND_FACTOR_BACKUP_CODES = 10
# API tokens (security.ApiToken) expire this many days after they are made.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 90)

# Content-Security-Policy (django-csp): scripts, styles and everything else from this server only; no
# inline script or style anywhere; no framing. Images may be data: URIs (the enrolment QR code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Uploads: checked by their content (posts.media) and no larger than this.
MEDIA_MAX_UPLOAD_BYTES = envint("MEDIA_MAX_UPLOAD_MB", 50) * 1024 * 1024

# Production: every secure transport setting on (see README "Deploying").
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are sent only over HTTPS, to this host, for every path: no subdomain can set them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}
