"""Accessible SVG line charts for time series (a `ChartView` of kind "line").

A series over months, weeks or years reads as a line: the Analysis Function's
charts guidance draws time on the horizontal axis, and 24 paired bars hid the
shape of the year.
The same accessibility as the bar charts (`bars.py`): `role="img"` with title and
description, the table beside it; the Okabe-Ito palette, and never colour alone:
the second series is dashed with square markers, the first solid with round
ones, and each line is labelled with its name at its end (direct labels, no
legend to match by colour). A suppressed figure breaks its line and is marked
"[c]" under its month or year, a figure not available (a period the register
does not cover) "[x]", which the description names too (`marks.py`); a missing
one (None) only breaks it. The chart's `unit` ("%" for shares) follows each
number on the value axis.
"""

import math
from html import escape

from cspr.domain.report_build import ChartView
from cspr.govuk.charts.marks import chart_description, mark

PALETTE = ("#0072B2", "#D55E00")  # Okabe-Ito blue and vermilion
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
WIDTH = 680
LEFT = 48
RIGHT = 120  # room for the lines' names
TOP = 16
PLOT_HEIGHT = 220
AXIS_ROOM = 46


def nice_step(top: int, most_ticks: int = 6) -> int:
    """The smallest of 1, 2, 5 x 10^k that draws `top` in at most `most_ticks` steps."""
    scale = 1
    while True:
        for base in (1, 2, 5):
            step = base * scale
            if top <= step * most_ticks:
                return step
        scale *= 10


def _drawable(value) -> bool:
    """A count or an expected count; not a suppressed figure, a missing one or a flag."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _tick_label(category: str, years: set[str]) -> str:
    """'January 2020' as 'Jan', or 'Jan 20' when the months span more than one year;
    a week ('3 Jan 2020', the early-warning page's) as '3 Jan'; a year as itself."""
    *before, year = category.split(" ")
    if len(before) == 2:  # day and month
        return f"{before[0]} {before[1][:3]}"
    if not before:
        return category
    short = before[0][:3]
    return f"{short} {year[-2:]}" if len(years) > 1 else short


def _points(values, xs, y_of):
    """Runs of consecutive drawable points: a suppressed, not available or missing figure breaks the line."""
    runs, run = [], []
    for x, value in zip(xs, values):
        if _drawable(value):
            run.append((x, y_of(value)))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def line_svg(chart: ChartView, chart_id: str) -> str:
    series = chart.series
    drawable = [v for _, values in series for v in values if _drawable(v)]
    highest = math.ceil(max(drawable, default=0))
    step = nice_step(highest or 1)
    top = step * -(-max(highest, 1) // step)
    n = len(chart.categories)
    plot_width = WIDTH - LEFT - RIGHT
    xs = [LEFT + (plot_width * i / (n - 1) if n > 1 else plot_width / 2) for i in range(n)]

    def y_of(value: float) -> float:
        return TOP + PLOT_HEIGHT * (1 - value / top)

    body: list[str] = []
    for tick in range(0, top + 1, step):
        y = y_of(tick)
        body.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_width}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{tick:,}{escape(chart.unit)}</text>'
        )
    years = {c.rpartition(" ")[2] for c in chart.categories}
    every = max(1, -(-n // 12))  # at most about 12 month labels
    base = TOP + PLOT_HEIGHT
    for i, (x, category) in enumerate(zip(xs, chart.categories)):
        if i % every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle" font-size="11">'
                f"{escape(_tick_label(category, years))}</text>"
            )
    ends = []
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        dash = ' stroke-dasharray="6 4"' if s else ""
        for run in _points(values, xs, y_of):
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
            for x, y in run:
                if s:
                    body.append(f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>')
                else:
                    body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
        for x, value in zip(xs, values):
            if symbol := mark(value):
                body.append(
                    f'<text x="{x:.1f}" y="{base + 30 + 12 * s}" text-anchor="middle" font-size="10"'
                    f' fill="{colour}">{symbol}</text>'
                )
        last = [(x, v) for x, v in zip(xs, values) if _drawable(v)]
        if last:
            ends.append((last[-1][0], y_of(last[-1][1]), name, s))
    # Each line's name at its end, inside the plot; two ends closer than a line of text are moved apart.
    ys = [min(max(y, TOP + 7), base - 7) for _, y, _, _ in ends]
    if len(ys) == 2 and abs(ys[0] - ys[1]) < 14:
        middle = min(max((ys[0] + ys[1]) / 2, TOP + 14), base - 14)
        ys = [middle - 7, middle + 7] if ys[0] <= ys[1] else [middle + 7, middle - 7]
    for (x, _, name, s), y in zip(ends, ys):
        body.append(
            f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="12" fill="{TEXT}">'
            f"{escape(name)}{' (dashed)' if s else ''}</text>"
        )
    axis = f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_width}" y2="{base}" stroke="{TEXT}"/>'
    height = base + AXIS_ROOM
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="cspr-chart"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" font-family="{FONT}" fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart_description(chart))}</desc>'
        f"{''.join(body)}{axis}</svg>"
    )
