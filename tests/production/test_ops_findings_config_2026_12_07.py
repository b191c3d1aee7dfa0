"""An operator's review of 2026-12-07: settings, health probes, logs and `cspr help`.

Each test is one finding: a placeholder or short key starts the service; /healthz answers 400
to a probe by address and a 500 page when the database is down; a bad closure date, database
scheme or worker count is a traceback, not one line; Django's loggers put the path in their
messages; `cspr help people add` shows `people`'s help.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import include, path

from tests.production.test_logs import log_lines  # noqa: F401  (the configured handler's lines)

ROOT = Path(__file__).resolve().parents[2]
# A key of the kind docs/operations.md says to make.
KEY = "tq3Jw9-vXb2LrN8sKp5Y0zHcA7mFgD4eUiWo1QxRtB6nMhVkZjS_aPlCyE"


def _production(tmp_path: Path, **env: str) -> dict[str, str]:
    """A production environment on a throwaway data folder; nothing from the test run's CSPR_* leaks in."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k not in ("DATABASE_URL",)}
    return clean | {
        "DJANGO_SETTINGS_MODULE": "cspr.settings",
        "CSPR_SECRET_KEY": KEY,
        "CSPR_EMAIL_HOST": "smtp.example.org",
        "CSPR_ALLOWED_HOSTS": "cspr.example.org",
        "CSPR_CACHE": "local",
        "CSPR_DATA_DIR": str(tmp_path),
        "CSPR_STATIC_ROOT": str(tmp_path),
        **env,
    }


def _cspr(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cspr", *arguments], env=env, capture_output=True, text=True)


def _refusal(result: subprocess.CompletedProcess) -> str:
    """The one line a refused start prints (a traceback would be many)."""
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("cspr: refusing to start: ")
    return line


# --- 1. Keys: the example file's placeholders and short keys refuse to start ------------------


def _example_env() -> dict[str, str]:
    lines = (ROOT / "deploy" / "cspr.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_the_example_env_file_as_shipped_refuses_to_start(tmp_path):
    example = _example_env()
    assert example["CSPR_SECRET_KEY"].startswith("change-me") and example["CSPR_AUDIT_KEY"].startswith("change-me")
    line = _refusal(_cspr(_production(tmp_path, **example), "check", "--deploy"))
    assert "CSPR_SECRET_KEY: is still the example file's placeholder" in line
    assert "CSPR_AUDIT_KEY: is still the example file's placeholder" in line
    assert example["CSPR_SECRET_KEY"] not in line  # a key is never printed


@pytest.mark.parametrize(
    ("env", "name", "shortest"),
    [
        ({"CSPR_SECRET_KEY": "x"}, "CSPR_SECRET_KEY", 50),  # Django's own deploy check's length
        ({"CSPR_AUDIT_KEY": "a" * 31}, "CSPR_AUDIT_KEY", 32),  # what the checkpoints' HMAC needs
    ],
)
def test_a_short_key_refuses_to_start(tmp_path, env, name, shortest):
    line = _refusal(_cspr(_production(tmp_path, **env), "check"))
    assert line.startswith(f"cspr: refusing to start: {name}: has ") and f"fewer than {shortest}" in line


def test_a_long_audit_key_starts_and_the_demo_may_use_a_short_one(tmp_path):
    assert _cspr(_production(tmp_path, CSPR_AUDIT_KEY=KEY + "-audit"), "check").returncode == 0
    demo = _production(tmp_path, CSPR_DEMO="1", CSPR_SECRET_KEY="x", CSPR_AUDIT_KEY="demo-only")
    assert _cspr(demo, "check").returncode == 0


# --- 2, 3. /healthz and /readyz: any Host, 503 JSON when the database is down, quiet logs -------

PROBE = """
import sys
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path in sys.argv[1:]:
    response = client.get(path, HTTP_HOST="10.0.0.7:8000")
    print(response.status_code, response.content.decode() if response.status_code != 400 else "")
"""


def _probe(env: dict[str, str], *paths: str) -> tuple[list[tuple[int, str]], list[dict]]:
    """Each path's status and body as a load balancer probing by address sees them, and the JSON log lines."""
    result = subprocess.run([sys.executable, "-c", PROBE, *paths], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    answers = [(int(status), body) for status, _, body in (line.partition(" ") for line in result.stdout.splitlines())]
    return answers, [json.loads(line) for line in result.stderr.splitlines()]


@pytest.mark.django_db
def test_probes_by_address_are_answered_and_every_other_path_still_checks_the_host(settings, client):
    settings.ALLOWED_HOSTS = ["cspr.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").json() == {"status": "ok"}
    assert client.get("/readyz", HTTP_HOST="10.0.0.7").json() == {"status": "ready"}
    assert client.get("/accessibility", HTTP_HOST="10.0.0.7").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="10.0.0.7").status_code == 400
    assert client.post("/healthz", HTTP_HOST="10.0.0.7").status_code == 405


def test_health_with_the_database_down_is_a_503_naming_the_error_without_a_traceback(tmp_path):
    # A folder where the database file should be: SQLite cannot open it, as a stopped server cannot be reached.
    env = _production(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}")
    answers, lines = _probe(env, "/healthz", "/healthz", "/readyz")
    unavailable = {"status": "unavailable", "database": "OperationalError"}
    assert [(status, json.loads(body)) for status, body in answers] == [(503, unavailable)] * 3
    assert not [line for line in lines if line["level"] == "ERROR" or "exception" in line]
    warnings = [line["message"] for line in lines if line["level"] == "WARNING"]
    assert warnings == [
        "healthz unavailable (database: OperationalError)",
        "readyz unavailable (database: OperationalError)",
    ]


def test_not_ready_during_an_upgrade_is_one_warning_not_an_error_per_probe(tmp_path):
    env = _production(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'unmigrated.sqlite3'}")
    answers, lines = _probe(env, "/readyz", "/readyz", "/readyz")
    assert [status for status, _ in answers] == [503, 503, 503]
    assert "core.0001_initial" in json.loads(answers[0][1])["unapplied_migrations"]
    assert not [line for line in lines if line["level"] == "ERROR"]
    [warning] = [line for line in lines if line["level"] == "WARNING"]
    assert warning["logger"] == "cspr.health" and warning["message"].endswith("unapplied migrations)")
    assert not [line for line in lines if "/readyz" in line["message"]]


# --- 4. Mistyped settings: one line naming the variable ----------------------------------------


@pytest.mark.parametrize(
    ("env", "line"),
    [
        (
            {"CSPR_EXTRA_CLOSURE_DATES": "2026-12-28,2026-13-01"},
            "CSPR_EXTRA_CLOSURE_DATES: '2026-13-01' is not a date as YYYY-MM-DD (month must be in 1..12)",
        ),
        (
            {"DATABASE_URL": "postgress://cspr:s3cret-password@db:5432/cspr"},
            "DATABASE_URL: the scheme 'postgress' is not known; use sqlite:///PATH or postgres://",
        ),
        ({"DATABASE_URL": "cspr:s3cret-password@db/cspr"}, "DATABASE_URL: has no scheme; use sqlite:///PATH"),
    ],
)
def test_a_mistyped_setting_is_one_line_naming_it_at_start_up(tmp_path, env, line):
    refusal = _refusal(_cspr(_production(tmp_path, **env), "check"))
    assert refusal.startswith(f"cspr: refusing to start: {line}")
    assert "s3cret-password" not in refusal


def test_good_closure_dates_start(tmp_path):
    assert _cspr(_production(tmp_path, CSPR_EXTRA_CLOSURE_DATES="2026-12-28, 2027-01-04"), "check").returncode == 0


def test_a_mistyped_worker_count_stops_gunicorn_with_one_line(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    config = ROOT / "deploy" / "gunicorn.conf.py"
    result = subprocess.run(
        [gunicorn, "-c", config, "--check-config", "cspr.wsgi:application"],
        env=_production(tmp_path, CSPR_WORKERS="two"),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["cspr: refusing to start: CSPR_WORKERS: 'two' is not a whole number"]


# --- 5. Django's request and security loggers: never the path -----------------------------------


def _broken(request, ref):
    return 1 / 0


urlpatterns = [path("broken/<str:ref>/", _broken), path("", include("cspr.urls"))]
handler500 = "cspr.govuk.views.server_error"


@pytest.mark.django_db
def test_a_csrf_refusal_logs_the_reason_and_route_never_the_path(log_lines):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    response = client.post("/notifications/EXAMPLE/2025/1/", secure=True)  # no Referer over https
    assert response.status_code == 403
    [line] = [line for line in log_lines() if line["logger"] == "django.security.csrf"]
    assert line["message"] == "Forbidden (Referer checking failed - no Referer.)"
    assert line["route"] == "notifications/<ref:ref>/"
    assert "EXAMPLE" not in json.dumps(line)


@pytest.mark.urls(__name__)
def test_a_fault_logs_internal_server_error_without_the_path(client, db, log_lines):  # noqa: F811
    client.raise_request_exception = False
    assert client.get("/broken/SIN-2020-7/").status_code == 500
    [error] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert error["message"] == "Internal Server Error" and error["route"] == "broken/<str:ref>/"
    assert "SIN-2020-7" not in json.dumps(error)


# --- 8. `cspr help <command> <subcommand>` ------------------------------------------------------


def test_help_for_a_subcommand_is_the_subcommands_own_help():
    cspr = Path(sys.executable).with_name("cspr")  # the console script, as an operator types it
    result = subprocess.run([cspr, "help", "people", "add"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: cspr people add ") and "--set-password" in result.stdout
    assert result.stdout == subprocess.run([cspr, "people", "add", "--help"], capture_output=True, text=True).stdout
