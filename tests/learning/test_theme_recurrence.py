"""Each theme's share of reviews and rapid reviews by year, nationally and for a partnership (issue 16)."""

import re
import xml.etree.ElementTree as ET

import pytest

from cspr.learning.recurrence import ThemeYears, theme_charts, theme_recurrence
from cspr.learning.search.core import label_name
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


def test_national_shares_count_each_published_review_once_per_theme(add_review, people):
    _reviews(add_review)
    reviews, rapid = theme_recurrence(user=people["sam"])
    assert reviews.years == [2021, 2022]
    assert reviews.bases == [6, 2]  # the unpublished review is not counted
    assert reviews.cells["information_sharing"] == [(5, 83.3), (1, 50.0)]
    assert reviews.cells["changing_risk"] == [(1, 16.7), (1, 50.0)]
    assert not reviews.suppressed


def test_a_partnerships_small_counts_and_the_shares_they_reveal_are_suppressed(add_review, people):
    _reviews(add_review)
    reviews, _ = theme_recurrence(user=people["sam"], partnership=PARTNERSHIP_A)
    assert reviews.suppressed
    assert reviews.cells["information_sharing"][0] == (5, 83.3)
    assert reviews.cells["changing_risk"][0] == ("c", "c")
    assert reviews.bases[1] == "c" and reviews.cells["information_sharing"][1] == ("c", "c")
    assert theme_recurrence(user=people["sam"], partnership="city-and-hackney")[0].years == []


def test_rapid_review_themes_come_from_the_register(people):
    made = factories.notifications(
        valid_row(
            notification_ref="A-1", rr_submitted_date="2020-03-20", rr_themes="information_sharing;changing_risk"
        ),
        valid_row(notification_ref="A-2", rr_submitted_date="2020-03-20", rr_themes="information_sharing"),
    )
    year = made["A-1"].notified_date.year
    _, rapid = theme_recurrence(user=people["sam"])
    column = rapid.years.index(year)
    assert rapid.bases[column] == 2
    assert rapid.cells["information_sharing"][column] == (2, 100.0)
    # Counts by theme and year are statistics: another partnership and an analyst read England's
    # figures too (no case is shown).
    for reader in ("bob", "ann"):
        assert theme_recurrence(user=people[reader])[1].bases[column] == 2


def test_the_page_shows_the_national_table_and_a_partnerships(add_review, people, client):
    _reviews(add_review)
    client.force_login(people["alice"])
    page = client.get("/learning/recurrence/").content.decode()
    assert "Share of published reviews with each theme, by year" in page and "5 (83.3%)" in page
    page = client.get(f"/learning/recurrence/?partnership={PARTNERSHIP_A}").content.decode()
    assert "suppressed to protect confidentiality" in page


# --- The charts (issue 16, item 4: "a recurrence page charts each theme's share") ---------------

SVG = "{http://www.w3.org/2000/svg}"


def _charts(page: str) -> dict[str, ET.Element]:
    """Each inline chart on the page, by its title."""
    found = {}
    for match in re.finditer(r"<svg .*?</svg>", page, re.S):
        svg = ET.fromstring(match.group(0))
        found[svg.find(f"{SVG}title").text] = svg
    return found


def _points(svg: ET.Element, tag: str) -> int:
    return len(svg.findall(f"{SVG}{tag}"))


def test_the_national_page_charts_each_themes_share_by_year(add_review, people, client):
    _reviews(add_review)
    client.force_login(people["alice"])
    charts = _charts(client.get("/learning/recurrence/").content.decode())
    assert set(charts) == {
        f"{label_name(code)}: share of reviews by year" for code in ("information_sharing", "changing_risk")
    }
    svg = charts[f"{label_name('information_sharing')}: share of reviews by year"]
    assert svg.get("role") == "img" and "style" not in svg.attrib
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "2021" in texts and "2022" in texts and "100%" in texts
    # Both years drawn as points on the published line; no rapid reviews, so no second line.
    assert _points(svg, "circle") == 2 and _points(svg, "rect") == 0 and "[c]" not in texts


def test_a_partnerships_suppressed_shares_are_gaps_marked_c_never_points(add_review, people, client):
    _reviews(add_review)
    client.force_login(people["alice"])
    page = client.get(f"/learning/recurrence/?partnership={PARTNERSHIP_A}").content.decode()
    charts = _charts(page)
    sharing = charts[f"{label_name('information_sharing')}: share of reviews by year"]
    risk = charts[f"{label_name('changing_risk')}: share of reviews by year"]
    # information sharing: 5 of 6 in 2021 is shown (83.3%); 2022's base of 2 is hidden, so its share is too.
    assert _points(sharing, "circle") == 1
    assert [t.text for t in sharing.iter(f"{SVG}text")].count("[c]") == 1
    # changing risk: 1 of 6, then a hidden base: nothing drawn, both years marked.
    assert _points(risk, "circle") == 0 and _points(risk, "polyline") == 0
    assert [t.text for t in risk.iter(f"{SVG}text")].count("[c]") == 2
    assert "16.7" not in page  # the suppressed share appears nowhere, in the chart or the table


def test_a_theme_one_source_never_recorded_is_0_where_that_source_has_a_base_and_hidden_where_not():
    reviews = ThemeYears(
        "reviews", [2020, 2021], ["daily_life"], {"daily_life": [(10, 50.0), ("c", "c")]}, [20, "c"], True
    )
    rapid = ThemeYears("rapid_reviews", [2021], ["changing_risk"], {"changing_risk": [(7, 70.0)]}, [10], False)
    charts = dict(theme_charts([reviews, rapid], str))
    assert charts["daily_life"].series == (("Published", (50.0, "c")), ("Rapid", (None, 0.0)))
    assert charts["changing_risk"].series == (("Published", (0.0, "c")), ("Rapid", (None, 70.0)))
    assert charts["daily_life"].categories == ("2020", "2021") and charts["daily_life"].unit == "%"
    assert theme_charts([ThemeYears("reviews", [], [], {}, [], False)], str) == []
