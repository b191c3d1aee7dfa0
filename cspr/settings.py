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
    "cspr.govuk",
    "cspr.stats",
    "cspr.learning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cspr.urls"
WSGI_APPLICATION = "cspr.wsgi.application"

TEMPLATES = [
    {
        # cspr's own pages: Jinja2 with govuk-frontend-jinja's macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "cspr.govuk.jinja2.environment"},
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
            ]
        },
    }
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
# Imports report every problem at once, up to this many.
CSPR_IMPORT_MAX_ERRORS = int(os.environ.get("CSPR_IMPORT_MAX_ERRORS", "200"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CSPR_LOG_LEVEL", "WARNING")},
}
