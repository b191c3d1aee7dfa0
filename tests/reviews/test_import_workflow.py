"""The import writes a case's reviews through the workflow, never around it.

A file may move a review on (through several states at once, one status event
per move), never back; a file that no longer carries a local review the
register holds is refused, not obeyed: nothing is deleted by omission. A
refusal names FILE:LINE: column and loads nothing at all.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.reviews.models import PracticeReview, StatusEvent
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db


def _import(tmp_path, name: str, *rows: dict):
    # Files from outside cspr, without record_version: --overwrite lets them update a case.
    path = tmp_path / name
    path.write_bytes(csv_bytes(list(rows)))
    call_command("import", "--overwrite", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def _refused(tmp_path, name: str, *rows: dict) -> str:
    """Import a file that must be refused; return what the command printed about it."""
    path = tmp_path / name
    path.write_bytes(csv_bytes(list(rows)))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "--overwrite", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


SUBMITTED = {"rr_submitted_date": "2020-03-20", "rr_lcspr_recommended": "yes", "rr_national_review": "no"}
RESPONDED = {**SUBMITTED, "rr_panel_response_date": "2020-04-02"}


def test_a_file_may_catch_a_review_up_through_several_states(tmp_path):
    _import(tmp_path, "first.csv", valid_row(notification_ref="W-1"))
    _import(tmp_path, "later.csv", valid_row(notification_ref="W-1", **RESPONDED))
    n = Notification.objects.get(ref="W-1")
    assert n.rapid_review.status == "responded"
    moves = list(
        StatusEvent.objects.filter(notification=n, workflow="rapid_review").values_list("from_status", "to_status")
    )
    assert moves == [("", "due"), ("due", "submitted"), ("submitted", "responded")]


def test_a_file_that_takes_a_review_backwards_is_refused_and_loads_nothing(tmp_path):
    _import(tmp_path, "first.csv", valid_row(notification_ref="W-1", **RESPONDED))
    before = (AuditEvent.objects.count(), StatusEvent.objects.count())
    stderr = _refused(
        tmp_path,
        "back.csv",
        valid_row(notification_ref="W-2"),
        valid_row(notification_ref="W-1", **SUBMITTED),
    )
    assert (
        "back.csv:3: rr_panel_response_date: W-1: a rapid review cannot go back from responded to submitted" in stderr
    )
    assert not Notification.objects.filter(ref="W-2").exists()
    assert Notification.objects.get(ref="W-1").rapid_review.status == "responded"
    assert (AuditEvent.objects.count(), StatusEvent.objects.count()) == before


def test_a_file_without_a_local_review_the_register_holds_is_refused(tmp_path):
    lcspr = {**SUBMITTED, "lcspr_decision_date": "2020-04-01"}
    _import(tmp_path, "first.csv", valid_row(notification_ref="W-1", **lcspr))
    stderr = _refused(tmp_path, "without.csv", valid_row(notification_ref="W-1", **SUBMITTED))
    assert "without.csv:2: lcspr_decision_date: W-1: is empty, but the register holds a local review" in stderr
    assert PracticeReview.objects.filter(notification__ref="W-1").exists()


def test_a_queried_review_stays_queried_while_the_file_says_submitted(tmp_path, actor):
    from cspr.reviews import actions

    _import(tmp_path, "first.csv", valid_row(notification_ref="W-1", **SUBMITTED))
    review = Notification.objects.get(ref="W-1").rapid_review
    actions.rapid_review_query(actor=actor, rapid_review_id=review.pk, version=None, reason="Which agencies?")
    _import(tmp_path, "again.csv", valid_row(notification_ref="W-1", **SUBMITTED))
    review.refresh_from_db()
    assert review.status == "queried"


def test_a_file_that_finds_abuse_suspected_in_a_looked_after_childs_death_starts_the_clock(tmp_path):
    """Refused before as "cannot go back from not_required to due", against the submission date."""
    death = {
        "notification_kind": "looked_after_death",
        "incident_type": "death",
        "harm_category": "",
        "death_category": "unrelated_or_unclear",
    }
    _import(tmp_path, "first.csv", valid_row(notification_ref="LAC-9", abuse_neglect_suspected="no", **death))
    _import(tmp_path, "later.csv", valid_row(notification_ref="LAC-9", abuse_neglect_suspected="yes", **death))
    review = Notification.objects.get(ref="LAC-9").rapid_review
    assert review.status == "due" and review.due_date is not None
    moves = list(StatusEvent.objects.filter(notification__ref="LAC-9").values_list("from_status", "to_status"))
    assert moves == [("", "not_required"), ("not_required", "due")]
