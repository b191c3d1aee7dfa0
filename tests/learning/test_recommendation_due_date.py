"""A recommendation's own due date cannot be before its review's case, as its actions' dates cannot
(tests/learning/test_leftovers_2026_12_07b.py): the incident the review is about when it is linked to its
case, else the start of the year it was published. Year 1900 was accepted, on adding, changing and importing.
"""

from datetime import date, timedelta

import pytest

from cspr.cases.models import Notification
from cspr.domain.dates import long_date
from cspr.domain.refusal import Refused
from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from cspr.learning.models import PublishedReview, Recommendation
from tests.learning.documents import metadata
from tests.service.cases import two_cases
from tests.service.personas import PARTNERSHIP_A, personas

UNLINKED_EARLIEST = "1 January 2021, the start of the year the review was published"  # the review is of 2021

pytestmark = pytest.mark.django_db


def refusal(call) -> tuple[str, str]:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.field, refused.value.message


def test_a_due_date_before_the_review_year_is_refused_on_adding_and_on_changing(add_review, actor):
    review = add_review(partnership=PARTNERSHIP_A)
    for early in (date(1900, 1, 1), date(2020, 12, 31)):
        assert refusal(
            lambda d=early: actions.recommendation_add(actor=actor, review_id=review.pk, text="Audit.", due_date=d)
        ) == ("due_date", f"due date must be the same as or after {UNLINKED_EARLIEST}")
    recommendation = actions.recommendation_add(
        actor=actor, review_id=review.pk, text="Audit.", due_date=date(2021, 1, 1)
    )
    assert refusal(
        lambda: actions.recommendation_update(
            actor=actor, recommendation_id=recommendation.pk, version=1, due_date=date(1900, 1, 1)
        )
    ) == ("due_date", f"due date must be the same as or after {UNLINKED_EARLIEST}")
    # Clearing the due date is still allowed.
    cleared = actions.recommendation_update(actor=actor, recommendation_id=recommendation.pk, version=1, due_date=None)
    assert cleared.due_date is None


def test_a_review_linked_to_its_case_counts_from_the_incident(add_review, actor):
    people = personas()
    two_cases(people)
    case = Notification.objects.get(ref="A-1")
    review = add_review(partnership=PARTNERSHIP_A)
    PublishedReview.objects.filter(pk=review.pk).update(notification=case)
    incident = case.incident_date
    assert incident.year < 2021  # before the review's year: a date in between is accepted
    actions.recommendation_add(actor=actor, review_id=review.pk, text="Audit.", due_date=incident)
    assert refusal(
        lambda: actions.recommendation_add(
            actor=actor, review_id=review.pk, text="Audit.", due_date=incident - timedelta(days=1)
        )
    ) == (
        "due_date",
        f"due date must be the same as or after the date of the incident the review is about ({long_date(incident)})",
    )


def test_an_imported_recommendation_due_before_the_review_year_is_refused_and_nothing_is_added(actor):
    recommendations = [
        {"text": "Repeat safer sleep conversations.", "due_date": "2022-03-31"},
        {"text": "Audit written agreements.", "due_date": "1900-01-01"},
    ]
    meta, errors = parse_metadata(metadata(recommendations=recommendations))
    assert not errors
    assert refusal(lambda: actions.review_add(actor=actor, metadata=meta)) == (
        "recommendations[2].due_date",
        f"recommendation 2's due date must be the same as or after {UNLINKED_EARLIEST}",
    )
    assert not PublishedReview.objects.exists() and not Recommendation.objects.exists()
