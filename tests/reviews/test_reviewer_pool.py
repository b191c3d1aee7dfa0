"""The Panel's pool of reviewers: conflicts enforced as refusals, appointments and the deadlines that follow."""

from datetime import date

import pytest

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import NationalReviewAppointment, StatusEvent
from tests.reviews.national import pool, take, topic

pytestmark = pytest.mark.django_db

BIRMINGHAM = "E08000025"


@pytest.fixture
def review(people, cases):
    made = actions.national_review_create(
        actor=people["sam"], title="The myth of invisible men", programme_topic_id=topic(people).pk
    )
    take(people, made, cases["A"])
    return made


def appoint(people, review, name, when=date(2020, 5, 4), months=6):
    return actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        reviewer_id=people[name].pk,
        confirmed_date=when,
        report_months=months,
    )


def test_only_an_active_independent_reviewer_joins_the_pool_and_only_once(people):
    with pytest.raises(Refused, match="is not an active independent reviewer"):
        actions.pool_reviewer_add(
            actor=people["sam"], user_id=people["alice"].pk, expertise="Law", joined_date=date(2019, 1, 7)
        )
    pool(people)
    with pytest.raises(Refused, match="is already in the pool"):
        actions.pool_reviewer_add(
            actor=people["sam"], user_id=people["rita"].pk, expertise="Law", joined_date=date(2019, 1, 7)
        )
    assert AuditEvent.objects.filter(action="pool_reviewer.add").count() == 2


def test_the_first_confirmed_appointment_commissions_the_review_and_starts_its_clock(people, review):
    pool(people)
    appointment = appoint(people, review, "rita", when=date(2020, 8, 31))
    review.refresh_from_db()
    assert (appointment.reviewer, appointment.confirmed_date) == (people["rita"], date(2020, 8, 31))
    # Six calendar months from 31 August is the last day of February.
    assert (review.status, review.commissioned_date, review.report_months, review.report_due_date) == (
        "commissioned",
        date(2020, 8, 31),
        6,
        date(2021, 2, 28),
    )
    assert StatusEvent.objects.filter(national_review=review, to_status="commissioned").count() == 1
    event = AuditEvent.objects.get(action="national_review.appoint_reviewer")
    assert event.changed_fields["reviewer"] == people["rita"].pk
    assert event.changed_fields["status"] == ["proposed", "commissioned"]


def test_a_second_appointment_leaves_the_dates_alone(people, review):
    pool(people)
    appoint(people, review, "rita")
    appoint(people, review, "ron", when=date(2020, 7, 1), months=12)
    review.refresh_from_db()
    assert (review.commissioned_date, review.report_due_date) == (date(2020, 5, 4), date(2020, 11, 4))
    assert NationalReviewAppointment.objects.filter(national_review=review).count() == 2
    with pytest.raises(Refused, match="already appointed"):
        appoint(people, review, "ron")


def test_someone_outside_the_pool_is_not_appointed(people, review):
    with pytest.raises(Refused) as refused:
        appoint(people, review, "rita")
    assert (refused.value.field, refused.value.message) == (
        "reviewer",
        "This person is not in the Panel's pool of reviewers",
    )
    review.refresh_from_db()
    assert review.status == "proposed" and not review.appointments.exists()


@pytest.mark.parametrize("conflict", [([BIRMINGHAM], []), ([], ["birmingham"])])
def test_a_reviewer_is_not_appointed_to_a_review_of_an_area_they_must_not_review(people, review, conflict):
    pool(people, rita=conflict)
    with pytest.raises(Refused) as refused:
        appoint(people, review, "rita")
    assert refused.value.field == "reviewer"
    assert "must not review cases in Birmingham" in refused.value.message
    assert "(worked there until 2019)" in refused.value.message and "A-1" in refused.value.message
    assert not review.appointments.exists()
    appoint(people, review, "ron")  # ron has no conflict


def test_a_case_from_a_conflicted_area_cannot_join_a_review_with_that_reviewer(people, cases):
    pool(people, rita=([], ["city-and-hackney"]))
    made = actions.national_review_create(actor=people["sam"], title="Hard to escape", topic="Exploitation")
    appoint(people, made, "rita")
    with pytest.raises(Refused) as refused:
        take(people, made, cases["B"])
    assert refused.value.field == "notification" and "City" in refused.value.message
    assert not made.notifications.exists()


def test_declaring_a_conflict_with_a_review_one_is_appointed_to_is_refused(people, review):
    entries = pool(people)
    appoint(people, review, "rita")
    with pytest.raises(Refused, match="must not review cases in Birmingham"):
        actions.pool_reviewer_set_conflicts(
            actor=people["sam"],
            pool_reviewer_id=entries["rita"].pk,
            version=None,
            local_authority_codes=[BIRMINGHAM],
            partnership_codes=[],
            note="",
        )


def test_an_unknown_area_code_is_refused(people):
    entries = pool(people)
    with pytest.raises(Refused) as refused:
        actions.pool_reviewer_set_conflicts(
            actor=people["sam"],
            pool_reviewer_id=entries["rita"].pk,
            version=None,
            local_authority_codes=["E08999999"],
            partnership_codes=[],
            note="",
        )
    assert (refused.value.field, refused.value.message) == (
        "areas",
        "there is no local authority or partnership with the code E08999999",
    )


def test_the_partners_cannot_appoint_a_conflicted_reviewer_to_their_local_review(people, cases):
    pool(people, ron=([BIRMINGHAM], []))
    practice_review = cases["A"].practice_review
    with pytest.raises(Refused, match="Ron must not review cases in Birmingham"):
        actions.practice_review_assign_reviewer(
            actor=people["alice"], practice_review_id=practice_review.pk, version=None, reviewer=people["ron"]
        )
    practice_review.refresh_from_db()
    assert practice_review.reviewer == people["rita"]


def test_a_case_added_without_a_decision_is_checked_against_the_appointed_reviewers_too(people, cases):
    pool(people, rita=([], ["city-and-hackney"]))
    made = actions.national_review_create(actor=people["sam"], title="Hard to escape", topic="Exploitation")
    appoint(people, made, "rita")
    with pytest.raises(Refused) as refused:
        actions.national_review_add_notifications(
            actor=people["sam"], national_review_id=made.pk, version=None, notification_ids=[cases["B"].pk]
        )
    assert refused.value.field is None and "must not review cases in City" in refused.value.message
    assert not made.notifications.exists()


def test_a_reviewer_who_left_the_pool_is_not_appointed_but_keeps_their_appointments(people, review, cases):
    entries = pool(people)
    appoint(people, review, "rita")
    actions.pool_reviewer_remove(
        actor=people["sam"], pool_reviewer_id=entries["rita"].pk, version=None, left_date=date(2020, 6, 1)
    )
    other = actions.national_review_create(actor=people["sam"], title="Hard to escape", topic="Exploitation")
    with pytest.raises(Refused, match="Rita is not in the Panel's pool of reviewers"):
        appoint(people, other, "rita")
    assert review.appointments.get().reviewer == people["rita"]
    with pytest.raises(Refused, match="left the pool on 1 June 2020"):
        actions.pool_reviewer_remove(
            actor=people["sam"], pool_reviewer_id=entries["rita"].pk, version=None, left_date=date(2020, 7, 1)
        )
    assert AuditEvent.objects.filter(action="pool_reviewer.remove").count() == 1
