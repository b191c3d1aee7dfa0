"""An operator's review of the production run (2026-12-07), one test per finding.

A mistyped CSPR_API_RATE started the service and made every API call a 500; a CSPR_SITE_URL
without a scheme sent reminders with dead links; `cspr --help` refused to run before the
settings were made; the pseudonymised extract was written readable by everyone; `cspr restore`
did not say that the case documents are restored separately.
"""

import io
import os
import stat
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from ninja.throttling import SimpleRateThrottle

from cspr.config import Env, SettingError
from cspr.reviews import reminders
from tests.cases.rows import valid_row
from tests.factories import notifications
from tests.production.test_ops_findings_config_2026_12_07 import _cspr, _production


def _unconfigured(tmp_path: Path) -> dict[str, str]:
    """A machine where nothing is set yet, as a new operator first runs `cspr --help`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k not in ("DATABASE_URL",)}
    return clean | {"DJANGO_SETTINGS_MODULE": "cspr.settings", "CSPR_DATA_DIR": str(tmp_path)}


def _refusal(result: subprocess.CompletedProcess) -> str:
    """The one line a refused start prints (a traceback would be many)."""
    assert result.returncode != 0, result.stdout
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("cspr: refusing to start: ")
    return line


# --- 1. CSPR_API_RATE: refused at start-up unless ninja's throttle can read it ---------------


@pytest.mark.parametrize("rate", ["fast", "600", "600/minute", "600/MIN", "600 /min", "0/min", "-5/min", "600/60"])
def test_a_rate_the_throttle_cannot_use_refuses_to_start(tmp_path, rate):
    line = _refusal(_cspr(_production(tmp_path, CSPR_API_RATE=rate), "check", "--deploy"))
    assert line.startswith(f"cspr: refusing to start: CSPR_API_RATE: {rate.strip()!r} is not a request rate; ")


def test_a_valid_rate_starts(tmp_path):
    assert _cspr(_production(tmp_path, CSPR_API_RATE="100/10m"), "check").returncode == 0


@pytest.mark.parametrize(
    ("rate", "requests", "seconds"),
    [
        ("5/s", 5, 1),
        ("5/sec", 5, 1),
        ("600/m", 600, 60),
        ("600/min", 600, 60),
        ("1000/h", 1000, 3600),
        ("1000/hour", 1000, 3600),
        ("20000/d", 20000, 86400),
        ("20000/day", 20000, 86400),
        ("100/10m", 100, 600),
    ],
)
def test_every_rate_accepted_is_read_by_the_throttle_as_meant(rate, requests, seconds):
    assert Env({"CSPR_API_RATE": rate}).rate("CSPR_API_RATE", "600/min") == rate
    assert SimpleRateThrottle(rate=rate).parse_rate(rate) == (requests, seconds)


@pytest.mark.parametrize("rate", ["fast", "600", "600/minute", "600/days", "600/"])
def test_what_the_throttle_cannot_read_is_refused(rate):
    with pytest.raises(ValueError):
        SimpleRateThrottle(rate="1/s").parse_rate(rate)
    with pytest.raises(SettingError, match="CSPR_API_RATE"):
        Env({"CSPR_API_RATE": rate}).rate("CSPR_API_RATE", "600/min")


# --- 2. CSPR_SITE_URL and --base-url: an absolute address, https where the service redirects ---


@pytest.mark.parametrize(
    "url", ["cspr.example.org", "//cspr.example.org", "https://", "ftp://cspr.example.org", "https://x.org/?a=1"]
)
def test_a_site_url_that_is_not_an_absolute_address_refuses_to_start(tmp_path, url):
    line = _refusal(_cspr(_production(tmp_path, CSPR_SITE_URL=url), "check"))
    assert line.startswith(f"cspr: refusing to start: CSPR_SITE_URL: {url!r} ")


def test_production_refuses_an_http_site_url_and_a_host_without_tls_may_use_one(tmp_path):
    line = _refusal(_cspr(_production(tmp_path, CSPR_SITE_URL="http://cspr.example.org"), "check"))
    assert "starting https://" in line
    without_tls = _production(tmp_path, CSPR_SITE_URL="http://cspr.example.org", CSPR_SSL_REDIRECT="0")
    assert _cspr(without_tls, "check").returncode == 0
    assert _cspr(_production(tmp_path, CSPR_SITE_URL="https://cspr.example.org/reviews/"), "check").returncode == 0


@pytest.mark.django_db
@pytest.mark.parametrize("given", ["cspr.example.org", "https://", "http://cspr.example.org"])
def test_send_reminders_refuses_a_base_url_that_is_not_an_absolute_address(settings, given, mailoutbox):
    settings.SECURE_SSL_REDIRECT = True
    notifications(valid_row(notification_ref="SITE-1", notified_date="2026-11-30"))
    with pytest.raises(CommandError, match="is not an absolute address.*nothing was sent"):
        call_command("send-reminders", "--base-url", given, stdout=io.StringIO())
    assert mailoutbox == []
    assert reminders.site_url("https://cspr.example.org/") == "https://cspr.example.org"


# --- 3. `cspr --help` before any setting is made; real commands still refuse ----------------


@pytest.mark.parametrize(
    ("arguments", "shown"),
    [
        ([], "cspr's commands"),
        (["--help"], "cspr's commands"),
        (["help"], "cspr's commands"),
        # `python -m cspr` names itself __main__.py in a command's usage line; the script says cspr.
        (["help", "backup"], " backup [-h]"),
        (["backup", "--help"], " backup [-h]"),
        (["people", "add", "-h"], " people add [-h]"),
    ],
)
def test_help_is_shown_without_the_production_settings(tmp_path, arguments, shown):
    result = _cspr(_unconfigured(tmp_path), *arguments)
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    assert "help only; commands will refuse to start: CSPR_SECRET_KEY: is not set" in result.stderr


@pytest.mark.parametrize("arguments", [["check"], ["check", "--", "--help"], ["--version"]])
def test_commands_still_refuse_to_start_without_the_production_settings(tmp_path, arguments):
    line = _refusal(_cspr(_unconfigured(tmp_path), *arguments))
    assert "CSPR_SECRET_KEY: is not set" in line


def test_help_still_refuses_a_mistyped_setting(tmp_path):
    line = _refusal(_cspr(_unconfigured(tmp_path) | {"CSPR_DEBUG": "ture"}, "--help"))
    assert line.startswith("cspr: refusing to start: CSPR_DEBUG: ")


# --- 4. The pseudonymised extract is its owner's only, as a backup is ---------------------------


@pytest.mark.django_db
def test_the_pseudonymised_extract_is_written_readable_by_its_owner_only(settings, tmp_path):
    settings.CSPR_PSEUDONYM_KEY = "pseudonym-key-kept-from-analysts-0123456789"
    notifications(valid_row(notification_ref="SIN-2020-0042"))
    out = tmp_path / "extract.csv"
    out.write_text("an earlier extract, made readable by everyone")
    out.chmod(0o644)
    previous = os.umask(0o022)
    try:
        call_command("pseudonymised-extract", "--out", str(out), stderr=io.StringIO())
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "SIN-2020-0042" not in out.read_text() and out.read_text().count("\n") == 2


# --- 5. `cspr restore` says the documents are restored separately, and where from -----------------


def test_restore_help_names_the_documents_folder(tmp_path):
    shown = _cspr(_production(tmp_path), "help", "restore").stdout
    assert "NOT in the backup: restore the documents folder (CSPR_DOCUMENTS_DIR)" in " ".join(shown.split())


def test_a_restore_says_to_restore_the_documents_folder_too(tmp_path, migrated_sqlite):
    migrated_sqlite(tmp_path / "live.sqlite3")
    documents = tmp_path / "documents"
    env = _production(
        tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'live.sqlite3'}", CSPR_DOCUMENTS_DIR=str(documents)
    )
    backed_up = _cspr(env, "backup", str(tmp_path / "backup.sqlite3"))
    assert backed_up.returncode == 0, backed_up.stderr
    restored = _cspr(env, "restore", str(tmp_path / "backup.sqlite3"), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert (
        f"now restore the documents too, as they are not in the backup: restore the folder {documents} "
        "(CSPR_DOCUMENTS_DIR) from the copy made with this backup" in restored.stdout
    )
