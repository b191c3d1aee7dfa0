"""A row that changes nothing is never refused, whatever its record_version (docs/standard, ADR 0021).

`record_version` is the register's own: a record imported into another register (or
into this one again after it was emptied) takes the version that register gives it, so
the versions of a file can differ from the register's while every other value is the
same. Such a file is imported again idempotently; only a row that would change
something is checked against the register's version.
"""

import io
import json

import pytest
from django.core.management import call_command

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from tests.cases.commands import imported as _import
from tests.cases.commands import refused as _refused
from tests.cases.rows import csv_bytes, valid_row, varied_file

pytestmark = pytest.mark.django_db


def _export(fmt: str) -> str:
    out = io.StringIO()
    call_command("export", "--format", fmt, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _versions(document: str) -> dict[str, int]:
    return {n["notification_ref"]: n["record_version"] for n in json.loads(document)["notifications"]}


@pytest.fixture
def lived_in_export(tmp_path) -> tuple[str, str]:
    """A register whose records have each been changed once since they were created, exported as
    JSON and CSV; then emptied, as a new register the files are imported into would be."""
    first = tmp_path / "first.csv"
    first.write_bytes(varied_file(12, seed=5))
    _import(first)
    document = json.loads(_export("json"))
    for n in document["notifications"]:
        n["incident_description"] = f"Changed once in the old register ({n['notification_ref']})."
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    assert "12 updated" in _import(edited)
    files = _export("json"), _export("csv")
    Notification.objects.all().delete()
    return files


def test_an_export_imported_into_an_empty_register_imports_again_as_unchanged(tmp_path, lived_in_export):
    as_json, as_csv = lived_in_export
    path = tmp_path / "exp.json"
    path.write_text(as_json)
    assert "12 notifications created" in _import(path)
    # The new register's versions are its own: lower than the old register's, for the same records.
    fresh = _versions(_export("json"))
    old = _versions(as_json)
    assert all(fresh[ref] < old[ref] for ref in old)
    events = AuditEvent.objects.count()
    assert "0 notifications created, 0 updated, 12 unchanged" in _import(path)
    assert "0 notifications created, 0 updated, 12 unchanged" in _import(path, "--overwrite")
    csv_path = tmp_path / "exp.csv"
    csv_path.write_text(as_csv)
    assert "0 notifications created, 0 updated, 12 unchanged" in _import(csv_path)
    assert AuditEvent.objects.count() == events + 3  # the three imports' summaries: no record was written
    assert _versions(_export("json")) == fresh


def test_unchanged_rows_with_other_versions_do_not_stop_a_current_row_changing_its_record(tmp_path, lived_in_export):
    as_json, _ = lived_in_export
    path = tmp_path / "exp.json"
    path.write_text(as_json)
    _import(path)
    current = json.loads(_export("json"))  # this register's versions
    document = json.loads(as_json)  # the old register's, which this register never had
    first = document["notifications"][0]
    mine = current["notifications"][0]
    assert first["notification_ref"] == mine["notification_ref"]
    document["notifications"][0] = mine | {"covid_factor": "yes" if mine["covid_factor"] != "yes" else "no"}
    path.write_text(json.dumps(document))
    assert "0 notifications created, 1 updated, 11 unchanged" in _import(path)


def test_a_row_that_would_change_its_record_is_still_checked_against_the_registers_version(tmp_path, lived_in_export):
    as_json, _ = lived_in_export
    path = tmp_path / "exp.json"
    path.write_text(as_json)
    _import(path)
    document = json.loads(as_json)
    changed = document["notifications"][1]
    ref, version = changed["notification_ref"], changed["record_version"]
    now = _versions(_export("json"))[ref]
    changed["covid_factor"] = "yes" if changed["covid_factor"] != "yes" else "no"
    path.write_text(json.dumps(document))
    stderr = _refused(path)
    # The file's version is ahead of the register's: it was not exported from this register.
    assert f"{path}:notifications[1]: record_version: {ref}: the file has version {version}" in stderr
    assert f"the register {now}" in stderr and "not exported from this register" in stderr
    assert stderr.count("record_version:") == 1  # the unchanged rows are not named
    assert Notification.objects.get(ref=ref).covid_factor != changed["covid_factor"]


def test_a_stale_row_that_a_review_would_also_refuse_is_named_for_its_version(tmp_path):
    first = tmp_path / "first.csv"
    responded = {"rr_submitted_date": "2020-03-20", "rr_lcspr_recommended": "yes", "rr_national_review": "no"}
    first.write_bytes(csv_bytes([valid_row(notification_ref="R-1", **responded, rr_panel_response_date="2020-04-02")]))
    _import(first)
    exported = _export("csv")
    theirs = tmp_path / "theirs.csv"
    theirs.write_text(exported.replace(",no,", ",yes,", 1))  # someone else's change, exported after it
    assert "1 updated" in _import(theirs)
    mine = tmp_path / "mine.csv"
    mine.write_text(exported.replace("2020-04-02", ""))  # takes the rapid review back, from the older export
    stderr = _refused(mine)
    assert f"{mine}:2: record_version: R-1 has changed in the register since this file was exported" in stderr
