"""The "Change a milestone" page changes the milestone it names, and no other.

Case A (alice's partnership) has a local review commissioned on 1 April 2020. Its page's "Change"
link for a recorded milestone opens a form that says it changes that milestone: it offers no choice
of milestone, and a POST naming another milestone is refused, not recorded under the wrong words.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from cspr.reviews.models import MilestoneKind
from tests.reviews.closing import the_review
from tests.service.conftest import client_for  # noqa: F401 (the fixture, by name)
from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

TERMS = MilestoneKind.TERMS_OF_REFERENCE.value
FAMILY = MilestoneKind.FAMILY_INVOLVED.value
PAGE = reverse("lcspr_milestone", args=["A-1"])


def post(client, **data):
    day = date(2020, 5, 4)
    dates = {"completed_date-day": str(day.day), "completed_date-month": str(day.month), "completed_date-year": "2020"}
    return client.post(PAGE, {**dates, "note": "Agreed at the panel meeting", "version": the_review().version, **data})


def recorded() -> dict:
    return {m.kind: (m.completed_date, m.note) for m in the_review().milestones.all()}


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def alice(people, client_for):  # noqa: F811
    client = client_for(people["alice"])
    assert post(client, kind=TERMS).status_code == 302
    return client


def test_the_change_page_fixes_the_milestone_and_offers_no_choice(world, cases, alice):  # noqa: F811
    page = alice.get(PAGE + f"?kind={TERMS}")
    html = page.content.decode()
    assert "This changes the milestone “Terms of reference agreed”" in words(page)
    assert 'name="kind"' not in html, "no milestone to choose on a page that changes one"
    assert f'name="changing" value="{TERMS}"' in html


def test_a_change_naming_another_milestone_is_refused_and_records_nothing(world, cases, alice):  # noqa: F811
    before = recorded()
    refused = post(alice, changing=TERMS, kind=FAMILY)
    assert refused.status_code == 200
    assert "This page changes only the milestone “Terms of reference agreed”" in words(refused)
    assert "There is a problem" in words(refused)
    assert recorded() == before, "Family involved not recorded, Terms of reference unchanged"


def test_the_change_page_saves_the_milestone_it_names(world, cases, alice):  # noqa: F811
    assert post(alice, changing=TERMS, note="Agreed, with the family's questions").status_code == 302
    assert recorded() == {TERMS: (date(2020, 5, 4), "Agreed, with the family's questions")}


def test_saving_over_a_recorded_milestone_from_the_plain_form_holds_it_on_its_change_form(world, cases, alice):  # noqa: F811
    held = post(alice, kind=TERMS, note="")
    assert held.status_code == 200
    assert "Terms of reference agreed is already recorded as reached on 4 May 2020" in words(held)
    assert 'name="kind"' not in held.content.decode()
    assert recorded() == {TERMS: (date(2020, 5, 4), "Agreed at the panel meeting")}
