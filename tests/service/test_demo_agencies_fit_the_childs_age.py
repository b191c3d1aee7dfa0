"""The demo's rapid reviews name agencies that work with a child of that age: no school for a baby."""

import pytest

from cspr.service.demo_narratives import narrative
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

REFS = [f"AGE-{i}" for i in range(8)]  # each reference seeds its own choice of words


def sent_reviews(*ages_per_case):
    rows = [
        valid_row(notification_ref=f"{ref}-{n}", child_ref=f"C{k}", age_years=str(age), rr_submitted_date="2020-03-20")
        for n, ages in enumerate(ages_per_case)
        for ref in REFS
        for k, age in enumerate(ages)
    ]
    return [notification.rapid_review for notification in factories.notifications(*rows).values()]


def agencies(review):
    return set(narrative(review)["agencies_involved"])


def test_a_baby_has_a_health_visitor_and_no_school():
    for review in sent_reviews([0]):
        assert "health_visiting_midwifery" in agencies(review)
        assert "school_education" not in agencies(review)


def test_a_sixteen_year_old_has_school_or_college_and_no_health_visitor():
    for review in sent_reviews([16]):
        assert "school_education" in agencies(review)
        assert "health_visiting_midwifery" not in agencies(review)


def test_a_baby_and_a_teenager_in_one_case_have_what_each_needs():
    for review in sent_reviews([0, 14]):
        assert {"health_visiting_midwifery", "school_education", "childrens_social_care", "police"} <= agencies(review)


def test_the_words_are_the_same_each_time():
    [review, *_] = sent_reviews([7])
    assert narrative(review) == narrative(review)
