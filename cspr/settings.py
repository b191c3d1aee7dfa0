"""cspr's one settings module, driven by the environment.

With no environment at all a checkout runs at once: SQLite in `data/` beside the
project (a folder the user can see and back up), DEBUG off unless asked for.
`DATABASE_URL` (`sqlite:///PATH` or `postgres://...`) selects another database.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = _env_bool("CSPR_DEBUG")
# Demo mode (set by `cspr demo`, never in production): demo users may sign in
# without MFA and cookies work over plain http://127.0.0.1.
DEMO_MODE = _env_bool("CSPR_DEMO")
# A fixed development key is safe only because DEBUG-less production deployments
# must set CSPR_SECRET_KEY; docs/operations.md says so and `check --deploy` warns.
SECRET_KEY = os.environ.get("CSPR_SECRET_KEY", "cspr-insecure-development-key-change-me")
ALLOWED_HOSTS = _env_list("CSPR_ALLOWED_HOSTS") or ["127.0.0.1", "localhost"]

DATA_DIR = Path(os.environ.get("CSPR_DATA_DIR", BASE_DIR / "data"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cspr.core",
    "cspr.cases",
    "cspr.reviews",
    "cspr.govuk",
    "cspr.stats",
    "cspr.learning",
    "cspr.briefings",
    "cspr.service",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "cspr.core.middleware.request_id",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cspr.core.middleware.require_mfa",
    # Last, so that it sees the outcome of authentication (django-axes' advice).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/IP before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "cspr.urls"
WSGI_APPLICATION = "cspr.wsgi.application"

TEMPLATES = [
    {
        # cspr's own pages: Jinja2 with govuk-frontend-jinja's macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "cspr.govuk.jinja2.environment",
            # The learning app offers the case pages its panels this way, so that
            # cases and reviews never import learning (ADR 0015).
            "context_processors": [
                "cspr.core.navigation.navigation",
                "cspr.learning.context_processors.case_learning",
            ],
        },
    },
    {
        # Django templates only for admin and allauth overrides.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cspr.sqlite3'}"),
        conn_max_age=int(os.environ.get("CSPR_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The data folder is created on first use so that a fresh checkout runs at once.
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web service read while an import writes; IMMEDIATE makes a
    # write transaction take its lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

# --- Sign-in: django-allauth with MFA, django-axes throttling -----------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
# Accounts are created by administrators, never by self-service sign-up.
ACCOUNT_ADAPTER = "cspr.core.auth.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "cspr"
AXES_FAILURE_LIMIT = int(os.environ.get("CSPR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"  # django-axes' lockout as a GOV.UK page

# --- Sessions and cookies -------------------------------------------------------
# A session ends after 30 minutes without a request (inactivity), and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("CSPR_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_COOKIES = _env_bool("CSPR_SECURE_COOKIES", not (DEBUG or DEMO_MODE))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = int(os.environ.get("CSPR_HSTS_SECONDS", "0"))  # set once TLS is in place
SECURE_SSL_REDIRECT = _env_bool("CSPR_SSL_REDIRECT")

# --- Content-Security-Policy (Django's built-in) ------------------------------------
# Only our own scripts, plus GOV.UK Frontend's one inline script, which carries the nonce.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Email (reminders) -----------------------------------------------------------------
# Django 6.1's MAILERS: console by default, SMTP (or a GOV.UK Notify relay) by settings.
_smtp = os.environ.get("CSPR_EMAIL_HOST")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _smtp,
            "port": int(os.environ.get("CSPR_EMAIL_PORT", "587")),
            "username": os.environ.get("CSPR_EMAIL_HOST_USER", ""),
            "password": os.environ.get("CSPR_EMAIL_HOST_PASSWORD", ""),
            "use_tls": _env_bool("CSPR_EMAIL_USE_TLS", True),
        },
    }
    if _smtp
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = os.environ.get("CSPR_FROM_EMAIL", "cspr@localhost")
# Working days ahead that `cspr send-reminders` warns about.
CSPR_REMINDER_WORKING_DAYS = int(os.environ.get("CSPR_REMINDER_WORKING_DAYS", "3"))

# --- The statutory clock -------------------------------------------------------
# Bank holidays come from the `holidays` package. A newly proclaimed one-off
# holiday reaches that package only with a release, so an operator can add
# closure dates here (ISO dates, comma-separated) without waiting for one.
CSPR_EXTRA_CLOSURE_DATES = _env_list("CSPR_EXTRA_CLOSURE_DATES")
# Working days before publication by which the final LCSPR report must reach the
# Panel and the Secretary of State. The number is not confirmed from Working
# Together's text; 7 is the widely used practice (docs/adr/0004-statutory-clock.md),
# so it is a setting.
CSPR_FINAL_REPORT_WORKING_DAYS = int(os.environ.get("CSPR_FINAL_REPORT_WORKING_DAYS", "7"))
# The service's public address, for links in briefings and emails (empty: relative links only).
CSPR_SITE_URL = os.environ.get("CSPR_SITE_URL", "")
# Published statistics: a count from 1 to this is suppressed (shown as "c").
CSPR_DISCLOSURE_THRESHOLD = int(os.environ.get("CSPR_DISCLOSURE_THRESHOLD", "4"))
# The learning repository refuses documents larger than this (hostile or mistaken uploads).
CSPR_LEARNING_MAX_FILE_MB = int(os.environ.get("CSPR_LEARNING_MAX_FILE_MB", "100"))
# A PDF is read in a child process stopped after this many seconds, under this much memory
# (hostile or malformed files must not hang an import or the server).
CSPR_LEARNING_EXTRACT_SECONDS = float(os.environ.get("CSPR_LEARNING_EXTRACT_SECONDS", "60"))
CSPR_LEARNING_EXTRACT_MEMORY_MB = int(os.environ.get("CSPR_LEARNING_EXTRACT_MEMORY_MB", "2048"))
# Public read access to the learning repository's *published* reviews, without signing in.
# Off unless the operator turns it on: nothing unpublished, no coding and no case is ever public.
CSPR_LEARNING_PUBLIC_ACCESS = _env_bool("CSPR_LEARNING_PUBLIC_ACCESS")
# Imports report every problem at once, up to this many.
CSPR_IMPORT_MAX_ERRORS = int(os.environ.get("CSPR_IMPORT_MAX_ERRORS", "200"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CSPR_LOG_LEVEL", "WARNING")},
}
