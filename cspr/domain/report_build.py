"""The report object: every figure of a report, exact or published, in one place.

A report is assembled once from a mapping of *keys* (quantities the database
counted, and late-day buckets) to values. The same assembly runs three ways:

- `plan(...)`: with a recording lookup, to learn which keys and sums a report
  shows (so the database is asked for exactly those, in a handful of queries);
- `ReportData.report()`: with the exact counts;
- `ReportData.published(threshold)`: with the counts as disclosure control
  shows them. Every key the report shows becomes one row of a single
  `disclosure.Table`, every sum a reader can use (a breakdown and its total,
  a two-way table's margins, months and their year) one of its links, so
  linked tables are suppressed together; the auditor must find nothing.

Every output (JSON, CSV, ODS, HTML, SVG charts, PDF) reads the resulting
`Report`, so a table and its chart cannot disagree.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal

from cspr.domain import disclosure
from cspr.domain.disclosure import NOT_APPLICABLE, NOT_AVAILABLE, SUPPRESSED, percent
from cspr.domain.measures import (
    MEASURES,
    Period,
    Quantity,
    base_quantity,
    measure_quantity,
)
from cspr.domain.report_labels import period_label
from cspr.domain.report_lateness import Late
from cspr.domain.report_notes import Hidden, Key, suppression_notes
from cspr.domain.report_periods import covered, last_complete_day, publish_refusal, register_start

STANDARD = "cspr-report-1"

type Shown = int | Literal["c"]  # or "x" where a compared period is not covered (Context.compared)
type Value = int | float | str | None
# The earliest notified date of figures counted without a register (a file, a test): every
# period is taken as covered. An empty register's is None: it covers no period.
UNBOUNDED = date.min


# --- Arithmetic -------------------------------------------------------------------


def round_half_up(value: Fraction | float, places: int) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def share(count: Shown, base: Shown | None) -> float | str | None:
    """A percentage as published: absent (None) with no base or a zero base; `c`
    when the count or the base is hidden (either would give the other back)."""
    if base is None:
        return None
    if SUPPRESSED in (count, base):
        return SUPPRESSED
    return percent(count, base)


def change(this: Shown, previous: Shown) -> tuple[int | str, float | str | None]:
    """(change, percent change), half-up to one decimal; no percent from zero; none ([x]) against
    a period the register does not cover."""
    if NOT_AVAILABLE in (this, previous):
        return NOT_AVAILABLE, NOT_AVAILABLE
    if SUPPRESSED in (this, previous):
        return SUPPRESSED, SUPPRESSED
    diff = this - previous
    return diff, (None if previous == 0 else round_half_up(Fraction(100 * diff, previous), 1))


# --- Parts of the report -----------------------------------------------------------


@dataclass(frozen=True)
class MeasureValue:
    count: Shown
    base: Shown | None = None
    percent: float | str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"count": self.count}
        if self.base is not None:
            out["base"] = self.base
            if self.percent is not None:
                out["percent"] = self.percent
        return out


@dataclass(frozen=True)
class PeriodCount:
    period: Period
    count: Shown

    def as_json(self) -> dict[str, Any]:
        return {**self.period.as_json(), "count": self.count}


@dataclass(frozen=True)
class ComparisonValue:
    name: str
    label: str
    this: PeriodCount
    previous: PeriodCount
    change: int | str
    percent_change: float | str | None

    def as_json(self) -> dict[str, Any]:
        out = {"this": self.this.as_json(), "previous": self.previous.as_json(), "change": self.change}
        if self.percent_change is not None:
            out["percent_change"] = self.percent_change
        return out


@dataclass(frozen=True)
class Representation:
    share: float | str | None
    population_share: float | None
    ratio: float | str | None
    count: Shown
    by_age: Mapping[str, "Representation"] = field(default_factory=dict)
    # The ratio's 95% interval (Wilson's score interval for the share, over the population
    # share, which a census counts in millions), and what it lets the report say. Unrounded:
    # the reading is decided from it and only the output rounds (0.8123 to 0.9965 is below 1,
    # though it prints as 0.81 to 1.00).
    interval: tuple[float, float] | None = None

    @property
    def reading(self) -> str | None:
        """ "over-represented" only when the whole interval is above 1, and so on."""
        if self.interval is None:
            return None
        low, high = self.interval
        return "over-represented" if low > 1 else "under-represented" if high < 1 else "within chance of the population"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"share": self.share, "population_share": self.population_share, "ratio": self.ratio}
        if self.interval is not None:
            out["ratio_95"] = [round_half_up(bound, 2) for bound in self.interval]
            out["reading"] = self.reading
        if self.by_age:
            out["by_age"] = {band: r.as_json() for band, r in self.by_age.items()}
        return out


@dataclass(frozen=True)
class TimelinessValue:
    kind: str
    rule: str
    on_time: MeasureValue
    late: MeasureValue
    working_days_late: Mapping[str, Shown]

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "on_time": self.on_time.as_json(),
            "late": self.late.as_json(),
            "working_days_late": dict(self.working_days_late),
        }


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "count"  # label | count | percent | ratio


@dataclass(frozen=True)
class ChartView:
    """A chart of some of a table's numbers. `kind`: "bar" (one series) or
    "paired" (two series, e.g. this year and the year before), or "line" (one or two
    series over time: the categories are months, weeks or years in order). `unit`
    follows each number on the value axis: "" for counts, "%" for percentages."""

    kind: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Shown, ...]], ...]
    unit: str = ""


@dataclass(frozen=True)
class TableView:
    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    description: str = ""
    chart: ChartView | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionView:
    title: str
    tables: tuple[TableView, ...]


# --- The report --------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One report, exact (`published` False) or as published. Renderers read only this."""

    definition_id: str
    title: str
    period: Period
    published: bool
    threshold: int | None
    measures: Mapping[str, MeasureValue]
    comparisons: Mapping[str, ComparisonValue]
    representation: Mapping[str, Representation]
    timeliness: Mapping[str, TimelinessValue]
    sections: tuple[SectionView, ...]
    notes: tuple[str, ...]
    symbols: Mapping[str, str]
    population_source: str | None = None

    def tables(self) -> list[TableView]:
        return [table for section in self.sections for table in section.tables]

    def machine_rows(self, table: TableView) -> list[list[Value]]:
        """A table's rows for machines (JSON, CSV, EES): a compared period's words, as people read
        them ("1 April 2025 to 30 September 2025"), become its ISO 8601 dates ("2025-04-01/2025-09-30");
        a figure that cannot exist (None: no base, a percentage of 0) is "z", not applicable, as
        every other output marks it ([z]), rather than a JSON null a reader takes for missing."""
        iso = {
            period_label(p): f"{p.start.isoformat()}/{p.end.isoformat()}"
            for c in self.comparisons.values()
            for p in (c.this.period, c.previous.period)
        }

        def cell(j: int, value: Value, column: Column) -> Value:
            if column.kind == "label":
                return iso.get(value, value) if j and isinstance(value, str) else value
            return NOT_APPLICABLE if value is None else value

        return [
            [cell(j, value, column) for j, (value, column) in enumerate(zip(row, table.columns))] for row in table.rows
        ]

    def as_json(self) -> dict[str, Any]:
        """The spec's JSON object, with cspr's additions after its four parts."""
        out: dict[str, Any] = {
            "standard": STANDARD,
            "period": {**self.period.as_json(), "basis": "notified_date"},
            "measures": {mid: m.as_json() for mid, m in self.measures.items()},
            "comparisons": {name: c.as_json() for name, c in self.comparisons.items()},
            "representation": {group: r.as_json() for group, r in self.representation.items()},
            "timeliness": {kind: t.as_json() for kind, t in self.timeliness.items()},
            "report": {"id": self.definition_id, "title": self.title, "published": self.published},
            "tables": [
                {
                    "id": t.id,
                    "title": t.title,
                    "columns": [c.header for c in t.columns],
                    "rows": self.machine_rows(t),
                    "notes": list(t.notes),
                }
                for t in self.tables()
            ],
            "notes": list(self.notes),
        }
        if self.published:
            out["report"]["threshold"] = self.threshold
            out["symbols"] = dict(self.symbols)
        if self.population_source:
            out["report"]["population_source"] = self.population_source
        return out


# --- Assembly ------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """A child population by ethnic group (and optionally age band), with its source."""

    groups: Mapping[str, int]
    by_age: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (band, group) -> count
    source: str = ""


class Context:
    """What table builders see: the period, shown values, and a way to declare sums.
    `register_from`: the first day the register holds (report_periods.register_start);
    `register_to`: its last complete day (report_periods.last_complete_day), None for no end."""

    def __init__(
        self,
        period: Period,
        lookup: Callable[[Key], Shown],
        baseline: Baseline | None,
        register_from: date | None = UNBOUNDED,
        register_to: date | None = None,
    ):
        self.period = period
        self.baseline = baseline
        self.register_from = register_from
        self.register_to = register_to
        self._lookup = lookup
        self.relations: list[tuple[Key, tuple[Key, ...]]] = []
        self.keys: list[Key] = []
        self._seen: set[Key] = set()

    def value(self, key: Key) -> Shown:
        if key not in self._seen:
            self._seen.add(key)
            self.keys.append(key)
        return self._lookup(key)

    def compared(self, key: Quantity) -> Shown | str:
        """A count shown to compare periods: [x] (not available) when the register does not hold
        the whole of its period (it starts before the register, or has not ended), rather than a 0
        or a part that reads as the period's figure.
        Such a count is never asked for, so it is not in the report's keys nor its suppression."""
        if not self.covers(key.period):
            return NOT_AVAILABLE
        return self.value(key)

    def covers(self, period: Period) -> bool:
        return covered(period, self.register_from, self.register_to)

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        """Declare a published sum: the total and its parts are all shown."""
        parts = tuple(parts)
        for key in (total, *parts):
            self.value(key)
        self.relations.append((total, parts))

    def measure(self, measure_id: str, period: Period | None = None) -> MeasureValue:
        m = MEASURES[measure_id]
        period = period or self.period
        count = self.value(measure_quantity(m, period))
        base_key = base_quantity(m, period)
        if base_key is None:
            return MeasureValue(count)
        base = self.value(base_key)
        return MeasureValue(count, base, share(count, base))


def assemble(
    definition,
    period: Period,
    lookup: Callable[[Key], Shown],
    baseline: Baseline | None,
    earliest: date | None,
    today: date | None = None,
) -> tuple[Context, dict]:
    """Run a report definition over shown values; returns the context and the parts."""
    ctx = Context(period, lookup, baseline, register_start(earliest), last_complete_day(today))
    parts = definition.build(ctx)
    return ctx, parts


@dataclass(frozen=True)
class Plan:
    keys: tuple[Key, ...]
    relations: tuple[tuple[Key, tuple[Key, ...]], ...]

    @property
    def quantities(self) -> tuple[Quantity, ...]:
        return tuple(k for k in self.keys if isinstance(k, Quantity))

    @property
    def lateness(self) -> tuple[tuple[str, Period], ...]:
        return tuple(dict.fromkeys((k.kind, k.period) for k in self.keys if isinstance(k, Late)))


def plan(
    definition,
    period: Period,
    baseline: Baseline | None = None,
    earliest: date | None = UNBOUNDED,
    today: date | None = None,
) -> Plan:
    """The keys a report shows and the sums between them, without any data. `earliest`: the
    register's earliest notified date, and `today` the day the figures are counted on (None: no
    end), which say the periods it covers (report_periods.covered)."""
    ctx, _ = assemble(definition, period, lambda key: 0, baseline, earliest, today)
    return Plan(tuple(ctx.keys), tuple(ctx.relations))


class DisclosureError(RuntimeError):
    """Suppression left a cell that can be worked out: never publish such a report."""


class PeriodNotEnded(DisclosureError):
    """The report's period has not ended (report_periods.publish_refusal): its figures so far are
    not the period's, so they are not published. A DisclosureError, so that everything that
    publishes (the command, the pages, the API, briefings) refuses it as it refuses an unsafe report."""


# Which figures disclosure control protects (ADR 0022; the setting CSPR_DISCLOSURE_POLICY).
# "suppress": every figure, national ones included (DfE's official statistics).
# "panel": the Panel's practice in its annual reports, which publish national counts in
# full ("two were transgender"); only figures below national level (a region's) are
# protected, and the secondary suppression that protects them may reach any figure.
POLICIES = ("suppress", "panel")


def below_national(key: Key) -> bool:
    """A figure about part of England: a count whose condition names a region."""
    condition = getattr(key, "condition", None)

    def names_region(c) -> bool:
        return getattr(c, "field", None) == "region" or any(map(names_region, getattr(c, "parts", ())))

    return condition is not None and names_region(condition)


@dataclass(frozen=True)
class ReportData:
    """The exact figures of one report, as the database counted them."""

    definition: Any  # a cspr.domain.report_tables.ReportDefinition
    period: Period
    values: Mapping[Key, int]
    baseline: Baseline | None = None
    # The register's earliest notified date (cspr/stats/report.py asks the database): a compared
    # period before it is not available ([x]). See `plan`.
    earliest: date | None = UNBOUNDED
    # The day the figures were counted on (the caller's: the domain has no clock): a period that has
    # not ended by the day before is not complete, so it is [x] where compared and is not published.
    # None: figures with no date (a file, a test), every period taken as ended.
    today: date | None = None

    def report(self) -> Report:
        return self._report(lambda key: self.values[key], published=False, threshold=None, extra_notes=())

    def refuse_unended(self) -> None:
        """Raise PeriodNotEnded for a period not yet ended: nothing of it is published."""
        if refusal := publish_refusal(self.period, last_complete_day(self.today)):
            raise PeriodNotEnded(refusal)

    def ledger(self) -> tuple[disclosure.Table, list[Key]]:
        """Every shown figure as one row of a disclosure table, linked by every published sum."""
        self.refuse_unended()
        p = plan(self.definition, self.period, self.baseline, self.earliest, self.today)
        keys = list(p.keys)
        index = {key: i for i, key in enumerate(keys)}
        links = [
            disclosure.Relation((index[total], 0), tuple((index[part], 0) for part in parts))
            for total, parts in dict.fromkeys(p.relations)
        ]
        table = disclosure.Table(
            rows=[f"{i}" for i in range(len(keys))],
            columns=["Number"],
            counts=[[self.values[key]] for key in keys],
            links=links,
        )
        return table, keys

    def suppressed(self, threshold: int = disclosure.DEFAULT_THRESHOLD, policy: str = "suppress"):
        """The ledger with disclosure control applied under `policy` (POLICIES), and its keys."""
        if policy not in POLICIES:
            raise ValueError(f"unknown disclosure policy {policy!r}: one of {', '.join(POLICIES)}")
        table, keys = self.ledger()
        subject = None if policy == "suppress" else [(i, 0) for i, key in enumerate(keys) if below_national(key)]
        suppressed = disclosure.suppress(table, threshold=threshold, subject=subject)
        if disclosure.recoverable_cells(suppressed):
            raise DisclosureError("suppression left recoverable cells; the report was not published")
        return suppressed, keys

    def published(self, threshold: int = disclosure.DEFAULT_THRESHOLD, policy: str = "suppress") -> Report:
        suppressed, keys = self.suppressed(threshold, policy)
        hidden = set(suppressed.suppressed)
        # Which hidden counts are small is told only where the auditor was told it too (ADR 0005).
        labelled = suppressed.labelled
        protects = {cell[0]: keys[other[0]] for cell, other in suppressed.reasons.items()} if labelled else {}
        shown = {
            key: Hidden(key, (i, 0) in suppressed.primary if labelled else None, protects.get(i))
            if (i, 0) in hidden
            else key_value
            for i, key in enumerate(keys)
            for key_value in (suppressed.shown((i, 0)),)
        }
        notes = tuple(suppressed.footnotes().values())
        return self._report(lambda key: shown[key], published=True, threshold=threshold, extra_notes=notes)

    def _report(self, lookup, *, published: bool, threshold: int | None, extra_notes: tuple[str, ...]) -> Report:
        if published:
            self.refuse_unended()
        ctx, parts = assemble(self.definition, self.period, lookup, self.baseline, self.earliest, self.today)
        symbols = {}
        if published:
            symbols = {
                symbol: text for symbol, text in disclosure.FOOTNOTES.items() if symbol != SUPPRESSED or extra_notes
            }
            if extra_notes:
                symbols[SUPPRESSED] = extra_notes[0]
        sections = parts["sections"]
        if published and threshold is not None:
            # Each table says which of its cells are hidden and why (issue 17).
            sections = tuple(
                replace(
                    section,
                    tables=tuple(
                        replace(t, notes=(*t.notes, *suppression_notes(t, threshold))) for t in section.tables
                    ),
                )
                for section in sections
            )
        return Report(
            definition_id=self.definition.id,
            title=self.definition.title_for(self.period),
            period=self.period,
            published=published,
            threshold=threshold,
            measures=parts["measures"],
            comparisons=parts["comparisons"],
            representation=parts["representation"],
            timeliness=parts["timeliness"],
            sections=sections,
            notes=tuple(parts["notes"]),
            symbols=symbols,
            population_source=self.baseline.source if self.baseline and parts["representation"] else None,
        )
