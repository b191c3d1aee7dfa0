"""The only writers of a case's documents, and the audit of every download.

Checking a file can take seconds (a PDF is opened in a child process), so it runs
before the transaction starts: a writer holds the database's lock only for the
row and its audit event, never while a parser works (SQLite takes the write lock
up front, ADR 0013's IMMEDIATE transactions).
"""

import re
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.documents import checks
from cspr.documents.checks import CheckedFile
from cspr.documents.models import CaseDocument, DocumentKind
from cspr.domain.refusal import Refused

DOWNLOAD = "document.download"


def download_name(upload_name: str, checked: CheckedFile) -> str:
    """The name a person downloads: theirs, made safe, with the extension of what the content is."""
    stem = re.sub(r"[^\w .()-]+", "_", PurePath(upload_name.replace("\\", "/")).stem).strip(" ._") or "document"
    return stem[:120] + checked.format.extension


def case_document_attach(
    *, actor, notification_id: int, kind: str, title: str = "", upload_name: str, data: bytes, request=None
) -> CaseDocument:
    """Attach a file to a case: checked whole first, then stored and audited, or refused (`file`)."""
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
    same = CaseDocument.objects.filter(notification=notification, sha256=checked.sha256).first()
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
            changed_fields={
                "notification": notification.ref,
                "kind": kind,
                "file_name": name,
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


def case_document_downloaded(request, document: CaseDocument) -> None:
    """One person downloaded one document: filed under its case, so the case's access report lists it."""
    audit.record(
        actor=request.user,
        action=DOWNLOAD,
        object_type="notification",
        object_id=document.notification.ref,
        changed_fields={"document": document.pk, "file_name": document.file_name, "sha256": document.sha256},
        request=request,
    )
