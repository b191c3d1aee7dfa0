"""Practice themes compared across the Panel's editions of its taxonomy.

The first report (2018 to 2019) coded rapid reviews with its own practice issues; the
2020 report with six themes. Theme by theme, a period is compared with the year before
under the 2020 six, each first-report issue counted under the theme it maps to
(codes.THEMES_COMPARED, read from the reference data's one stored mapping).
"""

from dataclasses import dataclass

from cspr.domain import codes
from cspr.domain.report_build import ChartView, Column, Context, TableView
from cspr.domain.report_labels import label, period_label
from cspr.domain.report_periods import year_earlier


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
        rows = []
        for code in codes.THEMES_COMPARED:
            values = [ctx.measure(f"rapid_reviews.compared.{code}", p) for p in periods]
            rows.append((label(f"rapid_reviews.compared.{code}"), *(x for v in values for x in (v.count, v.percent))))
        columns = (
            Column("Practice theme", "label"),
            *(
                c
                for name in names
                for c in (Column(f"{name}: rapid reviews"), Column(f"{name}: percentage", "percent"))
            ),
        )
        chart = ChartView(
            "paired",
            self.title,
            f"Paired horizontal bar chart of the number of rapid reviews coded with each of the six practice themes, "
            f"in {names[0]} and in {names[1]}, first-report issues counted under the theme they map to. "
            "The figures are in the table beside the chart.",
            tuple(r[0] for r in rows),
            ((names[0], tuple(r[1] for r in rows)), (names[1], tuple(r[3] for r in rows))),
        )
        return TableView(
            self.id,
            self.title,
            columns,
            tuple(rows),
            "A rapid review can be coded with several themes, or none. Percentages are of each period's rapid reviews.",
            chart,
            (mapping_note(),),
        )


THEMES_COMPARED_TABLE = ThemeComparisonTable(
    "themes-compared", "Rapid reviews by practice theme, compared with a year earlier (both editions mapped to the six)"
)
