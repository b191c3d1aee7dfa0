"""Ending a reviewer's appointment to a national review (Regulations 2018 reg 5(2)): the secretariat
records the date and why; the reviewer's reading of the review and its cases ends with it."""

from datetime import date

import pytest

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews import scope as review_scope
from cspr.reviews.actions.national import national_review_remove_reviewer
from cspr.reviews.models import NationalReview
from tests.reviews.national import appointed_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(people, cases):
    return appointed_review(people, cases)


def _remove(people, review, *, reason="Declared a new interest in the area", ended=date(2020, 7, 1), who="ron"):
    return national_review_remove_reviewer(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        reviewer_id=people[who].pk,
        ended_date=ended,
        reason=reason,
    )


def test_removal_ends_the_reviewers_reading_and_is_audited(people, cases, review):
    ron = people["ron"]
    assert ron.has_perm("cases.read_case_characteristics", cases["A"])
    assert review_scope.national_reviews_for(ron).filter(pk=review.pk).exists()
    _remove(people, review)
    after = NationalReview.objects.get(pk=review.pk)
    assert not after.appointments.exists() and after.version == review.version + 1
    # The review's dates stand: a replacement does not restart the clock (reg 5(3)).
    assert (after.status, after.report_due_date) == ("commissioned", review.report_due_date)
    assert not review_scope.national_reviews_for(ron).filter(pk=review.pk).exists()
    assert not ron.has_perm("cases.read_case_characteristics", cases["A"])
    event = AuditEvent.objects.get(action="national_review.remove_reviewer")
    assert (event.object_id, event.actor, event.reason) == (
        str(review.pk),
        people["sam"],
        "Declared a new interest in the area",
    )
    assert event.changed_fields == {"reviewer": ron.pk, "confirmed_date": "2020-05-04", "ended_date": "2020-07-01"}
    # The register keeps the ended appointment (the review's page shows it), not only the audit trail.
    [ended] = after.ended_appointments.all()
    assert (ended.reviewer, ended.confirmed_date, ended.ended_date, ended.reason, ended.recorded_by) == (
        ron,
        date(2020, 5, 4),
        date(2020, 7, 1),
        "Declared a new interest in the area",
        people["sam"],
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": "   "}, "reason", "enter why the appointment of Ron ended"),
        ({"reason": "x" * 1001}, "reason", "the reason must be 1000 characters or fewer"),
        ({"reason": "Conflict\x00"}, "reason", "the reason must not contain invisible control characters"),
        ({"ended": date(2020, 5, 3)}, "ended_date", "the appointment of Ron cannot end before the Secretary"),
        ({"ended": date(2999, 1, 1)}, "ended_date", "the appointment of Ron cannot end in the future"),
        ({"who": "rita"}, None, "this person is not appointed to this national review"),
    ],
)
def test_a_removal_is_refused_without_a_plain_reason_a_fitting_date_or_an_appointment(
    people, review, change, field, message
):
    with pytest.raises(Refused) as refused:
        _remove(people, review, **change)
    assert refused.value.field == field and refused.value.message.startswith(message)
    assert review.appointments.filter(reviewer=people["ron"]).exists()
    assert not AuditEvent.objects.filter(action="national_review.remove_reviewer").exists()


def test_a_published_review_keeps_its_reviewers(people, review):
    actions.national_review_publish(
        actor=people["sam"], national_review_id=review.pk, version=None, published_date=date(2020, 11, 2)
    )
    with pytest.raises(Refused, match="keeps the reviewers who reported it"):
        _remove(people, review)
    assert review.appointments.exists()


def test_only_the_panel_secretariat_may_remove_a_reviewer(people):
    allowed = {name for name, person in people.items() if person.has_perm("reviews.remove_national_reviewer")}
    assert allowed == {"sam"}
