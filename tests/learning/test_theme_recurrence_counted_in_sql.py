"""Themes over the years are counted by the database and kept under the register's generation.

The page read every rapid review coding in the register into Python and counted them there: a
second a view on 80,000 codings. The counts now come back grouped (a few hundred rows), and the
rapid reviews' counts, the same for every reader, are cached until the register changes. The
figures must be exactly those of a plain count over the rows, on a seeded synthetic register.
"""

import random
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.cases.models import Notification, needing_rapid_review
from cspr.core.generation import register_changed
from cspr.core.models import PracticeTheme
from cspr.domain.codes import THEME_CODES
from cspr.learning.recurrence import _theme_years, theme_recurrence
from cspr.reviews.models import RapidReview
from tests import factories
from tests.cases.rows import valid_row
from tests.service.personas import PARTNERSHIP_A, PARTNERSHIP_B, personas

CODINGS = "cases_rapidreview_themes"
LOOKED_AFTER_DEATH = {
    "notification_kind": "looked_after_death",
    "abuse_neglect_suspected": "no",
    "incident_type": "death",
    "harm_category": "",
    "death_category": "sudi",
}


@pytest.fixture
def people(db):
    return personas()


def _synthetic_register(seed: int, size: int = 40) -> None:
    """`size` notifications over five years and two partnerships, some rapid reviews not yet
    submitted, some of a kind that needs none, each with a random set of themes (maybe none)."""
    rng = random.Random(seed)
    rows = []
    for n in range(size):
        day = date(rng.randint(2018, 2022), rng.randint(1, 12), rng.randint(1, 20)).isoformat()
        dates = {"incident_date": day, "aware_date": day, "notified_date": day, "rr_submitted_date": day}
        # One in ten a looked-after child's death, abuse or neglect not suspected: no rapid review is required.
        kind = LOOKED_AFTER_DEATH if rng.random() < 0.1 else {}
        rows.append(valid_row(notification_ref=f"S-{n}", child_ref=f"C-{n}", **dates, **kind))
    made = factories.notifications(*rows)
    themes = list(PracticeTheme.objects.filter(pk__in=THEME_CODES[:6]))
    for notification in made.values():
        Notification.objects.filter(pk=notification.pk).update(
            partnership_id=rng.choice([PARTNERSHIP_A, PARTNERSHIP_B])
        )
        review = notification.rapid_review
        if rng.random() < 0.2:
            RapidReview.objects.filter(pk=review.pk).update(submitted_date=None)
        review.themes.set(rng.sample(themes, rng.randint(0, len(themes))))


def _counted_row_by_row(partnership: str | None) -> tuple[Counter, Counter]:
    """The oracle: every counted rapid review's themes, read one by one and counted in Python."""
    reviews = RapidReview.objects.filter(needing_rapid_review("notification__"), submitted_date__isnull=False)
    if partnership:
        reviews = reviews.filter(notification__partnership_id=partnership)
    by_theme, coded = Counter(), Counter()
    for review in reviews.select_related("notification").prefetch_related("themes"):
        codes = {theme.pk for theme in review.themes.all()}
        year = review.notification.notified_date.year  # the calendar year of the notified date
        for code in codes:
            by_theme[year, code] += 1
        coded[year] += 1 if codes else 0
    return by_theme, +coded


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rapid_reviews_figures_equal_a_count_over_the_rows(people, seed):
    _synthetic_register(seed)
    for partnership, threshold in ((None, None), (PARTNERSHIP_A, 4), (PARTNERSHIP_B, 4)):
        _, rapid = theme_recurrence(user=people["sam"], partnership=partnership)
        assert rapid == _theme_years("rapid_reviews", *_counted_row_by_row(partnership), threshold)
        assert rapid.years  # the register is not empty: the comparison compared something


def test_the_codings_are_counted_by_the_database_not_read_row_by_row(people):
    _synthetic_register(4)
    with CaptureQueriesContext(connection) as queries:
        theme_recurrence(user=people["sam"])
    reading = [q["sql"] for q in queries.captured_queries if CODINGS in q["sql"]]
    assert reading
    # Each query of the codings groups them (or asks only whether a review has any).
    assert all("GROUP BY" in sql for sql in reading), reading


def test_the_rapid_reviews_counts_are_kept_until_the_register_changes(people):
    made = factories.notifications(
        valid_row(notification_ref="A-1", rr_submitted_date="2020-03-20", rr_themes="information_sharing"),
    )
    _, first = theme_recurrence(user=people["sam"])
    with CaptureQueriesContext(connection) as queries:
        _, again = theme_recurrence(user=people["bob"])  # another reader: the same statistics
    assert again == first
    assert not [q for q in queries.captured_queries if CODINGS in q["sql"]]
    # A coding written (every audited write changes the generation) is counted on the next view.
    made["A-1"].rapid_review.themes.add(PracticeTheme.objects.get(pk="changing_risk"))
    register_changed()
    _, after = theme_recurrence(user=people["sam"])
    assert after.cells["changing_risk"] == [(1, 100.0)]
