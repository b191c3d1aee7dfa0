"""`cspr retention` and case documents: a final report, a file that will not go, a document attached
today; and `cspr backup` saying that documents are not in it."""

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command, load_command_class

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.models import AuditEvent
from cspr.documents.actions import case_document_attach
from cspr.documents.models import CaseDocument
from cspr.learning.models import PublishedReview
from cspr.reviews.models import PracticeReview, StatusEvent
from tests import factories
from tests.cases.rows import valid_row
from tests.learning.test_publication import all_milestones, final_report, publish

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.UTC)


def run(*arguments) -> str:
    out = io.StringIO()
    call_command(*arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def last_changed_long_ago(*cases) -> None:
    """The cases, and every move of their reviews, dated long ago: past a 2-year period now."""
    ids = [case.pk for case in cases]
    Notification.objects.filter(pk__in=ids).update(updated_at=LONG_AGO)
    StatusEvent.objects.filter(notification_id__in=ids).update(at=LONG_AGO)


def attach(actor, case, name: str, data: bytes) -> CaseDocument:
    return case_document_attach(actor=actor, notification_id=case.pk, kind="other", upload_name=name, data=data)


def test_a_case_whose_published_lcspr_names_its_final_report_is_deleted_whole(
    actor, settings, django_capture_on_commit_callbacks
):
    """The final report's protected link stopped every run ("nothing was deleted: ProtectedError")."""
    settings.CSPR_RETENTION_CASE_YEARS = 2
    review = factories.notifications(
        valid_row(
            notification_ref="P-1",
            rr_submitted_date="2020-03-20",
            lcspr_decision_date="2020-04-01",
            lcspr_final_report_date="2020-09-01",
        )
    )["P-1"].practice_review
    all_milestones(review, actor)
    report = final_report(review, actor)
    published = publish(review, actor, final_report_document_id=report.pk)
    other = attach(actor, review.notification, "letter.txt", b"the Panel's letter\n")
    stored = [Path(report.file.path), Path(other.file.path)]
    last_changed_long_ago(review.notification)

    with django_capture_on_commit_callbacks(execute=True):
        assert "1 cases and 0 sign-in records deleted" in run("retention", "--apply")

    assert not Notification.objects.filter(ref="P-1").exists()
    assert not PracticeReview.objects.filter(pk=review.pk).exists()
    assert not CaseDocument.objects.exists()
    assert not any(path.exists() for path in stored)
    # The published learning is kept, unlinked from the case (docs/operations.md, "Retention").
    published.refresh_from_db()
    assert published.notification is None and PublishedReview.objects.filter(pk=published.pk).exists()
    assert AuditEvent.objects.get(action="retention.delete_case").changed_fields["documents"] == 2
    assert audit.verify() == []


@pytest.mark.django_db(transaction=True)  # the files go after the commit, which the command reports on
def test_every_stored_file_is_tried_and_the_ones_left_are_named_with_the_rows_said_deleted(
    reference_data, actor, settings
):
    """The first failing removal stopped the rest, and the command said "nothing was deleted"."""
    settings.CSPR_RETENTION_CASE_YEARS = 2
    case = factories.notification("OLD-1", actor=actor, rr_submitted_date="2020-03-20")
    stuck = attach(actor, case, "first.txt", b"first\n")
    removable = attach(actor, case, "second.txt", b"second\n")
    last_changed_long_ago(case)
    # A real failure, no stand-in: a non-empty folder where the stored file was cannot be removed.
    stuck_path = Path(stuck.file.path)
    stuck_path.unlink()
    (stuck_path / "inside").mkdir(parents=True)

    try:
        with pytest.raises(CommandError) as failed:
            run("retention", "--apply")
        message = str(failed.value)
        assert "nothing was deleted" not in message
        assert "1 cases and 0 sign-in records deleted" in message
        assert "1 of 2 stored document files removed" in message
        assert "1 stored document files could not be removed" in message and f"  {stuck.file.name}: " in message
        assert "first.txt" not in message  # the stored key, never the name it was uploaded with
        assert "Remove them from the documents storage by hand" in message
        assert not Path(removable.file.path).exists()  # tried, and removed, after the one that failed
        assert not Notification.objects.exists() and not CaseDocument.objects.exists()
        assert AuditEvent.objects.filter(action="retention.apply").count() == 1
    finally:
        shutil.rmtree(stuck_path)


def test_a_document_attached_today_is_a_change_to_the_case(actor, settings):
    """Attaching did not move the case's last change, so a case given a document today could be due."""
    settings.CSPR_RETENTION_CASE_YEARS = 2
    case = factories.notification("OLD-1", actor=actor, notified_date="2020-03-05", rr_submitted_date="2020-03-20")
    last_changed_long_ago(case)
    version = Notification.objects.get(pk=case.pk).version
    assert "Cases (notification, children, reviews, documents): 1 due" in run("retention", "--report")

    attach(actor, case, "today.txt", b"attached today\n")

    assert "Cases (notification, children, reviews, documents): 0 due" in run("retention", "--report")
    # The case's fields did not change: a form open on them is not out of date.
    assert Notification.objects.get(pk=case.pk).version == version


@pytest.mark.django_db(transaction=True)  # SQLite's backup API waits forever on the test's open transaction
def test_a_backup_says_the_documents_are_not_in_it_and_where_they_are(reference_data, actor, settings, tmp_path):
    settings.CSPR_AUDIT_KEY = "retention-documents-audit-key-" + "d" * 40
    settings.CSPR_AUDIT_KEY_FILE = ""
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    audit.record(actor=actor, action="test.event")

    said = run("backup", str(tmp_path / "backup.sqlite3"))

    folder = storages["documents"].location
    assert os.path.isdir(folder)
    assert f"case documents are not in this backup: they are in the folder {folder} (CSPR_DOCUMENTS_DIR)" in said
    assert 'docs/operations.md, "Backups and restores"' in said
    helped = load_command_class("cspr.core", "backup").help
    assert "NOT in the backup" in helped and "CSPR_DOCUMENTS_DIR" in helped
