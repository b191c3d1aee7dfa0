"""Workflow actions: transitions, status events, one audit event each, optimistic locking."""

from datetime import date

import pytest
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused, StaleRecord
from cspr.reviews import actions
from cspr.reviews.models import StatusEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def notification(actor):
    factories.notification("N-1", actor=actor)
    return Notification.objects.select_related("rapid_review").get(ref="N-1")


def audit_count(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_an_imported_notification_has_its_due_dates_and_rule(notification):
    # Aware Tuesday 3 March 2020: +5 working days is Tuesday 10 March; +15 is Tuesday 24 March.
    assert notification.notification_due_date == date(2020, 3, 10)
    assert notification.rapid_review.due_date == date(2020, 3, 24)
    assert notification.rapid_review.due_rule == "wt2018"
    assert notification.rapid_review.due_counted_from == "aware_date"
    assert notification.rapid_review.status == "due"
    assert notification.partnership_id


def test_rapid_review_moves_through_its_workflow_with_one_event_each(notification, actor):
    review = notification.rapid_review
    actions.rapid_review_submit(
        actor=actor,
        rapid_review_id=review.pk,
        version=review.version,
        submitted_date=date(2020, 3, 20),
        lcspr_recommended="yes",
        themes=["daily_life", "critical_thinking"],
    )
    review.refresh_from_db()
    assert review.status == "submitted" and review.version == 2
    assert audit_count("rapid_review.submit") == 1
    actions.rapid_review_query(actor=actor, rapid_review_id=review.pk, version=2, reason="Which agencies?")
    actions.rapid_review_submit(
        actor=actor,
        rapid_review_id=review.pk,
        version=3,
        submitted_date=timezone.localdate(),  # an answer is dated on or after the Panel's question (today)
        lcspr_recommended="yes",
        themes=["daily_life"],
        reason="Police, health and the school.",  # the answer to the Panel's question
    )
    actions.rapid_review_respond(actor=actor, rapid_review_id=review.pk, version=4, response_date=timezone.localdate())
    review.refresh_from_db()
    assert review.status == "responded"
    assert [t.code for t in review.themes.all()] == ["daily_life"]
    moves = list(
        StatusEvent.objects.filter(notification=notification, workflow="rapid_review").values_list(
            "from_status", "to_status"
        )
    )
    assert moves == [
        ("", "due"),
        ("due", "submitted"),
        ("submitted", "queried"),
        ("queried", "submitted"),
        ("submitted", "responded"),
    ]
    assert StatusEvent.objects.filter(reason="Which agencies?", actor=actor).exists()


def test_a_move_the_table_does_not_allow_is_refused_and_writes_nothing(notification, actor):
    review = notification.rapid_review
    events = AuditEvent.objects.count()
    with pytest.raises(Refused, match="cannot move from due to responded"):
        actions.rapid_review_respond(actor=actor, rapid_review_id=review.pk, version=1, response_date=date(2020, 4, 1))
    review.refresh_from_db()
    assert review.status == "due" and review.version == 1
    assert AuditEvent.objects.count() == events


def test_a_stale_version_is_refused_so_no_update_is_lost(notification, actor):
    review = notification.rapid_review
    # Two people open version 1; the first saves.
    actions.rapid_review_submit(
        actor=actor,
        rapid_review_id=review.pk,
        version=1,
        submitted_date=date(2020, 3, 20),
        lcspr_recommended="no",
        themes=[],
    )
    with pytest.raises(StaleRecord, match="changed by someone else"):
        actions.rapid_review_submit(
            actor=actor,
            rapid_review_id=review.pk,
            version=1,
            submitted_date=date(2020, 3, 21),
            lcspr_recommended="yes",
            themes=[],
        )
    review.refresh_from_db()
    assert review.lcspr_recommended == "no"


def test_an_lcspr_is_commissioned_with_its_due_dates_and_published(notification, actor):
    review = actions.practice_review_commission(
        actor=actor, notification_id=notification.pk, decision_date=date(2020, 8, 31)
    )
    # 31 August + 6 months clips to Sunday 28 February 2021; the final report is due
    # 7 working days before it: Thursday 18 February.
    assert review.publication_due_date == date(2021, 2, 28)
    assert review.final_report_due_date == date(2021, 2, 18)
    actions.practice_review_send_final_report(
        actor=actor, practice_review_id=review.pk, version=1, final_report_date=date(2021, 2, 10)
    )
    actions.practice_review_publish(
        actor=actor,
        practice_review_id=review.pk,
        version=2,
        published_date=date(2021, 2, 26),
        final_report_url="https://example.org.uk/reviews/child-q",
        outstanding_reason="Milestones were tracked outside the service for this review.",
    )
    review.refresh_from_db()
    assert review.status == "published"
    for action in ("practice_review.commission", "practice_review.send_final_report", "practice_review.publish"):
        assert audit_count(action) == 1


def test_a_decision_not_to_publish_needs_a_reason(notification, actor):
    review = actions.practice_review_commission(
        actor=actor, notification_id=notification.pk, decision_date=date(2020, 4, 1)
    )
    actions.practice_review_send_final_report(
        actor=actor, practice_review_id=review.pk, version=1, final_report_date=date(2020, 9, 1)
    )
    with pytest.raises(Refused, match="why"):
        actions.practice_review_record_not_published(actor=actor, practice_review_id=review.pk, version=2, reason="")
    actions.practice_review_record_not_published(
        actor=actor,
        practice_review_id=review.pk,
        version=2,
        reason="Publication would identify the surviving siblings.",
    )
    review.refresh_from_db()
    assert review.status == "not_published"


def test_a_national_review_groups_notifications_and_is_published(notification, actor):
    review = actions.national_review_create(
        actor=actor, title="Out of routine", topic="sudden unexpected infant death", notification_ids=[notification.pk]
    )
    actions.national_review_commission(
        actor=actor, national_review_id=review.pk, version=1, commissioned_date=date(2020, 5, 1)
    )
    # Published once the case listed at the start has the Panel's regulation 3 decision.
    actions.national_review_take_case(
        actor=actor,
        national_review_id=review.pk,
        version=2,
        notification_id=notification.pk,
        criteria=["recurrent_themes"],
        reasons="A recurrent pattern",
        decided_date=date(2020, 5, 1),
    )
    actions.national_review_publish(
        actor=actor, national_review_id=review.pk, version=3, published_date=date(2020, 7, 20)
    )
    review.refresh_from_db()
    assert review.status == "published"
    assert list(review.notifications.all()) == [notification]
    assert audit_count("national_review.create") == audit_count("national_review.publish") == 1


def test_an_action_without_an_actor_is_refused(notification):
    with pytest.raises(ValueError, match="actor"):
        actions.national_review_create(actor=None, title="t", topic="t")
    assert not AuditEvent.objects.filter(action="national_review.create").exists()
