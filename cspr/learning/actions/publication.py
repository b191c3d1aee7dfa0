"""A published LCSPR joins the learning repository: one linked record from notification to learning.

The LCSPR's workflow belongs to the reviews app, which sits below this one
(ADR 0015), so the one action that publishes it and adds it to the repository
lives here and calls down: `practice_review_publish` makes every check and the
move, then the report becomes a `PublishedReview` linked to its case, and the
suggester's themes wait for a coder, all in one transaction. Reading the
report's text (a PDF in a child process) happens before the transaction, so no
database lock is held while a parser works.
"""

import tempfile
from datetime import date
from pathlib import Path

from django.utils import timezone

from cspr.core import audit
from cspr.documents.models import CaseDocument

# The storage errors that mean "the file is not there", shared with the download page.
from cspr.documents.storage import StoredFileLost, open_stored
from cspr.domain.refusal import Refused

# Modules, not names: similar.py imports the actions in turn (similar_store stores what they change).
from cspr.learning import similar
from cspr.learning.actions.changed import reviews_changed
from cspr.learning.actions.coding import theme_suggestions_generate
from cspr.learning.actions.reviews import _create
from cspr.learning.extract import EXTENSIONS, ExtractedDocument, ExtractionError, extract
from cspr.learning.ingest import ReviewMetadata
from cspr.learning.models import INCIDENT_CATEGORIES, PublishedReview, ReviewType, SourceDocument
from cspr.reviews.actions import practice_review_publish
from cspr.reviews.models import PracticeReview


def report_text(document: CaseDocument | None) -> tuple[ExtractedDocument | None, str]:
    """The final report's text for the repository, or None and why it could not be read.

    A report whose text cannot be read (a scan, an ODT) is still published and
    joins the repository; only its full text is missing, and the page says so.
    """
    if document is None:
        return None, ""
    content = _stored_report(document)
    suffix = Path(document.file_name).suffix.lower()
    if suffix not in EXTENSIONS:
        return None, f"the repository does not read the text of {document.format_name} files"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / document.file_name
        path.write_bytes(content)
        try:
            extracted = extract(path)
        except ExtractionError as error:
            return None, str(error)
    if SourceDocument.objects.filter(sha256=extracted.sha256).exists():
        return None, "the same document is already in the repository"
    return extracted, ""


def _stored_report(document: CaseDocument) -> bytes:
    """The final report's stored file, or a refusal on the final report if it cannot be read.

    Refused rather than published without its text: the publication would be recorded for good
    with a report nobody can download and the repository cannot search. Uploading the report
    again (or giving its address) is what mends it; the operator is told which stored file is lost.
    """
    try:
        with open_stored(document) as stored:
            return stored.read()
    except StoredFileLost:
        raise Refused(
            "final_report",
            f"the final report's file ({document.file_name}) cannot be found on the service: upload it "
            "again and choose the new copy, or give the address where it is published",
        ) from None


def lcspr_publish(
    *,
    actor,
    practice_review_id: int,
    version: int | None,
    published_date: date,
    title: str,
    learning_summary: str = "",
    final_report_document_id: int | None = None,
    final_report_url: str = "",
    delay_reasons: str = "",
    outstanding_reason: str = "",
    request=None,
) -> PublishedReview:
    """Publish the LCSPR and add its report to the repository, linked to its case, for coding."""
    # Only a document of this case is read; any other is refused by the publish action itself.
    document = (
        CaseDocument.objects.filter(
            pk=final_report_document_id, notification__practice_review=practice_review_id, withdrawn_at__isnull=True
        ).first()
        if final_report_document_id
        else None
    )
    extracted, _ = report_text(document)
    return _publish(
        actor=actor,
        practice_review_id=practice_review_id,
        version=version,
        published_date=published_date,
        title=title,
        learning_summary=learning_summary,
        final_report_document_id=final_report_document_id,
        final_report_url=final_report_url,
        delay_reasons=delay_reasons,
        outstanding_reason=outstanding_reason,
        extracted=extracted,
        request=request,
    )


@audit.action
def _publish(*, actor, practice_review_id, title, learning_summary, extracted, request, **publish) -> PublishedReview:
    if not title.strip() or len(title) > 300:
        raise Refused("title", "enter the report's title (up to 300 characters)")
    review = practice_review_publish(actor=actor, practice_review_id=practice_review_id, request=request, **publish)
    notification = (
        PracticeReview.objects.select_related("notification__partnership", "notification__local_authority")
        .get(pk=review.pk)
        .notification
    )
    category = notification.death_category or notification.harm_category
    metadata = ReviewMetadata(
        title=title.strip(),
        review_type=ReviewType.LCSPR,
        year=review.published_date.year,
        publication_date=review.published_date,
        partnership=notification.partnership,
        local_authority=notification.local_authority,
        child_age_band=similar.age_band([c.age_years for c in notification.children.all()]),
        incident_type=notification.incident_type,
        incident_categories=[category] if category in INCIDENT_CATEGORIES else [],
        learning_summary=learning_summary.strip(),
        source_url=review.final_report_url,
        published=True,
        notification=notification,
    )
    published, events = _create(metadata, extracted, actor, timezone.now())
    events[0].changed_fields["practice_review"] = review.pk
    reviews_changed([published.pk])
    audit.record_many(actor=actor, events=events, request=request)
    theme_suggestions_generate(actor=actor, review_id=published.pk, request=request)
    return published
