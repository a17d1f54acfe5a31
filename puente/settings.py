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
    "puente.principles",
    "puente.agencies",
    "puente.practices",
    "puente.outreach",
    "puente.language_access",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions and before CommonMiddleware, as Django's i18n docs require.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL") or _default_sqlite,
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
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
# Length and a block list, no composition rules (NIST SP 800-63B).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
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
MEDIA_ROOT = VAR_DIR / "media"

# Email: the console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = envsecret("DEFAULT_FROM_EMAIL") or "Puente <puente@localhost>"
EMAIL_HOST = envsecret("EMAIL_HOST") or ""
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envsecret("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# The site's public address, for links in emails sent outside a request (survey invitations).
PUENTE_BASE_URL = os.getenv("PUENTE_BASE_URL") or "http://127.0.0.1:8000"

# Published aggregates hide any cell counting fewer than this many agencies or people.
PUENTE_SMALL_CELL = envint("PUENTE_SMALL_CELL", 11, minimum=1)
# Requests per minute one API token may make (0: no limit), counted in CACHES.
PUENTE_API_RATE_LIMIT = envint("PUENTE_API_RATE_LIMIT", 600, minimum=0)

# Days a person's details are kept once the record they belong to is inactive (a partner
# organization's contact person, a former advisory-board member); `puente purge` removes them.
PUENTE_RETENTION_DAYS = envint("PUENTE_RETENTION_DAYS", 730, minimum=30)

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
