"""A briefing names only the national reviews the Panel has announced, whoever makes it (ADR 0016).

alice manages Birmingham (case A), bob City and Hackney (case B). The Panel has proposed a review
that gathers only bob's case: alice's pages do not show it, and neither may any briefing she
(or anyone) makes, since briefings are handed to practitioners and kept for every partnership.
"""

from datetime import date

import pytest
from django.urls import reverse

from cspr.briefings.actions import briefing_generate
from cspr.briefings.gather import national_reviews
from cspr.domain.workflow import NATIONAL_REVIEW_ANNOUNCED, NationalReviewStatus
from cspr.reviews import actions
from tests.service.cases import two_cases
from tests.service.personas import PARTNERSHIP_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(people):
    cases = two_cases(people)
    sam = people["sam"]
    actions.national_review_create(
        actor=sam, title="Proposed: other areas only", topic="A secret topic", notification_ids=[cases["B"].pk]
    )
    announced = actions.national_review_create(
        actor=sam,
        title="It was hard to escape",
        topic="Criminal exploitation of adolescents",
        notification_ids=[cases["B"].pk],
    )
    actions.national_review_commission(
        actor=sam, national_review_id=announced.pk, version=None, commissioned_date=date(2019, 3, 1)
    )
    return cases


def test_a_proposed_review_is_not_announced_and_a_commissioned_or_published_one_is():
    assert NationalReviewStatus.PROPOSED not in NATIONAL_REVIEW_ANNOUNCED
    assert NATIONAL_REVIEW_ANNOUNCED == {NationalReviewStatus.COMMISSIONED, NationalReviewStatus.PUBLISHED}


def test_the_briefing_lists_only_the_announced_reviews(reviews):
    assert [(r.title, r.status) for r in national_reviews()] == [("It was hard to escape", "Commissioned")]


@pytest.mark.parametrize(
    ("maker", "kind", "partnership"),
    [
        ("alice", "partnership", PARTNERSHIP_A),
        ("alice", "national", None),
        ("alice", "agency", None),
        ("sam", "national", None),
    ],
)
def test_no_briefing_names_a_proposed_review_whoever_makes_it(reviews, people, maker, kind, partnership):
    made = briefing_generate(actor=people[maker], kind=kind, year=2020, fmt="md", partnership_code=partnership)
    text = bytes(made.content).decode()
    assert "Proposed: other areas only" not in text and "A secret topic" not in text
    assert "| It was hard to escape | Criminal exploitation of adolescents | Commissioned on 1 March 2019 |" in text


def test_alice_s_pages_hide_the_proposed_review_as_her_briefings_do(reviews, people, client_for):
    page = client_for(people["alice"]).get(reverse("national_review_list")).content.decode()
    assert "Proposed: other areas only" not in page
