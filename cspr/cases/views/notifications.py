from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cspr.cases import exporter, find, scope
from cspr.cases.forms import labels
from cspr.cases.forms.find import FindForm
from cspr.cases.timeline import case_timeline
from cspr.core import access, audit

PAGE_SIZE = 50


def _find_form(request) -> FindForm:
    user = request.user
    return FindForm(
        request.GET,
        partnerships=find.partnerships(user),
        can_be_shared_with=access.is_partnership_staff(user),
    )


@require_safe
@login_required
def notification_list(request):
    """Find a case: search and filters over the person's cases; a whole reference typed opens the case."""
    access.require(request.user, "cases.view_register")
    form = _find_form(request)
    search = form.search()
    if "q" not in form.errors and (ref := find.exact_reference(request.user, search.text)):
        return redirect("notification_detail", ref)
    qs = find.notifications(request.user, search, today=timezone.localdate())
    page = Paginator(find.Listing(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    audit.cases_listed(request, refs=[n.ref for n in page], page="notification_list")
    return render(
        request,
        "cases/notification_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "labels": labels,
        },
    )


@require_safe
@login_required
def notification_list_csv(request):
    """The filtered list as a file of the data standard; audited, since children's records leave the service.

    Streamed as it is read (the whole register can be asked for), so it is
    audited before the first row leaves: what was asked for, and how many
    notifications that is.
    """
    access.require(request.user, "cases.export_list")
    qs = find.notifications(request.user, _find_form(request).search(), today=timezone.localdate())
    if not audit.headers_only(request):  # a HEAD sends no rows, so nothing left the service
        audit.record(
            actor=request.user,
            action="register.export",
            object_type="export",
            changed_fields={"format": "csv", "filters": dict(request.GET.items()), "notifications": qs.count()},
            request=request,
        )
    response = StreamingHttpResponse(exporter.csv_pieces(queryset=qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="notifications.csv"'
    return response


@require_safe
@login_required
@audit.reads_case
def notification_detail(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    return render(
        request,
        "cases/notification_detail.html",
        {
            "n": notification,
            "labels": labels,
            "children": notification.children.all(),
            "rapid_review": notification.rapid_review,
            "practice_review": getattr(notification, "practice_review", None),
            "events": notification.status_events.select_related("actor"),
            # Status events and corrections together, oldest first (cspr/cases/timeline.py).
            "timeline": case_timeline(notification),
            "corrected": request.GET.get("corrected") == "1",
            "shares": notification.shares.select_related("partnership"),
            # Through the person's scope too: a reviewer of this case's local review sees only the
            # national reviews they are appointed to (cspr/core/access.py `national_reviews`).
            "national_reviews": notification.national_reviews.visible_to(request.user),
            "calendar_today": timezone.localdate(),
        },
    )
