from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cspr.cases import scope
from cspr.core import audit
from cspr.domain.deadlines import DEADLINES, Deadline
from cspr.reviews.open_items import (
    OpenCounts,
    OpenItem,
    awaiting_partners,
    awaiting_partners_count,
    open_item_counts_by_kind,
    open_items,
    total,
)

# Each kind of deadline has its own section on the first screen, so hundreds of old
# LCSPR items can never push an overdue rapid review out of sight; the section shows
# its most overdue few and links to the whole kind, a page at a time.
SECTION_ROWS = 10
PAGE_SIZE = 50


@dataclass(frozen=True)
class Section:
    kind: Deadline
    label: str
    counts: OpenCounts
    items: list[OpenItem]


class _OneKind:
    """One kind's open items as Django's Paginator reads a list: the count already
    known (no second count query), and each page read as one query of its rows."""

    def __init__(self, kind: Deadline, *, today: date, scope, count: int):
        self.kind, self.today, self.scope, self._count = kind, today, scope, count

    def count(self) -> int:
        return self._count

    def __getitem__(self, cut: slice) -> list[OpenItem]:
        return open_items(
            today=self.today, scope=self.scope, of_kind=self.kind, offset=cut.start, limit=cut.stop - cut.start
        )


@require_safe
@login_required
def dashboard(request):
    """What is due and overdue for me, most overdue first, in working days: a section for each kind
    of deadline, and (`?kind=`) every open item of one kind, a page at a time."""
    if not request.user.has_perm("cases.view_register"):
        # Analysts and administrators have no child-level pages (least privilege).
        if request.user.has_perm("core.view_audit"):
            return redirect("audit_list")
        return render(request, "reviews/no_case_access.html")
    today = timezone.localdate()
    visible = scope.notifications_for(request.user)
    counts = open_item_counts_by_kind(today=today, scope=visible)
    context = {"counts": total(counts), "today": today, "heading": "What is due", "page": None, "section": None}
    if "kind" in request.GET:
        try:
            kind = Deadline(request.GET["kind"])
        except ValueError:
            raise Http404("No such kind of deadline") from None
        one_kind = _OneKind(kind, today=today, scope=visible, count=counts[kind].open)
        page = Paginator(one_kind, PAGE_SIZE).get_page(request.GET.get("page"))
        label = DEADLINES[kind].label
        section = Section(kind, label, counts[kind], list(page))
        context |= {"heading": f"What is due: {label}", "page": page, "section": section}
        shown = section.items
    else:
        context["sections"] = sections = [
            Section(kind, DEADLINES[kind].label, counts[kind],
                    open_items(today=today, scope=visible, of_kind=kind, limit=SECTION_ROWS))
            for kind in counts
        ]  # fmt: skip
        # Rapid reviews the Panel has queried: the partners owe an answer, but no deadline runs for
        # it, so they are listed apart from (and never counted among) the deadlines (ADR 0028).
        # The longest waiting few, as each deadline's section shows; the list's own status filter
        # has them all.
        context["awaiting"] = awaiting = awaiting_partners(scope=visible, limit=SECTION_ROWS)
        context["awaiting_count"] = (
            awaiting_partners_count(scope=visible) if len(awaiting) == SECTION_ROWS else len(awaiting)
        )
        shown = [item for s in sections for item in s.items] + awaiting
    audit.cases_listed(request, refs=[item.notification_ref for item in shown], page="dashboard")
    return render(request, "reviews/dashboard.html", context)
