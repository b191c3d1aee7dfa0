"""Accessible SVG charts, drawn directly from a `ChartView` (no charting library).

Below every app that draws one: the statistics report, its briefings and the
early-warning page (cspr/stats, cspr/briefings), and the learning repository's
themes over the years (cspr/learning), which may not import the statistics
(the independence contract in pyproject.toml). `bars.py` draws bar charts,
`lines.py` line charts; `chart_svg` picks by the chart's kind. `chart_description` is a
chart's one alternative text (marks.py), for every output that describes it in words.
"""

from cspr.govuk.charts.bars import chart_svg
from cspr.govuk.charts.marks import chart_description

__all__ = ["chart_description", "chart_svg"]
