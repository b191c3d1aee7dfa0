"""Sharing a case with another safeguarding partnership."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cspr.cases import actions, scope
from cspr.cases.forms.sharing import ShareForm, WithdrawShareForm
from cspr.core import access, audit
from cspr.govuk import pages
from cspr.govuk.forms import submit
from cspr.govuk.pages import form_page


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def case_share(request, ref: str):
    """Let another partnership see this case; its own partnership's manager decides."""
    notification = scope.get_notification_for(request.user, ref)
    access.require(request.user, "cases.share_case", notification)
    form = ShareForm(request.POST or None, notification=notification)
    if submit(
        request,
        form,
        actions.case_share,
        lambda d: {"partnership_id": d["partnership"], "reason": d["reason"]},
        notification_id=notification.pk,
        success="Case shared",
    ):
        return redirect("notification_detail", ref=notification.ref)
    return form_page(
        request,
        form,
        n=notification,
        title="Share this case with another partnership",
        back=reverse("notification_detail", args=[notification.ref]),
        submit="Share the case",
    )


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def case_share_withdraw(request, ref: str):
    """The Panel secretariat ends a share, an automatic home-authority one made in error, say."""
    notification = scope.get_notification_for(request.user, ref)
    access.require(request.user, "cases.withdraw_share", notification)
    back = reverse("notification_detail", args=[notification.ref])
    if not notification.shares.exists():
        return pages.cannot(
            request,
            "This case is not shared",
            "Only the partnership that recorded it sees this case, so there is no share to withdraw.",
            back=back,
            n=notification,
        )
    form = WithdrawShareForm(request.POST or None, notification=notification)
    if submit(
        request,
        form,
        actions.case_share_withdraw,
        lambda d: {"partnership_id": d["partnership"], "reason": d["reason"]},
        notification_id=notification.pk,
        success="Share withdrawn",
    ):
        return redirect("notification_detail", ref=notification.ref)
    return form_page(
        request,
        form,
        n=notification,
        title="Withdraw a share of this case",
        back=back,
        submit="Withdraw the share",
    )
