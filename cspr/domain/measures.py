"""The annual report's measures as data: populations, conditions and bases.

Implements docs/standard/measures.md. Every measure is a count of the records of
one *population* (notifications, children, deaths, rapid reviews ...) that meet a
*condition*, out of the count of a *base* population. Nothing here runs a query:
cspr/stats/engine.py compiles the conditions into conditional aggregates
(`Count(filter=Q(...))`) and runs a handful of queries for a whole report. The
same conditions also evaluate a plain dict (`Condition.matches`), which the tests
use as an independent reference for the SQL.

Conditions speak the data standard's field names (`incident_type`,
`rr_submitted_date`, `lcspr_published_date` ...), not the ORM's, so the catalogue
reads like the spec. Two extra names: `region` (of the notifying local authority)
and the computed due dates of the standard (`notification_due_date`,
`rr_due_date`, `lcspr_due_date`), with the working days late each record stores
beside them (`notification_days_late`, `rr_days_late`, `lcspr_days_late`: ADR 0036), and
a child's `child_number` among its notification's children (1 for the first, by `child_ref`).

A `Quantity` is one number the database is asked for: a level (notification or
child rows, or rapid-review theme codings), a condition and a period of
`notified_date`. Quantities are normalised (a condition on `notified_date` is
folded into the period, conjunctions are flattened), so two measures that count
the same thing are the same quantity: `deaths` and `notifications.type.death`
are one number, suppressed once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from cspr.domain import codes, workflow

NOTIFICATION = "notification"
CHILD = "child"
THEME = "theme"  # one row per (rapid review, practice theme) coding
LEVELS = (NOTIFICATION, CHILD, THEME)

PERIOD_FIELD = "notified_date"  # the statistics' basis (measures spec, "period")

# --- Conditions -----------------------------------------------------------------


class Condition:
    """A test on one record, as data. `matches` is the reference semantics."""

    def matches(self, row: Mapping[str, Any]) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Always(Condition):
    def matches(self, row):
        return True


ALWAYS = Always()


@dataclass(frozen=True)
class Eq(Condition):
    field: str
    value: Any

    def matches(self, row):
        return row.get(self.field) == self.value


@dataclass(frozen=True)
class In(Condition):
    field: str
    values: tuple

    def matches(self, row):
        return row.get(self.field) in self.values


@dataclass(frozen=True)
class Between(Condition):
    """low <= field <= high, both inclusive; a missing value never matches."""

    field: str
    low: Any
    high: Any

    def matches(self, row):
        value = row.get(self.field)
        return value is not None and self.low <= value <= self.high


@dataclass(frozen=True)
class AtLeast(Condition):
    """low <= field, with no upper end ("61 or more" working days late); a missing value never matches."""

    field: str
    low: Any

    def matches(self, row):
        value = row.get(self.field)
        return value is not None and self.low <= value


@dataclass(frozen=True)
class Missing(Condition):
    """The field is empty (None): an unknown age, a review not yet submitted."""

    field: str

    def matches(self, row):
        return row.get(self.field) in (None, "")


@dataclass(frozen=True)
class Present(Condition):
    field: str

    def matches(self, row):
        return row.get(self.field) not in (None, "")


@dataclass(frozen=True)
class NotAfter(Condition):
    """field <= other, both present: done by its due date."""

    field: str
    other: str

    def matches(self, row):
        a, b = row.get(self.field), row.get(self.other)
        return a is not None and b is not None and a <= b


@dataclass(frozen=True)
class After(Condition):
    """field > other, both present: done late."""

    field: str
    other: str

    def matches(self, row):
        a, b = row.get(self.field), row.get(self.other)
        return a is not None and b is not None and a > b


@dataclass(frozen=True)
class HasTheme(Condition):
    """A rapid review coded with the practice theme (THEME level only)."""

    code: str

    def matches(self, row):
        return row.get("theme") == self.code


@dataclass(frozen=True)
class CodedWithAny(Condition):
    """A notification whose rapid review is coded with any of the themes: one review
    counts once however many of them it carries (comparing editions, codes.THEMES_COMPARED)."""

    codes: tuple[str, ...]

    def matches(self, row):
        return any(code in self.codes for code in row.get("rr_themes") or ())


@dataclass(frozen=True)
class All(Condition):
    parts: tuple[Condition, ...]

    def matches(self, row):
        return all(part.matches(row) for part in self.parts)


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def matches(self, row):
        return any(part.matches(row) for part in self.parts)


def yes(flag: str) -> Condition:
    """A flag counts when it is `yes`; `unknown` and `no` do not (measures spec)."""
    return Eq(flag, "yes")


def both(*conditions: Condition) -> Condition:
    """The conjunction, flattened, without ALWAYS and repeats: one canonical form."""
    parts: list[Condition] = []
    for condition in conditions:
        for part in condition.parts if isinstance(condition, All) else (condition,):
            if part is not ALWAYS and part != ALWAYS and part not in parts:
                parts.append(part)
    if not parts:
        return ALWAYS
    return parts[0] if len(parts) == 1 else All(tuple(parts))


# --- Periods --------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """Inclusive dates of `notified_date` that a figure counts."""

    start: date
    end: date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlap(self, other: "Period") -> "Period | None":
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start, end) if start <= end else None

    def as_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


# --- Quantities -----------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """One count the database gives: rows of `level` meeting `condition` in `period`."""

    level: str
    condition: Condition
    period: Period

    @classmethod
    def of(cls, level: str, condition: Condition, period: Period) -> "Quantity":
        """Normalised: `notified_date` ranges in the condition narrow the period.

        A range that does not meet the period gives an empty period marker: the
        count is 0 whatever the data, so such quantities are never asked for.
        """
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}")
        condition = both(condition)
        parts = condition.parts if isinstance(condition, All) else (condition,)
        kept = []
        for part in parts:
            if isinstance(part, Between) and part.field == PERIOD_FIELD:
                narrowed = period.overlap(Period(part.low, part.high))
                if narrowed is None:
                    raise ValueError(f"{part} lies outside {period}")
                period = narrowed
            else:
                kept.append(part)
        return cls(level, both(*kept), period)


# --- The catalogue ----------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    id: str
    level: str
    condition: Condition = ALWAYS


SAME = "<population>"


@dataclass(frozen=True)
class Measure:
    """`id` counts `population` records meeting `condition`, out of `base` (a population id)."""

    id: str
    population: str
    condition: Condition = ALWAYS
    base: str | None = SAME

    @property
    def base_population(self) -> str | None:
        return self.population if self.base == SAME else self.base


NON_FATAL_TYPES = ("serious_harm", "other")
SUBSTANCE = AnyOf((yes("parental_alcohol_misuse"), yes("parental_drug_misuse")))
RISK_TAKING = Eq("harm_category", "risk_taking_or_violence")


def _serious_incident() -> Condition:
    """A serious incident notification, of whatever kind: one that needs a rapid review.

    Built from domain/workflow.py's `rapid_review_required`, the one home of the rule: a
    serious incident, and a looked-after child's death with abuse or neglect suspected (DfE's
    "abuse/neglect"). The Panel's statistics count these; a care leaver's death and a looked-after
    child's death without suspected abuse or neglect are counted apart (`notifications_received`).
    """
    parts = []
    for kind, values in workflow.NEEDING_RAPID_REVIEW:
        if len(values) == len(codes.FLAG_VALUES):
            parts.append(Eq("notification_kind", kind))
        else:
            parts.append(both(Eq("notification_kind", kind), In("abuse_neglect_suspected", values)))
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


SERIOUS_INCIDENT = _serious_incident()

_POPULATIONS: dict[str, Population] = {
    p.id: p
    for p in (
        Population("notifications", NOTIFICATION),
        Population("children", CHILD),
        Population("deaths", NOTIFICATION, Eq("incident_type", "death")),
        Population("non_fatal", NOTIFICATION, In("incident_type", NON_FATAL_TYPES)),
        Population("serious_harm", NOTIFICATION, Eq("incident_type", "serious_harm")),
        Population("non_fatal_risk_taking", NOTIFICATION, both(In("incident_type", NON_FATAL_TYPES), RISK_TAKING)),
        Population("rapid_reviews", NOTIFICATION, Present("rr_submitted_date")),
        Population("rapid_review_codings", THEME, Present("rr_submitted_date")),
        Population("lcsprs", NOTIFICATION, Present("lcspr_decision_date")),
        Population(
            "lcsprs_published", NOTIFICATION, both(Present("lcspr_decision_date"), Present("lcspr_published_date"))
        ),
        # cspr-2
        Population("home_educated_children", CHILD, yes("home_educated")),
        Population("late_notifications", NOTIFICATION, After("notified_date", "notification_due_date")),
        Population("late_rapid_reviews", NOTIFICATION, After("rr_submitted_date", "rr_due_date")),
    )
}
# Every population above counts serious incident notifications only (and their children).
POPULATIONS: dict[str, Population] = {
    pid: Population(pid, p.level, both(SERIOUS_INCIDENT, p.condition)) for pid, p in _POPULATIONS.items()
}
# ... and these every notification the service receives, of every kind.
POPULATIONS |= {
    p.id: p
    for p in (
        Population("notifications_received", NOTIFICATION),
        Population("looked_after_deaths", NOTIFICATION, Eq("notification_kind", "looked_after_death")),
        Population("care_leaver_deaths", CHILD, Eq("notification_kind", "care_leaver_death")),
    )
}


@dataclass(frozen=True)
class Category:
    code: str
    condition: Condition


@dataclass(frozen=True)
class Dimension:
    """A breakdown. `exhaustive`: every record falls in exactly one category."""

    id: str
    categories: tuple[Category, ...]
    exhaustive: bool = True

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)


def _by_value(dimension_id: str, field_name: str, values: Iterable[str]) -> Dimension:
    return Dimension(dimension_id, tuple(Category(v, Eq(field_name, v)) for v in values))


def _age_bands(dimension_id: str, bands: Iterable[tuple[str, int, int]]) -> Dimension:
    categories = [Category(code, Between("age_years", low, high)) for code, low, high in bands]
    return Dimension(dimension_id, (*categories, Category("not_known", Missing("age_years"))))


INCIDENT_TYPE = _by_value("type", "incident_type", codes.INCIDENT_TYPES)
GENDER = _by_value("gender", "gender", codes.GENDERS)
DEATH_CATEGORY = _by_value("category", "death_category", codes.DEATH_CATEGORIES)
HARM_CATEGORY = _by_value("category", "harm_category", codes.HARM_CATEGORIES)
ETHNIC_GROUP = Dimension(
    "ethnic_group",
    tuple(Category(group, In("ethnicity", members)) for group, members in codes.ETHNIC_GROUPS.items()),
)
# The Panel's bands (2020 report: "under one 35%, aged 15-17 30%").
PANEL_AGE = _age_bands(
    "age", (("under_1", 0, 0), ("1_to_4", 1, 4), ("5_to_9", 5, 9), ("10_to_14", 10, 14), ("15_to_17", 15, 17))
)
# DfE's bands in its serious incident notification statistics ("Under 1, 1 to 5,
# 6 to 10, 11 to 15, 16 and over"); cspr records children up to 17.
DFE_AGE = _age_bands(
    "dfe_age", (("under_1", 0, 0), ("1_to_5", 1, 5), ("6_to_10", 6, 10), ("11_to_15", 11, 15), ("16_to_17", 16, 17))
)


# Bands a census baseline can give (single years are not published by group).
REPRESENTATION_AGE = _age_bands("age", (("0_to_4", 0, 4), ("5_to_9", 5, 9), ("10_to_14", 10, 14), ("15_to_17", 15, 17)))
# ONS regions, as cspr.core.models.Region stores them (a test checks they agree).
REGIONS = (
    "north_east",
    "north_west",
    "yorkshire_and_the_humber",
    "east_midlands",
    "west_midlands",
    "east_of_england",
    "london",
    "south_east",
    "south_west",
)
REGION = _by_value("region", "region", REGIONS)
CHILD_STATUS = (
    "cp_plan",
    "looked_after",
    "child_in_need",
    "known_to_csc",
    "home_educated",
    "disability",
    "child_mental_ill_health",
)


# --- cspr-2: what the seeds count that cspr-1 could not hold ------------------------
OUTCOME = _by_value("outcome", "outcome", codes.OUTCOMES)


def _reasons(field_name: str, values: Iterable[str]) -> Dimension:
    """The reasons given for a delay, and `not_given`: every late record falls in one."""
    return Dimension(
        "reason", (*(Category(v, Eq(field_name, v)) for v in values), Category("not_given", Missing(field_name)))
    )


NOTIFICATION_KIND = _by_value("kind", "notification_kind", codes.NOTIFICATION_KINDS)
ABUSE_NEGLECT_SUSPECTED = _by_value("abuse_neglect_suspected", "abuse_neglect_suspected", codes.FLAG_VALUES)
# A care leaver's age when they died: up to and including 24.
CARE_LEAVER_AGE = _age_bands("age", (("under_18", 0, 17), ("18_to_20", 18, 20), ("21_to_24", 21, 24)))
LATE_NOTIFICATION_REASON = _reasons("late_notification_reason", codes.LATE_NOTIFICATION_REASONS)
LATE_RAPID_REVIEW_REASON = _reasons("late_rapid_review_reason", codes.LATE_RAPID_REVIEW_REASONS)


def _cspr2_measures() -> tuple[Measure, ...]:
    """The first report's 49 and 36 and 4 + 7, 2020's 15 home-educated incidents, domestic abuse among
    serious-harm incidents and per child (2020's 42.6% is 219 of 514 children), the reasons for delay."""
    m = Measure
    return (
        *(m(f"children.status.{flag}", "children", yes(flag)) for flag in codes.CHILD_FLAGS_2),
        *(m(f"notifications.characteristic.{flag}", "notifications", yes(flag)) for flag in codes.NOTIFICATION_FLAGS_2),
        *breakdown("home_educated_children", OUTCOME),
        m("serious_harm.domestic_abuse", "serious_harm", yes("domestic_abuse")),
        m("children.domestic_abuse", "children", yes("domestic_abuse")),
        *breakdown("late_notifications", LATE_NOTIFICATION_REASON),
        *breakdown("late_rapid_reviews", LATE_RAPID_REVIEW_REASON),
        # The other kinds of notification the service receives, beside the serious incidents.
        *breakdown("notifications_received", NOTIFICATION_KIND),
        *breakdown("looked_after_deaths", ABUSE_NEGLECT_SUSPECTED),
        *breakdown("care_leaver_deaths", CARE_LEAVER_AGE),
    )


# Every (population, dimension) the catalogue breaks down, in its order: an exhaustive one's
# categories add up to their population, a sum disclosure control must know
# (measure_relations.catalogue_relations), so a breakdown added here can never be left out there.
_BREAKDOWNS: list[tuple[str, Dimension]] = []


def breakdown(population: str, dimension: Dimension, prefix: str | None = None) -> tuple[Measure, ...]:
    """`<population>.<dimension>.<code>` for each category, out of the population."""
    _BREAKDOWNS.append((population, dimension))
    prefix = prefix or f"{population}.{dimension.id}"
    return tuple(Measure(f"{prefix}.{c.code}", population, c.condition) for c in dimension.categories)


def _catalogue() -> tuple[Measure, ...]:
    m = Measure
    return (
        m("notifications.total", "notifications", base=None),
        *breakdown("notifications", INCIDENT_TYPE),
        m("notifications.non_fatal", "notifications", In("incident_type", NON_FATAL_TYPES)),
        m("children.total", "children", base=None),
        *breakdown("children", GENDER),
        *breakdown("children", PANEL_AGE),
        *breakdown("children", ETHNIC_GROUP),
        m("children.ethnicity.white_british", "children", Eq("ethnicity", "WBRI")),
        *(m(f"children.status.{flag}", "children", yes(flag)) for flag in CHILD_STATUS),
        *breakdown("deaths", DEATH_CATEGORY),
        *breakdown("non_fatal", HARM_CATEGORY),
        m(
            "non_fatal.risk_taking_or_violence.exploitation_background",
            "non_fatal",
            both(RISK_TAKING, yes("exploitation_background")),
            base="non_fatal_risk_taking",
        ),
        m("serious_harm.near_miss", "serious_harm", yes("near_miss")),
        *(m(f"notifications.characteristic.{flag}", "notifications", yes(flag)) for flag in codes.NOTIFICATION_FLAGS),
        m("deaths.characteristic.neglect_feature", "deaths", yes("neglect_feature")),
        m("non_fatal.characteristic.neglect_feature", "non_fatal", yes("neglect_feature")),
        m("notifications.domestic_abuse_and_substance", "notifications", both(yes("domestic_abuse"), SUBSTANCE)),
        m("notifications.on_time", "notifications", NotAfter("notified_date", "notification_due_date")),
        m("rapid_reviews.total", "rapid_reviews", base="notifications"),
        m("rapid_reviews.on_time", "rapid_reviews", NotAfter("rr_submitted_date", "rr_due_date")),
        *(
            m(f"rapid_reviews.theme.{code}", "rapid_review_codings", HasTheme(code), base="rapid_reviews")
            for code in codes.THEME_CODES
        ),
        *(
            m(f"rapid_reviews.compared.{code}", "rapid_reviews", CodedWithAny(stored), base="rapid_reviews")
            for code, stored in codes.THEMES_COMPARED.items()
        ),
        m("rapid_reviews.lcspr_recommended", "rapid_reviews", yes("rr_lcspr_recommended")),
        m("lcsprs.total", "lcsprs", base=None),
        m("lcsprs.published", "lcsprs_published", base="lcsprs"),
        m(
            "lcsprs.published_on_time",
            "lcsprs_published",
            NotAfter("lcspr_published_date", "lcspr_due_date"),
        ),
        # Beside the spec's ids: DfE's breakdowns.
        *breakdown("children", DFE_AGE),
        *breakdown("notifications", REGION),
        *_cspr2_measures(),
    )


CATALOGUE: tuple[Measure, ...] = _catalogue()
BREAKDOWNS: tuple[tuple[str, Dimension], ...] = tuple(_BREAKDOWNS)
MEASURES: dict[str, Measure] = {m.id: m for m in CATALOGUE}
if len(MEASURES) != len(CATALOGUE):  # pragma: no cover - a catalogue typo
    raise RuntimeError("measure ids must be unique")

# Measure ids the spec (docs/standard/measures.md) lists; the rest are cspr's additions.
EXTRA_MEASURE_PREFIXES = ("children.dfe_age.", "notifications.region.", "lcsprs.published")


def spec_measure_ids() -> tuple[str, ...]:
    return tuple(
        m.id
        for m in CATALOGUE
        if not any(m.id == p or (p.endswith(".") and m.id.startswith(p)) for p in EXTRA_MEASURE_PREFIXES)
    )


def quantity(population: str, condition: Condition, period: Period) -> Quantity:
    pop = POPULATIONS[population]
    return Quantity.of(pop.level, both(pop.condition, condition), period)


def measure_quantity(measure: Measure, period: Period) -> Quantity:
    return quantity(measure.population, measure.condition, period)


def base_quantity(measure: Measure, period: Period) -> Quantity | None:
    base = measure.base_population
    return None if base is None else quantity(base, ALWAYS, period)


CHILD_NUMBER = "child_number"


def _reads(condition: Condition, name: str) -> bool:
    parts = condition.parts if isinstance(condition, All | AnyOf) else ()
    return getattr(condition, "field", None) == name or any(_reads(part, name) for part in parts)


def _numbered(rows: list[dict]) -> list[dict]:
    """Child rows with their `child_number`, as the database computes it: rows of one notification
    (one `notification_ref`, or without refs the same notification columns) numbered by `child_ref`."""
    by_notification: dict[Any, list[dict]] = {}
    for row in rows:
        if CHILD_NUMBER not in row:
            key = row.get("notification_ref") or tuple(repr(row.get(c)) for c in codes.NOTIFICATION_COLUMNS)
            by_notification.setdefault(key, []).append(row)
    for children in by_notification.values():
        for number, row in enumerate(sorted(children, key=lambda r: str(r.get("child_ref") or "")), 1):
            row[CHILD_NUMBER] = number
    return rows


def count_matching(rows: Iterable[Mapping[str, Any]], q: Quantity) -> int:
    """Reference evaluation of a quantity over plain rows (tests, not production).

    A row without a cspr-2 column has that column's empty meaning (`codes.CSPR2_DEFAULTS`),
    as a cspr-1 file imported into the register does.
    """
    rows = [codes.CSPR2_DEFAULTS | dict(row) for row in rows]
    if _reads(q.condition, CHILD_NUMBER):
        rows = _numbered(rows)
    return sum(1 for row in rows if row.get(PERIOD_FIELD) in q.period and q.condition.matches(row))
