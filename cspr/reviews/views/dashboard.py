from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cspr.cases import scope
from cspr.core import audit
from cspr.reviews.open_items import open_item_counts, open_items


@require_safe
@login_required
def dashboard(request):
    """What is due and overdue for me, soonest first, in working days."""
    if not request.user.has_perm("cases.view_register"):
        # Analysts and administrators have no child-level pages (least privilege).
        if request.user.has_perm("core.view_audit"):
            return redirect("audit_list")
        return render(request, "reviews/no_case_access.html")
    today = timezone.localdate()
    visible = scope.notifications_for(request.user)
    items = open_items(today=today, scope=visible, limit=50)
    audit.cases_listed(request, refs=[item.notification_ref for item in items], page="dashboard")
    return render(
        request,
        "reviews/dashboard.html",
        {
            "items": items,
            "counts": open_item_counts(today=today, scope=visible),
            "today": today,
        },
    )
