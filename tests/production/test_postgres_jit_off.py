"""cspr's PostgreSQL connections run without JIT compilation, which made the statistics' scans
1.5 to 3.5 times slower (cspr/settings.py; docs/operations.md); a DATABASE_URL's own options
come after it, so an operator can still turn it on."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_the_connection_has_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def options_for(database_url: str) -> dict:
    env = {**os.environ, "CSPR_DEMO": "1", "DATABASE_URL": database_url}
    code = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    found = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env={**env, "DJANGO_SETTINGS_MODULE": "cspr.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def test_a_postgresql_url_gets_jit_off_before_its_own_options():
    assert options_for("postgres://cspr@db.invalid:5432/cspr")["options"] == "-c jit=off"
    assert options_for("postgres://cspr@db.invalid:5432/cspr?options=-c%20jit%3Don&sslmode=require") == {
        "options": "-c jit=off -c jit=on",
        "sslmode": "require",
    }


def test_sqlite_is_left_alone(tmp_path):
    assert "options" not in options_for(f"sqlite:///{tmp_path / 'db.sqlite3'}")
