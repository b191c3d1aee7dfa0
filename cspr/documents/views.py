"""A case's documents: attaching one, downloading one, and withdrawing one.

Documents are served only as downloads (`Content-Disposition: attachment`, with
`nosniff` and a sandboxing Content-Security-Policy), never shown in the browser:
a file from outside the service must not run as part of the service's pages.
The case is found through the person's scope (404), the verb checked (403), and
every download audited. The case page lists them (cspr/documents/context_processors.py).
A withdrawn document is listed, with when and why, but its file is gone: it is not downloaded.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cspr.cases import scope
from cspr.core import access, audit
from cspr.documents import actions
from cspr.documents.forms import AttachForm, WithdrawForm
from cspr.documents.models import CaseDocument
from cspr.documents.storage import StoredFileLost, open_stored
from cspr.domain.refusal import Refused
from cspr.govuk import pages
from cspr.govuk.forms import show_refusal, submit
from cspr.govuk.jinja2 import govuk_date


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def document_attach(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    access.require(request.user, "documents.attach_documents", notification)
    kinds = access.document_kinds_attached_by(request.user, notification)
    form = AttachForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = actions.case_document_attach(
                actor=request.user,
                notification_id=notification.pk,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload_name=upload.name,
                data=upload.read(),
                request=request,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, f"{document} ({document.file_name}) was attached to the case")
            return redirect("notification_detail", ref=notification.ref)
    return render(request, "documents/attach.html", {"n": notification, "form": form})


@require_safe
@login_required
def document_download(request, ref: str, pk: int):
    notification = scope.get_notification_for(request.user, ref)
    # The verb before the lookup: a partnership the case is only shared with gets the same 403
    # for any id, and cannot tell which documents the case holds by 403s against 404s.
    access.require(request.user, "documents.read_documents", notification)
    document = get_object_or_404(CaseDocument.objects.visible_to(request.user), notification=notification, pk=pk)
    back = reverse("notification_detail", args=[notification.ref])
    if document.withdrawn:
        # Its file was deleted: nothing to download, so nothing is audited as one.
        return _not_available(
            request,
            "The document was withdrawn",
            f"It was withdrawn on {govuk_date(document.withdrawn_at)}: {document.withdrawal_reason}",
            back=back,
            n=notification,
        )
    # Opened before anything is audited: a file that cannot be read was not downloaded.
    try:
        stored = open_stored(document)
    except StoredFileLost:
        return _not_available(
            request,
            "The document is not available",
            f"The file ‘{document.file_name}’ cannot be found on the service, so it cannot be downloaded. "
            "Contact your organisation’s cspr administrator.",
            back=back,
            n=notification,
        )
    # HEAD asks for the headers only: nothing is downloaded, so nothing is recorded (as audit.cases_listed).
    if request.method == "GET":
        actions.case_document_downloaded(request, document)
    response = FileResponse(stored, as_attachment=True, filename=document.file_name, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


def _not_available(request, title: str, message: str, *, back: str, n):
    """The page of a document that cannot be downloaded: a 404, as the file is not there."""
    response = pages.cannot(request, title, message, back=back, n=n)
    response.status_code = 404
    return response


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def document_withdraw(request, ref: str, pk: int):
    """Withdraw a document (attached to the wrong case, say): its file is deleted, the case keeps a line saying why."""
    notification = scope.get_notification_for(request.user, ref)
    # The verb before the lookup, as for downloads: a 403 says nothing about which documents exist.
    access.require(request.user, "documents.withdraw_documents", notification)
    document = get_object_or_404(CaseDocument.objects.visible_to(request.user), notification=notification, pk=pk)
    back = reverse("notification_detail", args=[notification.ref])
    if document.withdrawn:
        return pages.cannot(
            request,
            "The document has already been withdrawn",
            f"It was withdrawn on {govuk_date(document.withdrawn_at)}: {document.withdrawal_reason}",
            back=back,
            n=notification,
        )
    try:
        actions.refuse_published_final_report(document)
    except Refused as refusal:
        return pages.cannot(request, "This document cannot be withdrawn", refusal.sentence, back=back, n=notification)
    form = WithdrawForm(request.POST or None)
    if submit(
        request,
        form,
        actions.case_document_withdraw,
        lambda d: {"reason": d["reason"]},
        document_id=document.pk,
        success="Document withdrawn",
    ):
        return redirect(back)
    return render(
        request,
        "documents/withdraw.html",
        {
            "form": form,
            "n": notification,
            "document": document,
            "back": back,
            "title": "Withdraw a document",
            "submit": "Withdraw document",
        },
    )
