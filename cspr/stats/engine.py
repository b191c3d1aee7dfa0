"""Counting a report's quantities in the database, in a handful of queries.

The catalogue (cspr/domain/measures.py) describes every figure as a condition in
the data standard's field names. This module compiles conditions into `Q`
objects and asks for all of one level's figures in a single query of
conditional aggregates (`Count("pk", filter=Q(...))`): one query over
notifications, one over children, one over theme codings, plus one per deadline
for the (due, done) dates of late records, grouped, so that the working days
late can be counted with the working-day calendar. The query count does not
depend on the register's size or on the period (tests/stats/test_queries.py).
"""

import operator
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce

from django.db.models import Count, Exists, F, OuterRef, Q

from cspr.cases.models import Child
from cspr.domain.calendar import WorkingDayCalendar
from cspr.domain.measures import (
    CHILD,
    NOTIFICATION,
    PERIOD_FIELD,
    POPULATIONS,
    THEME,
    After,
    All,
    Always,
    AnyOf,
    Between,
    CodedWithAny,
    Condition,
    Eq,
    HasTheme,
    In,
    Missing,
    NotAfter,
    Period,
    Present,
    Quantity,
)
from cspr.domain.report_build import LATENESS, Key, Late, late_buckets
from cspr.reviews.models import RapidReview

# The data standard's names -> the ORM path from a Notification.
NOTIFICATION_PATHS = {
    "region": "local_authority__region",
    "la_code": "local_authority_id",
    "rr_submitted_date": "rapid_review__submitted_date",
    "rr_due_date": "rapid_review__due_date",
    "rr_lcspr_recommended": "rapid_review__lcspr_recommended",
    "rr_national_review": "rapid_review__national_review",
    "rr_panel_response_date": "rapid_review__panel_response_date",
    "lcspr_decision_date": "practice_review__decision_date",
    "lcspr_final_report_date": "practice_review__final_report_date",
    "lcspr_published_date": "practice_review__published_date",
    "lcspr_due_date": "practice_review__publication_due_date",
}
CHILD_FIELDS = {
    "child_ref",
    "gender",
    "age_years",
    "ethnicity",
    "disability",
    "cp_plan",
    "looked_after",
    "child_in_need",
    "known_to_csc",
    "home_educated",
    "child_mental_ill_health",
    "outcome",
    # cspr-2
    "previous_care_proceedings",
    "siblings_removed_not_returned",
}
# Fields whose "missing" is an empty string rather than NULL.
BLANK_IS_MISSING = {"death_category", "harm_category", "late_notification_reason", "late_rapid_review_reason"}


def path(level: str, name: str) -> str:
    """The ORM lookup path of a standard field at a level."""
    if level == CHILD:
        return name if name in CHILD_FIELDS else "notification__" + NOTIFICATION_PATHS.get(name, name)
    if level == THEME:
        if name == "theme":
            return "practicetheme_id"
        orm = NOTIFICATION_PATHS.get(name, name)
        if orm.startswith("rapid_review__"):  # the coded review itself, not a second join back to it
            return "rapidreview__" + orm.removeprefix("rapid_review__")
        return "rapidreview__notification__" + orm
    return NOTIFICATION_PATHS.get(name, name)


def compile_condition(condition: Condition, level: str) -> Q:
    """A catalogue condition as a Q object for rows of `level`."""
    p = lambda name: path(level, name)  # noqa: E731
    match condition:
        case Always():
            return Q()
        case Eq(field=name, value=value):
            return Q(**{p(name): value})
        case In(field=name, values=values):
            return Q(**{p(name) + "__in": list(values)})
        case Between(field=name, low=low, high=high):
            return Q(**{p(name) + "__gte": low, p(name) + "__lte": high})
        case Missing(field=name):
            q = Q(**{p(name) + "__isnull": True})
            return q | Q(**{p(name): ""}) if name in BLANK_IS_MISSING else q
        case Present(field=name):
            q = Q(**{p(name) + "__isnull": False})
            return q & ~Q(**{p(name): ""}) if name in BLANK_IS_MISSING else q
        case NotAfter(field=name, other=other):
            return Q(**{p(name) + "__lte": F(p(other))})
        case After(field=name, other=other):
            return Q(**{p(name) + "__gt": F(p(other))})
        case HasTheme(code=code):
            if level != THEME:
                raise ValueError("theme conditions count theme codings")
            return Q(practicetheme_id=code)
        case CodedWithAny(codes=codes):
            if level != NOTIFICATION:
                raise ValueError("comparing editions counts rapid reviews, one a notification")
            # EXISTS, not a join: a join would repeat the notification once per coding
            # in every other count of the same query.
            coded = RapidReview.themes.through.objects.filter(
                rapidreview__notification=OuterRef("pk"), practicetheme_id__in=list(codes)
            )
            return Q(Exists(coded))
        case All(parts=parts):
            q = Q()
            for part in parts:
                q &= compile_condition(part, level)
            return q
        case AnyOf(parts=parts):
            return reduce(operator.or_, (compile_condition(part, level) for part in parts))
    raise TypeError(f"cannot compile {condition!r}")


def _in_period(level: str, period: Period) -> Q:
    return Q(**{path(level, PERIOD_FIELD) + "__range": (period.start, period.end)})


def _base_queryset(level: str, notifications):
    """Rows of a level belonging to `notifications` (a partnership's, or the whole register)."""
    if level == NOTIFICATION:
        return notifications
    whole_register = not notifications.query.has_filters()  # then no subquery: read the table itself
    if level == CHILD:
        qs = Child.objects.all()
        return qs if whole_register else qs.filter(notification__in=notifications)
    qs = RapidReview.themes.through.objects.all()
    return qs if whole_register else qs.filter(rapidreview__notification__in=notifications)


def _aggregate(level: str, wanted: list[Quantity], notifications) -> dict[Quantity, int]:
    """One query: a conditional count per quantity. When they all share one
    period it goes in the WHERE clause only, not into every count's filter."""
    span = Period(min(q.period.start for q in wanted), max(q.period.end for q in wanted))
    shared = all(q.period == span for q in wanted)
    queryset = _base_queryset(level, notifications).filter(_in_period(level, span)).order_by()
    aggregates = {}
    for i, q in enumerate(wanted):
        condition = compile_condition(q.condition, level)
        aggregates[f"q{i}"] = Count("pk", filter=condition if shared else _in_period(level, q.period) & condition)
    row = queryset.aggregate(**aggregates)
    return {q: row[f"q{i}"] or 0 for i, q in enumerate(wanted)}


def count_quantities(quantities: Iterable[Quantity], notifications) -> dict[Quantity, int]:
    """Every quantity as conditional counts: per level, one query over the
    report's own period and, for notifications, one more for the other periods
    that comparisons and months need."""
    groups: dict[tuple[str, bool], list[Quantity]] = defaultdict(list)
    quantities = list(dict.fromkeys(quantities))
    main: dict[str, Period] = {}
    for level in {q.level for q in quantities}:
        periods = [q.period for q in quantities if q.level == level]
        main[level] = max(set(periods), key=periods.count)  # the report's period: most figures are over it
    for q in quantities:
        groups[(q.level, q.period == main[q.level])].append(q)
    found: dict[Quantity, int] = {}
    for (level, _), wanted in groups.items():
        found |= _aggregate(level, wanted, notifications)
    return found


def count_late(kind: str, period: Period, calendar: WorkingDayCalendar, notifications) -> dict[str, int]:
    """Working days late by band: fetches only the late records' (due, done)
    dates, grouped, so the rows read are at most the distinct date pairs."""
    rule = LATENESS[kind]
    population = POPULATIONS[rule.population]
    condition = All((population.condition, After(rule.done_field, rule.due_field)))
    due, done = path(NOTIFICATION, rule.due_field), path(NOTIFICATION, rule.done_field)
    pairs = (
        _base_queryset(NOTIFICATION, notifications)
        .filter(_in_period(NOTIFICATION, period) & compile_condition(condition, NOTIFICATION))
        .order_by()
        .values_list(due, done)
        .annotate(n=Count("pk"))
    )
    return late_buckets(pairs, calendar)


def evaluate(keys: Iterable[Key], calendar: WorkingDayCalendar, notifications) -> dict[Key, int]:
    """Values for a report plan's keys: quantities, then late-day bands."""
    keys = list(keys)
    values: dict[Key, int] = dict(count_quantities((k for k in keys if isinstance(k, Quantity)), notifications))
    for kind, period in dict.fromkeys((k.kind, k.period) for k in keys if isinstance(k, Late)):
        for bucket, n in count_late(kind, period, calendar, notifications).items():
            values[Late(kind, bucket, period)] = n
    missing = [k for k in keys if k not in values]
    assert not missing, missing
    return values


__all__ = ["compile_condition", "count_late", "count_quantities", "evaluate", "path"]
