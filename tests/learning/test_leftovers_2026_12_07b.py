"""Leftovers of the 2026-12-07 review: an action on a recommendation cannot be dated before its review's case.

An action's due date and date completed are refused before the incident the review is about (a review linked to
its case), or before the start of the year the review was published (one that is not): year 1900 was accepted.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.domain.dates import long_date
from cspr.domain.refusal import Refused
from cspr.learning import actions
from cspr.learning.models import PublishedReview
from tests.service.cases import two_cases
from tests.service.personas import PARTNERSHIP_A, personas
from tests.service.test_form_findings_2026_12_07 import errors

UNLINKED_EARLIEST = "1 January 2021, the start of the year the review was published"  # the review is of 2021


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def cases(people):
    return two_cases(people)


@pytest.fixture
def recommendation(add_review):
    return add_review(partnership=PARTNERSHIP_A).recommendations.get()


def plan(person, recommendation, due_date):
    return actions.recommendation_action_add(
        actor=person,
        recommendation_id=recommendation.pk,
        description="Safer sleep conversation at every contact",
        owning_agency="Health visiting",
        owner="Head of health visiting",
        due_date=due_date,
    )


def refusal(call) -> tuple[str, str]:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.field, refused.value.message


def test_a_due_date_before_the_review_year_is_refused_on_adding_and_on_changing(people, recommendation):
    alice = people["alice"]
    for early in (date(1900, 1, 1), date(2020, 12, 31)):
        assert refusal(lambda d=early: plan(alice, recommendation, d)) == (
            "due_date",
            f"due date must be the same as or after {UNLINKED_EARLIEST}",
        )
    action = plan(alice, recommendation, date(2021, 1, 1))
    assert refusal(
        lambda: actions.recommendation_action_update(
            actor=alice, action_id=action.pk, version=action.version, due_date=date(1900, 1, 1)
        )
    ) == ("due_date", f"due date must be the same as or after {UNLINKED_EARLIEST}")


def test_a_review_linked_to_its_case_counts_from_the_incident(people, cases, recommendation):
    alice, case = people["alice"], Notification.objects.get(ref="A-1")  # alice's partnership's case
    PublishedReview.objects.filter(pk=recommendation.review_id).update(notification=case)
    incident = case.incident_date
    assert incident.year < 2021  # before the review's year: a date in between is now accepted
    action = plan(alice, recommendation, incident)
    field, message = refusal(lambda: plan(alice, recommendation, incident - timedelta(days=1)))
    assert (field, message) == (
        "due_date",
        f"due date must be the same as or after the date of the incident the review is about ({long_date(incident)})",
    )
    assert action.due_date == incident


def test_a_date_completed_before_the_review_is_refused_on_the_page(people, client, recommendation):
    alice = people["alice"]
    action = plan(alice, recommendation, timezone.localdate() + timedelta(days=90))
    client.force_login(alice)
    url = reverse("learning_recommendation_action", args=[action.pk])
    sent = {"form": "progress", "progress-version": action.version, "progress-status": "completed",
            "progress-completion_evidence": "Audit of 40 records", "progress-completed_on-day": "1",
            "progress-completed_on-month": "1", "progress-completed_on-year": "1900"}  # fmt: skip
    response = client.post(url, sent)
    assert response.status_code == 200
    assert errors(response) == [
        ("id_progress-completed_on-day", f"Date completed must be the same as or after {UNLINKED_EARLIEST}")
    ]
    action.refresh_from_db()
    assert action.status == "planned" and action.completed_on is None
    sent["progress-completed_on-year"] = "2021"
    assert client.post(url, sent).status_code == 302
    action.refresh_from_db()
    assert action.status == "completed" and action.completed_on == date(2021, 1, 1)
