"""A case's documents: attaching one, and downloading one.

Documents are served only as downloads (`Content-Disposition: attachment`, with
`nosniff` and a sandboxing Content-Security-Policy), never shown in the browser:
a file from outside the service must not run as part of the service's pages.
The case is found through the person's scope (404), the verb checked (403), and
every download audited. The case page lists them (cspr/documents/context_processors.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from cspr.cases import scope
from cspr.core import access, audit
from cspr.documents import actions
from cspr.documents.forms import AttachForm
from cspr.documents.models import CaseDocument
from cspr.domain.refusal import Refused
from cspr.govuk.forms import show_refusal


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def document_attach(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    access.require(request.user, "documents.attach_documents", notification)
    form = AttachForm(request.POST or None, request.FILES or None)
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
    actions.case_document_downloaded(request, document)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
