"""What is due: the open statutory deadlines across the register.

Used by `cspr deadlines` and (later) the service's dashboard. Three queries
whatever the register's size: one per kind of open item, each filtered and
sorted by a stored due date in the database.
"""

from dataclasses import dataclass
from datetime import date

from cspr.cases import clock
from cspr.cases.models import PracticeReview, RapidReview
from cspr.domain.workflow import PracticeReviewStatus, RapidReviewStatus


@dataclass(frozen=True)
class OpenItem:
    notification_ref: str
    partnership: str
    item: str
    due_date: date
    rule: str
    working_days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0


def open_items(
    *,
    today: date,
    partnership: str | None = None,
    overdue_only: bool = False,
    limit: int | None = None,
    scope=None,
) -> list[OpenItem]:
    """Open items, soonest first. `scope` (a notification queryset) limits them to what a person may see."""
    calendar = clock.working_days()
    rapid = RapidReview.objects.filter(status__in=[RapidReviewStatus.DUE, RapidReviewStatus.QUERIED])
    final = PracticeReview.objects.filter(status=PracticeReviewStatus.COMMISSIONED)
    publication = PracticeReview.objects.filter(
        status__in=[PracticeReviewStatus.COMMISSIONED, PracticeReviewStatus.FINAL_REPORT_SENT]
    )
    if scope is not None:
        rapid, final, publication = (q.filter(notification__in=scope) for q in (rapid, final, publication))
    if partnership:
        rapid, final, publication = (
            q.filter(notification__partnership_id=partnership) for q in (rapid, final, publication)
        )
    if overdue_only:
        rapid = rapid.filter(due_date__lt=today)
        final = final.filter(final_report_due_date__lt=today)
        publication = publication.filter(publication_due_date__lt=today)
    # Each query is sorted and cut in the database, so a national register sends
    # only the `limit` soonest rows of each kind, never every open item.
    rapid = rapid.order_by("due_date", "notification__ref")[:limit]
    final = final.order_by("final_report_due_date", "notification__ref")[:limit]
    publication = publication.order_by("publication_due_date", "notification__ref")[:limit]
    fields = ("notification__ref", "notification__partnership_id")
    rows = [
        *(
            (ref, p, "rapid review", due, f"15 working days ({rule}, from {counted})")
            for ref, p, due, rule, counted in rapid.values_list(*fields, "due_date", "due_rule", "due_counted_from")
        ),
        *(
            (ref, p, "LCSPR final report to Panel and Secretary of State", due, "before publication")
            for ref, p, due in final.values_list(*fields, "final_report_due_date")
        ),
        *(
            (ref, p, "LCSPR publication", due, "6 calendar months from decision")
            for ref, p, due in publication.values_list(*fields, "publication_due_date")
        ),
    ]
    rows.sort(key=lambda row: (row[3], row[0], row[2]))
    if limit is not None:
        rows = rows[:limit]
    return [
        OpenItem(ref, p, item, due, rule, calendar.working_days_between(today, due)) for ref, p, item, due, rule in rows
    ]


@dataclass(frozen=True)
class OpenCounts:
    open: int
    overdue: int


def open_item_counts(*, today: date, scope=None) -> OpenCounts:
    """How many items are open and overdue: two aggregates per kind, computed in the database."""
    from django.db.models import Count, Q

    rapid = RapidReview.objects.filter(status__in=[RapidReviewStatus.DUE, RapidReviewStatus.QUERIED])
    lcspr = PracticeReview.objects.filter(
        status__in=[PracticeReviewStatus.COMMISSIONED, PracticeReviewStatus.FINAL_REPORT_SENT]
    )
    if scope is not None:
        rapid, lcspr = rapid.filter(notification__in=scope), lcspr.filter(notification__in=scope)
    r = rapid.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    p = lcspr.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(publication_due_date__lt=today)))
    return OpenCounts(r["open"] + p["open"], r["overdue"] + p["overdue"])
