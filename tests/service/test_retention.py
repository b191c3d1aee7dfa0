"""`cspr retention`: a report of what is past its period; apply deletes it all or nothing, audited, chain intact."""

import datetime as dt
import io

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command

from cspr.cases.models import Child, Notification
from cspr.core import audit
from cspr.core.models import AuditEvent
from cspr.service import retention
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def register(actor, settings):
    """Two cases last changed in 2021 (past a 2-year period now), one notified and changed recently."""
    settings.CSPR_RETENTION_CASE_YEARS = 2
    settings.CSPR_RETENTION_SIGN_IN_YEARS = 2
    with time_machine.travel(LONG_AGO, tick=False):
        old = factories.notifications(
            valid_row(notification_ref="OLD-1", rr_submitted_date="2020-03-20"),
            valid_row(notification_ref="OLD-2", child_ref="C1", rr_submitted_date="2020-03-20"),
            valid_row(notification_ref="OLD-2", child_ref="C2", age_years="3", rr_submitted_date="2020-03-20"),
            actor=actor,
        )
        AccessAttempt.objects.create(
            username="alice", ip_address="203.0.113.7", user_agent="x", get_data="", post_data="",
            http_accept="", path_info="/accounts/login/", failures_since_start=1,
        )  # fmt: skip
    recent = factories.notification("NEW-1", actor=actor, notified_date="2026-01-05", incident_date="2026-01-01",
                                    aware_date="2026-01-02")  # fmt: skip
    return {**old, "NEW-1": recent}


def run(*arguments) -> str:
    out = io.StringIO()
    call_command("retention", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_report_counts_what_is_due_per_kind_and_changes_nothing(register):
    report = run("--report")
    assert "Cases (notification, children, reviews, documents): 2 due (kept 2 years" in report
    assert "Sign-in records (attempts, failures, sessions): 1 due" in report
    assert Notification.objects.count() == 3


def test_apply_deletes_what_is_due_audits_it_and_keeps_the_chain_verifiable(register):
    assert "2 cases and 1 sign-in records deleted" in run("--apply")
    assert list(Notification.objects.values_list("ref", flat=True)) == ["NEW-1"]
    assert not Child.objects.filter(notification__ref__startswith="OLD").exists()
    assert not AccessAttempt.objects.exists()

    deleted = AuditEvent.objects.filter(action="retention.delete_case").order_by("id")
    assert [(e.object_id, e.changed_fields["children"]) for e in deleted] == [("OLD-1", 1), ("OLD-2", 2)]
    summary = AuditEvent.objects.get(action="retention.apply")
    assert summary.changed_fields["deleted"] == {"case": 2, "sign_in": 1}
    assert summary.actor.username == "system:retention"
    # The cases' own audit events are kept, and the chain still verifies.
    assert AuditEvent.objects.filter(object_id="OLD-1").exclude(action__startswith="retention").exists()
    assert audit.verify() == []


def test_apply_is_all_or_nothing(register, monkeypatch):
    real = retention._delete_case
    calls = []

    def fail_on_the_second_case(**kwargs):
        calls.append(kwargs["case"].ref)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(retention, "_delete_case", fail_on_the_second_case)
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="nothing was deleted: RuntimeError: disk full"):
        run("--apply")
    assert calls == ["OLD-1", "OLD-2"]  # the first case was deleted inside the transaction...
    assert Notification.objects.filter(ref="OLD-1").exists()  # ...and rolled back with the rest
    assert Notification.objects.count() == 3 and AccessAttempt.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert audit.verify() == []


def test_nothing_is_due_before_its_period_ends(register, settings):
    settings.CSPR_RETENTION_CASE_YEARS = 30
    assert "2 due" not in run("--report")
    assert "0 cases" in run("--apply")
    assert Notification.objects.count() == 3


def test_a_case_whose_review_is_under_way_or_moved_since_is_kept_and_the_report_says_so(register, actor, people):
    # Each of these cases' own record is as old as OLD-1's; what keeps them is their reviews: a
    # rapid review still due, an LCSPR still being written, a rapid review the Panel responded to
    # since the cutoff, a national review not yet published. Deleting them would end live work.
    from cspr.reviews import actions
    from cspr.reviews.models import StatusEvent
    from tests.reviews.national import take

    with time_machine.travel(LONG_AGO, tick=False):
        kept = factories.notifications(
            valid_row(notification_ref="RR-DUE"),
            valid_row(notification_ref="LCSPR", rr_submitted_date="2020-03-20", lcspr_decision_date="2020-04-01"),
            valid_row(notification_ref="MOVED", rr_submitted_date="2020-03-20"),
            valid_row(notification_ref="NATIONAL", rr_submitted_date="2020-03-20"),
            actor=actor,
        )
    moved = kept["MOVED"]
    StatusEvent.objects.create(
        notification=moved, workflow="rapid_review", from_status="submitted", to_status="responded",
        at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC), actor=actor,
    )  # fmt: skip
    review = actions.national_review_create(actor=people["sam"], title="Infants", topic="Under-1s")
    take(people, review, kept["NATIONAL"])
    Notification.objects.filter(ref="NATIONAL").update(updated_at=LONG_AGO)

    report = run("--report")
    assert "Cases (notification, children, reviews, documents): 2 due" in report
    assert "; 4 older kept: a review of the case is under way or moved since" in report
    assert "2 cases and 1 sign-in records deleted" in run("--apply")
    assert set(Notification.objects.values_list("ref", flat=True)) == {"NEW-1", "RR-DUE", "LCSPR", "MOVED", "NATIONAL"}
