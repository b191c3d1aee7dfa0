"""Every scoped model's `visible_to(user)`, for every persona: what they see follows the case (or the review).

Case A is Birmingham's (alice, agnes; its LCSPR reviewed by rita), case B the City
of London's (bob); a national review holds both. The matrix of pages
(test_authorisation_matrix.py) shows the same scope from the outside.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from cspr.cases.models import CaseShare, Child, Notification
from cspr.learning.models import IncidentCategory, PublishedReview, Recommendation, ReviewLabel
from cspr.reviews.models import Milestone, NationalReview, PracticeReview, RapidReview, StatusEvent

pytestmark = pytest.mark.django_db

EVERYONE = ("sam", "pat", "alice", "agnes", "bob", "rita", "ron", "ann", "adam")
CASES_SEEN = {
    "sam": {"A-1", "B-1"},
    "pat": {"A-1", "B-1"},
    "alice": {"A-1"},
    "agnes": {"A-1"},
    "bob": {"B-1"},
    "rita": {"A-1"},
}
PANEL = {"sam", "pat"}


@pytest.fixture
def register(cases, people):
    from cspr.reviews import actions

    review = cases["A"].practice_review
    actions.practice_review_record_milestone(
        actor=people["alice"],
        practice_review_id=review.pk,
        version=None,
        kind="terms_of_reference",
        completed_date=date(2020, 5, 1),
    )
    actions.national_review_create(
        actor=people["sam"], title="Out of routine", topic="SUDI", notification_ids=[cases["A"].pk, cases["B"].pk]
    )
    return cases


def refs(queryset, path: str) -> set[str]:
    return set(queryset.values_list(path, flat=True))


@pytest.mark.parametrize("persona", EVERYONE)
def test_each_case_model_shows_the_rows_of_the_cases_the_person_sees(register, people, persona):
    user, seen = people[persona], CASES_SEEN.get(persona, set())
    assert refs(Notification.objects.visible_to(user), "ref") == seen
    for model in (Child, RapidReview):
        assert refs(model.objects.visible_to(user), "notification__ref") == seen, model
    assert refs(PracticeReview.objects.visible_to(user), "notification__ref") == seen & {"A-1"}
    assert refs(Milestone.objects.visible_to(user), "practice_review__notification__ref") == seen & {"A-1"}
    events = StatusEvent.objects.visible_to(user)
    assert refs(events.filter(national_review=None), "notification__ref") == seen
    # The national review gathers both cases: the partnerships see it (and its timeline), not the rest.
    # What each sees inside it is its own cases: tests/service/test_national_review_scope.py.
    in_review = PANEL | {"alice", "agnes", "bob"}
    assert events.filter(notification=None).exists() == (persona in in_review)
    assert NationalReview.objects.visible_to(user).exists() == (persona in in_review)


def test_a_share_is_seen_with_the_case_it_shares(register, people):
    from cspr.cases import actions

    actions.case_share(
        actor=people["alice"], notification_id=register["A"].pk, partnership_id="city-and-hackney", reason="Home LA"
    )
    bob = people["bob"]
    assert refs(Notification.objects.visible_to(bob), "ref") == {"A-1", "B-1"}
    assert refs(Child.objects.visible_to(bob), "notification__ref") == {"A-1", "B-1"}
    assert CaseShare.objects.visible_to(bob).count() == 1
    assert not CaseShare.objects.visible_to(people["ron"]).exists()


def test_nobody_signed_out_or_inactive_sees_a_case(register, people):
    alice = people["alice"]
    alice.is_active = False
    for user in (AnonymousUser(), None, alice):
        for model in (
            Notification,
            Child,
            CaseShare,
            RapidReview,
            PracticeReview,
            Milestone,
            StatusEvent,
            NationalReview,
        ):
            assert not model.objects.visible_to(user).exists(), (user, model)


def test_a_review_s_rows_follow_the_review(people):
    from cspr.learning import actions
    from cspr.learning.ingest import parse_metadata
    from tests.learning.documents import metadata

    for title, extra in (("Published", {}), ("Unpublished", {"published": False, "partnership": "birmingham"})):
        meta, errors = parse_metadata(metadata(title=title, **extra))
        assert not errors
        actions.review_add(actor=people["sam"], metadata=meta)
    for user, seen in (
        (people["alice"], {"Published", "Unpublished"}),
        (people["ann"], {"Published", "Unpublished"}),
        (people["bob"], {"Published"}),
        (people["adam"], {"Published"}),
        (AnonymousUser(), {"Published"}),  # public access shows published reviews only
    ):
        assert refs(PublishedReview.objects.visible_to(user), "title") == seen
        for model in (Recommendation, ReviewLabel, IncidentCategory):
            assert refs(model.objects.visible_to(user), "review__title") == seen, (user, model)
