"""The kinds of table a report definition is made of, and the definition itself.

Each table is a small frozen dataclass whose `build` reads figures through the report
`Context` (cspr/domain/report_build.py) and declares the sums a reader can see, so
disclosure control knows them. The definitions that use them are in
cspr/domain/reports.py (split from there: a table kind changes rarely, a definition often).
"""

from dataclasses import dataclass

from cspr.domain.disclosure import NOT_AVAILABLE
from cspr.domain.measure_relations import catalogue_relations
from cspr.domain.measures import (
    ALWAYS,
    MEASURES,
    Between,
    Category,
    Dimension,
    Period,
    both,
    quantity,
)
from cspr.domain.report_build import ChartView, Column, Context, SectionView, TableView
from cspr.domain.report_labels import LABELS, label, period_label
from cspr.domain.report_lateness import LATE_BUCKETS
from cspr.domain.report_parts import comparisons, representation, tilings, timeliness
from cspr.domain.report_periods import half_years, incomplete_notes, months, not_covered_notes, year_earlier


def _bar(title: str, what: str, labels: tuple[str, ...], values: tuple) -> ChartView:
    shown = [(lab, v) for lab, v in zip(labels, values) if isinstance(v, int)]
    largest = max(shown, key=lambda item: item[1], default=None)
    summary = f" The largest is {largest[0]} ({largest[1]})." if largest and largest[1] else ""
    return ChartView(
        "bar",
        title,
        f"Horizontal bar chart of the number of {what}, one bar per category.{summary} "
        "The figures are in the table beside the chart.",
        labels,
        (("Number", values),),
    )


# --- Tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureTable:
    """Measures, one a row: number and percentage of each one's base."""

    id: str
    title: str
    measures: tuple[str, ...]
    row_header: str
    chart_of: str | None = None  # "notifications by type": draws a bar chart
    description: str = ""
    # Notes every output carries with the table (JSON, CSV, ODS notes sheet, HTML, PDF); a
    # description is shown only beside the table (HTML, PDF, the ODS sheet).
    notes: tuple[str, ...] = ()

    def build(self, ctx: Context, parts: dict) -> TableView:
        values = [(mid, ctx.measure(mid)) for mid in self.measures]
        bases = {MEASURES[mid].base_population for mid in self.measures}
        show_base = len(bases) > 1
        columns = [Column(self.row_header, "label"), Column("Number")]
        if show_base:
            columns.append(Column("Out of"))
        columns.append(Column("Percentage", "percent"))
        rows = []
        for mid, mv in values:
            row = [label(mid), mv.count]
            if show_base:
                row.append(mv.base)
            row.append(mv.percent if mv.base is not None else None)
            rows.append(tuple(row))
        notes = self.notes
        if not show_base and values and values[0][1].base is not None:
            base = MEASURES[self.measures[0]].base_population
            count = values[0][1].base  # a shown count: a number, or "c" when hidden
            shown = f"{count:,}" if isinstance(count, int) else f"[{count}]"
            notes = (*notes, f"Percentages are of all {LABELS['population.' + base]} ({shown}).")
        chart = None
        if self.chart_of:
            chart = _bar(self.title, self.chart_of, tuple(r[0] for r in rows), tuple(mv.count for _, mv in values))
        return TableView(self.id, self.title, tuple(columns), tuple(rows), self.description, chart, notes)


@dataclass(frozen=True)
class CrossTable:
    """A two-way table of counts with row and column totals (DfE's layout).
    `columns="halves"`: the financial year's April-September and October-March."""

    id: str
    title: str
    population: str
    rows: Dimension
    columns: Dimension | str
    row_header: str
    description: str = ""

    def _columns(self, period: Period) -> Dimension:
        if self.columns == "halves":
            return Dimension(
                "half",
                tuple(Category(code, Between("notified_date", p.start, p.end)) for code, p in half_years(period)),
            )
        return self.columns

    def build(self, ctx: Context, parts: dict) -> TableView:
        cols = self._columns(ctx.period)
        q = lambda condition: quantity(self.population, condition, ctx.period)  # noqa: E731
        grid = [[q(both(r.condition, c.condition)) for c in cols.categories] for r in self.rows.categories]
        row_totals = [q(r.condition) for r in self.rows.categories]
        col_totals = [q(c.condition) for c in cols.categories]
        grand = q(ALWAYS)
        for cells, total in zip(grid, row_totals):
            ctx.relate(total, cells)
        for j, total in enumerate(col_totals):
            ctx.relate(total, [cells[j] for cells in grid])
        ctx.relate(grand, row_totals)
        ctx.relate(grand, col_totals)
        rows = [
            (label(f"{self.rows.id}.{r.code}"), *(ctx.value(k) for k in cells), ctx.value(total))
            for r, cells, total in zip(self.rows.categories, grid, row_totals)
        ]
        rows.append(("Total", *(ctx.value(k) for k in col_totals), ctx.value(grand)))
        columns = (
            Column(self.row_header, "label"),
            *(Column(label(f"{cols.id}.{c.code}")) for c in cols.categories),
            Column("Total"),
        )
        return TableView(self.id, self.title, columns, tuple(rows), self.description)


@dataclass(frozen=True)
class MonthsTable:
    """Notifications by month of the period beside the same months a year earlier."""

    id: str
    title: str

    def build(self, ctx: Context, parts: dict) -> TableView:
        this = [quantity("notifications", ALWAYS, m) for m in months(ctx.period)]
        before = [quantity("notifications", ALWAYS, year_earlier(m)) for m in months(ctx.period)]
        this_name = period_label(ctx.period)
        before_name = period_label(year_earlier(ctx.period))
        labels = tuple(m.start.strftime("%B %Y") for m in months(ctx.period))
        rows = tuple((lab, ctx.compared(a), ctx.compared(b)) for lab, a, b in zip(labels, this, before))
        series = ((this_name, tuple(r[1] for r in rows)), (before_name, tuple(r[2] for r in rows)))
        if all(r[2] == NOT_AVAILABLE for r in rows):  # the register holds none of them: no line to compare
            series, earlier = series[:1], ". The register does not cover the same months a year earlier"
        else:
            earlier = " and in the same months a year earlier (dashed line, square markers)"
        chart = ChartView(
            "line",
            self.title,
            f"Line chart of notifications received in each month of {this_name} (solid line, round markers)"
            f"{earlier}. The figures are in the table beside the chart.",
            labels,
            series,
        )
        columns = (Column("Month", "label"), Column(this_name), Column(f"A year earlier ({before_name})"))
        periods = (*months(ctx.period), *(year_earlier(m) for m in months(ctx.period)))
        notes = not_covered_notes(ctx.register_from, rows, ctx.register_to, periods)
        return TableView(self.id, self.title, columns, rows, chart=chart, notes=notes)


@dataclass(frozen=True)
class ComparisonsTable:
    id: str
    title: str

    def build(self, ctx: Context, parts: dict) -> TableView:
        rows = tuple(
            (
                c.label,
                period_label(c.this.period),
                c.this.count,
                period_label(c.previous.period),
                c.previous.count,
                c.change,
                c.percent_change,
            )
            for c in parts["comparisons"].values()
        )
        columns = (
            Column("Comparison", "label"),
            Column("This period", "label"),
            Column("Notifications"),
            Column("Compared with", "label"),
            Column("Notifications then"),
            Column("Change", "change"),
            Column("Percentage change", "percent"),
        )
        periods = tuple(p for c in parts["comparisons"].values() for p in (c.this.period, c.previous.period))
        notes = not_covered_notes(ctx.register_from, rows, ctx.register_to, periods)
        return TableView(self.id, self.title, columns, rows, notes=notes)


@dataclass(frozen=True)
class RepresentationTable:
    id: str
    title: str

    def build(self, ctx: Context, parts: dict) -> TableView:
        representation = parts["representation"]
        columns = (
            Column("Ethnic group", "label"),
            Column("Children"),
            Column("Share of children with a recorded ethnic group (%)", "percent"),
            Column("Share of the child population (%)", "percent"),
            Column("Ratio", "ratio"),
        )
        rows = []
        for group, r in representation.items():
            rows.append((label(f"ethnic_group.{group}"), r.count, r.share, r.population_share, r.ratio))
            for band, by_age in r.by_age.items():
                rows.append(
                    (
                        f"{label(f'ethnic_group.{group}')}, aged {label(f'rep_age.{band}')}",
                        by_age.count,
                        by_age.share,
                        by_age.population_share,
                        by_age.ratio,
                    )
                )
        return TableView(
            self.id,
            self.title,
            columns,
            tuple(rows),
            "A ratio above 1 means the group is over-represented among the children notified, below 1 "
            "under-represented, compared with the child population baseline.",
        )


@dataclass(frozen=True)
class TimelinessTable:
    id: str
    title: str

    def build(self, ctx: Context, parts: dict) -> TableView:
        bands = [code for code, _, _ in LATE_BUCKETS]
        columns = (
            Column("Deadline", "label"),
            Column("Records"),
            Column("On time"),
            Column("Percentage on time", "percent"),
            Column("Late"),
            *(Column(f"{label('late.' + code)} working day{'' if code == '1' else 's'} late") for code in bands),
        )
        rows = tuple(
            (
                label(f"late.{kind}"),
                t.on_time.base,
                t.on_time.count,
                t.on_time.percent,
                t.late.count,
                *(t.working_days_late[code] for code in bands),
            )
            for kind, t in parts["timeliness"].items()
        )
        notes = tuple(f"{label('late.' + kind)}: {t.rule}." for kind, t in parts["timeliness"].items())
        return TableView(self.id, self.title, columns, rows, notes=notes)


NOTES = (
    "Figures count serious incident notifications received by the Panel in the period (by notified date), "
    "and the children those notifications concern.",
    "A characteristic counts when it was recorded as 'yes'; 'no' and 'unknown' do not.",
    "Percentages are rounded half up to one decimal place; a percentage is not shown ([z]) where its base is 0.",
)


@dataclass(frozen=True)
class ReportDefinition:
    id: str
    title: str
    period_kind: str  # "calendar_year", "financial_year" or "range"
    sections: tuple[tuple[str, tuple], ...]
    comparisons: tuple[str, ...] = ("apr_to_sep_vs_previous_year", "period_vs_previous_period")
    representation: bool = True

    def title_for(self, period: Period) -> str:
        return f"{self.title}: {period_label(period)}"

    def build(self, ctx: Context) -> dict:
        parts: dict = {"measures": {mid: ctx.measure(mid) for mid in MEASURES}}
        for relation in catalogue_relations(ctx.period):
            ctx.relate(relation.total, relation.parts)
        parts["comparisons"] = comparisons(ctx, self.comparisons)
        parts["representation"] = representation(ctx) if self.representation else {}
        parts["timeliness"] = timeliness(ctx)
        sections = []
        for title, tables in self.sections:
            views = [view for view in (t.build(ctx, parts) for t in tables) if view.rows]
            if views:
                sections.append(SectionView(title, tuple(views)))
        parts["sections"] = tuple(sections)
        tilings(ctx)
        parts["notes"] = (*NOTES, *incomplete_notes(ctx.period, ctx.register_to))
        return parts
