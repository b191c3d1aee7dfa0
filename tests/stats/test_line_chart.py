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


# --- Not available ([x]): a period the register does not cover ------------------------------


def test_a_month_not_available_breaks_the_line_is_marked_x_and_named_in_the_description():
    this = ["x", "x", "x", 14, 15, "c", 17, 18, 19, 20, 21, 22]
    before = ["x"] * 4 + list(range(24, 32))
    svg = ET.fromstring(chart_svg(chart(this, before), "cx"))
    solid = [line for line in svg.findall(f"{SVG}polyline") if not line.get("stroke-dasharray")]
    assert [len(line.get("points").split()) for line in solid] == [2, 6]
    marks = [t for t in svg.iter(f"{SVG}text") if t.text in ("[c]", "[x]")]
    assert [t.text for t in marks].count("[x]") == 3 + 4 and [t.text for t in marks].count("[c]") == 1
    # Each [x] sits under its month, as [c] does, in its line's colour.
    month_x = {t.text: t.get("x") for t in svg.iter(f"{SVG}text") if t.text in ("Jan", "Apr")}
    dashed = [t for t in marks if t.text == "[x]" and t.get("fill") == "#D55E00"]
    assert [t.get("x") for t in dashed][::3] == [month_x["Jan"], month_x["Apr"]]
    assert svg.find(f"{SVG}desc").text == (
        "Line chart of notifications by month. Not available, marked [x] and not drawn: "
        "2020 for January 2020 to March 2020; 2019 (dashed line) for January 2020 to April 2020."
    )


def test_a_description_without_x_is_the_charts_own():
    svg = ET.fromstring(chart_svg(chart([10, "c", None] + [5] * 9, range(12)), "cz"))
    assert svg.find(f"{SVG}desc").text == "Line chart of notifications by month."


def test_the_months_table_marks_the_months_before_the_register_x_on_its_chart():
    from datetime import date

    from cspr.domain.measures import Period
    from cspr.domain.report_build import Context
    from cspr.domain.report_periods import calendar_year
    from cspr.domain.reports import MONTHS_TABLE

    year = calendar_year(2025)
    ctx = Context(Period(year.start, year.end), lambda key: 7, None, date(2025, 3, 1))
    view = MONTHS_TABLE.build(ctx, {}).chart
    svg = ET.fromstring(chart_svg(view, "months"))
    assert [t.text for t in svg.iter(f"{SVG}text")].count("[x]") == 2  # January and February 2025
    assert "2025 for January 2025 and February 2025" in svg.find(f"{SVG}desc").text


def test_a_bar_not_available_is_labelled_x_with_no_bar_and_named_in_the_description():
    view = ChartView(
        "paired",
        "Rapid reviews by theme",
        "Paired bar chart.",
        ("Theme A", "Theme B", "Theme C"),
        (("2020", (5, "x", "c")), ("2019", ("x", 3, 4))),
    )
    svg = ET.fromstring(chart_svg(view, "b1"))
    legend = {"2020", "2019 (hatched)"}
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text[0] in "[0123456789" and t.text not in legend]
    assert labels == ["5", "[x]", "[x]", "3", "[c]", "4"]
    assert (
        len([r for r in svg.findall(f"{SVG}rect") if r.get("height") == "18"]) == 3
    )  # 5, 3 and 4: none for [x] or [c]
    assert svg.find(f"{SVG}desc").text == (
        "Paired bar chart. Not available, marked [x] and not drawn: 2020 for Theme B; 2019 (hatched) for Theme A."
    )


def test_every_output_that_describes_a_chart_in_words_names_its_x_points():
    """The PDF's alternative text (the SVG title), a briefing's Markdown and its Word alt text
    carry the same words as the SVG's desc: one home, cspr.govuk.charts.chart_description."""
    import io
    from datetime import date

    from docx import Document as open_docx

    from cspr.briefings.document import Chart, Document, Section, p
    from cspr.briefings.render import render
    from cspr.stats.render.html import print_chart_svg

    view = chart(["x", "x", "x"] + list(range(14, 23)), range(24, 36))
    named = "Not available, marked [x] and not drawn: 2020 for January 2020 to March 2020."
    assert ET.fromstring(print_chart_svg(view, "cp")).find(f"{SVG}title").text.endswith(named)
    briefing = Document(
        title="A briefing",
        caption="Partnership briefing",
        kind="partnership",
        audience="the partnership's leaders",
        summary=Section("summary", "Summary", (p("Figures."),)),
        sections=(Section("figures", "Figures", (Chart(view, "months"),)),),
        notes=(),
        symbols={},
        made_on=date(2026, 12, 7),
    )
    assert named.replace("[x]", "\\[x\\]") in render(briefing, "md").decode()  # Markdown escapes brackets
    word = open_docx(io.BytesIO(render(briefing, "docx")))
    alt = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert len(alt) == 1 and alt[0].endswith(named)
