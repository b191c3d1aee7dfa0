"""A national review gathers cases from many partnerships: each partnership sees its own cases in it, never another's."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from cspr.cases.models import Notification
from cspr.reviews import actions
from cspr.reviews.models import NationalCaseDecision, NationalReview, NationalReviewAppointment
from tests.module_world import module_world
from tests.reviews.national import pool, take
from tests.service.world import people_and_cases, world_people  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

EVERYONE = ("sam", "pat", "alice", "agnes", "bob", "rita", "ron", "ann", "adam")


def build_world() -> dict[str, int]:
    """ "Both" gathers A (Birmingham) and B (City of London); "Only A" gathers A, with ron appointed."""
    people, cases = people_and_cases()
    both = actions.national_review_create(actor=people["sam"], title="Both", topic="Exploitation")
    take(people, both, cases["A"])
    take(people, both, cases["B"])
    only_a = actions.national_review_create(actor=people["sam"], title="Only A", topic="Under-1s")
    take(people, only_a, cases["A"])
    pool(people)
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=only_a.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    return {"Both": both.pk, "Only A": only_a.pk}


@pytest.fixture(scope="module")
def world(request):
    """The personas, cases A and B and the two reviews, built once: every test only reads them."""
    yield from module_world(request, build_world)


@pytest.fixture
def reviews(db, world):
    found = NationalReview.objects.in_bulk(world.values())
    return {title: found[pk] for title, pk in world.items()}


REVIEWS_SEEN = {
    "sam": {"Both", "Only A"},
    "pat": {"Both", "Only A"},
    "alice": {"Both", "Only A"},
    "agnes": {"Both", "Only A"},
    "bob": {"Both"},
    "ron": {"Only A"},
}


@pytest.mark.parametrize("persona", EVERYONE)
def test_each_person_sees_the_reviews_that_gather_their_cases_once_each(reviews, people, persona):
    user = people[persona]
    titles = list(NationalReview.objects.visible_to(user).values_list("title", flat=True))
    assert sorted(titles) == sorted(REVIEWS_SEEN.get(persona, set())), "each review once, however many cases"


@pytest.mark.parametrize(("persona", "own"), [("alice", {"A-1"}), ("agnes", {"A-1"}), ("bob", {"B-1"})])
def test_inside_a_review_a_partnership_sees_only_its_own_cases_and_decisions(reviews, people, persona, own):
    user, both = people[persona], reviews["Both"]
    assert set(both.notifications.all().values_list("ref", flat=True)) == {"A-1", "B-1"}
    cases = Notification.objects.visible_to(user).filter(national_reviews=both)
    assert set(cases.values_list("ref", flat=True)) == own
    decisions = NationalCaseDecision.objects.visible_to(user).filter(national_review=both)
    assert set(decisions.values_list("notification__ref", flat=True)) == own


def test_an_appointment_is_seen_with_its_review(reviews, people):
    assert NationalReviewAppointment.objects.visible_to(people["alice"]).count() == 1
    assert not NationalReviewAppointment.objects.visible_to(people["bob"]).exists()
    assert NationalReviewAppointment.objects.visible_to(people["ron"]).count() == 1
    assert not NationalReviewAppointment.objects.visible_to(people["rita"]).exists()


def test_nobody_signed_out_or_inactive_sees_a_national_review(reviews, people):
    alice = people["alice"]
    alice.is_active = False
    for user in (AnonymousUser(), None, alice):
        for model in (NationalReview, NationalCaseDecision, NationalReviewAppointment):
            assert not model.objects.visible_to(user).exists(), (user, model)


def test_an_appointed_reviewer_reads_the_cases_of_their_review_and_no_other(reviews, people):
    # ron reviews "Only A" for the Panel: case A's record is evidence he needs; B (only in "Both",
    # to which he is not appointed) stays out of his sight, as does every case for rita, whose
    # LCSPR (A's) is local work.
    ron = people["ron"]
    assert set(Notification.objects.visible_to(ron).values_list("ref", flat=True)) == {"A-1"}
    a_1 = Notification.objects.get(ref="A-1")
    assert ron.has_perm("cases.read_case_characteristics", a_1)
    assert ron.has_perm("documents.read_documents", a_1)
    assert not ron.has_perm("documents.attach_documents", a_1)
    assert not ron.has_perm("cases.edit_rapid_review", a_1)
    b_1 = Notification.objects.get(ref="B-1")
    assert not ron.has_perm("cases.read_case_characteristics", b_1)
    assert not ron.has_perm("documents.read_documents", b_1)
    # Another reviewer's appointment, or none, gives nothing.
    rita = people["rita"]
    assert not rita.has_perm("cases.read_case_characteristics", a_1)
