"""Find a case: the notification list's search and filters, within the person's scope.

Every read starts from `Notification.objects.visible_to(user)` (cspr/core/access.py),
so a search can never find, count or open a case the person may not see. The
status filters are the workflow's state sets (cspr/domain/workflow.py) and
"overdue" is the open items' rule (cspr/reviews/open_items.py, reached through
the registered case parts, cspr/cases/parts.py), never a copy of either.

The list's cost does not grow with the register: one count and one page of rows,
each row's local authority and rapid review joined in the same query. The page's rows
are found by their keys first (`Listing`), so a deep page walks the list's index
(Notification.Meta's "notification_list_order") rather than sorting the register.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from cspr.cases import parts
from cspr.cases.models import CaseShare, Child, Notification
from cspr.core.models import LocalAuthority, Partnership
from cspr.domain import codes
from cspr.domain.deadlines import Deadline
from cspr.domain.workflow import (
    OPEN_DEADLINES,
    RAPID_REVIEW_AWAITING_PANEL,
    RAPID_REVIEW_AWAITING_PARTNERS,
    PracticeReviewStatus,
    Workflow,
    closed_states,
    open_states,
)

STATUS_FILTERS = {
    # The state sets are domain/workflow.py's: "due" is every state whose rapid review deadline is open.
    # A review with no due date (none is required) has no deadline open, as open_items counts it.
    "rapid_review_due": {
        "rapid_review__status__in": OPEN_DEADLINES[Deadline.RAPID_REVIEW][1],
        "rapid_review__due_date__isnull": False,
    },
    "rapid_review_submitted": {"rapid_review__status__in": RAPID_REVIEW_AWAITING_PANEL},
    # The Panel asked questions: no deadline runs (ADR 0028), so "due" no longer finds these.
    "rapid_review_queried": {"rapid_review__status__in": RAPID_REVIEW_AWAITING_PARTNERS},
    "rapid_review_responded": {"rapid_review__status__in": closed_states(Workflow.RAPID_REVIEW)},
    "lcspr_open": {"practice_review__status__in": open_states(Workflow.PRACTICE_REVIEW)},
    "lcspr_published": {"practice_review__status": PracticeReviewStatus.PUBLISHED},
}
STATUS_FILTER_NAMES = {
    "rapid_review_due": "Rapid review due",
    "rapid_review_submitted": "Rapid review sent to the Panel",
    "rapid_review_queried": "Panel has asked questions",
    "rapid_review_responded": "Panel has responded",
    "lcspr_open": "LCSPR open",
    "lcspr_published": "LCSPR published",
}
assert STATUS_FILTER_NAMES.keys() == STATUS_FILTERS.keys()

# Newest first; the index "notification_list_order" (cspr/cases/models/register.py) is this order.
ORDER = ("-notified_date", "ref")


@dataclass(frozen=True)
class Search:
    """What the person asked for; empty values filter nothing."""

    text: str = ""  # a notification reference (or part of one), a child's reference, or a local authority
    notified_from: date | None = None
    notified_to: date | None = None
    partnership: str = ""
    status: str = ""
    incident_type: str = ""
    overdue: bool = False
    shared_with_me: bool = False


def exact_reference(user, text: str) -> str | None:
    """The reference of the one case in scope whose notification reference is `text` (any case), or None.

    Typing a whole reference opens the case; a reference outside the person's
    scope is not found, exactly as if it did not exist.
    """
    text = text.strip()
    if not text:
        return None
    refs = list(Notification.objects.visible_to(user).filter(ref__iexact=text).values_list("ref", flat=True)[:2])
    if text in refs:
        return text
    return refs[0] if len(refs) == 1 else None


def notifications(user, search: Search, *, today: date):
    """The person's notifications that match `search`, newest first (never wider than their scope)."""
    qs = Notification.objects.visible_to(user)
    if text := search.text.strip():
        # Each way of matching is its own query on its own table, so that each can use its index (the
        # reference's trigram index on PostgreSQL, migration cases.0014; the child's reference's; the
        # authority's): one condition OR-ed across a join had PostgreSQL read, and upper-case, every
        # notification and every row's authority name for each search.
        authorities = LocalAuthority.objects.filter(Q(name__icontains=text) | Q(gss_code=text.upper()))
        matching = (
            Notification.objects.filter(ref__icontains=text)
            .values("pk")
            .union(
                Notification.objects.filter(local_authority__in=authorities.values("gss_code")).values("pk"),
                Child.objects.visible_to(user).filter(child_ref__iexact=text).values("notification_id"),
            )
        )
        qs = qs.filter(pk__in=matching)
    if search.notified_from:
        qs = qs.filter(notified_date__gte=search.notified_from)
    if search.notified_to:
        qs = qs.filter(notified_date__lte=search.notified_to)
    if search.partnership:
        qs = qs.filter(partnership_id=search.partnership)
    if search.status in STATUS_FILTERS:
        qs = qs.filter(**STATUS_FILTERS[search.status])
    if search.incident_type in codes.INCIDENT_TYPES:
        qs = qs.filter(incident_type=search.incident_type)
    if search.overdue:
        qs = qs.filter(parts.overdue(today))
    if search.shared_with_me:
        shared = CaseShare.objects.visible_to(user).filter(partnership_id=user.partnership_id)
        qs = qs.filter(pk__in=shared.values("notification_id"))
    return qs.order_by(*ORDER)


class Listing:
    """The matches as the list's paginator reads them: how many, and one page's rows.

    A page is found as keys first, then the rows with their local authority and rapid review:
    the keys come from the list's index, skipping the earlier pages' entries, where asking for the
    joined rows at an offset had PostgreSQL join and sort the whole register to reach the last page.
    """

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[Notification]:
        keys = self.queryset.values("pk")[page]
        rows = Notification.objects.filter(pk__in=keys).select_related("local_authority", "rapid_review")
        return list(rows.order_by(*ORDER))


def partnerships(user) -> list[tuple[str, str]]:
    """(code, name) of the partnerships whose cases the person can see, by name: the filter's choices.

    A scope of the whole register (the Panel's) asks each partnership whether it has a case, which
    its index answers at once; reading every notification for its partnership took longer the larger
    the register. A narrower scope (a partnership's own and shared cases) is read as it is: asking
    each partnership would probe every other partnership's cases for the few in scope.
    """
    in_scope = Notification.objects.visible_to(user)
    if in_scope.query.has_filters():
        found = in_scope.order_by("partnership__name", "partnership_id").values_list(
            "partnership_id", "partnership__name"
        )
        return list(found.distinct())
    having_cases = Partnership.objects.filter(Exists(in_scope.filter(partnership=OuterRef("pk"))))
    return list(having_cases.order_by("name", "code").values_list("code", "name"))
