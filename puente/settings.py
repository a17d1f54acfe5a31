"""Settings for Puente. Every deploy-time value comes from the environment;
see .env.example and docs/configuration.md."""

import os
import secrets
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from puente.lib.env import (
    envbool,
    envchoice,
    envdecimal,
    envint,
    envlist,
    envsecret,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.getenv("PUENTE_VAR_DIR") or PROJECT_DIR / "var")

DEBUG = envbool("DEBUG", False)


def _secret_key() -> str:
    # Without SECRET_KEY, a key is generated once into var/ and reused, so that a
    # checkout never runs on a key published in the source.
    key = envsecret("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = "Puente"

INSTALLED_APPS = [
    "puente.accounts",
    "puente.audit",
    "puente.notifications",
    "puente.principles",
    "puente.agencies",
    "puente.practices",
    "puente.outreach",
    "puente.language_access",
    "puente.complaints",
    "puente.assessments",
    "puente.insights",
    "puente.portal",
    "puente.operations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    # Security (issue 14): second factors and the Content-Security-Policy.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security (issue 14): HEAD is answered wherever GET is.
    "puente.accounts.middleware.HeadAsGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions and before CommonMiddleware, as Django's i18n docs require.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The account, second factor and membership in one cache round trip.
    "puente.agencies.middleware.IdentityPrefetchMiddleware",
    # Security (issue 14): which second factor this session passed, the session limits,
    # the MFA requirement, the security headers, denied access in the audit log.
    "puente.accounts.middleware.CachedOTPMiddleware",
    "puente.accounts.middleware.SessionLimitsMiddleware",
    "puente.accounts.middleware.MFARequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    "puente.accounts.middleware.SecurityHeadersMiddleware",
    "puente.audit.middleware.DeniedAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "puente.urls"
WSGI_APPLICATION = "puente.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `|unlocalize` everywhere without a load: the one way to print a number
            # that is a name (id, year, ORI, GEOID, quarter), which must never be
            # grouped as 2,025 or 2.025 (STYLE.md §10).
            "builtins": ["django.templatetags.l10n"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "puente.agencies.context_processors.memberships",
            ],
        },
    },
]

# Database: a SQLite file under var/ unless DATABASE_URL says otherwise.
_default_sqlite = f"sqlite:///{VAR_DIR / 'puente.sqlite3'}"
# A web or worker process keeps its PostgreSQL connection for a minute instead of
# opening one per request (a few milliseconds each, and a backend process on the
# server); the health checks below replace one the server dropped. SQLite opens a file.
_CONN_MAX_AGE = envint(
    "DB_CONN_MAX_AGE",
    60 if (os.getenv("DATABASE_URL") or "").startswith("postgres") else 0,
)
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL") or _default_sqlite,
        conn_max_age=_CONN_MAX_AGE,
        # A connection the server closed (restart, failover, idle timeout) is replaced
        # before the next request uses it, instead of failing that request.
        conn_health_checks=True,
    )
}
# An optional read replica for the heavy reads that may lag the primary by a few seconds:
# national figures, published reports and exports (puente/lib/replica.py routes them).
DATABASE_REPLICA_URL = os.getenv("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=_CONN_MAX_AGE,
        conn_health_checks=True,
    )
DATABASE_ROUTERS = ["puente.lib.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Wait for a writer instead of failing, and take the write lock up
            # front, so concurrent requests do not deadlock (healthchecks does this).
            "init_command": "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "agencies:my_agencies"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Length, a block list and a strength estimate; no composition or rotation rules
# (NIST SP 800-63B, ASVS V2.1; puente/accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "puente.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "puente.accounts.passwords.StrengthValidator"},
    {"NAME": "puente.accounts.passwords.PwnedPasswordsValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if envbool("TRUST_X_FORWARDED_PROTO", False)
    else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# ---------------------------------------------------------------------------------------
# Security (issue 14; docs/security.md). Accounts, second factors, sessions and headers.
# ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = ["puente.accounts.backends.LockoutModelBackend"]
# A second factor (TOTP, passkey or recovery code) for every account, the Django admin
# included. Only a development server (DEBUG on) may turn it off.
PUENTE_MFA_REQUIRED = envbool("PUENTE_MFA_REQUIRED", True) if DEBUG else True
OTP_TOTP_ISSUER = envsecret("OTP_TOTP_ISSUER") or SITE_NAME
# Passkeys belong to one domain (the relying party) and work only over HTTPS or on
# http://localhost (open the demo at http://localhost:8000 to try them).
OTP_WEBAUTHN_RP_ID = os.getenv("OTP_WEBAUTHN_RP_ID") or "localhost"
OTP_WEBAUTHN_RP_NAME = SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", ["http://localhost:8000"]
)
# A passkey is a second factor after the password here, so lockout always applies.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Failed sign-ins (password or second factor) within the window lock the account until an
# agency or platform admin unlocks it.
PUENTE_LOCKOUT_FAILURES = envint("PUENTE_LOCKOUT_FAILURES", 5, minimum=1)
PUENTE_LOCKOUT_WINDOW_MINUTES = envint("PUENTE_LOCKOUT_WINDOW_MINUTES", 15, minimum=1)
# Sessions end after this many idle seconds (at most 30 minutes, CJIS 5.5.5) and, idle or
# not, this long after sign-in. Session cookies die with the browser.
PUENTE_SESSION_IDLE_SECONDS = envint("PUENTE_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
PUENTE_SESSION_ABSOLUTE_SECONDS = envint(
    "PUENTE_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60, minimum=60
)
SESSION_COOKIE_AGE = PUENTE_SESSION_IDLE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
# The CSRF cookie lives only as long as the browser session: the anonymous survey keeps
# nothing on a resident's device once the browser closes.
CSRF_COOKIE_AGE = None
# Accounts nobody signed in with for this many days are disabled by
# `puente accounts disable-inactive` (scheduled daily).
PUENTE_INACTIVE_DAYS = envint("PUENTE_INACTIVE_DAYS", 90, minimum=1)
# The audit log is kept at least this long; `puente purge` never removes younger rows.
PUENTE_AUDIT_RETENTION_DAYS = envint("PUENTE_AUDIT_RETENTION_DAYS", 365, minimum=365)
# Optional check of new passwords against Pwned Passwords (k-anonymity: only 5 hex digits
# of the SHA-1 leave the server). Off by default: Puente makes no network calls unasked.
PUENTE_PWNED_PASSWORDS = envbool("PUENTE_PWNED_PASSWORDS", False)
PUENTE_PWNED_PASSWORDS_URL = (
    os.getenv("PUENTE_PWNED_PASSWORDS_URL") or "https://api.pwnedpasswords.com/range/"
)
# HTTPS: HSTS and the redirect once the operator says the site is served over HTTPS.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# A strict Content-Security-Policy (django-csp 4): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PUENTE_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "publickey-credentials-get=(self), "
    "publickey-credentials-create=(self)"
)
# ---------------------------------------------------------------------------------------

# Internationalisation. The interface languages live here and nowhere else.
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

# The public portal's languages (/<code>/agencies/<slug>/): the staff interface's languages
# plus those of the immigrant communities in the sources and the Census groups. The portal
# has its own catalog (puente/portal/locale/), complete for each of these; adding one is the
# step in docs/translations.md. Staff pages stay in LANGUAGES.
PORTAL_LANGUAGES = [
    "en", "es", "zh-hans", "zh-hant", "vi", "ko", "tl", "ar", "fr", "ht", "pt", "ru",
    "so", "hmn", "lo",
]  # fmt: skip
# Django's language info lacks these codes; `bidi` marks right-to-left scripts.
LANG_INFO.update(
    {
        "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
        "ht": {
            "bidi": False,
            "code": "ht",
            "name": "Haitian Creole",
            "name_local": "Kreyòl ayisyen",
        },
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
        "hmn": {"bidi": False, "code": "hmn", "name": "Hmong", "name_local": "Hmoob"},
        "lo": {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"},
    }
)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files: local files under MEDIA_ROOT, or any S3-compatible store
# (AWS, MinIO, Ceph) when PUENTE_S3_BUCKET is set. Files are never served by a public
# URL: views check access, then stream the file or redirect to a short-lived signed URL.
PUENTE_S3_BUCKET = os.getenv("PUENTE_S3_BUCKET", "").strip()
if PUENTE_S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PUENTE_S3_BUCKET,
            "endpoint_url": os.getenv("PUENTE_S3_ENDPOINT_URL") or None,
            "region_name": os.getenv("PUENTE_S3_REGION") or None,
            "access_key": envsecret("PUENTE_S3_ACCESS_KEY") or None,
            "secret_key": envsecret("PUENTE_S3_SECRET_KEY") or None,
            "location": os.getenv("PUENTE_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": envint("PUENTE_S3_URL_SECONDS", 300, minimum=10),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Email: the console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = envsecret("DEFAULT_FROM_EMAIL") or "Puente <puente@localhost>"
EMAIL_HOST = envsecret("EMAIL_HOST") or ""
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envsecret("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# For the file backend (django.core.mail.backends.filebased.EmailBackend): its folder.
EMAIL_FILE_PATH = os.getenv("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")

# The cache every process shares: Redis with REDIS_URL, else a table in the database, so
# that rate limits, single-use tokens and the portal's page versions hold across all
# web and worker processes (never a per-process memory cache).
REDIS_URL = os.getenv("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.getenv("PUENTE_CACHE_PREFIX", "puente"),
        }
    }
    # Sessions read from Redis, written to both: a signed-in page costs no session
    # query, and a session ended (sign-out, revocation) is deleted from both.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "puente_cache",
        }
    }

# Background work (puente/celery.py). With a broker (CELERY_BROKER_URL, else REDIS_URL),
# tasks go to `puente worker`; without one, they run in this process once the
# transaction that queued them commits, so `make demo` needs no server of its own.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "").strip() or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Seconds a task may run before Redis hands it to another worker (a killed worker's
# tasks come back after this); longer than the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("PUENTE_TASK_VISIBILITY_SECONDS", 3600, minimum=10)
}

# Scheduled work, run by `puente scheduler` (Celery beat): one entry per job, each a task
# that calls a service and is safe to run twice. Add new jobs here.
CELERY_BEAT_SCHEDULE = {
    "send-due campaign mail": {
        "task": "puente.assessments.tasks.campaigns_send_due",
        "schedule": 24 * 60 * 60,
    },
    "retry unsent mail": {
        "task": "puente.notifications.tasks.messages_retry",
        "schedule": 5 * 60,
    },
    "purge expired personal details": {
        "task": "puente.operations.tasks.purge",
        "schedule": 24 * 60 * 60,
    },
    "disable accounts unused for PUENTE_INACTIVE_DAYS": {
        "task": "puente.accounts.tasks.users_disable_inactive",
        "schedule": 24 * 60 * 60,
    },
}

# Who carries each channel of outgoing messages (puente/notifications/providers.py).
# Seconds after which a message claimed by a worker that never marked it is sent again.
PUENTE_MESSAGE_CLAIM_SECONDS = envint("PUENTE_MESSAGE_CLAIM_SECONDS", 600, minimum=1)
PUENTE_MESSAGE_PROVIDERS = {
    "email": "puente.notifications.providers.EmailProvider",
    "text": "puente.notifications.providers.ConsoleTextProvider",
}

# The site's public address, for links in emails sent outside a request (survey invitations).
PUENTE_BASE_URL = os.getenv("PUENTE_BASE_URL") or "http://127.0.0.1:8000"

# Published aggregates hide any cell counting fewer than this many agencies or people.
PUENTE_SMALL_CELL = envint("PUENTE_SMALL_CELL", 11, minimum=1)
# Requests per minute one API token may make (0: no limit), counted in CACHES.
PUENTE_API_RATE_LIMIT = envint("PUENTE_API_RATE_LIMIT", 600, minimum=0)

# Days a person's details are kept once the record they belong to is inactive (a partner
# organization's contact person, a former advisory-board member); `puente purge` removes them.
PUENTE_RETENTION_DAYS = envint("PUENTE_RETENTION_DAYS", 730, minimum=30)

# Complaints (puente/complaints): days staff have to answer a new complaint by default.
PUENTE_COMPLAINT_DUE_DAYS = envint("PUENTE_COMPLAINT_DUE_DAYS", 30, minimum=1)
# Certification requests are flagged this many days before their due date.
PUENTE_CERTIFICATION_NEAR_DAYS = envint("PUENTE_CERTIFICATION_NEAR_DAYS", 14, minimum=0)
# Topics for which no follow-up message is ever sent, whatever the resident agreed to: a
# message could reach an abuser's phone or reveal what the resident asked about.
PUENTE_FOLLOWUP_SENSITIVE_TOPICS = envlist(
    "PUENTE_FOLLOWUP_SENSITIVE_TOPICS",
    ["domestic_violence", "sexual_assault", "trafficking", "immigration"],
)

# The US DOJ safe harbor for written translation (67 FR 41455): vital documents are translated
# for each LEP language group of at least SHARE of the population 5+ or PERSONS, whichever is
# less; a group meeting the share with fewer than NOTICE_MIN persons gets a written notice of
# free interpretation instead. Stricter local rules change these; docs/language-access.md.
PUENTE_SAFE_HARBOR_SHARE = envdecimal(
    "PUENTE_SAFE_HARBOR_SHARE", Decimal("0.05"), minimum=Decimal(0), maximum=Decimal(1)
)
PUENTE_SAFE_HARBOR_PERSONS = envint("PUENTE_SAFE_HARBOR_PERSONS", 1000, minimum=1)
PUENTE_SAFE_HARBOR_NOTICE_MIN = envint("PUENTE_SAFE_HARBOR_NOTICE_MIN", 50, minimum=0)
# Who counts as LEP: "less-than-very-well" (the Census and DOJ definition) or "all-speakers".
PUENTE_LEP_DEFINITION = envchoice(
    "PUENTE_LEP_DEFINITION",
    "less-than-very-well",
    ("less-than-very-well", "all-speakers"),
)

# The public portal: seconds a rendered agency page is served from the cache (changes made
# on the portal's own pages show at once), and the abuse controls of the anonymous survey.
PUENTE_PORTAL_CACHE_SECONDS = envint("PUENTE_PORTAL_CACHE_SECONDS", 120, minimum=0)
# Seconds the agency dashboard's figures are kept in the shared cache at most; every save of
# the records they come from refreshes them at once (puente/lib/figures_cache.py).
PUENTE_FIGURES_CACHE_SECONDS = envint("PUENTE_FIGURES_CACHE_SECONDS", 300, minimum=0)
PUENTE_FEEDBACK_DAILY_LIMIT = envint("PUENTE_FEEDBACK_DAILY_LIMIT", 20, minimum=1)
PUENTE_FEEDBACK_MIN_SECONDS = envint("PUENTE_FEEDBACK_MIN_SECONDS", 4, minimum=0)
# The request header that holds the visitor's address behind a reverse proxy (e.g.
# X-Real-IP); empty means the connection's own address. Used only for the rate limit,
# hashed with a salt that changes daily, never stored.
PUENTE_CLIENT_IP_HEADER = os.getenv("PUENTE_CLIENT_IP_HEADER", "").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
}

# Covering indexes (`include=`) make the outreach dashboard an index-only read on PostgreSQL,
# the production database; SQLite builds the same indexes without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
