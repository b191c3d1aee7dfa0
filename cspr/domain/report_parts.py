"""The report-level parts of a report: comparisons, representation, timeliness,
and the sums between figures over adjoining periods (months and their year).

Each reads figures through the report `Context` and declares the sums a reader
can see, as the tables in cspr/domain/reports.py do.
"""

from datetime import timedelta
from fractions import Fraction
from math import sqrt

from cspr.domain import codes
from cspr.domain.disclosure import SUPPRESSED, percent
from cspr.domain.measures import (
    ALWAYS,
    MEASURES,
    PANEL_AGE,
    REPRESENTATION_AGE,
    In,
    Quantity,
    both,
    measure_quantity,
    quantity,
)
from cspr.domain.report_build import (
    ComparisonValue,
    Context,
    MeasureValue,
    PeriodCount,
    Representation,
    TimelinessValue,
    change,
    round_half_up,
    share,
)
from cspr.domain.report_lateness import LATE_ALL, LATE_BUCKETS, LATENESS, Late
from cspr.domain.report_periods import april_to_september, previous_period, year_earlier

RECORDED_GROUPS = tuple(g for g in codes.ETHNIC_GROUPS if g != "not_recorded")
RECORDED = In("ethnicity", tuple(c for g in RECORDED_GROUPS for c in codes.ETHNIC_GROUPS[g]))


def comparisons(ctx: Context, names: tuple[str, ...]) -> dict[str, ComparisonValue]:
    found = {}
    for name in names:
        if name == "period_vs_previous_period":
            this, before = ctx.period, previous_period(ctx.period)
            text = "This period against the period before"
        elif name == "apr_to_sep_vs_previous_year":
            this = april_to_september(ctx.period)
            before = year_earlier(this)
            text = "April to September against the same months a year earlier"
        else:  # pragma: no cover - a definition typo
            raise ValueError(f"unknown comparison {name}")
        # A side the register does not wholly cover is [x], and so is the change against it.
        a = ctx.compared(quantity("notifications", ALWAYS, this))
        b = ctx.compared(quantity("notifications", ALWAYS, before))
        diff, pct = change(a, b)
        found[name] = ComparisonValue(name, text, PeriodCount(this, a), PeriodCount(before, b), diff, pct)
    return found


Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile


def wilson(count: int, base: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson's score interval for a proportion count/base (Wilson 1927; Newcombe 1998,
    "Two-sided confidence intervals for the single proportion", method 3): good for
    small counts and shares near 0, where the normal approximation fails."""
    p, n = count / base, base
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _represent(count, base, pop, pop_total) -> Representation:
    """Share of the children notified against share of the child population."""
    population_share = percent(pop, pop_total) if pop is not None and pop_total else None
    shown = share(count, base)
    if shown == SUPPRESSED:
        # The hidden figure that hides them (its count, else the count it is a share of), so that
        # the table's notes can say why (report_notes.suppression_notes): both are "c" as shown.
        shown = ratio = count if count == SUPPRESSED else base
    elif shown is None or not pop or not pop_total:
        ratio = None
    else:
        ratio = round_half_up(Fraction(count * pop_total, base * pop), 2)
        low, high = wilson(count, base)
        # Unrounded: the reading is decided from it (Representation.reading); output rounds it.
        interval = (low * pop_total / pop, high * pop_total / pop)
        return Representation(shown, population_share, ratio, count, interval=interval)
    return Representation(shown, population_share, ratio, count)


def representation(ctx: Context) -> dict[str, Representation]:
    baseline = ctx.baseline
    if baseline is None:
        return {}
    groups = {g: quantity("children", In("ethnicity", codes.ETHNIC_GROUPS[g]), ctx.period) for g in codes.ETHNIC_GROUPS}
    recorded = quantity("children", RECORDED, ctx.period)
    ctx.relate(recorded, [groups[g] for g in RECORDED_GROUPS])
    base = ctx.value(recorded)
    pop_total = sum(baseline.groups.get(g, 0) for g in RECORDED_GROUPS)
    bands = [c for c in REPRESENTATION_AGE.categories if c.code != "not_known"]
    cells = {}
    if baseline.by_age:
        # The full cross of group by band, with its margins, so suppression sees every sum.
        for g in codes.ETHNIC_GROUPS:
            row = [
                quantity("children", both(In("ethnicity", codes.ETHNIC_GROUPS[g]), c.condition), ctx.period)
                for c in REPRESENTATION_AGE.categories
            ]
            ctx.relate(groups[g], row)
            cells.update({(g, c.code): k for c, k in zip(REPRESENTATION_AGE.categories, row)})
        for c in REPRESENTATION_AGE.categories:
            column = [cells[(g, c.code)] for g in codes.ETHNIC_GROUPS]
            ctx.relate(quantity("children", c.condition, ctx.period), column)
            ctx.relate(
                quantity("children", both(RECORDED, c.condition), ctx.period),
                [cells[(g, c.code)] for g in RECORDED_GROUPS],
            )
        panel = {c.code: quantity("children", c.condition, ctx.period) for c in PANEL_AGE.categories}
        ctx.relate(
            quantity("children", REPRESENTATION_AGE.categories[0].condition, ctx.period),
            [panel["under_1"], panel["1_to_4"]],
        )
    found = {}
    for g in RECORDED_GROUPS:
        by_age = {}
        if baseline.by_age:
            for c in bands:
                band_pop = sum(baseline.by_age.get((c.code, h), 0) for h in RECORDED_GROUPS)
                band_base = ctx.value(quantity("children", both(RECORDED, c.condition), ctx.period))
                by_age[c.code] = _represent(
                    ctx.value(cells[(g, c.code)]), band_base, baseline.by_age.get((c.code, g)), band_pop
                )
        r = _represent(ctx.value(groups[g]), base, baseline.groups.get(g), pop_total)
        found[g] = Representation(r.share, r.population_share, r.ratio, r.count, by_age, r.interval)
    return found


def timeliness(ctx: Context) -> dict[str, TimelinessValue]:
    found = {}
    for kind, rule in LATENESS.items():
        on_time = ctx.measure(rule.on_time)
        total = quantity(rule.population, ALWAYS, ctx.period)
        late_all = Late(kind, LATE_ALL, ctx.period)
        ctx.relate(total, [measure_quantity(MEASURES[rule.on_time], ctx.period), late_all])
        bands = [Late(kind, code, ctx.period) for code, _, _ in LATE_BUCKETS]
        ctx.relate(late_all, bands)
        late = ctx.value(late_all)
        found[kind] = TimelinessValue(
            kind,
            rule.rule,
            on_time,
            MeasureValue(late, on_time.base, share(late, on_time.base)),
            {b.bucket: ctx.value(b) for b in bands},
        )
    return found


def tilings(ctx: Context) -> None:
    """Declare sums a reader can make from figures over adjoining periods:
    months add up to their year, halves to their financial year."""
    groups: dict[tuple, list[Quantity]] = {}
    for key in list(ctx.keys):
        if isinstance(key, Quantity):
            groups.setdefault((key.level, key.condition), []).append(key)
    for keys in groups.values():
        for whole in keys:
            inner = sorted(
                (
                    k
                    for k in keys
                    if k != whole and whole.period.start <= k.period.start and k.period.end <= whole.period.end
                ),
                key=lambda k: (k.period.start, k.period.end),
            )
            parts, day = [], whole.period.start
            while day <= whole.period.end:
                step = next((k for k in inner if k.period.start == day), None)
                if step is None:
                    break
                parts.append(step)
                day = step.period.end + timedelta(days=1)
            if parts and day == whole.period.end + timedelta(days=1):
                ctx.relate(whole, parts)
