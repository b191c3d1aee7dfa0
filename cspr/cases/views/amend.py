"""Correcting a notification and its children: one page with every answer and a reason.

The case is found through the person's scope (404 outside it). Who may correct it
now is `cases.amend_notification` (cspr/core/access.py): a partnership whose case
the Panel has already responded to sees why not (403, with the page saying what to
do), anyone else in scope without the verb a plain 403. The form carries the
version it showed; a stale one is refused with GOV.UK's "someone else changed this".
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cspr.cases import actions, scope
from cspr.cases.forms import intake
from cspr.cases.forms.amend import AmendForm
from cspr.core import audit
from cspr.core.models import LocalAuthority
from cspr.domain.refusal import Refused
from cspr.govuk.forms import show_refusal


def _local_authorities(user, notification) -> list[tuple[str, str]]:
    """The local authorities a correction may name: the partnership's (all, for the Panel), and the current one."""
    if user.has_perm("cases.move_case_to_partnership", notification):
        found = [(la.gss_code, la.name) for la in LocalAuthority.objects.order_by("name", "gss_code")]
    else:
        found = intake.local_authority_choices(notification.partnership_id, timezone.localdate())
    current = notification.local_authority
    if current.gss_code not in {code for code, _ in found}:
        found.insert(0, (current.gss_code, current.name))
    return found


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def notification_amend(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    if not request.user.has_perm("cases.amend_notification", notification):
        if request.user.has_perm("cases.edit_rapid_review", notification):
            # The partners' own case, after the Panel's response: say who can correct it now.
            return render(request, "cases/amend_closed.html", {"n": notification}, status=403)
        raise PermissionDenied("cases.amend_notification")
    children = list(notification.children.order_by("child_ref"))
    form = AmendForm(
        request.POST or None,
        notification=notification,
        children=children,
        local_authorities=_local_authorities(request.user, notification),
    )
    if request.method == "POST" and not form.is_valid():
        # Every error at once (GOV.UK): the standard's rules too, not only once the rest is right.
        form.show_problems(form.standard_problems())
    elif request.method == "POST":
        try:
            amended = actions.notification_amend(
                actor=request.user,
                notification_id=notification.pk,
                version=form.cleaned_data["version"],
                request=request,
                **form.arguments(form.cleaned_data),
            )
        except actions.CorrectionRefused as refusal:
            form.show_problems(refusal.problems)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            return redirect(reverse("notification_detail", args=[amended.ref]) + "?corrected=1")
    return render(request, "cases/amend.html", {"n": notification, "form": form})
