"""Settings for Introduktion, read from the environment.

Local defaults are safe for a developer machine: SQLite, django-q2's ORM broker,
console e-mail. With DJANGO_DEBUG off a secret key and the public address are
required and every production hardening switch is on, so `check --deploy` is clean.
"""

import secrets
import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Debug is off unless asked for: the run script turns it on for the demo.
DEBUG = env.bool("DJANGO_DEBUG", default=False)

#: Management commands that only read code and files: they sign nothing and send nothing,
#: so with debug off and no secret or address they run on a throw-away key and a
#: placeholder address (CI's migration check, translators).
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "collectstatic"}
offline = bool(Path(sys.argv[0]).name == "manage.py" and OFFLINE_COMMANDS & set(sys.argv[1:2]))

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if offline:
        SECRET_KEY = secrets.token_urlsafe(50)
    elif not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    else:
        SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first so their templates win over the libraries' defaults.
    "lms.core",
    "lms.accounts",
    "lms.organisation",
    "lms.programme",
    "lms.plans",
    "lms.mentoring",
    "lms.supervision",
    "lms.checkins",
    "lms.certificates",
    "lms.feeds",
    "lms.documents",
    "lms.notifications",
    "lms.reports",
    "lms.staff",
    "lms.identity",
    "cms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "auditlog",
    "django_q",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's user pages under the product's granting rule (lms/accounts/wagtail_users.py).
    "lms.accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    # First, so every cached page and fragment of a request reads the data versions once.
    "lms.core.versions.VersionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lms.core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.accounts.middleware.RequireMfaMiddleware",
    "lms.core.middleware.AuditMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

_template_loaders = [
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.core.context_processors.site",
                "lms.core.context_processors.rule_perms",
            ],
            # Cached templates even in debug: the benchmark and the demo behave alike.
            "loaders": [("django.template.loaders.cached.Loader", _template_loaders)],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the django-q2 worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "introduktion",
        }
    }
    # Sessions read from Redis and written through to the database: one query less on
    # every logged-in page. Not with the local-memory cache, where another process
    # could keep a logged-out session alive.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Each process has a cache of its own; the data versions that decide what in it is
    # fresh then live in the database, so every process agrees (lms/core/versions.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "introduktion",
            # Room for the public site's cached pages besides the fragments (default 300).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

Q_CLUSTER = {
    "name": "introduktion",
    "workers": env.int("DJANGO_Q_WORKERS", default=2),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 5,
    "catch_up": False,
    "label": _("Bakgrundsjobb"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "home"
# Invitation and reset links stay valid three days; a new one can always be asked for.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# django-allauth: e-mail is the login, nobody signs up on their own.
ACCOUNT_ADAPTER = "lms.notifications.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "lms.accounts.forms.LoginForm",
    "reset_password": "lms.accounts.forms.ResetPasswordForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Introduktion] "
# How many proxies in front of the web processes append to X-Forwarded-For. Behind the one
# TLS proxy every request comes from the proxy's address: with 0 the per-address limits
# below would be one bucket for the whole municipality. allauth then takes the client's
# address from that header (the certificate check's limiter too); 0 trusts no header.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Logins (docs/operations.md, "Trusted proxies and rate limits"). Many staff share the
# municipality's egress address, so the per-address limits leave room for a Monday
# morning; the product's adapter counts wrong passwords per account *and* client, so
# nobody can lock a colleague out from elsewhere, under a looser ceiling per account
# against guessing from many addresses.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "30/m/ip,5/5m/key",
    "login_failed_account": "50/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# Sign-in with the municipality's identity provider (OpenID Connect, lms/identity).
# Without an issuer there is no provider: passwords only, as in the demo.
OIDC_ISSUER = env.str("DJANGO_OIDC_ISSUER", default="").rstrip("/")
#: In the redirect URI registered at the provider: /accounts/oidc/kommun/login/callback/
OIDC_PROVIDER_ID = "kommun"
OIDC_ROLES_CLAIM = env.str("DJANGO_OIDC_ROLES_CLAIM", default="roles")
OIDC_EMPLOYEE_NUMBER_CLAIM = env.str("DJANGO_OIDC_EMPLOYEE_NUMBER_CLAIM", default="employeeid")
#: Password sign-in off for everyone but the break-glass administrators' addresses.
SSO_ONLY = env.bool("DJANGO_SSO_ONLY", default=False) and bool(OIDC_ISSUER)
SSO_BREAK_GLASS = [e.strip().lower() for e in env.list("DJANGO_SSO_BREAK_GLASS", default=[])]
SOCIALACCOUNT_ADAPTER = "lms.identity.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # lms.identity.linking decides, never an address
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_ISSUER:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": OIDC_PROVIDER_ID,
                "name": env.str("DJANGO_OIDC_NAME", default="Logga in med kommunens konto"),
                "client_id": env.str("DJANGO_OIDC_CLIENT_ID", default=""),
                "secret": env.str("DJANGO_OIDC_CLIENT_SECRET", default=""),
                # Claims come from the ID token: Entra's userinfo has no roles and no oid.
                "settings": {"server_url": OIDC_ISSUER, "fetch_userinfo": False},
            }
        ],
    }
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("DJANGO_MFA_ISSUER", default="Introduktion")

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "introduktion_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
# locale/en is the product's English (makemessages -l en); locale/sv is written by hand,
# Swedish for the libraries that ship none (see its header).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "lms" / "core" / "assets"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
# Browsers, feed readers and PDF viewers ask for /favicon.ico whatever a page links to;
# whitenoise answers it from here before any view, so it never reaches the site's 404.
WHITENOISE_ROOT = BASE_DIR / "lms" / "core" / "root"

# The product's console backend: whole messages with debug on, only that one was sent
# with debug off (reset and invitation links stay out of the server log).
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="lms.core.mail.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="introduktion@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public address is used in e-mails, calendar feeds and UIDs. A production site that
# fell back to the developer's address would send links nobody can open, so it is
# required with debug off, as the secret is.
SITE_URL = env.str("DJANGO_SITE_URL", default="")
if not SITE_URL:
    if DEBUG or offline:
        SITE_URL = "http://127.0.0.1:8000"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be set when DJANGO_DEBUG is off: the public address "
            "used in e-mails and calendar feeds, e.g. https://introduktion.example.org"
        )

# Security: everything check --deploy asks for, on whenever debug is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 10 * 3600
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

CONTENT_SECURITY_POLICY = {
    # Wagtail's admin relies on inline scripts and styles; it is only for editors.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Videos on the public site: YouTube's cookie-free player and Vimeo's.
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

CSRF_FAILURE_VIEW = "lms.core.views.csrf_failure"

# Wagtail: the editors' admin lives at /admin/, Django's at /django-admin/.
WAGTAIL_SITE_NAME = "Introduktion"
WAGTAILADMIN_BASE_URL = SITE_URL
# Pages live in one tree per language; the visitor's language (cookie or profile, as for
# the rest of the site) picks the tree, so addresses carry no language prefix.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Editors log in, reset and change passwords through allauth (with two-factor), never
# through Wagtail's own forms. The admin's login address is lms.urls' hop to allauth,
# which also sends a logged-in person the admin refuses to the start page, not in a loop.
WAGTAILADMIN_LOGIN_URL = "/admin/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# The admin speaks the product's languages only. With no choice of their own in Wagtail's
# account settings, editors get the language of their profile (Swedish unless changed),
# the one UserLanguageMiddleware has activated.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Editors' changes wait in the workflow "Granskning" (cms/editorial.py); the reviewers
# are told by e-mail, from the product's address. Administrators are not: reviewing is
# the reviewers' job, and every editor's change would otherwise reach them too.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# The database backend: FTS5 on SQLite, full text search with the Swedish dictionary on
# PostgreSQL (the setting is ignored elsewhere).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "swedish"}
}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Personal data stays out of the audit log's view of passwords and sessions.
AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
    },
}
