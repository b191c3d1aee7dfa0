"""The only writers of a case's documents, and the audit of every download.

Checking a file can take seconds (a PDF is opened in a child process), so it runs
before the transaction starts: a writer holds the database's lock only for the
row and its audit event, never while a parser works (SQLite takes the write lock
up front, ADR 0013's IMMEDIATE transactions).
"""

import logging
import re
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import access, audit
from cspr.documents import checks
from cspr.documents.checks import CheckedFile
from cspr.documents.models import WITHDRAWAL_REASON_MAX, CaseDocument, DocumentKind
from cspr.domain.refusal import Refused, plain_reason, required
from cspr.govuk.jinja2 import govuk_date

logger = logging.getLogger("cspr.documents")

DOWNLOAD = "document.download"
WITHDRAW = "document.withdraw"


def download_name(upload_name: str, checked: CheckedFile) -> str:
    """The name a person downloads: theirs, made safe, with the extension of what the content is."""
    stem = re.sub(r"[^\w .()-]+", "_", PurePath(upload_name.replace("\\", "/")).stem).strip(" ._") or "document"
    return stem[:120] + checked.format.extension


def case_document_attach(
    *, actor, notification_id: int, kind: str, title: str = "", upload_name: str, data: bytes, request=None
) -> CaseDocument:
    """Attach a file to a case: checked whole first, then stored and audited, or refused (`file`; `kind`
    when the person does not author documents of that kind, core/access.py's DOCUMENT_KIND_FILERS)."""
    if kind not in DocumentKind.values:
        raise Refused("kind", f"kind must be one of {', '.join(DocumentKind.values)}")
    if len(title) > 200:
        raise Refused("title", "the description must be 200 characters or fewer")
    checked = checks.check_upload(data, upload_name)
    return _store(
        actor=actor,
        notification_id=notification_id,
        kind=kind,
        title=title.strip(),
        name=download_name(upload_name, checked),
        checked=checked,
        data=data,
        request=request,
    )


@audit.action
def _store(*, actor, notification_id, kind, title, name, checked: CheckedFile, data, request) -> CaseDocument:
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    # Asked here, with the case locked, whoever calls (the page, a command, a hand-made POST): the
    # review may have closed since the page offered the kind, and it is the reviewer's reach.
    _refuse_kind_not_theirs(actor, notification, kind)
    # Among the documents in force: one withdrawn by mistake may be attached again.
    same = CaseDocument.objects.filter(
        notification=notification, sha256=checked.sha256, withdrawn_at__isnull=True
    ).first()
    if same is not None:
        raise Refused("file", f"this file is already attached to the case, as “{same}” ({same.file_name})")
    document = CaseDocument(
        notification=notification,
        kind=kind,
        title=title,
        file_name=name,
        file_format=checked.file_format,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
        pages=checked.pages,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    document.file.save(name, ContentFile(data), save=False)
    try:
        document.save()
        # A document attached is a change to the case: retention counts from its last change
        # (cspr/service/retention.py). Only the time moves, not the version: the case's fields did
        # not change, so a form someone has open on them is not out of date.
        notification.save(update_fields=["updated_at"])
        audit.record_change(
            document,
            actor=actor,
            action="document.attach",
            # No file name: an upload's name often names the child (and a date of birth), and the
            # audit trail outlives the case (retention deletes the row and file, never the event).
            # The document's id and hash identify it while it exists, and prove which file it was.
            changed_fields={
                "notification": notification.ref,
                "kind": kind,
                "format": checked.file_format,
                "size_bytes": checked.size_bytes,
                "sha256": checked.sha256,
            },
            request=request,
        )
    except BaseException:
        document.file.delete(save=False)  # no row, so no file: a stored file always has its record
        raise
    return document


def _refuse_kind_not_theirs(actor, notification, kind: str) -> None:
    """Refused: the person does not attach documents to this case, or not documents of this kind."""
    if access.may_attach_document(actor, notification, kind):
        return
    if not access.may_attach_document(actor, notification, DocumentKind.OTHER):
        # Whoever attaches anything attaches "other" documents: this person attaches none.
        raise Refused(None, f"only {access.document_kind_filers(DocumentKind.OTHER)} can attach documents to this case")
    raise Refused(
        "kind",
        f"only {access.document_kind_filers(kind)} can attach a “{DocumentKind(kind).label}”: "
        "choose what else the document is",
    )


def case_document_downloaded(request, document: CaseDocument) -> None:
    """One person downloaded one document: filed under its case, so the case's access report lists it."""
    audit.record(
        actor=request.user,
        action=DOWNLOAD,
        object_type="notification",
        object_id=document.notification.ref,
        changed_fields={"document": document.pk, "sha256": document.sha256},  # no file name: see _store
        request=request,
    )


def refuse_published_final_report(document: CaseDocument) -> None:
    """Refused: the document is the final report a published local review names (PracticeReview.final_report_document).

    The published review, and the learning repository's copy of its text, stand on that
    report: withdrawing it would leave them naming a file that is gone. Nobody withdraws it
    here, the Panel secretariat included; a wrong published report is corrected by hand.
    """
    # The reverse of the review's one-to-one: documents sits below reviews, so it does not import
    # them (docs/architecture.md), and reads the case's review as core/access.py does.
    review = getattr(document.notification, "practice_review", None)
    if review is not None and review.final_report_document_id == document.pk:
        raise Refused(
            None,
            "this document is the final report of the case's published local review, and it must stay with "
            "the published review, so it cannot be withdrawn. If it is the wrong report, contact the Panel "
            "secretariat, who will arrange the correction with the service's administrator",
        )


def _withdrawal_reason(reason: str) -> str:
    reason = required(reason, field="reason", message="enter why the document is withdrawn")
    return plain_reason(reason, limit=WITHDRAWAL_REASON_MAX)


@audit.action
def case_document_withdraw(*, actor, document_id: int, reason: str, request=None) -> CaseDocument:
    """Withdraw a case's document (one attached to the wrong case, say), or refuse (`reason`, or the whole).

    The row stays, with who withdrew it, when and why: the case's page and its audit show
    that a document was withdrawn. Its stored file is deleted once the withdrawal is
    committed, so nobody can download it any more. The audit event is filed under the case
    (its access report lists it) and names the document by id, never by its file name or
    description: a document on the wrong case may name another child.
    """
    reason = _withdrawal_reason(reason)
    # The document's row and its case's, locked (the case as attaching locks it): a second
    # withdrawal, or a publication naming it as the final report, waits for this one.
    document = CaseDocument.objects.select_for_update().select_related("notification").get(pk=document_id)
    notification = document.notification
    if not actor.has_perm("documents.withdraw_documents", notification):
        raise Refused(None, "only the Panel secretariat and the case's partnership manager can withdraw its documents")
    if document.withdrawn:
        # No version to compare: a document changes once, so "already withdrawn" is the stale case.
        raise Refused(None, f"this document was already withdrawn, on {govuk_date(document.withdrawn_at)}")
    refuse_published_final_report(document)
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = actor
    document.withdrawal_reason = reason
    document.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    # A change to the case, as attaching is (retention counts from the case's last change).
    notification.save(update_fields=["updated_at"])
    audit.record(
        actor=actor,
        action=WITHDRAW,
        object_type="notification",
        object_id=notification.ref,
        changed_fields={"document": document.pk, "kind": document.kind, "sha256": document.sha256},
        reason=reason,
        request=request,
    )
    # After the commit: a withdrawal rolled back must still have its file. The key stays on the
    # row, so deleting the case later (cspr/service/retention.py) tries again if this fails.
    key = document.file.name
    transaction.on_commit(lambda: _delete_stored_file(document.pk, key))
    return document


def _delete_stored_file(document_id: int, key: str) -> None:
    """Delete a withdrawn document's stored file; a failure is logged for the operator (the withdrawal stands)."""
    try:
        CaseDocument._meta.get_field("file").storage.delete(key)
    except Exception as error:  # any store's failure: the row says withdrawn, the operator removes the file
        # The key is the case's id and a random one: the log names no child and no case reference.
        logger.error(
            "case document %s was withdrawn, but its stored file %s was not removed (%s: %s); "
            "remove it from the documents storage by hand",
            document_id,
            key,
            type(error).__name__,
            error,
        )
