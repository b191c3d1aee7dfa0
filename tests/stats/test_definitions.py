"""The three report definitions: the Panel's annual report, the first report's shape, DfE's tables."""

import pytest

from cspr.core.models import Region
from cspr.domain.measures import REGIONS, Period
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db


def table(report, table_id):
    return next(t for t in report.tables() if t.id == table_id)


def test_the_catalogue_regions_are_the_register_regions():
    assert REGIONS == tuple(Region.values)


def test_dfe_tables_split_the_financial_year_into_halves(load):
    load(all_rows())
    report = national_report("dfe-official", period=financial_year("2020-21")).report()
    halves = table(report, "type-by-half")
    assert [c.header for c in halves.columns] == ["Type of incident", "April to September", "October to March", "Total"]
    # Apr-Sep: N3 death, N5 and N6 serious harm. Oct-Mar: N7 and N10 serious harm, N4 other.
    assert halves.rows == (
        ("Death", 1, 0, 1),
        ("Serious harm", 2, 2, 4),
        ("Other (for example the young person harmed others)", 0, 1, 1),
        ("Total", 3, 3, 6),
    )


def test_dfe_tables_break_notifications_down_by_region(load):
    load(all_rows())
    report = national_report("dfe-official", period=financial_year("2020-21")).report()
    rows = {row[0]: row[1:] for row in table(report, "region-by-type").rows}
    assert rows["West Midlands"] == (1, 3, 1, 5)  # N3; N5, N6, N10; N4
    assert rows["London"] == (0, 1, 0, 1)  # N7
    assert rows["North East"] == (0, 0, 0, 0)
    assert rows["Total"] == (1, 4, 1, 6)


def test_dfe_age_bands_sit_beside_the_panels(load):
    load(all_rows())
    report = national_report("dfe-official", period=financial_year("2020-21")).report()
    dfe = {row[0]: row[1] for row in table(report, "children-by-dfe-age").rows}
    panel = {row[0]: row[1] for row in table(report, "children-by-age").rows}
    # N3 16, N4 15, N5 17 and 12, N6 14, N7 9, N10 0.
    assert dfe == {"Under 1": 1, "1 to 5": 0, "6 to 10": 1, "11 to 15": 3, "16 and over": 2, "Not known": 0}
    assert panel == {"Under 1": 1, "1 to 4": 0, "5 to 9": 1, "10 to 14": 2, "15 to 17": 3, "Not known": 0}


def test_the_first_reports_shape_over_an_arbitrary_range(load):
    load(all_rows())
    period = Period(calendar_year(2019).start, calendar_year(2020).end)
    report = national_report("first-report", period=period).report()
    themes = {row[0]: row[1] for row in table(report, "first-report-themes").rows}
    assert themes["Overly optimistic practice decisions"] == 1  # N5
    assert report.measures["notifications.total"].count == 9
    assert "representation" not in {s.title for s in report.sections}
    assert report.as_json()["comparisons"]["period_vs_previous_period"]["previous"]["from"] == "2017-01-01"


def test_every_required_chart_is_drawn(load):
    load(all_rows())
    report = national_report("panel-annual", period=calendar_year(2020)).report()
    charted = {t.id for t in report.tables() if t.chart}
    assert {
        "notifications-by-type",
        "children-by-age",
        "deaths-by-category",
        "non-fatal-by-category",
        "case-characteristics",
        "rapid-review-themes",
        "notifications-by-month",
    } <= charted


def test_charts_show_the_figures_of_their_tables(load):
    load(all_rows())
    report = national_report("panel-annual", period=calendar_year(2020)).report()
    for t in report.tables():
        if t.chart and t.chart.kind == "bar":
            assert t.chart.series[0][1] == tuple(row[1] for row in t.rows), t.id
            assert t.chart.categories == tuple(row[0] for row in t.rows)
