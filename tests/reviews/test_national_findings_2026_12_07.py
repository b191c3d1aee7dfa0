"""Findings of 2026-12-07 on the Panel's national work, each pinned by a test that failed before its fix."""

from datetime import date

import pytest
from django.urls import reverse

from cspr.cases.actions.amend import notification_amend
from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import NationalCaseDecision, WorkProgrammeTopic
from tests.reviews.national import pool, take, topic

pytestmark = pytest.mark.django_db

WITHDRAWN = "the work programme topic Non-accidental injury in under-1s is withdrawn"


@pytest.fixture
def review(people):
    """A review left open under a topic the Panel withdrew before a topic with open reviews could not be.

    The action now refuses that withdrawal (tests/reviews/test_national_topic_withdrawal.py), so
    the fixture writes the status as the data of that time holds it.
    """
    made = actions.national_review_create(
        actor=people["sam"], title="The myth of invisible men", programme_topic_id=topic(people).pk
    )
    WorkProgrammeTopic.objects.filter(pk=made.programme_topic_id).update(status="withdrawn")
    return made


def test_a_review_under_a_withdrawn_topic_takes_no_case_with_a_decision(people, cases, review):
    with pytest.raises(Refused) as refused:
        take(people, review, cases["A"])
    assert refused.value.field == "programme_topic"
    assert refused.value.message.startswith(WITHDRAWN)
    assert not review.notifications.exists() and not NationalCaseDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="national_review.take_case").exists()


def test_a_review_under_a_withdrawn_topic_takes_no_case_from_its_page(people, cases, review, client):
    """From the case's page after the Panel's response: the page says why, not that the review was published."""
    with pytest.raises(Refused, match=WITHDRAWN):
        actions.national_review_add_notifications(
            actor=people["sam"], national_review_id=review.pk, version=None, notification_ids=[cases["B"].pk]
        )
    client.force_login(people["sam"])
    url = reverse("case_national_review", args=[cases["B"].ref])
    # The page no longer offers it, and a stale form that sends it is refused, not obeyed.
    assert f'value="{review.pk}"' not in client.get(url).content.decode()
    page = client.post(url, {"national_review": str(review.pk)})
    assert page.status_code == 200 and "govuk-error-summary" in page.content.decode()
    assert "has been published" not in page.content.decode()
    assert not review.notifications.exists()
    detail = client.get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert "Take a case into this review" not in detail
    assert not AuditEvent.objects.filter(action="national_review.add_notifications").exists()


def reviewed_by_ron(people, case):
    """A national review taking `case`, with ron's appointment confirmed."""
    made = actions.national_review_create(actor=people["sam"], title="It was hard to escape", topic="Exploitation")
    take(people, made, case)
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=made.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 6, 1),
    )
    return made


def test_a_conflict_refused_against_an_open_review_gives_the_reason_declared_now(people, cases):
    """The refusal names the declared reason: the one being declared, not the one recorded before."""
    entries = pool(people)
    reviewed_by_ron(people, cases["A"])
    with pytest.raises(Refused) as refused:
        actions.pool_reviewer_set_conflicts(
            actor=people["sam"],
            pool_reviewer_id=entries["ron"].pk,
            version=None,
            local_authority_codes=[cases["A"].local_authority_id],
            partnership_codes=[],
            note="Chairs the Birmingham partnership's review group",
        )
    assert refused.value.field == "areas"
    assert refused.value.message == (
        "Ron must not review cases in Birmingham (Chairs the Birmingham partnership's review group), "
        "and case A-1 is there"
    )
    entries["ron"].refresh_from_db()
    assert entries["ron"].conflict_note == "" and not entries["ron"].conflict_local_authorities.exists()


def test_a_correction_cannot_move_a_case_into_an_area_its_appointed_reviewer_declared_a_conflict_with(people, cases):
    """Appointing ron, or adding case B to his review, is refused once B is in Birmingham; moving B
    there by a correction was not, so ron reviewed a case he had declared he must not."""
    birmingham = cases["A"].local_authority_id
    pool(people, ron=([birmingham], []))
    reviewed_by_ron(people, cases["B"])
    b = Notification.objects.get(pk=cases["B"].pk)
    with pytest.raises(Refused) as refused:
        notification_amend(
            actor=people["sam"],
            notification_id=b.pk,
            version=b.version,
            changes={"la_code": birmingham},
            reason="The incident was in Birmingham",
        )
    assert refused.value.field == "la_code"
    assert "Ron must not review cases in Birmingham" in refused.value.message
    assert Notification.objects.get(pk=b.pk).local_authority_id == b.local_authority_id
