"""What is due: the open statutory deadlines across the register.

Which deadlines are open is cspr/domain/workflow.py's `OPEN_DEADLINES` (a
deadline is open while its record is in one of the states listed there); what
they are called and the rule behind them is cspr/domain/deadlines.py's. The
list, its counts, the dashboard, `cspr deadlines` and the reminders all read
the same table below, so a count can never differ from the list it summarises.

A rapid review the Panel has queried has no deadline open (no period runs for the
answer, ADR 0028) but is still the partnership's work: `awaiting_partners` lists it
apart, with the date the Panel asked, never due and never overdue.

One query per kind of deadline, filtered and sorted by its stored due date in
the database, whatever the register's size.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from cspr.core import clock
from cspr.domain.deadlines import DEADLINES, Deadline, rule_for_rapid_review, working_days_late
from cspr.domain.workflow import OPEN_DEADLINES, RAPID_REVIEW_AWAITING_PARTNERS, RapidReviewStatus, Workflow
from cspr.reviews.models import PracticeReview, RapidReview, StatusEvent


@dataclass(frozen=True)
class Source:
    """Where a kind of deadline is stored: the model and its due-date column."""

    model: type
    due_field: str
    reviewer_field: str | None  # who else owns it besides the partnership (reminders)


SOURCES: dict[Deadline, Source] = {
    Deadline.RAPID_REVIEW: Source(RapidReview, "due_date", None),
    Deadline.LCSPR_FINAL_REPORT: Source(PracticeReview, "final_report_due_date", "reviewer_id"),
    Deadline.LCSPR_PUBLICATION: Source(PracticeReview, "publication_due_date", "reviewer_id"),
}


@dataclass(frozen=True)
class OpenItem:
    kind: Deadline
    object_id: int
    notification_ref: str
    partnership: str
    due_date: date
    rule: str
    working_days_left: int  # negative when overdue
    reviewer_id: int | None = None

    @property
    def item(self) -> str:
        return DEADLINES[self.kind].label

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0


def _open(kind: Deadline, *, scope, partnership: str | None):
    """The records whose `kind` deadline is open, within `scope` (a notification queryset)."""
    source = SOURCES[kind]
    _, states = OPEN_DEADLINES[kind]
    # No due date, no deadline: a rapid review the notification's kind does not require (ADR 0028).
    queryset = source.model.objects.filter(
        status__in=states, notification__in=scope, **{f"{source.due_field}__isnull": False}
    )
    if partnership:
        queryset = queryset.filter(notification__partnership_id=partnership)
    return queryset


def with_open_deadlines(scope) -> Q:
    """A filter on notifications: those in `scope` with any statutory deadline still open, or a
    Panel query the partners have still to answer (retention keeps both: the review is under way)."""
    found = Q(pk__in=_awaiting(scope=scope, partnership=None).values("notification_id"))
    for kind in SOURCES:
        found |= Q(pk__in=_open(kind, scope=scope, partnership=None).values("notification_id"))
    return found


def open_items(
    *,
    today: date,
    scope,
    partnership: str | None = None,
    overdue_only: bool = False,
    due_by: date | None = None,
    limit: int | None = None,
    of_kind: Deadline | None = None,
    offset: int = 0,
) -> list[OpenItem]:
    """Open items, soonest first, among the notifications in `scope` (what a person may see).

    `due_by` keeps those due on or before a date (reminders); `overdue_only`
    those due before today; `of_kind` one kind of deadline (a dashboard section).
    `offset` and `limit` cut the sorted list (a page of it).
    """
    calendar = clock.working_days()
    rows = []
    # The final report's period is a setting: its rule is worded with the number in force.
    rules = {k: DEADLINES[k].rule for k in DEADLINES} | {Deadline.LCSPR_FINAL_REPORT: clock.final_report_rule()}
    wanted = SOURCES if of_kind is None else {of_kind: SOURCES[of_kind]}
    for kind, source in wanted.items():
        queryset = _open(kind, scope=scope, partnership=partnership)
        if overdue_only:
            queryset = queryset.filter(**{f"{source.due_field}__lt": today})
        if due_by is not None:
            queryset = queryset.filter(**{f"{source.due_field}__lte": due_by})
        # Sorted and cut in the database: a national register sends only the
        # `offset + limit` soonest rows of each kind, never every open item.
        end = None if limit is None else offset + limit
        queryset = queryset.order_by(source.due_field, "notification__ref")[:end]
        extra = ("due_rule", "due_counted_from") if kind is Deadline.RAPID_REVIEW else ()
        reviewer = (source.reviewer_field,) if source.reviewer_field else ()
        for pk, ref, p, due, *rest in queryset.values_list(
            "pk", "notification__ref", "notification__partnership_id", source.due_field, *extra, *reviewer
        ):
            rule = rule_for_rapid_review(rest[0], rest[1]) if extra else rules[kind]
            rows.append((due, ref, kind, pk, p, rule, rest[-1] if reviewer else None))
    rows.sort(key=lambda row: (row[0], row[1], DEADLINES[row[2]].label))
    rows = rows[offset:] if limit is None else rows[offset : offset + limit]
    return [
        OpenItem(kind, pk, ref, p, due, rule, _working_days_left(today, due, calendar), reviewer)
        for due, ref, kind, pk, p, rule, reviewer in rows
    ]


def _working_days_left(today: date, due: date, calendar) -> int:
    """Working days left, negative when overdue: past its due date an item is overdue by at least 1,
    even on the weekend after a Friday deadline (as `working_days_late` counts), so the list says
    "overdue" for exactly the items `open_item_counts` counts as overdue (due before today)."""
    if due < today:
        return -working_days_late(due, today, calendar)
    return calendar.working_days_between(today, due)


def overdue_cases(today: date) -> Q:
    """A filter on notifications: those with an open item overdue on `today`, by the same table.

    The notification list's "overdue" filter (reached through the case parts,
    cspr/cases/parts.py), so it keeps exactly the cases `open_items(overdue_only=True)` lists.
    """
    condition = Q(pk__in=[])
    for kind, source in SOURCES.items():
        _, states = OPEN_DEADLINES[kind]
        case = source.model._meta.get_field("notification").related_query_name()
        condition |= Q(**{f"{case}__status__in": states, f"{case}__{source.due_field}__lt": today})
    return condition


@dataclass(frozen=True)
class OpenCounts:
    open: int
    overdue: int


def open_item_counts_by_kind(*, today: date, scope, partnership: str | None = None) -> dict[Deadline, OpenCounts]:
    """For each kind of deadline, how many items `open_items(of_kind=...)` lists, and how many are overdue."""
    found = {}
    for kind, source in SOURCES.items():
        counts = _open(kind, scope=scope, partnership=partnership).aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(**{f"{source.due_field}__lt": today}))
        )
        found[kind] = OpenCounts(counts["open"], counts["overdue"])
    return found


def total(counts: dict[Deadline, OpenCounts]) -> OpenCounts:
    """The counts of every kind together: what `open_items` lists over all kinds."""
    return OpenCounts(sum(c.open for c in counts.values()), sum(c.overdue for c in counts.values()))


def open_item_counts(*, today: date, scope, partnership: str | None = None) -> OpenCounts:
    """How many items `open_items` lists for the same scope, and how many of them are overdue."""
    return total(open_item_counts_by_kind(today=today, scope=scope, partnership=partnership))


@dataclass(frozen=True)
class AwaitingAnswer:
    """A rapid review the Panel has asked questions about: the partners owe an answer, with no
    due date (no statutory period runs for it), so it is never overdue."""

    object_id: int
    notification_ref: str
    partnership: str
    asked_on: date | None  # the day of the latest query; None only if its status event is missing

    item = "The Panel has asked questions about this rapid review"


def _awaiting(*, scope, partnership: str | None):
    queryset = RapidReview.objects.filter(status__in=RAPID_REVIEW_AWAITING_PARTNERS, notification__in=scope)
    if partnership:
        queryset = queryset.filter(notification__partnership_id=partnership)
    return queryset


def awaiting_partners_count(*, scope, partnership: str | None = None) -> int:
    """How many of `awaiting_partners` there are (the dashboard shows the longest waiting few)."""
    return _awaiting(scope=scope, partnership=partnership).count()


def awaiting_partners(*, scope, partnership: str | None = None, limit: int | None = None) -> list[AwaitingAnswer]:
    """The queried rapid reviews among the notifications in `scope`, longest waiting first
    (the first `limit` of them, if given).

    One query: the date asked is the latest move into `queried` (its status event), read as
    a date in the service's time zone.
    """
    asked = StatusEvent.objects.filter(
        notification=OuterRef("notification"), workflow=Workflow.RAPID_REVIEW, to_status=RapidReviewStatus.QUERIED
    ).order_by("-at", "-pk")
    queryset = (
        _awaiting(scope=scope, partnership=partnership)
        .annotate(asked_at=Subquery(asked.values("at")[:1]))
        # A review queried before status events were kept has no date: last, on every database.
        .order_by(F("asked_at").asc(nulls_last=True), "notification__ref")
    )
    rows = queryset.values_list("pk", "notification__ref", "notification__partnership_id", "asked_at")
    if limit is not None:
        rows = rows[:limit]
    return [AwaitingAnswer(pk, ref, p, timezone.localdate(at) if at else None) for pk, ref, p, at in rows]
