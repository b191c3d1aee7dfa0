"""Time series are drawn as lines: the months of the period beside a year earlier."""

import re
import xml.etree.ElementTree as ET

from cspr.domain.report_build import ChartView
from cspr.domain.surveillance import MONTH_NAMES
from cspr.govuk.charts import chart_svg
from cspr.govuk.charts.lines import nice_step

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = tuple(f"{m} 2020" for m in MONTH_NAMES)


def chart(this, before) -> ChartView:
    return ChartView(
        "line",
        "Notifications by month",
        "Line chart of notifications by month.",
        MONTHS,
        (("2020", tuple(this)), ("2019", tuple(before))),
    )


def test_two_series_are_two_lines_one_dashed_with_a_point_for_each_month():
    svg = ET.fromstring(chart_svg(chart(range(30, 42), range(20, 32)), "c1"))
    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 2
    assert [len(line.get("points").split()) for line in lines] == [12, 12]
    assert lines[1].get("stroke-dasharray") and not lines[0].get("stroke-dasharray")
    assert len(svg.findall(f"{SVG}circle")) == 12 and len(svg.findall(f"{SVG}rect")) == 12
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == "Notifications by month"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Jan" in texts and "Dec" in texts and "2019 (dashed)" in texts


def test_the_higher_count_is_drawn_higher_and_the_scale_reaches_the_top():
    svg = ET.fromstring(chart_svg(chart([10] * 11 + [40], [5] * 12), "c2"))
    points = [tuple(map(float, p.split(","))) for p in svg.findall(f"{SVG}polyline")[0].get("points").split()]
    assert points[-1][1] < points[0][1], "SVG's y grows downwards"
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.text and re.fullmatch(r"[\d,]+", t.text)]
    assert ticks[0] == "0" and int(ticks[-1].replace(",", "")) >= 40


def test_a_suppressed_month_breaks_the_line_and_is_marked():
    this = [10, 12, "c", 14, 15, 16, 17, 18, 19, 20, 21, 22]
    svg_text = chart_svg(chart(this, range(20, 32)), "c3")
    svg = ET.fromstring(svg_text)
    first = [line for line in svg.findall(f"{SVG}polyline") if not line.get("stroke-dasharray")]
    assert [len(line.get("points").split()) for line in first] == [2, 9]
    assert "[c]" in svg_text


def test_the_scale_steps_are_one_two_or_five_times_a_power_of_ten():
    assert [nice_step(n) for n in (1, 6, 7, 12, 13, 30, 31, 250, 4000)] == [1, 1, 2, 2, 5, 5, 10, 50, 1000]


def test_weeks_are_labelled_by_day_and_month_and_months_over_two_years_carry_the_year():
    weeks = ChartView("line", "By week", "Line chart by week.", ("27 Dec 2019", "3 Jan 2020"), (("Received", (3, 4)),))
    months = ChartView(
        "line", "By month", "Line chart by month.", ("December 2019", "January 2020"), (("Received", (3, 4)),)
    )
    assert {"27 Dec", "3 Jan"} <= {t.text for t in ET.fromstring(chart_svg(weeks, "w")).iter(f"{SVG}text")}
    assert {"Dec 19", "Jan 20"} <= {t.text for t in ET.fromstring(chart_svg(months, "m")).iter(f"{SVG}text")}
