"""Similar reviews are stored when the repository changes, and pages read them: the stored matches
are what the page-time computation returned, and a review added is in them at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.learning import similar, similar_store
from cspr.learning.context_processors import case_profile, similar_for_case
from cspr.learning.models import PublishedReview, SimilarSet
from tests import factories
from tests.service.personas import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def add(add_review, text_document):
    def add(title, text, **kw):
        return add_review(title=title, document=text_document(text), recommendations=[], learning_summary="", **kw)

    return add


@pytest.fixture
def reviews(add):
    return [
        add(
            "Baby D",
            "A baby of ten weeks had fractures and bruising. The father had been violent to the mother.",
            child_age_band="under_1",
            incident_type="serious_harm",
            incident_categories=["physical_abuse"],
            characteristics=["domestic_abuse", "non_accidental_injury"],
            themes=["information_sharing"],
        ),
        add(
            "Baby E",
            "An infant was admitted with rib fractures. Domestic abuse in the household was known to the police.",
            child_age_band="under_1",
            incident_type="serious_harm",
            incident_categories=["physical_abuse"],
            characteristics=["domestic_abuse"],
            themes=["information_sharing"],
        ),
        add(
            "Child F",
            "A fifteen-year-old was exploited on a county line and went missing many times.",
            child_age_band="15_to_17",
            incident_type="serious_harm",
            incident_categories=["criminal_exploitation"],
            characteristics=["criminal_exploitation"],
            themes=["changing_risk"],
        ),
        add(
            "Baby G",
            "A baby died while bed-sharing with parents who had been drinking alcohol.",
            child_age_band="under_1",
            incident_type="death",
            incident_categories=["sudi"],
            characteristics=["sudi_unsafe_sleep"],
            themes=["changing_risk"],
        ),
    ]


def shown(matches) -> list:
    return [(m.review.pk, m.score, m.shared, round(m.text_similarity, 6)) for m in matches]


def computed_at_page_time(user, notification):
    """What the notification page computed before the matches were stored (the Panel reads everything)."""
    profile = case_profile(notification, characteristics=True, rapid_review=True)
    others = PublishedReview.objects.visible_to(user).exclude(notification=notification)
    return similar.similar_reviews(profile=profile, reviews=others, limit=5)


def test_the_stored_matches_of_a_case_are_what_the_page_computed(reviews):
    sam = personas()["sam"]
    notification = factories.notification("N-1", domestic_abuse="yes", age_years="0")
    expected = shown(computed_at_page_time(sam, notification))
    assert expected  # the case is like some of the reviews
    assert shown(similar_for_case(sam, notification)) == expected
    assert SimilarSet.objects.filter(subject=f"case:{notification.pk}").count() == 1
    assert shown(similar_for_case(sam, notification)) == expected  # now read, not computed


def test_the_stored_matches_of_a_review_are_what_the_review_page_computed(reviews):
    sam = personas()["sam"]
    for review in reviews:
        expected = similar.similar_reviews(review=review, reviews=PublishedReview.objects.visible_to(sam), limit=5)
        stored = SimilarSet.objects.get(subject=f"review:{review.pk}")  # stored by the action, before any page
        assert stored.matches.count() >= len(expected)
        assert shown(similar_store.similar_for_review(review, user=sam)) == shown(expected)


def test_a_stored_case_is_read_in_two_queries(reviews):
    sam = personas()["sam"]
    notification = factories.notification("N-1", domestic_abuse="yes", age_years="0")
    profile = case_profile(notification, characteristics=True, rapid_review=True)
    similar_store.similar_for_case(notification, profile, user=sam)
    with CaptureQueriesContext(connection) as queries:
        similar_store.similar_for_case(notification, profile, user=sam)
    assert len(queries) <= 3  # the repository's state, the stored set, its matches the person may read


def test_adding_a_review_updates_the_stored_matches(reviews, add):
    sam = personas()["sam"]
    notification = factories.notification("N-1", domestic_abuse="yes", age_years="0")
    before = similar_for_case(sam, notification)
    twin = add(
        "Baby H",
        "A baby had fractures and bruising after domestic abuse; the police had been called to the home.",
        child_age_band="under_1",
        incident_type="serious_harm",
        incident_categories=["physical_abuse"],
        characteristics=["domestic_abuse", "non_accidental_injury"],
        themes=["information_sharing"],
    )
    # The review's own neighbours were stored by the action that added it.
    first_review = SimilarSet.objects.get(subject=f"review:{reviews[0].pk}").matches.order_by("rank").first()
    assert first_review.match == twin
    after = similar_for_case(sam, notification)
    assert twin in [m.review for m in after] and twin not in [m.review for m in before]
    assert shown(after) == shown(computed_at_page_time(sam, notification))


def test_removing_a_review_takes_it_out_of_the_stored_matches(reviews, actor):
    from cspr.learning import actions

    sam = personas()["sam"]
    actions.review_delete(actor=actor, review_id=reviews[1].pk, reason="Added in error")
    matches = similar_store.similar_for_review(reviews[0], user=sam)
    assert reviews[1].pk not in [m.review.pk for m in matches]
    assert shown(matches) == shown(similar.similar_reviews(review=reviews[0], reviews=PublishedReview.objects.all()))


def test_a_reader_sees_only_the_stored_matches_they_may_read(reviews, actor):
    from cspr.learning import actions

    people = personas()
    notification = factories.notification("N-1", domestic_abuse="yes", age_years="0")
    hidden = reviews[1]
    PublishedReview.objects.filter(pk=hidden.pk).update(is_published=False, partnership=None)
    actions.review_label_add(actor=actor, review_id=hidden.pk, kind="theme", code="changing_risk")  # a change
    assert hidden in [m.review for m in similar_for_case(people["sam"], notification)]
    visible = PublishedReview.objects.visible_to(people["bob"])
    assert not visible.filter(pk=hidden.pk).exists()
    assert people["bob"].has_perm("learning.view_repository")
    assert hidden not in [m.review for m in similar_for_case(people["bob"], notification)]


def test_the_rebuild_command_stores_every_case_so_pages_only_read(reviews, monkeypatch):
    import io

    from django.core.management import call_command

    sam = personas()["sam"]
    notification = factories.notification("N-1", domestic_abuse="yes", age_years="0")
    expected = shown(computed_at_page_time(sam, notification))
    out = io.StringIO()
    call_command("learning", "similar-rebuild", stdout=out)
    assert "case profile(s) computed" in out.getvalue()
    assert SimilarSet.objects.filter(subject=f"case:{notification.pk}").count() == 4  # each reader's profile

    def not_at_page_time(*args, **kwargs):
        raise AssertionError("computed at page time")

    monkeypatch.setattr(similar, "similar_reviews", not_at_page_time)
    monkeypatch.setattr(similar, "rank", not_at_page_time)
    assert shown(similar_for_case(sam, notification)) == expected
