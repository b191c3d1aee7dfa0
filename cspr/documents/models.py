"""The documents a case's statutory process exchanges: reports, the Panel's letters, other files.

The file itself lives in the `documents` storage (settings.STORAGES: the data
directory by default, an S3-compatible store in production); the row holds what
the service checked about it. The format is the one sniffed from the content
(cspr/documents/checks.py), never the name the file arrived with. Rows change
only through cspr/documents/actions.py, which audits each upload and withdrawal.
A withdrawn document keeps its row (who withdrew it, when and why, for the case's
page and its audit) but not its file, which is deleted.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models

from cspr.core import access
from cspr.core.fields import code_field, in_codes
from cspr.documents.checks import FORMATS


class DocumentKind(models.TextChoices):
    """What a document is in the statutory process. Who attaches each kind is an access rule:
    core/access.py's DOCUMENT_KIND_FILERS (core sits below this app, so it names the codes)."""

    RAPID_REVIEW_REPORT = "rapid_review_report", "Rapid review report"
    LCSPR_FINAL_REPORT = "lcspr_final_report", "Final report of the local child safeguarding practice review"
    PANEL_LETTER = "panel_letter", "Letter from the Panel"
    OTHER = "other", "Other document"


# The longest reason a withdrawal keeps: a sentence or two, shown on the case's page.
WITHDRAWAL_REASON_MAX = 500


def document_storage():
    # A callable, so the storage is chosen by the settings in force (and tests can swap it).
    return storages["documents"]


def stored_name(document: "CaseDocument", filename: str) -> str:
    """A name that says nothing about the child or the case: the case's id and a random one."""
    return f"cases/{document.notification_id}/{uuid.uuid4().hex}{PurePath(filename).suffix}"


@access.scoped(access.through("notification"))
class CaseDocument(models.Model):
    notification = models.ForeignKey("cases.Notification", on_delete=models.PROTECT, related_name="documents")
    kind = code_field(DocumentKind.values, max_length=30)
    title = models.CharField(max_length=200, blank=True, help_text="what the document is, if the kind does not say")
    file = models.FileField(storage=document_storage, upload_to=stored_name, max_length=255)
    file_name = models.CharField(max_length=255, help_text="the name it is downloaded with (extension from content)")
    file_format = code_field(tuple(FORMATS), max_length=10)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    # Withdrawal (actions.case_document_withdraw): all three or none (the constraint below).
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=WITHDRAWAL_REASON_MAX, blank=True)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["notification", "uploaded_at", "id"]
        constraints = [
            in_codes("case_document", "kind", DocumentKind.values),
            in_codes("case_document", "file_format", tuple(FORMATS)),
            # Once among the documents in force: a document withdrawn by mistake can be attached again.
            models.UniqueConstraint(
                fields=["notification", "sha256"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="case_document_once_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawal_reason="")
                | (models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False) & ~models.Q(withdrawal_reason="")),
                name="case_document_withdrawal_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.kind_name

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def kind_name(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def format_name(self) -> str:
        return FORMATS[self.file_format].name

    @property
    def size_name(self) -> str:
        if self.size_bytes >= 1_048_576:
            return f"{self.size_bytes / 1_048_576:.1f} MB"
        return f"{max(1, round(self.size_bytes / 1024))} KB"

    @property
    def content_type(self) -> str:
        return FORMATS[self.file_format].content_type
