"""The demo's learning repository reads like real published reviews: each review's type fits its year and
publisher, its passages are about one child, and each recommendation goes to an agency that could own it."""

import re
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from cspr.learning.demo import (
    RECOMMENDATIONS,
    allowed_owners,
    load_demo_repository,
    passage_profile,
)
from cspr.learning.models import PublishedReview

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
TRANSITION_ENDED = date(2019, 9, 29)  # the last LSCBs gave way to safeguarding partnerships
CHILD = re.compile(r"\b(?:Baby|Child) [A-Z]\d*\b")


@pytest.fixture
def repository(actor):
    # The register first, as `cspr demo` makes it, so the reviews linked to notifications are checked too.
    with time_machine.travel(TODAY.isoformat(), tick=False):
        call_command("synth", "--profile", "national", "--seed", "3", "--years", "2025-2026", "--load")
        load_demo_repository(actor=actor, seed=3, count=160, today=TODAY)
    reviews = list(PublishedReview.objects.select_related("partnership", "source").prefetch_related("recommendations"))
    assert len(reviews) > 160 and any(r.notification_id for r in reviews)
    return reviews


def shown_name(review) -> str:
    """The publisher as briefings show it: the partnership's name without its "(before 2019: ...)" note."""
    return re.sub(r"\s*\([^()]*\)$", "", review.partnership.name) if review.partnership else review.area_name


def test_demo_reviews_are_plausible(repository):
    # One repository for every check: building it takes seconds.
    each_type_fits_its_year_and_publisher(repository)
    each_review_is_about_one_child(repository)
    each_recommendation_has_a_fitting_owner(repository)


def each_type_fits_its_year_and_publisher(reviews):
    types = {r.review_type for r in reviews}
    assert types == {"scr", "lcspr", "rapid_review_summary", "national_review"}
    for review in reviews:
        published, name = review.publication_date, shown_name(review)
        where = f"{review.title} ({name}, {published})"
        board = "Safeguarding Children Board" in name and "Partnership" not in name
        if review.review_type == "scr":
            assert board and published < TRANSITION_ENDED, where
        elif review.review_type in ("lcspr", "rapid_review_summary"):
            assert review.partnership and "Partnership" in name and not board, where
            assert published >= TRANSITION_ENDED, where
        else:
            assert review.partnership is None and published.year >= 2018, where
        if board:
            assert published.year <= 2019, where


def each_review_is_about_one_child(reviews):
    for review in reviews:
        paragraphs = review.source.text.split("\n\n")[1:]  # after the title line
        assert paragraphs and review.learning_summary.split("\n\n") == paragraphs[:2]
        found = [passage_profile(p) for p in paragraphs]
        genders = set().union(*(f.genders for f in found))
        assert len(genders) <= 1, (review.title, genders)
        for paragraph, profile in zip(paragraphs, found):
            assert all(review.child_age_band in bands for bands in profile.age_bands), (review.title, paragraph)
            assert not profile.death or review.incident_type == "death", (review.title, paragraph)
        # Every child the passages name is one child, the review's own where its title names one.
        names = set().union(*(f.names for f in found))
        in_title = set(CHILD.findall(review.title))
        assert len(names) <= 1 and (not in_title or names <= in_title), (review.title, names)


def test_a_passage_profile_reads_ages_genders_and_deaths():
    seen = passage_profile("At fourteen, Kai began going missing. His mother said he was fine.")
    assert seen.age_bands == (frozenset({"10_to_14"}),) and seen.genders == {"male"} and not seen.death
    assert passage_profile("Baby J died aged seven weeks.").age_bands[0] == {"under_1"}
    assert passage_profile("The baby died.").death


def each_recommendation_has_a_fitting_owner(reviews):
    subject = {text: code for code, text in RECOMMENDATIONS.items()}
    for review in reviews:
        for recommendation in review.recommendations.all():
            allowed = allowed_owners(subject[recommendation.text], review.review_type, review.publication_date)
            assert recommendation.owner_agency in allowed, (review.title, recommendation.text, allowed)
    substance = RECOMMENDATIONS["parental_substance_misuse"]
    owners = {r.owner_agency for review in reviews for r in review.recommendations.all() if r.text == substance}
    assert owners and "Police" not in owners
