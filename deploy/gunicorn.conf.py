"""gunicorn's configuration for cspr: `gunicorn -c deploy/gunicorn.conf.py cspr.wsgi:application`.

Sync workers (the pages are short database reads and writes; a long PDF render
holds one worker, so the timeout allows for it). Its own logs are JSON lines like
the service's; each request is logged once, by cspr's middleware (with the
request id, person, route, status and duration), so gunicorn's access log is off.
Before any worker starts, the settings are loaded once: an unsafe or mistyped
setting stops gunicorn with one line naming it (cspr/config.py).
"""

import multiprocessing
import os
import sys

from cspr.config import Env, SettingError

_env = Env(os.environ)

# A mistyped value (CSPR_WORKERS=two) stops gunicorn here with the same one line as the
# settings' refusals; an exception would be gunicorn's "Failed to read config file" and a
# traceback (a SystemExit passes through gunicorn's loader untouched).
try:
    bind = _env.str("CSPR_BIND", "0.0.0.0:8000")
    workers = _env.int("CSPR_WORKERS", 2 * multiprocessing.cpu_count() + 1, minimum=1)
    timeout = _env.int("CSPR_WORKER_TIMEOUT", 120, minimum=10)
    # X-Forwarded-* are read by Django (SECURE_PROXY_SSL_HEADER), from the proxy in front only.
    forwarded_allow_ips = _env.str("CSPR_FORWARDED_ALLOW_IPS", "127.0.0.1")
except SettingError as refusal:
    sys.exit(f"cspr: refusing to start: {refusal}")
graceful_timeout = 30
# Recycle workers now and then so that a slow leak (a big PDF, a parser) never grows without end.
max_requests = 2000
max_requests_jitter = 200
# Each worker imports the application itself (no `preload_app`), and cspr/wsgi.py warms it up
# (URL configuration, every view, the bank holidays) before the worker accepts a connection, so
# no request waits for that, after a start, a reload or a recycle. preload_app would load it once
# in the master instead, but then `systemctl reload` (HUP) would restart the workers on the code
# the master loaded at start, not the new release, and every worker would share what the master
# opened before forking; the warm-up costs each new worker a second or two of CPU, nobody's wait.
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cspr.core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


def on_starting(server):
    """Refuse to start, in one line, when the settings are unsafe or mistyped."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loading the settings runs their checks)
    except (ImproperlyConfigured, SettingError) as refusal:
        print(f"cspr: refusing to start: {refusal}", file=sys.stderr)
        sys.exit(1)
