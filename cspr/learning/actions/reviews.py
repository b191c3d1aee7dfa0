"""Adding, importing, editing and removing published reviews and their recommendations."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Max
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.audit import PendingEvent
from cspr.core.writes import lock, save
from cspr.domain.refusal import Refused, required
from cspr.domain.standard_cells import single_line_problem
from cspr.learning import search, similar_store
from cspr.learning.actions.changed import reviews_changed
from cspr.learning.actions.follow_up import not_before_review
from cspr.learning.extract import ExtractedDocument
from cspr.learning.ingest import IngestItem, ReviewMetadata
from cspr.learning.models import (
    IncidentCategory,
    LabelSource,
    PublishedReview,
    Recommendation,
    RecommendationStatus,
    ReviewLabel,
    ReviewType,
    SourceDocument,
)

EDITABLE_FIELDS = {
    "title",
    "review_type",
    "year",
    "publication_date",
    "partnership_id",
    "local_authority_id",
    "area_name",
    "child_age_band",
    "incident_type",
    "learning_summary",
    "source_url",
    "is_published",
}

# Shown on one line (a title in a reminder email's subject, a list, a link): see single_line_problem.
SINGLE_LINE_FIELDS = ("title", "area_name", "source_url")


def _refuse_line_breaks(values: dict) -> None:
    """Refuse a line break or control character in a one-line field, naming the field.

    Checked here, where every review is written (import, the LCSPR publish page and API, an edit),
    as well as where a metadata file is read, which reports every problem in a batch at once."""
    for name in SINGLE_LINE_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and (problem := single_line_problem(value)):
            raise Refused(name, f"the {name.replace('_', ' ')} {problem}")


def _refuse_line_breaks_in_owner(owner_agency: str, *, field: str = "owner_agency") -> None:
    if problem := single_line_problem(owner_agency):
        raise Refused(field, f"the owner agency {problem}")


def region_for(review_type: str, local_authority, partnership) -> str:
    """The region facet: the LA's region, else the partnership's if all its LAs share one."""
    if review_type == ReviewType.NATIONAL and local_authority is None and partnership is None:
        return "national"
    if local_authority is not None:
        return local_authority.region
    if partnership is not None:
        regions = set(partnership.local_authorities.values_list("region", flat=True))
        if len(regions) == 1:
            return regions.pop()
    return ""


def _check_notification(notification, review_type: str, exclude_id=None) -> None:
    if notification is None:
        return
    clash = PublishedReview.objects.filter(notification=notification, review_type=review_type)
    if exclude_id is not None:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise Refused("notification", f"notification {notification.ref} already has a {review_type} in the repository")


def _create(metadata: ReviewMetadata, document: ExtractedDocument | None, actor, at) -> tuple[PublishedReview, list]:
    _check_notification(metadata.notification, metadata.review_type)
    _refuse_line_breaks({name: getattr(metadata, name) for name in SINGLE_LINE_FIELDS})
    for number, rec in enumerate(metadata.recommendations, start=1):
        _refuse_line_breaks_in_owner(rec.owner_agency, field=f"recommendations[{number}].owner_agency")
    review = PublishedReview.objects.create(
        title=metadata.title,
        review_type=metadata.review_type,
        partnership=metadata.partnership,
        local_authority=metadata.local_authority,
        area_name=metadata.area_name,
        region=region_for(metadata.review_type, metadata.local_authority, metadata.partnership),
        year=metadata.year,
        publication_date=metadata.publication_date,
        child_age_band=metadata.child_age_band,
        incident_type=metadata.incident_type,
        learning_summary=metadata.learning_summary,
        source_url=metadata.source_url,
        is_published=metadata.published,
        notification=metadata.notification,
    )
    IncidentCategory.objects.bulk_create(IncidentCategory(review=review, code=c) for c in metadata.incident_categories)
    for number, rec in enumerate(metadata.recommendations, start=1):
        if rec.due_date is not None:  # named as the metadata file names it (cspr/learning/ingest.py)
            not_before_review(
                f"recommendations[{number}].due_date",
                rec.due_date,
                review,
                subject=f"recommendation {number}'s due date",
            )
    Recommendation.objects.bulk_create(
        Recommendation(
            review=review,
            position=number,
            text=rec.text,
            owner_agency=rec.owner_agency,
            due_date=rec.due_date,
            status=rec.status,
        )
        for number, rec in enumerate(metadata.recommendations, start=1)
    )
    ReviewLabel.objects.bulk_create(
        [
            ReviewLabel(review=review, kind=kind, code=code, source=LabelSource.IMPORT, coded_by=actor, coded_at=at)
            for kind, values in (("theme", metadata.themes), ("characteristic", metadata.characteristics))
            for code in values
        ]
    )
    if document is not None:
        SourceDocument.objects.create(
            review=review,
            file_name=document.file_name,
            file_format=document.file_format,
            sha256=document.sha256,
            size_bytes=document.size_bytes,
            pages=document.pages,
            word_count=document.word_count,
            text=document.text,
            extractor=document.extractor,
            extracted_at=at,
        )
    changes = {
        "title": review.title,
        "review_type": review.review_type,
        "year": review.year,
        "recommendations": len(metadata.recommendations),
        "labels": [*metadata.themes, *metadata.characteristics],
        "notification": metadata.notification.ref if metadata.notification else "",
        "source": {"file": document.file_name, "sha256": document.sha256} if document else None,
    }
    return review, [PendingEvent("learning.review.add", "publishedreview", str(review.pk), changes)]


@audit.action
def review_add(
    *, actor, metadata: ReviewMetadata, document: ExtractedDocument | None = None, reason: str = "", request=None
) -> PublishedReview:
    """Add one review (and its document's text, recommendations and any coding it came with)."""
    review, events = _create(metadata, document, actor, timezone.now())
    events[0].reason = reason
    reviews_changed([review.pk])
    audit.record_many(actor=actor, events=events, request=request)
    return review


@audit.action
def reviews_import(
    *, actor, items: list[IngestItem], progress: Callable[[int], None] | None = None, request=None
) -> list[PublishedReview]:
    """Add a checked batch in one transaction: all of it, or (on any error) none of it."""
    at = timezone.now()
    reviews, events = [], []
    for item in items:
        review, review_events = _create(item.metadata, item.document, actor, at)
        reviews.append(review)
        events.extend(review_events)
        if progress:
            progress(1)
    reviews_changed(r.pk for r in reviews)
    audit.record_many(actor=actor, events=events, request=request, at=at)
    return reviews


@audit.action
def review_update(
    *, actor, review_id: int, version: int | None, changes: dict, reason: str = "", request=None
) -> PublishedReview:
    """Change a review's catalogue fields (not its coding: see the coding actions)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise Refused(None, f"these fields cannot be changed here: {', '.join(sorted(unknown))}")
    _refuse_line_breaks(changes)
    if changes.get("source_url"):
        try:  # the review page links to it: only web addresses, as at import
            URLValidator(schemes=["http", "https"])(changes["source_url"])
        except ValidationError:
            raise Refused("source_url", "source_url must be an http or https address") from None
    review = lock(PublishedReview, review_id, version)
    changed = [name for name, value in changes.items() if getattr(review, name) != value]
    if not changed:
        return review
    year = changes.get("year", review.year)
    publication_date = changes.get("publication_date", review.publication_date)
    if publication_date and publication_date.year != year:
        raise Refused("year", "the year must be the year of the publication date")
    for name in changed:  # set first: the region is read off the review as it will be
        setattr(review, name, changes[name])
    fields = list(changed)
    region = region_for(review.review_type, review.local_authority, review.partnership)
    if region != review.region:
        review.region = region
        fields.append("region")
    save(review, {}, also=(*fields, "updated_at"))
    reviews_changed([review.pk])
    audit.record_change(
        review,
        actor=actor,
        action="learning.review.update",
        changed_fields={"fields": sorted(changed)},
        reason=reason,
        request=request,
    )
    return review


@audit.action
def review_link_notification(
    *, actor, review_id: int, version: int | None, notification_id: int | None, reason: str = "", request=None
) -> PublishedReview:
    """Join a published review to the notification it came from (or undo a wrong link)."""
    review = lock(PublishedReview, review_id, version)
    notification = None
    if notification_id is not None:
        notification = Notification.objects.get(pk=notification_id)
        _check_notification(notification, review.review_type, exclude_id=review.pk)
    old = review.notification.ref if review.notification_id else ""
    save(review, {"notification": notification}, also=("updated_at",))
    # Which case a review is left out of as "similar" (its own) has changed.
    search.touch()
    similar_store.repository_changed()
    audit.record_change(
        review,
        actor=actor,
        action="learning.review.link_notification",
        changed_fields={"notification": [old, notification.ref if notification else ""]},
        reason=reason,
        request=request,
    )
    return review


@audit.action
def review_delete(*, actor, review_id: int, reason: str, request=None) -> None:
    """Remove a review entirely (added in error, or the rights to hold it were withdrawn)."""
    reason = required(reason, field="reason", message="say why the review is being removed")
    review = PublishedReview.objects.select_for_update().get(pk=review_id)
    title = review.title
    search.remove_reviews([review.pk])
    review.delete()
    similar_store.repository_changed()
    audit.record(
        actor=actor,
        action="learning.review.delete",
        object_type="publishedreview",
        object_id=review_id,
        changed_fields={"title": title},
        reason=reason,
        request=request,
    )


@audit.action
def source_document_remove(*, actor, review_id: int, reason: str, request=None) -> None:
    """Drop a review's full text but keep its catalogue record, coding and recommendations.

    For retention rules (the NSPCC repository removes electronic copies after five
    years) and for text held without the rights to keep it.
    """
    reason = required(reason, field="reason", message="say why the text is being removed")
    document = SourceDocument.objects.select_for_update().get(review_id=review_id)
    file_name = document.file_name
    document.delete()
    reviews_changed([review_id])
    audit.record(
        actor=actor,
        action="learning.source.remove",
        object_type="publishedreview",
        object_id=review_id,
        changed_fields={"file": file_name},
        reason=reason,
        request=request,
    )


def _position(review: PublishedReview, position, *, exclude_id=None) -> int:
    """The recommendation's number in the report: refused when another of the review's has it."""
    if not isinstance(position, int) or isinstance(position, bool) or not 1 <= position <= 999:
        raise Refused("position", "the recommendation's number must be a whole number from 1 to 999")
    taken = review.recommendations.filter(position=position)
    if exclude_id is not None:
        taken = taken.exclude(pk=exclude_id)
    if taken.exists():
        raise Refused("position", f"recommendation {position} is already recorded for this review")
    return position


def _status(status) -> str:
    if status not in RecommendationStatus.values:
        raise Refused("status", f"status must be one of {', '.join(RecommendationStatus.values)}")
    return status


@audit.action
def recommendation_add(
    *,
    actor,
    review_id: int,
    text: str,
    owner_agency: str = "",
    due_date: date | None = None,
    status: str = RecommendationStatus.OPEN,
    position: int | None = None,
    request=None,
) -> Recommendation:
    """Record one of a review's recommendations: its number in the report (the next one when not
    given), its words, to whom it is addressed, its due date and status."""
    if not text.strip():
        raise Refused("text", "a recommendation needs its text")
    _refuse_line_breaks_in_owner(owner_agency.strip())
    _status(status)
    review = PublishedReview.objects.select_for_update().get(pk=review_id)
    if due_date is not None:
        not_before_review("due_date", due_date, review)
    if position is None:
        position = (review.recommendations.aggregate(last=Max("position"))["last"] or 0) + 1
    else:
        _position(review, position)
    recommendation = Recommendation.objects.create(
        review=review,
        position=position,
        text=text.strip(),
        owner_agency=owner_agency.strip(),
        due_date=due_date,
        status=status,
        status_changed_at=timezone.now(),
    )
    reviews_changed([review.pk])
    audit.record_change(
        recommendation,
        actor=actor,
        action="learning.recommendation.add",
        changed_fields={"review": review.pk, "position": position, "status": status},
        request=request,
    )
    return recommendation


_UNSET = object()


@audit.action
def recommendation_update(
    *,
    actor,
    recommendation_id: int,
    version: int | None,
    status=_UNSET,
    owner_agency=_UNSET,
    due_date=_UNSET,
    text=_UNSET,
    position=_UNSET,
    reason: str = "",
    request=None,
) -> Recommendation:
    """Track a recommendation: its status, owner or due date (or correct its text or number)."""
    recommendation = lock(Recommendation, recommendation_id, version)
    requested = {
        "status": status,
        "owner_agency": owner_agency,
        "due_date": due_date,
        "text": text,
        "position": position,
    }
    changes = {k: v for k, v in requested.items() if v is not _UNSET and getattr(recommendation, k) != v}
    if "status" in changes:
        _status(changes["status"])
    if "position" in changes:
        _position(recommendation.review, changes["position"], exclude_id=recommendation.pk)
    if "text" in changes and not str(changes["text"]).strip():
        raise Refused("text", "a recommendation needs its text")
    if "owner_agency" in changes:
        _refuse_line_breaks_in_owner(str(changes["owner_agency"]))
    if changes.get("due_date") is not None:  # None clears it
        not_before_review("due_date", changes["due_date"], recommendation.review)
    if not changes:
        return recommendation
    old_status, old_position = recommendation.status, recommendation.position
    save(recommendation, {**changes, **({"status_changed_at": timezone.now()} if "status" in changes else {})})
    if "text" in changes:
        reviews_changed([recommendation.review_id])
    audited = {"fields": sorted(changes)}
    if "position" in changes:
        audited["position"] = [old_position, recommendation.position]
    if "status" in changes:
        audited["status"] = [old_status, recommendation.status]
    audit.record_change(
        recommendation,
        actor=actor,
        action="learning.recommendation.update",
        changed_fields=audited,
        reason=reason,
        request=request,
    )
    return recommendation


# Why a recommendation with actions stays, in the words its remove page shows and the refusal gives.
NOT_REMOVABLE = (
    "actions are recorded against this recommendation, so it cannot be removed: "
    "change its status instead (for example, not accepted)"
)


def removable_recommendation_ids(recommendations) -> set[int]:
    """Which of these recommendations may be removed: those no partnership has recorded an action
    against (removing one would delete their actions and impact: the foreign key cascades).
    The one home of the rule: the review's page offers Remove for these only, the remove page
    explains instead of asking, and recommendation_remove refuses the rest."""
    ids = [r.pk for r in recommendations]
    acted_on = set(
        Recommendation.objects.filter(pk__in=ids, actions__isnull=False).values_list("pk", flat=True)
    )
    return set(ids) - acted_on


def recommendation_removable(recommendation: Recommendation) -> bool:
    return recommendation.pk in removable_recommendation_ids([recommendation])


@audit.action
def recommendation_remove(
    *, actor, recommendation_id: int, version: int | None, reason: str = "", request=None
) -> None:
    """Remove a recommendation recorded in error (another review's, or twice).

    Refused once any partnership has recorded an action against it: removing it would delete
    their actions and impact with it (the foreign key cascades). Its status says what became of it.
    """
    recommendation = lock(Recommendation, recommendation_id, version)
    if not recommendation_removable(recommendation):
        raise Refused("recommendation", NOT_REMOVABLE)
    review_id, position = recommendation.review_id, recommendation.position
    recommendation.delete()
    reviews_changed([review_id])
    audit.record(
        actor=actor,
        action="learning.recommendation.remove",
        object_type="recommendation",
        object_id=recommendation_id,
        changed_fields={"review": review_id, "position": position},
        reason=reason,
        request=request,
    )


def review_viewed(*, actor, review: PublishedReview, request=None) -> bool:
    """A signed-in person opened a review that is part of a case record: audited like a write.

    Published reviews are public documents, and reading one is not recorded. A
    review that came from a notification in the register, or learning a
    partnership shared without publishing it, is part of a child's record, so
    who read it is. Returns whether an event was written.
    """
    if review.is_published and review.notification_id is None:
        return False
    if review.notification_id:
        # A read of the case's record: filed under the notification, so its access report lists it.
        where = {"object_type": "notification", "object_id": review.notification.ref}
        what = {"review": review.pk}
    else:
        where, what = {"object_type": "publishedreview", "object_id": review.pk}, None
    audit.record(actor=actor, action="learning.review.view", changed_fields=what, request=request, **where)
    return True


def reviews_listed(*, actor, reviews, shown_on: dict, case: str | None = None, request=None) -> None:
    """A list (search results, a command's output) showed titles and text of these reviews: the
    ones that are part of a case record are audited as reads, as opening one is (review_viewed).

    `reviews` is a queryset of the reviews shown; `shown_on` says where ({"page": ...} or
    {"command": ...}). One `learning.review.list` event per case, filed under its notification
    so its access report lists it, naming its reviews; one per unpublished review with no case.
    `case`: a notification read to make the list (similar reviews of a case), recorded even
    when none of the reviews shown is its own.
    """
    seen = {("notification", case): {**shown_on, "reviews": []}} if case else {}
    case_records = reviews.exclude(is_published=True, notification=None)
    for pk, ref in case_records.order_by("pk").values_list("pk", "notification__ref"):
        where = ("notification", ref) if ref else ("publishedreview", str(pk))
        seen.setdefault(where, {**shown_on, "reviews": []})["reviews"].append(pk)
    audit.records_seen(actor=actor, action="learning.review.list", seen=seen, request=request)
