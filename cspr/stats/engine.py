"""Counting a report's quantities in the database: one scan of each table.

The catalogue (cspr/domain/measures.py) describes every figure as a condition in
the data standard's field names. This module compiles conditions into `Q`
objects and asks for all of one level's figures, over every period the report
shows (its year, the year before, the months), in a single query of conditional
aggregates (`Count("pk", filter=Q(...))`): one query over notifications, one over
children, one over theme codings. The working days late of each deadline are
stored with its record when the dates are written (ADR 0036), so its bands are
conditional counts of the notifications' query like any other, with no
working-day arithmetic at report time. The query count does not depend on the
register's size or on the period (tests/stats/test_queries.py).
"""

import operator
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce

from django.db.models import Count, Exists, F, OuterRef, Q

from cspr.cases.models import Child
from cspr.domain.measures import (
    CHILD,
    NOTIFICATION,
    PERIOD_FIELD,
    THEME,
    After,
    All,
    Always,
    AnyOf,
    AtLeast,
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
from cspr.domain.report_build import Key, Late, late_quantity
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
    # The working days late stored with each deadline's dates (ADR 0036).
    "rr_days_late": "rapid_review__days_late",
    "lcspr_days_late": "practice_review__publication_days_late",
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
        case AtLeast(field=name, low=low):
            return Q(**{p(name) + "__gte": low})
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
            # in every other count of the same query. On the joined review's id: one index
            # look-up, not a second join back to the notification.
            coded = RapidReview.themes.through.objects.filter(
                rapidreview_id=OuterRef("rapid_review__id"), practicetheme_id__in=list(codes)
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


def _aggregate(level: str, wanted: list[tuple[Quantity, Condition, bool]], notifications) -> dict[Quantity, int]:
    """One query, one scan of the level's rows over every period asked for, counted by day.

    `wanted`: (quantity, the condition counted at this level, whether it counts distinct
    reviews rather than rows). A conditional count per distinct condition, grouped by the
    day of `notified_date` (SQLite reads the rows in that index's order, so the groups
    need no sort); each quantity then adds up the days of its own period. So a condition
    counted over the year, the year before and each month is one count, and no count
    tests a period.
    """
    span = Period(min(q.period.start for q, _, _ in wanted), max(q.period.end for q, _, _ in wanted))
    counts = {(c, distinct): f"c{i}" for i, (c, distinct) in enumerate(dict.fromkeys((c, d) for _, c, d in wanted))}
    day = path(level, PERIOD_FIELD)
    days = (
        _base_queryset(level, notifications)
        .filter(_in_period(level, span))
        .order_by()
        .values(day)
        .annotate(**{
            name: Count("rapidreview_id" if distinct else "pk", distinct=distinct, filter=compile_condition(c, level))
            for (c, distinct), name in counts.items()
        })
    )
    # Each quantity's count and period looked up once (hashing a condition walks all of it).
    sums = [(counts[(c, distinct)], q.period.start, q.period.end) for q, c, distinct in wanted]
    totals = [0] * len(wanted)
    for row in days:
        when = row[day]
        for i, (name, start, end) in enumerate(sums):
            if start <= when <= end:
                totals[i] += row[name]
    return {q: total for (q, _, _), total in zip(wanted, totals)}


def _mentions_coding(condition: Condition) -> bool:
    return isinstance(condition, CodedWithAny) or any(map(_mentions_coding, getattr(condition, "parts", ())))


def _as_codings(q: Quantity) -> Condition | None:
    """A notification count "coded with any of these themes" (comparing editions) as the theme
    codings' count of distinct reviews in the set: the codings are scanned anyway, and a review is
    one notification's, so this counts the notifications without a correlated look-up into the
    codings for every notification row (ADR 0036). None for any other count."""
    parts = q.condition.parts if isinstance(q.condition, All) else (q.condition,)
    coded = [p for p in parts if isinstance(p, CodedWithAny)]
    if q.level != NOTIFICATION or len(coded) != 1 or any(_mentions_coding(p) for p in parts if p not in coded):
        return None
    return All(tuple(In("theme", p.codes) if p in coded else p for p in parts))


def count_quantities(quantities: Iterable[Quantity], notifications) -> dict[Quantity, int]:
    """Every quantity as conditional counts: one query per level (notifications,
    children, theme codings), whatever the periods."""
    levels: dict[str, list[tuple[Quantity, Condition, bool]]] = defaultdict(list)
    for q in dict.fromkeys(quantities):
        codings = _as_codings(q)
        if codings is None:
            levels[q.level].append((q, q.condition, False))
        else:
            levels[THEME].append((q, codings, True))
    found: dict[Quantity, int] = {}
    for level, wanted in levels.items():
        found |= _aggregate(level, wanted, notifications)
    return found


def evaluate(keys: Iterable[Key], notifications) -> dict[Key, int]:
    """Values for a report plan's keys: quantities, and late-day bands as the quantities they are."""
    keys = list(keys)
    counted = {key: late_quantity(key) if isinstance(key, Late) else key for key in keys}
    found = count_quantities(counted.values(), notifications)
    return {key: found[q] for key, q in counted.items()}


__all__ = ["compile_condition", "count_quantities", "evaluate", "path"]
