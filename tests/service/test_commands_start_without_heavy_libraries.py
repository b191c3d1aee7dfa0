"""`cspr` commands start without importing the heavy libraries that only some pages and commands use.

Each runs the real console entry point in a new process (as an operator's shell or
cron would) on an empty, migrated copy of the test database, then lists which heavy
libraries ended up in `sys.modules`. bench/startup.py measures the time this saves.
"""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

# Libraries that cost from a few hundredths to tenths of a second each to import and that no
# quick command needs: django-ninja and pydantic are the API's, snowballstemmer the learning
# repository's, psycopg PostgreSQL's (checked only on SQLite, where nothing needs it).
HEAVY = (
    *("sklearn", "scipy", "numpy", "weasyprint", "pypdf", "pdfplumber", "pypdfium2", "docx", "odf", "tqdm"),
    *("ninja", "pydantic", "snowballstemmer"),
)

RUN_AND_LIST = """
import sys
sys.argv = ["cspr", *sys.argv[1:]]
from cspr.cli import main
try:
    main()
except SystemExit as stop:
    if stop.code not in (None, 0):
        raise
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print("heavy libraries imported:", ",".join(heavy) or "none")
"""


@pytest.fixture
def database_url(tmp_path):
    """A DATABASE_URL for a new process: the test database's schema, with no rows."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "cspr.sqlite3")
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{tmp_path / 'cspr.sqlite3'}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_cspr(database_url, *args) -> str:
    heavy = (*HEAVY, "psycopg") if database_url.startswith("sqlite") else HEAVY
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {heavy!r}\n{RUN_AND_LIST}", *args],
        env={**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "cspr.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_cspr_deadlines_imports_no_heavy_library(database_url):
    output = run_cspr(database_url, "deadlines")
    assert "nothing open" in output  # the command really ran, against the empty register
    assert output.splitlines()[-1] == "heavy libraries imported: none"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("command", ["report", "briefing", "learning", "import", "export", "audit"])
def test_loading_a_command_imports_no_heavy_library(database_url, command):
    """`cspr help COMMAND` loads the command's module; each imports what a verb or format needs when it runs."""
    output = run_cspr(database_url, "help", command)
    assert f"usage: cspr {command}" in output
    assert output.splitlines()[-1] == "heavy libraries imported: none"


@pytest.mark.django_db(transaction=True)
def test_cspr_help_imports_no_heavy_library(database_url):
    output = run_cspr(database_url, "--help")
    assert "cspr's commands" in output
    assert output.splitlines()[-1] == "heavy libraries imported: none"


def test_every_cspr_command_but_demo_skips_the_system_checks():
    """The checks import every URL and view; `cspr check` runs them, and deployment runs `cspr check --deploy`.

    `demo` keeps them: it starts the web service, whose pages they are about.
    """
    from django.core.management import get_commands, load_command_class

    checking = [
        name
        for name, app in get_commands().items()
        if app.startswith("cspr.") and name != "demo" and load_command_class(app, name).requires_system_checks != []
    ]
    assert checking == []


def test_the_url_configuration_imports_no_text_model_library():
    """A web process's first request loads every view: scikit-learn waits for the page that compares text.

    It took 0.8 s of each process's first request (the learning views reach the similar
    reviews and recurrence modules). numpy and scipy wait for a search too:
    tests/service/test_web_process_starts_warm.py.
    """
    listing = "import django, sys; django.setup(); import cspr.urls; print('sklearn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", listing],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cspr.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]
