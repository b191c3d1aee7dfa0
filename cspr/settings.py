"""cspr's one settings module, driven by the environment.

Every variable is read through `cspr.config.Env` (typed: `CSPR_DEBUG=ture` is an
error naming the variable, not False) and documented in one table in
docs/operations.md. With no environment a checkout's SQLite database lives in
`data/` beside the project; `DATABASE_URL` (`sqlite:///PATH` or `postgres://...`)
selects another. Outside demo mode the module refuses to load with an unsafe
setting (no secret key, a placeholder or short key, debug on, console email, a
wildcard host): see the end of this file and `cspr.config.unsafe_settings`.
"""

import importlib.util
import os
from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cspr.config import AUDIT_KEY_LENGTH, Env, SettingError, unsafe_settings
from cspr.domain import deadlines
from cspr.domain.site_url import site_url_problem

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env(os.environ)

DEBUG = env.bool("CSPR_DEBUG")
# Demo mode (set by `cspr demo`, never in production): demo users may sign in
# without MFA and cookies work over plain http://127.0.0.1.
DEMO_MODE = env.bool("CSPR_DEMO")
# Outside demo mode an unset key refuses to start (the check at the end of this file);
# the fixed key below is only ever used by `cspr demo` on synthetic data.
_SECRET_KEY = env.str("CSPR_SECRET_KEY")
SECRET_KEY = _SECRET_KEY or "cspr-insecure-demo-key"
ALLOWED_HOSTS = env.list("CSPR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

DATA_DIR = Path(env.str("CSPR_DATA_DIR", str(BASE_DIR / "data")))

# --- Quick commands: django-ninja's Swagger UI files without ninja in INSTALLED_APPS ----
# Installing the app imported ninja and pydantic when Django started, about half of
# every `cspr` command's start-up (docs/operations.md, "Quick commands"). Its static
# files and templates are found here instead, without importing it; cspr/api/v1.py
# renders the Swagger page from them (ninja alone would then fetch it from a CDN).
NINJA_FILES = Path(importlib.util.find_spec("ninja").submodule_search_locations[0])
STATICFILES_DIRS = [NINJA_FILES / "static"]

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
    "cspr.documents",
    "cspr.briefings",
    "cspr.service",
    "cspr.api",
    # Not "ninja": see NINJA_FILES above.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "cspr.core.middleware.request_id",
    # Straight after the request id: one JSON log line per request, with its status and duration.
    "cspr.core.logs.request_log",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # /healthz and /readyz answer probes by address, before CommonMiddleware's Host check.
    "cspr.core.views.probes",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in people's pages and exports hold children's records: never kept in a cache.
    "cspr.core.middleware.never_cache_signed_in",
    # The idle expiry, renewed only now and then instead of a session write per request.
    "cspr.core.sessions.rolling_expiry",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cspr.core.middleware.require_mfa",
    # Last, so that it sees the outcome of authentication (django-axes' advice).
    "axes.middleware.AxesMiddleware",
]

# Passwords as the NCSC advises: long, not a common one, not like the person's name or address;
# no composition rules. The MFA app that every sign-in also needs is the stronger guard.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/IP before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Permissions end with the rules (ADR 0032): the backends below only sign people in.
    "cspr.core.auth.RulesDecide",
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
                "cspr.documents.context_processors.case_documents",
                # The case page's open deadlines, with the working days left (cspr/reviews/context_processors.py).
                "cspr.reviews.context_processors.case_deadlines",
            ],
        },
    },
    {
        # Django templates only for admin and allauth overrides, and ninja's Swagger page.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_FILES / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                # Demo mode's "Demonstration" banner on allauth's pages, as on the Jinja2 ones.
                "cspr.govuk.synthetic.demo_context",
            ]
        },
    },
]

_database_url = env.str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cspr.sqlite3'}")
_conn_max_age = env.int("CSPR_CONN_MAX_AGE", 0, minimum=0)
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=_conn_max_age)}
except ValueError:
    # One line naming the scheme only: dj-database-url's message lists every scheme it
    # knows, and the rest of the address holds the database password.
    _scheme, _has_scheme, _ = _database_url.partition("://")
    raise SettingError(
        "DATABASE_URL",
        (f"the scheme {_scheme!r} is not known" if _has_scheme else "has no scheme")
        + "; use sqlite:///PATH or postgres://USER:PASSWORD@HOST:5432/NAME",
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The data folder is created on first use so that a fresh checkout runs at once.
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web service read while an import writes; IMMEDIATE makes a
    # write transaction take its lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        # Imports & finding cases: a second writer (another `cspr import`) waits this many
        # seconds for the first to commit, instead of SQLite's 5, before giving up.
        "timeout": 60,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it made the statistics' scans of the register 1.5 to 3.5 times slower
    # (EXPLAIN ANALYZE, 56,000 notifications), and no query of a web service runs long enough to
    # repay it. First in the options, so a DATABASE_URL's own `?options=-c%20jit%3Don` comes
    # later and wins (docs/operations.md, "Performance: pages under load").
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(filter(None, ("-c jit=off", _options.get("options"))))

AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("CSPR_STATIC_ROOT", str(DATA_DIR / "static")))

# --- Production run: static files, the proxy in front (docs/operations.md) --------------
# gunicorn serves the static files itself through WhiteNoise, under content-hashed names
# (after `cspr collectstatic`) with a year's caching. The demo and the tests serve them
# with Django's staticfiles instead (CSPR_SERVE_STATIC=0), since they never collect them.
SERVE_STATIC = env.bool("CSPR_SERVE_STATIC", not (DEBUG or DEMO_MODE))
if SERVE_STATIC:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
# TLS ends at the proxy in front, which must set (never pass on) X-Forwarded-Proto; Django
# then knows a request was https, redirects plain http and marks cookies secure. Empty
# CSPR_PROXY_SSL_HEADER when nothing in front sets the header (then a client could).
_PRODUCTION = not (DEBUG or DEMO_MODE)
_proxy_header = env.str("CSPR_PROXY_SSL_HEADER", "X-Forwarded-Proto" if _PRODUCTION else "")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

# --- Sign-in: django-allauth with MFA, django-axes throttling -----------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
# Accounts are created by administrators, never by self-service sign-up. Account emails name the
# service and link to CSPR_SITE_URL, never to the host the request was sent to.
ACCOUNT_ADAPTER = "cspr.core.auth.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
# GOV.UK error messages and tab order on the sign-in page (cspr/core/auth.py SignInForm); a
# password reset goes only to the confirmed primary address an administrator set (ADR 0010).
ACCOUNT_FORMS = {"login": "cspr.core.auth.SignInForm", "reset_password": "cspr.core.auth.ConfirmedAddressResetForm"}
ACCOUNT_SESSION_REMEMBER = False
# A password reset for an address nobody has sends nothing: allauth would otherwise mail the
# address an invitation to sign up (closed here), so anyone could make the service mail anyone.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# ...and its page says what it says for any address, so it never tells whose address it is.
ACCOUNT_PREVENT_ENUMERATION = True
# People never add or confirm an address themselves (allauth's email pages are not served:
# cspr/core/auth.py account_urls); an administrator sets it and vouches for it (`cspr people`).
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_CHANGE_EMAIL = False
# The password again before any sensitive change to an account, however recently the person
# signed in (allauth's MFA pages ask for it anyway; changing a password asks for the old one).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
MFA_REAUTHENTICATION_REQUIRED = True
# allauth refuses to set up an authenticator while the account holds any unconfirmed address,
# against someone signing up with another's address (closed here). An address someone added to
# another's account while allauth's email page was served would stop that person setting up
# their app for good.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Emails name the service, not the host the request was sent to (allauth's default without
# the sites framework). The name is cspr/govuk/jinja2.py's SERVICE_NAME, not imported here.
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Child safeguarding practice reviews] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "cspr"
AXES_FAILURE_LIMIT = env.int("CSPR_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"  # django-axes' lockout as a GOV.UK page
# Sign-in accepts a username in any casing, so every casing counts towards one lockout.
AXES_USERNAME_CALLABLE = "cspr.core.auth.sign_in_username"

# --- Sessions and cookies -------------------------------------------------------
# A session ends after 30 minutes without a request (inactivity), and with the browser.
SESSION_COOKIE_AGE = env.int("CSPR_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# Not SESSION_SAVE_EVERY_REQUEST (a database write per page view): `rolling_expiry`
# re-saves a session, pushing its expiry on, only once a tenth of the idle window has
# passed since the last save, so the idle limit is between 27 and 30 minutes.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_AFTER = SESSION_COOKIE_AGE // 10
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_COOKIES = env.bool("CSPR_SECURE_COOKIES", not (DEBUG or DEMO_MODE))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production defaults: HTTPS only, a year's HSTS; 0 or off only for a host without TLS yet.
SECURE_HSTS_SECONDS = env.int("CSPR_HSTS_SECONDS", 31536000 if _PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("CSPR_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.bool("CSPR_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = env.bool("CSPR_SSL_REDIRECT", _PRODUCTION)
# Load balancers probe over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# No page uses the camera, microphone, location, payments or USB devices: refused to every
# page and anything it embeds (cspr/core/middleware.py permissions_policy; Django has no setting).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Straight after SecurityMiddleware, so responses from the middleware below it carry it too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "cspr.core.middleware.permissions_policy"
)

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
_smtp = env.str("CSPR_EMAIL_HOST")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _smtp,
            "port": env.int("CSPR_EMAIL_PORT", 587, minimum=1),
            "username": env.str("CSPR_EMAIL_HOST_USER"),
            "password": env.str("CSPR_EMAIL_HOST_PASSWORD"),
            "use_tls": env.bool("CSPR_EMAIL_USE_TLS", True),
            # A mail server that drops the connection without answering would hang a reminder
            # run (or a password reset's request) for ever; after this many seconds it fails in
            # one line instead (cspr/reviews/reminders.py), and the rest go on the next run.
            "timeout": env.int("CSPR_EMAIL_TIMEOUT", 30, minimum=1),
        },
    }
    if _smtp
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = env.str("CSPR_FROM_EMAIL", "cspr@localhost")
# Working days ahead that `cspr send-reminders` warns about, and the dashboard tags "due soon".
CSPR_REMINDER_WORKING_DAYS = env.int("CSPR_REMINDER_WORKING_DAYS", deadlines.REMINDER_WORKING_DAYS, minimum=0)

# --- The statutory clock -------------------------------------------------------
# Bank holidays come from the `holidays` package. A newly proclaimed one-off
# holiday reaches that package only with a release, so an operator can add
# closure dates here (ISO dates, comma-separated) without waiting for one.
CSPR_EXTRA_CLOSURE_DATES = env.list("CSPR_EXTRA_CLOSURE_DATES")
# Checked now, not when the first deadline is computed (cspr/core/clock.py reads them as dates).
for _closure in CSPR_EXTRA_CLOSURE_DATES:
    try:
        date.fromisoformat(_closure)
    except ValueError as error:
        raise SettingError("CSPR_EXTRA_CLOSURE_DATES", f"{_closure!r} is not a date as YYYY-MM-DD ({error})") from None
# Working days before publication by which the final LCSPR report must reach the
# Panel and the Secretary of State. The number is not confirmed from Working
# Together's text; 7 is the widely used practice (docs/adr/0004-statutory-clock.md),
# so it is a setting.
CSPR_FINAL_REPORT_WORKING_DAYS = env.int(
    "CSPR_FINAL_REPORT_WORKING_DAYS", deadlines.FINAL_REPORT_WORKING_DAYS, minimum=0
)
# The service's public address, for links in briefings and emails (empty: relative links only,
# and reminders refuse to send). Checked now: without a scheme every emailed link would be dead,
# and the reminder still recorded as sent. https wherever the service redirects to it.
CSPR_SITE_URL = env.str("CSPR_SITE_URL")
if CSPR_SITE_URL and (_problem := site_url_problem(CSPR_SITE_URL, https_required=SECURE_SSL_REDIRECT)):
    raise SettingError("CSPR_SITE_URL", _problem)
# Published statistics: a count from 1 to this is suppressed (shown as "c").
CSPR_DISCLOSURE_THRESHOLD = env.int("CSPR_DISCLOSURE_THRESHOLD", 4, minimum=0)
# --- Statistics: which figures disclosure control protects (docs/adr/0022) ----------------
# "suppress" (default): every figure, national ones included, as DfE's official statistics.
# "panel": the Panel's practice in its annual reports: national counts in full ("two were
# transgender"), only figures below national level (a region's) suppressed.
CSPR_DISCLOSURE_POLICY = env.choice("CSPR_DISCLOSURE_POLICY", "suppress", ("suppress", "panel"))
# The learning repository refuses documents larger than this (hostile or mistaken uploads).
CSPR_LEARNING_MAX_FILE_MB = env.int("CSPR_LEARNING_MAX_FILE_MB", 100, minimum=1)
# A PDF is read in a child process stopped after this many seconds, under this much memory
# (hostile or malformed files must not hang an import or the server).
CSPR_LEARNING_EXTRACT_SECONDS = env.float("CSPR_LEARNING_EXTRACT_SECONDS", 60, minimum=1)
CSPR_LEARNING_EXTRACT_MEMORY_MB = env.int("CSPR_LEARNING_EXTRACT_MEMORY_MB", 2048, minimum=64)
# Public read access to the learning repository's *published* reviews, without signing in.
# Off unless the operator turns it on: nothing unpublished, no coding and no case is ever public.
CSPR_LEARNING_PUBLIC_ACCESS = env.bool("CSPR_LEARNING_PUBLIC_ACCESS")
# Imports report every problem at once, up to this many.
CSPR_IMPORT_MAX_ERRORS = env.int("CSPR_IMPORT_MAX_ERRORS", 200, minimum=1)

# --- Logs: JSON lines on stderr (cspr/core/logs.py; docs/operations.md) ------------------
# One line per request (cspr.request) and every warning and error, with the request id,
# the user's id and the route pattern, never a path's reference or a child's details.
# CSPR_LOG_FORMAT=text gives plain lines for a person reading a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "cspr.core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "cspr.core.logs.JsonFormatter"},
        "text": {"()": "cspr.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": env.choice("CSPR_LOG_FORMAT", "json", ("json", "text")),
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env.choice("CSPR_LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper(),
    },
    # Django's own per-request warnings ("Not Found: /path") repeat the request line
    # with the path in it; errors (5xx, with their traceback) still come through.
    # django-axes announces itself at INFO on every start; its lockouts are WARNINGs.
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}


# --- The cache: sign-in throttling (allauth, axes) and the API's per-token throttle ----------
# Counts kept in one process's memory would let each gunicorn worker count separately, so a
# production run shares them: "file" (one host, the default outside demo mode) or "database"
# (several hosts; run `cspr createcachetable` once). "local" suits the demo and the tests.
_cache = env.choice("CSPR_CACHE", "file" if _PRODUCTION else "local", ("local", "file", "database"))
_cache_dir = Path(env.str("CSPR_CACHE_DIR", str(DATA_DIR / "cache")))
CACHES = {
    "default": {
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "file": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(_cache_dir),
        },
        "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cspr_cache"},
    }[_cache]
}
# Jinja2's compiled templates (cspr/govuk/jinja2.py), kept for the next process: a new gunicorn
# worker otherwise compiles every template again on its first requests (ADR 0032). Emptying
# CSPR_CACHE_DIR while the service runs is safe: the folder is made again when a template is kept.
CSPR_TEMPLATE_CACHE_DIR = _cache_dir / "jinja2"


# --- The API for case management systems (cspr/api, docs/api.md) ----------------------------
# Requests per token (django-ninja's throttle, counted in the cache: with several
# processes, give them a shared cache so the count is per token, not per process).
# Checked now (cspr/config.py): ninja reads it only when a request comes, so a mistyped rate
# would pass `check --deploy` and /readyz and make every API call a 500.
CSPR_API_RATE = env.rate("CSPR_API_RATE", "600/min")
# How long an Idempotency-Key is remembered: a retry within this time gets the first answer.
CSPR_API_IDEMPOTENCY_HOURS = env.int("CSPR_API_IDEMPOTENCY_HOURS", 24, minimum=1)
NINJA_PAGINATION_PER_PAGE = 50


# --- Case documents (cspr/documents; docs/operations.md, "Case documents") ------------------
# Files attached to a case are kept in the `documents` storage: a folder in the data directory
# by default, or an S3-compatible object store (django-storages' S3 backend, which needs boto3)
# when CSPR_DOCUMENTS_S3_BUCKET is set. They are only ever served through the service (scoped,
# audited downloads), never from the store's own addresses.
CSPR_DOCUMENTS_MAX_MB = env.int("CSPR_DOCUMENTS_MAX_MB", 20, minimum=1)
_documents_bucket = env.str("CSPR_DOCUMENTS_S3_BUCKET")
_documents_storage = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _documents_bucket,
            "endpoint_url": env.str("CSPR_DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": env.str("CSPR_DOCUMENTS_S3_REGION") or None,
            "location": env.str("CSPR_DOCUMENTS_S3_PREFIX", "documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
    if _documents_bucket
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("CSPR_DOCUMENTS_DIR", str(DATA_DIR / "documents")), "base_url": None},
    }
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    **globals().get("STORAGES", {}),  # the production block above may have set its own
    "documents": _documents_storage,
}


# --- Audit checkpoints, sign-in addresses, retention (docs/operations.md, "Audit, backups and retention") ---
# Checkpoints are signed with a key kept outside the database (cspr/core/checkpoints.py).
CSPR_AUDIT_KEY = env.str("CSPR_AUDIT_KEY")
# Not a variable: the length cspr/config.py asks of an audit key, for a key read from a file.
CSPR_AUDIT_KEY_MIN_LENGTH = AUDIT_KEY_LENGTH
CSPR_AUDIT_KEY_FILE = env.str("CSPR_AUDIT_KEY_FILE")
CSPR_AUDIT_CHECKPOINT_FILE = env.str("CSPR_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl"))
# How many reverse proxies in front append X-Forwarded-For: the client's address for sign-in
# throttling (username and address together) and the audit trail (cspr/core/addresses.py).
CSPR_TRUSTED_PROXIES = env.int("CSPR_TRUSTED_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "cspr.core.addresses.client_ip"
# The key of the pseudonymised extract's keyed hash of child references (cspr/service/pseudonymised.py).
CSPR_PSEUDONYM_KEY = env.str("CSPR_PSEUDONYM_KEY")
# The retention schedule, in whole years (cspr/service/retention.py). PLACEHOLDERS: the data
# controller sets each period and records its legal basis in docs/operations.md.
CSPR_RETENTION_CASE_YEARS = env.int("CSPR_RETENTION_CASE_YEARS", 25, minimum=1)
CSPR_RETENTION_SIGN_IN_YEARS = env.int("CSPR_RETENTION_SIGN_IN_YEARS", 2, minimum=1)

# --- The theme suggester's artefact (cspr/learning/suggest.py, docs/adr/0026) ----------------
# Built once by `cspr learning build-suggester`, named by the hash of its inputs, signed with SECRET_KEY.
CSPR_SUGGESTER_DIR = Path(env.str("CSPR_SUGGESTER_DIR", str(DATA_DIR / "suggester")))

# --- The service's own pages (cspr/govuk; docs/adr/0025) --------------------------------------
# The operator's feedback form, linked from /feedback (where the Beta banner leads); empty: none.
CSPR_FEEDBACK_URL = env.str("CSPR_FEEDBACK_URL")

# --- Refusing unsafe settings (keep this last) ---------------------------------------------
# Outside demo mode the service will not start with any of these, whatever runs it
# (gunicorn, `cspr` commands, the tests): each is named in one line (cspr/config.py).
_unsafe = unsafe_settings(
    demo=DEMO_MODE,
    debug=DEBUG,
    secret_key=_SECRET_KEY,
    email_backend=MAILERS["default"]["BACKEND"],
    allowed_hosts=ALLOWED_HOSTS,
    audit_key=CSPR_AUDIT_KEY,
)
if _unsafe:
    raise ImproperlyConfigured("; ".join(str(problem) for problem in _unsafe))
