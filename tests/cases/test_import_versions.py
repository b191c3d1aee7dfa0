"""An import refuses rows whose record changed since the file was exported (record_version)."""

import io

import pytest
from django.core.management import call_command

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from tests.cases.commands import imported as _import
from tests.cases.commands import refused as _refused
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db


def _export() -> str:
    out = io.StringIO()
    call_command("export", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _edited(text: str, ref: str, column: str, value: str) -> str:
    """The exported file with one column of one notification's rows changed."""
    lines = text.splitlines()
    header = lines[0].split(",")
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == ref:
            cells[header.index(column)] = value
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


@pytest.fixture
def registered(tmp_path):
    """Two notifications in the register, and the file they were exported to."""
    first = tmp_path / "first.csv"
    first.write_bytes(csv_bytes([valid_row(notification_ref="V-1"), valid_row(notification_ref="V-2")]))
    _import(first)
    return _export()


def test_an_export_carries_each_records_version(registered):
    header, row, _ = registered.splitlines()
    assert header.split(",")[-1] == "record_version"
    assert row.split(",")[-1] == "2"  # the notification's version 1 and its rapid review's version 1


def test_a_file_exported_after_the_last_change_updates_the_record(tmp_path, registered):
    path = tmp_path / "mine.csv"
    path.write_text(_edited(registered, "V-1", "domestic_abuse", "yes"))
    assert "1 updated, 1 unchanged" in _import(path)
    assert Notification.objects.get(ref="V-1").domestic_abuse == "yes"
    assert _export().splitlines()[1].split(",")[-1] == "3"


def test_a_row_changed_in_the_register_since_its_export_is_refused_and_nothing_is_written(tmp_path, registered):
    theirs, mine = tmp_path / "theirs.csv", tmp_path / "mine.csv"
    theirs.write_text(_edited(registered, "V-1", "covid_factor", "yes"))
    mine.write_text(_edited(_edited(registered, "V-1", "domestic_abuse", "yes"), "V-2", "near_miss", "yes"))
    _import(theirs)
    events = AuditEvent.objects.count()
    stderr = _refused(mine)
    assert f"{mine}:2: record_version: V-1 has changed in the register since this file was exported" in stderr
    assert "(the file has version 2, the register 3)" in stderr
    assert "V-2" not in stderr  # unchanged since its export: only the stale row is named
    v1, v2 = Notification.objects.get(ref="V-1"), Notification.objects.get(ref="V-2")
    assert (v1.covid_factor, v1.domestic_abuse, v2.near_miss) == ("yes", "unknown", "unknown")
    assert AuditEvent.objects.count() == events


def test_a_change_made_through_a_review_makes_the_file_stale_too(tmp_path, registered):
    later = tmp_path / "later.csv"
    later.write_text(
        _edited(_edited(registered, "V-1", "rr_submitted_date", "2020-03-20"), "V-1", "rr_lcspr_recommended", "no")
    )
    _import(later)  # the rapid review moves on: its version, not the notification's columns
    stale = tmp_path / "stale.csv"
    stale.write_text(_edited(registered, "V-1", "domestic_abuse", "yes"))
    assert "V-1 has changed in the register" in _refused(stale)


def test_a_file_without_the_column_still_creates_new_records(tmp_path):
    path = tmp_path / "old.csv"
    path.write_bytes(csv_bytes([valid_row(notification_ref="OLD-1")]))
    assert "1 notifications created" in _import(path)
    assert "1 unchanged" in _import(path)  # the same file again changes nothing, so it is not refused


def test_a_file_without_the_column_cannot_change_a_recorded_notification_unless_told_to(tmp_path, registered):
    path = tmp_path / "old.csv"
    path.write_bytes(csv_bytes([valid_row(notification_ref="V-1", domestic_abuse="yes")]))
    stderr = _refused(path)
    assert f"{path}:2: record_version: V-1 is already in the register and this row would change it" in stderr
    assert Notification.objects.get(ref="V-1").domestic_abuse == "unknown"
    assert "1 updated" in _import(path, "--overwrite")
    assert Notification.objects.get(ref="V-1").domestic_abuse == "yes"
    summary = AuditEvent.objects.filter(action="register.import").latest("pk")
    assert summary.changed_fields["overwrite"] is True


def test_a_json_export_carries_the_version_and_is_checked_the_same_way(tmp_path, registered):
    out = io.StringIO()
    call_command("export", "--format", "json", stdout=out, stderr=io.StringIO())
    document = out.getvalue()
    assert '"record_version": 2' in document
    theirs = tmp_path / "theirs.csv"
    theirs.write_text(_edited(registered, "V-2", "covid_factor", "yes"))
    _import(theirs)
    mine = tmp_path / "mine.json"
    mine.write_text(document.replace('"covid_factor": "unknown"', '"covid_factor": "no"'))
    assert f"{mine}:notifications[1]: record_version: V-2 has changed" in _refused(mine)
