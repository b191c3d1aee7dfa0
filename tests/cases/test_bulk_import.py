"""The import at national scale: streamed, set-based, and still what the standard says (ADR 0034)."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cspr.cases.models import Child, Notification
from cspr.core import clock
from cspr.core.bulk import BulkWriter
from cspr.core.models import AuditEvent
from cspr.domain import codes
from cspr.reviews.models import RapidReview, StatusEvent
from tests.cases.commands import imported as _import
from tests.cases.commands import refused as _refused
from tests.cases.rows import csv_bytes, notification_columns, valid_row, varied_file

pytestmark = pytest.mark.django_db


def _rows_apart(tmp_path, **last):
    """N-1's rows with N-2's between them; `last` changes N-1's second row."""
    path = tmp_path / "apart.csv"
    rows = [valid_row(child_ref="C1"), valid_row(notification_ref="N-2"), valid_row(child_ref="C2", **last)]
    path.write_bytes(csv_bytes(rows))
    return path


def test_a_notifications_rows_apart_in_the_file_still_make_one_notification(tmp_path):
    """The standard does not ask for a notification's rows to be together: such a file is read whole."""
    assert "2 notifications created" in _import(_rows_apart(tmp_path))
    assert sorted(Child.objects.filter(notification__ref="N-1").values_list("child_ref", flat=True)) == ["C1", "C2"]
    assert AuditEvent.objects.filter(action="notification.import_create").count() == 2


def test_rows_apart_that_disagree_are_refused_at_the_later_line(tmp_path):
    path = _rows_apart(tmp_path, incident_date="2020-03-01")
    assert f"{path}:4: incident_date: '2020-03-01' disagrees with line 2" in _refused(path)
    assert not Notification.objects.exists()


def test_a_problem_on_the_last_line_rolls_back_the_batches_already_written(tmp_path):
    """Batches are written as the file is read; a bad cell after them still leaves nothing behind."""
    good = varied_file(2100).decode()
    bad = csv_bytes([valid_row(notification_ref="N-LAST", gender="M")], list(codes.ALL_COLUMNS)).decode()
    path = tmp_path / "late-problem.csv"
    path.write_text(good + bad.split("\n", 1)[1])
    lines = good.count("\n") + 1
    assert f"{path}:{lines}: gender: 'M' is not one of" in _refused(path)
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="notification.").exists()


def test_the_queries_of_a_load_do_not_grow_with_its_records(tmp_path):
    """Set-based: one statement per table per batch, however many notifications the batch holds."""
    counts = []  # the first import also makes its actor and the audit chain's head: not counted
    for size, name in ((5, "first.csv"), (20, "small.csv"), (200, "large.csv")):
        path = tmp_path / name
        path.write_bytes(varied_file(size, seed=size))
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            _import(path)
        counts.append(len(queries))
    assert Notification.objects.count() == 200
    assert counts[2] == counts[1], counts


def test_every_new_review_has_its_first_status_event_and_the_import_one_audit_event_each(tmp_path):
    path = tmp_path / "varied.csv"
    path.write_bytes(varied_file(60))
    _import(path)
    assert StatusEvent.objects.filter(from_status="").count() == RapidReview.objects.count() + sum(
        1 for n in Notification.objects.all() if hasattr(n, "practice_review")
    )
    assert AuditEvent.objects.filter(action="notification.import_create").count() == 60
    from cspr.core import audit

    assert audit.verify() == []


def test_a_bulk_row_without_a_value_its_column_needs_is_an_error_not_a_null():
    with pytest.raises(ValueError, match="cases.Child.notification_id: a bulk row gives no value"):
        BulkWriter().insert(Child, [{"child_ref": "C1", "gender": "female", "ethnicity": "WBRI"}])


def test_a_bulk_row_naming_no_field_of_the_model_is_an_error_not_a_default():
    with pytest.raises(ValueError, match="cases.Child: a bulk row names no field gendr"):
        BulkWriter().insert(Child, [{"notification_id": 1, "child_ref": "C1", "gendr": "female", "ethnicity": "WBRI"}])


def test_a_bulk_row_breaking_a_constraint_is_an_integrity_error_on_either_database():
    """PostgreSQL's COPY goes through the driver's own cursor: its errors must still be Django's (importer.py)."""
    row = {"notification_id": None, "child_ref": "C1", "gender": "female", "ethnicity": "WBRI"}
    with pytest.raises(IntegrityError), transaction.atomic():
        BulkWriter().insert(Child, [row])


def test_the_memoised_clock_answers_as_the_clock_does():
    days = [date(2024, 12, 20), date(2024, 12, 23), date(2025, 4, 17), date(2023, 8, 25)]
    plain = [
        (clock.notification_due(d), clock.rapid_review_due(aware_date=d, notified_date=d), clock.practice_review_due(d))
        for d in days
    ]
    with clock.memoised():
        remembered = [
            (
                clock.notification_due(d),
                clock.rapid_review_due(aware_date=d, notified_date=d),
                clock.practice_review_due(d),
            )
            for d in days + days
        ]
    assert remembered == plain + plain


def test_rows_over_several_statements_are_all_written_in_order_and_a_bad_one_refuses_them_all(monkeypatch):
    """On SQLite a bulk insert is several multi-row INSERTs (bulk.ROWS_PER_INSERT rows each)."""
    from cspr.core import bulk

    monkeypatch.setattr(bulk, "ROWS_PER_INSERT", 7)
    writer = BulkWriter()
    [pk] = writer.reserve_ids(Notification, 1)
    writer.insert(Notification, [{"id": pk, **notification_columns("ROWS-1")}])
    genders = [codes.GENDERS[i % len(codes.GENDERS)] for i in range(30)]
    rows = [
        {"notification_id": pk, "child_ref": f"C{i:02}", "gender": g, "ethnicity": "WBRI", "outcome": "other"}
        for i, g in enumerate(genders)
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        writer.insert(Child, rows[:24] + [rows[24] | {"gender": "M"}] + rows[25:])
    assert not Child.objects.exists()
    assert writer.insert(Child, rows) == 30
    assert list(Child.objects.order_by("id").values_list("child_ref", "gender")) == [
        (row["child_ref"], row["gender"]) for row in rows
    ]
