"""Accessible SVG bar charts, written directly (no charting library).

A chart is drawn from a `ChartView`, which the report builds from the same
figures as the table beside it. Accessibility (GOV.UK and the Analysis
Function's charts guidance):

- `role="img"` with `<title>` and `<desc>` referenced by `aria-labelledby`;
  the data table sits beside every chart, so nothing is only in the picture;
- colours from the Okabe-Ito palette, safe for colour-blind readers, and never
  alone: the second series is hatched as well as coloured, every bar carries
  its number as text, and a legend names the series in words;
- a suppressed figure draws no bar and is labelled "[c]"; one not available
  (a period the register does not cover) "[x]", and the description names it.

Why no library: matplotlib or plotly would bring a large dependency and their
SVG lacks the title/desc/ARIA structure, which we would have to patch in;
a horizontal bar chart is a hundred lines (docs/adr/0008-measures-and-reports.md).
"""

from html import escape

from cspr.domain.report_build import ChartView
from cspr.govuk.charts.lines import line_svg
from cspr.govuk.charts.marks import chart_description, mark

# Okabe and Ito (2008), "Color Universal Design": blue, then orange.
PALETTE = ("#0072B2", "#E69F00")
TEXT = "#0b0c0c"
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
WIDTH = 680
LABEL_WIDTH = 250
VALUE_ROOM = 70
BAR = 18
GAP = 4
ROW_GAP = 10
LINE = 14
CHARS_PER_LINE = 36


def _wrap(text: str, width: int = CHARS_PER_LINE, max_lines: int = 3) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])[: width - 1] + "…"]
    return lines


def _number(value) -> str:
    return mark(value) or f"{value:,}"


def chart_svg(chart: ChartView, chart_id: str) -> str:
    """The chart as an inline `<svg>` element: bars, or a line chart for a time series."""
    if chart.kind == "line":
        return line_svg(chart, chart_id)
    series = chart.series
    drawable = [v for _, values in series for v in values if isinstance(v, int)]
    top = max(drawable, default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / top
    bars_per_row = len(series)
    legend_height = 28 if bars_per_row > 1 else 0
    y = legend_height + 6
    body: list[str] = []
    for i, category in enumerate(chart.categories):
        lines = _wrap(category)
        block = max(bars_per_row * BAR + (bars_per_row - 1) * GAP, len(lines) * LINE)
        text_y = y + (block - len(lines) * LINE) / 2 + LINE - 3
        tspans = "".join(
            f'<tspan x="{LABEL_WIDTH - 8}" y="{text_y + n * LINE:.1f}">{escape(part)}</tspan>'
            for n, part in enumerate(lines)
        )
        body.append(f'<text text-anchor="end" font-size="12">{tspans}</text>')
        for s, (_, values) in enumerate(series):
            value = values[i]
            bar_y = y + s * (BAR + GAP)
            fill = PALETTE[s % len(PALETTE)] if s == 0 else f"url(#{chart_id}-hatch)"
            if isinstance(value, int) and value > 0:
                length = max(value * scale, 1.5)
                body.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" height="{BAR}" fill="{fill}"'
                    f' stroke="{PALETTE[s % len(PALETTE)]}" stroke-width="1"/>'
                )
            else:
                length = 0
            body.append(
                f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{bar_y + BAR - 5}" font-size="12">{_number(value)}</text>'
            )
        y += block + ROW_GAP
    height = y + 4
    legend = ""
    if bars_per_row > 1:
        items = []
        x = LABEL_WIDTH
        for s, (name, _) in enumerate(series):
            fill = PALETTE[s] if s == 0 else f"url(#{chart_id}-hatch)"
            items.append(
                f'<rect x="{x}" y="6" width="16" height="16" fill="{fill}" stroke="{PALETTE[s]}"/>'
                f'<text x="{x + 22}" y="19" font-size="12">{escape(name)}{" (hatched)" if s else ""}</text>'
            )
            x += 40 + 8 * len(name) + (70 if s else 0)
        legend = "".join(items)
    hatch = (
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{PALETTE[1]}"/></pattern></defs>'
    )
    axis = f'<line x1="{LABEL_WIDTH}" y1="{legend_height}" x2="{LABEL_WIDTH}" y2="{height - 4}" stroke="{TEXT}"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="cspr-chart"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height:.0f}"'
        f' width="{WIDTH}" height="{height:.0f}" font-family="{FONT}" fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart_description(chart))}</desc>'
        f"{hatch}{legend}{''.join(body)}{axis}</svg>"
    )
