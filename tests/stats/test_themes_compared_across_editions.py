"""A 2018-19 register and a 2020 register compared theme by theme, the stored mapping applied.

The 2019 register is coded with the first report's practice issues, the 2020 register
with the six themes (one 2020 review also carries a first-report code). The mapping
(cspr/reference/practice_themes.json): optimism -> critical thinking, risk assessment ->
changing risk, information exchange -> information sharing; the others are not compared.
Every expected figure below is counted by hand from the rows.
"""

import csv
import io

import pytest

from cspr.core.models import PracticeTheme
from cspr.domain import codes
from cspr.domain.report_periods import calendar_year
from cspr.stats.render import render_csv
from cspr.stats.report import national_report
from tests.stats.conftest import row

pytestmark = pytest.mark.django_db


def reviewed(ref: str, notified: str, submitted: str, themes: str) -> dict:
    return row(
        ref,
        incident_date=notified,
        aware_date=notified,
        notified_date=notified,
        rr_submitted_date=submitted,
        rr_themes=themes,
    )


REGISTER_2018_19 = [
    # The register holds the whole of 2019 (from January), so 2019 is compared; a year it holds only
    # part of is [x] (domain/report_periods.covered, tests/stats/test_periods_not_covered.py).
    row("E0", incident_date="2019-01-02", aware_date="2019-01-02", notified_date="2019-01-02"),  # no review
    reviewed("E1", "2019-03-05", "2019-03-20", "optimism;risk_assessment"),  # critical thinking; changing risk
    reviewed("E2", "2019-05-09", "2019-05-24", "information_exchange;including_men"),  # information sharing
    reviewed("E3", "2019-09-03", "2019-09-18", "home_education"),  # no agreed mapping: in the base only
    row("E4", incident_date="2019-10-01", aware_date="2019-10-01", notified_date="2019-10-01"),  # no review yet
]
REGISTER_2020 = [
    reviewed("F1", "2020-03-05", "2020-03-20", "critical_thinking;daily_life"),
    reviewed("F2", "2020-06-02", "2020-06-17", "changing_risk;critical_thinking;optimism"),  # once, not twice
    reviewed("F3", "2020-09-01", "2020-09-16", "information_sharing"),
    reviewed("F4", "2020-11-03", "2020-11-18", "leadership_culture"),
]

# (2020: rapid reviews, percentage of 4), (2019: rapid reviews, percentage of 3)
EXPECTED = {
    "Understanding the child's daily life": (1, 25.0, 0, 0.0),
    "Working with families where engagement is reluctant and sporadic": (0, 0.0, 0, 0.0),
    "Critical thinking and challenge": (2, 50.0, 1, 33.3),
    "Responding to changing risk and need": (1, 25.0, 1, 33.3),
    "Sharing information in a timely and appropriate way": (1, 25.0, 1, 33.3),
    "Organisational leadership and culture": (1, 25.0, 0, 0.0),
}


@pytest.fixture
def report(load):
    load(REGISTER_2018_19 + REGISTER_2020)
    return national_report("panel-annual", period=calendar_year(2020)).report()


def the_table(report) -> dict:
    return next(t for t in report.as_json()["tables"] if t["id"] == "themes-compared")


def test_the_two_editions_are_compared_theme_by_theme_with_the_mapping_applied(report):
    table = the_table(report)
    assert table["columns"] == [
        "Practice theme",
        "2020: rapid reviews",
        "2020: percentage",
        "2019: rapid reviews",
        "2019: percentage",
    ]
    assert {r[0]: tuple(r[1:]) for r in table["rows"]} == EXPECTED


def test_the_first_report_codes_alone_count_nothing_under_the_six_without_the_mapping(report):
    # The same 2019 figures unmapped: no 2019 review carries a 2020 code.
    assert report.measures["rapid_reviews.theme.critical_thinking"].count == 2  # 2020's own codings only
    assert report.measures["rapid_reviews.compared.critical_thinking"].count == 2
    earlier = national_report("panel-annual", period=calendar_year(2019)).report()
    assert earlier.measures["rapid_reviews.theme.critical_thinking"].count == 0
    assert earlier.measures["rapid_reviews.compared.critical_thinking"].count == 1


def test_the_csv_carries_the_same_comparison(report):
    cells = {
        (line["row"], line["column"]): line["value"]
        for line in csv.DictReader(io.StringIO(render_csv(report).decode()))
        if line["table_id"] == "themes-compared"
    }
    assert cells[("Critical thinking and challenge", "2020: rapid reviews")] == "2"
    assert cells[("Critical thinking and challenge", "2019: rapid reviews")] == "1"
    assert cells[("Responding to changing risk and need", "2019: percentage")] == "33.3"
    assert len(cells) == 6 * 4


def test_the_note_states_the_mapping_from_the_stored_reference_data(report):
    table = next(t for t in report.tables() if t.id == "themes-compared")
    assert "Overly optimistic practice decisions under Critical thinking and challenge" in table.notes[0]
    assert codes.THEMES_COMPARED["critical_thinking"] == ("critical_thinking", "optimism")


def test_the_first_report_shape_carries_the_comparison_too(load):
    load(REGISTER_2018_19 + REGISTER_2020)
    report = national_report("first-report", period=calendar_year(2020)).report()
    assert {r[0]: tuple(r[1:]) for r in the_table(report)["rows"]} == EXPECTED


def test_the_compared_sets_are_the_mapping_stored_in_the_database(db):
    stored = {code: {code} for code in codes.THEMES_2020}
    for theme in PracticeTheme.objects.filter(maps_to__isnull=False):
        stored[theme.maps_to_id].add(theme.code)
    assert {code: set(found) for code, found in codes.THEMES_COMPARED.items()} == stored
