"""Practice themes compared across the Panel's editions of its taxonomy.

The first report (2018 to 2019) coded rapid reviews with its own practice issues; the
2020 report with six themes. Theme by theme, a period is compared with the year before
under the 2020 six, each first-report issue counted under the theme it maps to
(codes.THEMES_COMPARED, read from the reference data's one stored mapping).
"""

from dataclasses import dataclass

from cspr.domain import codes
from cspr.domain.disclosure import NOT_AVAILABLE
from cspr.domain.report_build import ChartView, Column, Context, TableView
from cspr.domain.report_labels import label, period_label
from cspr.domain.report_periods import not_covered_notes, year_earlier


def mapping_note() -> str:
    """The mapping in words, for the table's notes (from the stored mapping)."""
    mapped = [
        f"{label('rapid_reviews.theme.' + old)} under {label('rapid_reviews.theme.' + new)}"
        for new, stored in codes.THEMES_COMPARED.items()
        for old in stored
        if old != new
    ]
    return (
        "First-report practice issues are counted under the 2020 theme they map to: "
        + "; ".join(mapped)
        + ". The other first-report issues have no agreed mapping and are not compared. "
        "A rapid review coded with a theme and an issue mapped to it counts once."
    )


@dataclass(frozen=True)
class ThemeComparisonTable:
    """The 2020 six, one a row: rapid reviews coded with each (mapping applied) in the
    period and in the same dates a year earlier, with each period's percentage."""

    id: str
    title: str

    def build(self, ctx: Context, parts: dict) -> TableView:
        periods = (ctx.period, year_earlier(ctx.period))
        names = [period_label(p) for p in periods]
        # A year earlier that the register does not wholly hold has no figures of its own: [x], as
        # in the months and comparisons tables (report_periods.covered), never a 0 read as "none".
        earlier_covered = ctx.covers(periods[1])
        rows = []
        for code in codes.THEMES_COMPARED:
            cells = []
            for p in periods:
                if p is periods[1] and not earlier_covered:
                    cells += [NOT_AVAILABLE, NOT_AVAILABLE]
                else:
                    value = ctx.measure(f"rapid_reviews.compared.{code}", p)
                    cells += [value.count, value.percent]
            rows.append((label(f"rapid_reviews.compared.{code}"), *cells))
        columns = (
            Column("Practice theme", "label"),
            *(
                c
                for name in names
                for c in (Column(f"{name}: rapid reviews"), Column(f"{name}: percentage", "percent"))
            ),
        )
        series = ((names[0], tuple(r[1] for r in rows)), (names[1], tuple(r[3] for r in rows)))
        if earlier_covered:
            kind, when = "Paired horizontal bar", f"in {names[0]} and in {names[1]}"
        else:  # nothing to compare with: one series, and the description says why
            series, kind = series[:1], "Horizontal bar"
            when = f"in {names[0]} (the register does not cover {names[1]})"
        chart = ChartView(
            "paired" if earlier_covered else "bar",
            self.title,
            f"{kind} chart of the number of rapid reviews coded with each of the six practice themes, "
            f"{when}, first-report issues counted under the theme they map to. "
            "The figures are in the table beside the chart.",
            tuple(r[0] for r in rows),
            series,
        )
        return TableView(
            self.id,
            self.title,
            columns,
            tuple(rows),
            "A rapid review can be coded with several themes, or none. Percentages are of each period's rapid reviews.",
            chart,
            (mapping_note(), *not_covered_notes(ctx.register_from, rows, ctx.register_to, periods)),
        )


THEMES_COMPARED_TABLE = ThemeComparisonTable(
    "themes-compared", "Rapid reviews by practice theme, compared with a year earlier (both editions mapped to the six)"
)
