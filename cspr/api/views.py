"""The administrators' token pages, and the API's answer for an address under /api/ it does not have.

An administrator issues a token (shown once, on the page that issued it) and
revokes it. The pages use the session, as every page does; the API never does.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cspr.api import actions, problems
from cspr.api.forms import RevokeForm, TokenForm
from cspr.api.models import ApiToken
from cspr.domain.refusal import Refused
from cspr.govuk.forms import show_refusal


@csrf_exempt  # a problem document for any method; nothing is read or written
def api_not_found(request):
    return problems.response(request, 404, "no such address in the API: see /api/v1/docs")


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("api.manage_tokens", raise_exception=True)
def token_list(request):
    """Every token, and the form for a new one; a new token's text is shown here once."""
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = actions.api_token_create(
                actor=request.user,
                name=data["name"],
                organisation=data["organisation"],
                role=data["role"],
                scopes=data["scopes"],
                purpose=data["purpose"],
                days=data["days"],
                request=request,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.select_related("user__organisation", "created_by")
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "issued": issued, "now": timezone.now(), "page_has_errors": bool(form.errors)},
    )


@require_POST
@login_required
@permission_required("api.manage_tokens", raise_exception=True)
def token_revoke(request, name: str):
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.api_token_revoke(actor=request.user, name=name, reason=reason, request=request)
    except Refused:
        pass  # already revoked, or gone: the list shows its state
    return redirect(reverse("api_token_list"))
