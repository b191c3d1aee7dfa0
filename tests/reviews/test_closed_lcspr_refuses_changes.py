"""A closed LCSPR (published, or the partners decided not to publish) no longer changes.

Case A (alice's partnership) has an LCSPR commissioned on 1 April 2020. Once it is closed
(`closed_states(Workflow.PRACTICE_REVIEW)`) nobody records a milestone or reasons for delay on
it, by the pages or by calling the actions (as the API does): each action refuses on the field
it would write, and the review's page no longer offers the "Change"/"Add" link for the reasons
for delay. The moves that close it (final report, publication, the decision not to publish)
were already refused by the workflow's table: they stay refused.
"""

from datetime import date

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import MilestoneKind
from tests.module_world import module_world
from tests.reviews.closing import (
    CLOSE,
    given_the_final_report_was_sent,
    given_the_review_was_published,
    the_review,
)
from tests.service.conftest import client_for  # noqa: F401 (the fixture, by name)
from tests.service.world import people_and_cases, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def build_world() -> dict:
    people_and_cases()
    return {}


@pytest.fixture(scope="module")
def world(request):
    yield from module_world(request, build_world)


def refused(call) -> Refused:
    """The action's refusal; nothing of the review changed, and nothing was audited."""
    before, events = the_review(), AuditEvent.objects.count()
    with pytest.raises(Refused) as refusal:
        call(the_review())
    after = the_review()
    assert (after.version, after.delay_reasons, after.status) == (before.version, before.delay_reasons, before.status)
    assert AuditEvent.objects.count() == events
    return refusal.value


# --- The actions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("closed", list(CLOSE))
def test_nobody_records_reasons_for_delay_on_a_closed_review(world, people, cases, closed):
    CLOSE[closed](people)
    refusal = refused(
        lambda review: actions.practice_review_record_delay(
            actor=people["alice"], practice_review_id=review.pk, version=review.version, reasons="Late, after all"
        )
    )
    assert refusal.field == "reasons" and refusal.message.startswith("the review is finished: ")


@pytest.mark.parametrize("closed", list(CLOSE))
def test_nobody_records_a_milestone_on_a_closed_review(world, people, cases, closed):
    CLOSE[closed](people)
    refusal = refused(
        lambda review: actions.practice_review_record_milestone(
            actor=people["alice"],
            practice_review_id=review.pk,
            version=review.version,
            kind=MilestoneKind.TERMS_OF_REFERENCE,
            completed_date=date(2020, 5, 1),
        )
    )
    assert refusal.field == "kind" and refusal.message.startswith("the review is finished: ")
    assert not the_review().milestones.filter(kind=MilestoneKind.TERMS_OF_REFERENCE).exists()


@pytest.mark.parametrize("closed", list(CLOSE))
def test_the_moves_that_close_a_review_stay_refused_once_it_is_closed(world, people, cases, closed):
    CLOSE[closed](people)
    alice = people["alice"]
    calls = {
        "final report": lambda r: actions.practice_review_send_final_report(
            actor=alice, practice_review_id=r.pk, version=r.version, final_report_date=date(2020, 9, 10)
        ),
        "publication": lambda r: actions.practice_review_publish(
            actor=alice,
            practice_review_id=r.pk,
            version=r.version,
            published_date=date(2020, 9, 25),
            final_report_url="https://example.org/again.pdf",
            delay_reasons="Late",
            outstanding_reason="Recorded before cspr",
        ),
        "not published": lambda r: actions.practice_review_record_not_published(
            actor=alice, practice_review_id=r.pk, version=r.version, reason="Changed our minds"
        ),
    }
    for name, call in calls.items():
        assert refused(call).field == "status", name


def test_an_open_review_still_takes_reasons_for_delay_and_milestones(world, people, cases):
    given_the_final_report_was_sent(people)
    review = actions.practice_review_record_delay(
        actor=people["alice"], practice_review_id=the_review().pk, version=None, reasons="The family's wishes"
    )
    assert review.delay_reasons == "The family's wishes"
    actions.practice_review_record_milestone(
        actor=people["alice"],
        practice_review_id=review.pk,
        version=None,
        kind=MilestoneKind.TERMS_OF_REFERENCE,
        completed_date=date(2020, 5, 1),
    )
    assert the_review().milestones.filter(kind=MilestoneKind.TERMS_OF_REFERENCE).exists()


# --- The pages ------------------------------------------------------------------------------------


def test_the_closed_review_offers_no_reasons_for_delay_and_its_page_says_why(world, people, cases, client_for):  # noqa: F811
    alice = client_for(people["alice"])
    url = reverse("lcspr_delay", args=["A-1"])
    assert url in alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode(), "offered while open"
    given_the_review_was_published(people)
    assert url not in alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    page = alice.get(url).content.decode()
    assert "The review is finished" in page and 'name="reasons"' not in page
    alice.post(url, {"reasons": "Late, after all", "version": the_review().version})
    assert the_review().delay_reasons == ""
