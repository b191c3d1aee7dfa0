"""Each theme's share of reviews and rapid reviews by year, nationally and for a partnership (issue 16)."""

import pytest

from cspr.learning.recurrence import theme_recurrence
from tests import factories
from tests.cases.rows import valid_row
from tests.service.personas import PARTNERSHIP_A, personas


@pytest.fixture
def people(db):
    return personas()


def _reviews(add_review):
    # 2021: six published reviews, five about information sharing; 2022: two, one.
    for n in range(6):
        add_review(
            title=f"A{n}",
            year=2021,
            partnership=PARTNERSHIP_A,
            themes=["information_sharing"] if n < 5 else ["changing_risk"],
        )
    for n in range(2):
        add_review(
            title=f"B{n}",
            year=2022,
            partnership=PARTNERSHIP_A,
            themes=["information_sharing"] if n == 0 else ["changing_risk"],
        )
    add_review(title="Unpublished", year=2022, partnership=PARTNERSHIP_A, published=False, themes=["changing_risk"])


def test_national_shares_count_each_published_review_once_per_theme(add_review):
    _reviews(add_review)
    reviews, rapid = theme_recurrence()
    assert reviews.years == [2021, 2022]
    assert reviews.bases == [6, 2]  # the unpublished review is not counted
    assert reviews.cells["information_sharing"] == [(5, 83.3), (1, 50.0)]
    assert reviews.cells["changing_risk"] == [(1, 16.7), (1, 50.0)]
    assert not reviews.suppressed


def test_a_partnerships_small_counts_and_the_shares_they_reveal_are_suppressed(add_review):
    _reviews(add_review)
    reviews, _ = theme_recurrence(partnership=PARTNERSHIP_A)
    assert reviews.suppressed
    assert reviews.cells["information_sharing"][0] == (5, 83.3)
    assert reviews.cells["changing_risk"][0] == ("c", "c")
    assert reviews.bases[1] == "c" and reviews.cells["information_sharing"][1] == ("c", "c")
    assert theme_recurrence(partnership="city-and-hackney")[0].years == []


def test_rapid_review_themes_come_from_the_register(db):
    made = factories.notifications(
        valid_row(
            notification_ref="A-1", rr_submitted_date="2020-03-20", rr_themes="information_sharing;changing_risk"
        ),
        valid_row(notification_ref="A-2", rr_submitted_date="2020-03-20", rr_themes="information_sharing"),
    )
    year = made["A-1"].notified_date.year
    _, rapid = theme_recurrence()
    column = rapid.years.index(year)
    assert rapid.bases[column] == 2
    assert rapid.cells["information_sharing"][column] == (2, 100.0)


def test_the_page_shows_the_national_table_and_a_partnerships(add_review, people, client):
    _reviews(add_review)
    client.force_login(people["alice"])
    page = client.get("/learning/recurrence/").content.decode()
    assert "Share of published reviews with each theme, by year" in page and "5 (83.3%)" in page
    page = client.get(f"/learning/recurrence/?partnership={PARTNERSHIP_A}").content.decode()
    assert "suppressed to protect confidentiality" in page
