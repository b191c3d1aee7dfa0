"""The Panel's decision to take a case into a national review: the regulation 3 criteria and why."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import NationalCaseDecision
from tests.reviews.national import take, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(people):
    return actions.national_review_create(
        actor=people["sam"], title="The myth of invisible men", programme_topic_id=topic(people).pk
    )


def test_the_decision_records_the_criteria_and_the_reasons(people, cases, review):
    decision = take(people, review, cases["A"], criteria=["recurrent_themes", "improvements"], reasons="Men unseen")
    assert decision.criteria == ["improvements", "recurrent_themes"]
    assert (decision.reasons, decision.decided_date, decision.decided_by) == (
        "Men unseen",
        date(2020, 4, 20),
        people["sam"],
    )
    assert list(review.notifications.values_list("ref", flat=True)) == ["A-1"]
    event = AuditEvent.objects.get(action="national_review.take_case")
    assert event.changed_fields["criteria"] == ["improvements", "recurrent_themes"]
    assert event.changed_fields["notification"] == cases["A"].pk


def test_a_review_gathers_cases_from_many_partnerships(people, cases, review):
    take(people, review, cases["A"])
    take(people, review, cases["B"], criteria=["legislation_or_guidance"])
    assert sorted(review.notifications.values_list("partnership_id", flat=True)) == ["birmingham", "city-and-hackney"]


@pytest.mark.parametrize(
    ("criteria", "reasons", "field", "message"),
    [
        ([], "Why", "criteria", "select the regulation 3 criteria the case meets"),
        (["national_importance"], "Why", "criteria", "national_importance is not a regulation 3 criterion"),
        (
            ["improvements"],
            "  ",
            "reasons",
            "say why the case raises issues that are complex or of national importance",
        ),
    ],
)
def test_a_decision_without_criteria_or_reasons_is_refused(people, cases, review, criteria, reasons, field, message):
    with pytest.raises(Refused) as refused:
        take(people, review, cases["A"], criteria=criteria, reasons=reasons)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not NationalCaseDecision.objects.exists() and not review.notifications.exists()


def test_a_case_is_taken_into_the_same_review_once(people, cases, review):
    take(people, review, cases["A"])
    with pytest.raises(Refused, match="case A-1 is already in this national review"):
        take(people, review, cases["A"])


def test_a_decision_cannot_come_before_the_local_authority_knew(people, cases, review):
    with pytest.raises(Refused) as refused:
        take(people, review, cases["A"], when=date(2020, 3, 1))
    assert refused.value.field == "decided_date"


def test_a_published_review_takes_no_more_cases(people, cases, review):
    take(people, review, cases["A"])
    actions.national_review_commission(
        actor=people["sam"], national_review_id=review.pk, version=None, commissioned_date=date(2020, 5, 1)
    )
    actions.national_review_publish(
        actor=people["sam"], national_review_id=review.pk, version=None, published_date=date(2020, 9, 1)
    )
    with pytest.raises(Refused, match="published national review cannot take more cases"):
        take(people, review, cases["B"])


def test_the_database_refuses_a_decision_with_no_criterion(people, cases, review):
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalCaseDecision.objects.create(
            national_review=review,
            notification=cases["A"],
            decided_date=date(2020, 4, 20),
            reasons="None given",
            decided_by=people["sam"],
        )
