"""Small registers for the report tests, loaded through `cspr import` like real data."""

import io

import pytest
from django.core.management import call_command

from tests.cases.rows import csv_bytes, valid_row


def load_rows(tmp_path, rows: list[dict], name: str = "register.csv") -> None:
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    call_command("import", str(path), stdout=io.StringIO())


@pytest.fixture
def load(tmp_path, db):
    def _load(rows, name="register.csv"):
        load_rows(tmp_path, rows, name)

    return _load


def row(ref: str, child: str = "C1", **overrides) -> dict:
    """One child's row of a notification: `row("N-2", incident_type="death", ...)`."""
    return valid_row(notification_ref=ref, child_ref=child, **overrides)
