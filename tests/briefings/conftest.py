"""Fixtures for the briefing tests.

`panel_2020` loads `cspr synth --profile panel-2020` once per test module, with a
little learning (published reviews, recommendations) and two national reviews,
inside one transaction that is rolled back when the module ends. Each test still
runs in its own savepoint (the `db` fixture), so tests cannot disturb each other.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

YEAR = 2020
AS_OF = date(2022, 1, 31)
SEED = 2020


@dataclass
class Register:
    partnership: str
    reviews: dict


@contextmanager
def rolled_back(django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def busiest_partnership(year: int) -> str:
    from cspr.cases.models import Notification

    row = (
        Notification.objects.filter(notified_date__year=year)
        .values("partnership_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "partnership_id")
        .first()
    )
    return row["partnership_id"]


def add_learning(partnership_code: str) -> dict:
    """Published reviews coded with themes, open and overdue recommendations, and national reviews."""
    from cspr.core.actors import system_actor
    from cspr.core.models import Partnership
    from cspr.learning.actions import review_add
    from cspr.learning.ingest import RecommendationData, ReviewMetadata
    from cspr.reviews import actions as case_actions

    actor = system_actor("cspr tests")
    partnership = Partnership.objects.get(code=partnership_code)
    local = review_add(actor=actor, metadata=ReviewMetadata(
        title="Child Alder: a local review", review_type="lcspr", year=2021, publication_date=date(2021, 5, 4),
        partnership=partnership, child_age_band="under_1", incident_type="serious_harm",
        learning_summary="Professionals did not see the baby's daily care.",
        source_url="https://example.org/reviews/child-alder",
        themes=["daily_life", "critical_thinking"], characteristics=["domestic_abuse", "non_accidental_injury"],
        recommendations=[
            RecommendationData("Health visitors see fathers at the new birth visit.", "Community health",
                               date(2021, 9, 30), "open"),
            RecommendationData("Audit pre-birth assessments.", "Children's social care", date(2021, 6, 30),
                               "completed"),
            RecommendationData("Refresh the escalation policy.", "Partnership", date(2023, 3, 31), "in_progress"),
        ],
    ))
    national = review_add(actor=actor, metadata=ReviewMetadata(
        title="Safeguarding babies from harm by male carers", review_type="national_review", year=2021,
        child_age_band="under_1", themes=["changing_risk"], characteristics=["non_accidental_injury"],
        recommendations=[RecommendationData("Fund a pilot for expectant fathers.", "Department for Education",
                                            date(2021, 12, 1), "in_progress")],
    ))
    hidden = review_add(actor=actor, metadata=ReviewMetadata(
        title="Child Birch: shared with the Panel only", review_type="lcspr", year=2021, partnership=partnership,
        themes=["daily_life"], published=False,
        recommendations=[RecommendationData("Not for publication.", "Police", date(2021, 1, 1), "open")],
    ))
    pandemic = review_add(actor=actor, metadata=ReviewMetadata(
        title="Child Cedar: a baby in lockdown", review_type="lcspr", year=2021, publication_date=date(2021, 8, 2),
        area_name="Westshire", child_age_band="under_1", incident_type="death",
        learning_summary="During the COVID-19 lockdown the family were seen only on video calls, so no one saw "
                         "where the baby slept.",
        source_url="https://example.org/reviews/child-cedar", themes=["reluctant_engagement", "daily_life"],
    ))
    supporting = case_actions.work_programme_topic_create(
        actor=actor, title="Supporting vulnerable children and families during COVID-19", programme_year="2020-21",
        summary="How partners kept in touch with children when schools and services closed.")
    case_actions.work_programme_topic_move(actor=actor, topic_id=supporting.pk, version=None, to_status="under_review")
    case_actions.work_programme_topic_create(actor=actor, title="Safeguarding children at risk of criminal "
                                             "exploitation", programme_year="2021-22")
    exploitation = case_actions.national_review_create(
        actor=actor, title="It was hard to escape", topic="Criminal exploitation of adolescents")
    case_actions.national_review_commission(actor=actor, national_review_id=exploitation.pk, version=None,
                                            commissioned_date=date(2019, 3, 1))
    return {"local": local, "national": national, "hidden": hidden, "pandemic": pandemic}


@pytest.fixture(scope="module")
def panel_2020(django_db_setup, django_db_blocker):
    """The panel-2020 synthetic register and some learning, loaded once for the module."""
    with rolled_back(django_db_blocker):
        call_command("synth", "--profile", "panel-2020", "--seed", str(SEED), "--load",
                     stdout=io.StringIO(), stderr=io.StringIO())
        code = busiest_partnership(YEAR)
        yield Register(code, add_learning(code))


@pytest.fixture
def people(db):
    from tests.service.personas import personas

    return personas()


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
