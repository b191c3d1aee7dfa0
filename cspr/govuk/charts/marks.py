"""The symbols a chart draws in place of a figure, and the words that name them.

A figure hidden by disclosure control ("c") or not available ("x": a period the
register does not cover, cspr/domain/report_periods.py) has no bar and no point;
the chart writes its symbol there, "[c]" or "[x]", as the table beside it does.
A reader who cannot see the picture gets the [x] points named in the chart's
description, so a gap in a line is never left unexplained.
"""

from cspr.domain.disclosure import NOT_AVAILABLE, SUPPRESSED
from cspr.domain.report_build import ChartView

MARKS = {SUPPRESSED: "[c]", NOT_AVAILABLE: "[x]"}


def mark(value) -> str | None:
    """The symbol drawn for a value, or None for a figure (or a missing one, which is not marked)."""
    return MARKS.get(value) if isinstance(value, str) else None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _spans(categories: list[str], indexes: list[int], ordered: bool) -> list[str]:
    """The categories at `indexes`; over time (`ordered`), three or more in a row as "A to B"."""
    if not ordered:
        return [categories[i] for i in indexes]
    spans, run = [], [indexes[0]]
    for i in indexes[1:]:
        if i == run[-1] + 1:
            run.append(i)
            continue
        spans.append(run)
        run = [i]
    spans.append(run)
    out = []
    for run in spans:
        if len(run) >= 3:
            out.append(f"{categories[run[0]]} to {categories[run[-1]]}")
        else:
            out.extend(categories[i] for i in run)
    return out


def description(chart: ChartView, second: str, ordered: bool) -> str:
    """The chart's description, then which of its figures are not available ([x]) and where.
    `second` names how the second series is drawn ("dashed line", "hatched")."""
    parts = []
    for s, (name, values) in enumerate(chart.series):
        at = [i for i, value in enumerate(values) if mark(value) == "[x]"]
        if at:
            style = f" ({second})" if s else ""
            parts.append(f"{name}{style} for {_and(_spans(list(chart.categories), at, ordered))}")
    if not parts:
        return chart.description
    sentence = f"Not available, marked [x] and not drawn: {'; '.join(parts)}."
    return f"{chart.description} {sentence}".strip()


def chart_description(chart: ChartView) -> str:
    """The one alternative text of a chart, wherever it is drawn: the SVG's `<desc>`, the PDF's
    `<title>`, a briefing's Word alt text and its Markdown. Line charts run over time (so runs of
    months read "A to B") and draw their second series dashed; bar charts hatch it."""
    if chart.kind == "line":
        return description(chart, "dashed line", ordered=True)
    return description(chart, "hatched", ordered=False)
