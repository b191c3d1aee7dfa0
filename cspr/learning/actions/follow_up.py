"""What partnerships did about recommendations, and what changed: recommendations -> actions -> impact.

For each recommendation of a local or national review, a partnership records its
actions (owning agency, owner, due date, status, evidence of completion) and later
the evidence of their impact (what changed, how it was measured). Each change is one
audited action with optimistic locking; the Panel reads every partnership's progress,
a partnership only its own (cspr/core/access.py, `partnership_follow_up`). Overdue
is domain/deadlines.py's `recommendation_action_overdue`.
"""

from datetime import date

import rules
from django.db.models import Case, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from cspr.core import audit
from cspr.core.writes import lock, save
from cspr.domain.dates import long_date
from cspr.domain.refusal import Refused, not_before, required
from cspr.domain.workflow import RecommendationActionStatus
from cspr.learning.models import PublishedReview, Recommendation, RecommendationAction, ReviewType

_UNSET = object()
# Local reviews (and serious case reviews before them) and national reviews make recommendations
# partnerships act on; a rapid review's learning summary does not.
REVIEWS_WITH_ACTIONS = frozenset({ReviewType.LCSPR, ReviewType.SCR, ReviewType.NATIONAL})


def _partnership_of(actor) -> str:
    # rules' own test, not actor.has_perm: Django's model backend would read permission tables for a rule
    # that never uses them. The same permission the pages ask (cspr/core/access.py), so a page offers a form
    # exactly where the action accepts it.
    code = getattr(actor, "partnership_id", None)
    if not code or not rules.has_perm("learning.record_follow_up", actor, code):
        raise Refused(
            "partnership", "only a safeguarding partnership's staff record what it did about a recommendation"
        )
    return code


def acting_partnership(review: PublishedReview) -> str | None:
    """The partnership whose staff act on a local review's recommendations: the review's own, else its case's.
    None for a national review (every partnership acts on it) or a local review with neither."""
    if review.review_type == ReviewType.NATIONAL:
        return None
    return review.partnership_id or (review.notification.partnership_id if review.notification_id else None)


def acting_partnership_of(review_path: str) -> Case:
    """`acting_partnership` as a query expression on the review at `review_path` ("review__" from a
    recommendation), for pages that count by it (a national review's is null there too)."""
    return Case(
        When(**{f"{review_path}review_type": ReviewType.NATIONAL}, then=None),
        default=Coalesce(f"{review_path}partnership_id", f"{review_path}notification__partnership_id"),
    )


def _check_review(review: PublishedReview, partnership: str) -> None:
    if review.review_type not in REVIEWS_WITH_ACTIONS:
        raise Refused("recommendation", "actions are recorded for recommendations of local and national reviews")
    if review.review_type == ReviewType.NATIONAL:
        return
    if acting_partnership(review) != partnership:
        raise Refused("recommendation", "a local review's recommendations are acted on by its own partnership")


def check_may_record(actor, review: PublishedReview) -> str:
    """The actor's partnership, when they may record an action on the review's recommendations; else Refused.
    The one rule: `recommendation_action_add` and the recommendation's page (which offers its form) both ask it."""
    partnership = _partnership_of(actor)
    _check_review(review, partnership)
    return partnership


def _text(field: str, value, what: str) -> str:
    value = str(value or "").strip()
    if not value:
        raise Refused(field, f"enter {what}")
    return value


def _date(field: str, value, what: str) -> date:
    if not isinstance(value, date):
        raise Refused(field, f"enter {what} as a date")
    return value


# The fields' names as their questions ask them (cspr/learning/forms_follow_up.py), to start a message.
DATE_SUBJECTS = {"due_date": "due date", "completed_on": "date completed"}


def not_before_review(field: str, value: date, review: PublishedReview, *, subject: str | None = None) -> date:
    """Refuse a recommendation's or an action's date from before the recommendation could exist: the incident
    the review is about when it is linked to its case, else the start of the year it was published. Not its
    publication date: partners act on a local review's report while publication waits (for a trial, say).
    `subject` starts the message (DATE_SUBJECTS[field] unless given)."""
    if review.notification_id is not None:
        earliest = review.notification.incident_date
        after = f"the date of the incident the review is about ({long_date(earliest)})"
    else:
        earliest = date(review.year, 1, 1)
        after = f"{long_date(earliest)}, the start of the year the review was published"
    subject = subject or DATE_SUBJECTS[field]
    not_before(value, earliest, field=field, message=f"{subject} must be the same as or after {after}")
    return value


@audit.action
def recommendation_action_add(
    *, actor, recommendation_id: int, description: str, owning_agency: str, owner: str, due_date, request=None
) -> RecommendationAction:
    """Record an action a partnership will take for a recommendation (planned)."""
    recommendation = Recommendation.objects.select_related("review").get(pk=recommendation_id)
    partnership = check_may_record(actor, recommendation.review)
    action = RecommendationAction.objects.create(
        recommendation=recommendation,
        partnership_id=partnership,
        description=_text("description", description, "what will be done"),
        owning_agency=_text("owning_agency", owning_agency, "the agency that owns the action"),
        owner=_text("owner", owner, "the person or post responsible"),
        due_date=not_before_review(
            "due_date", _date("due_date", due_date, "the date it is due"), recommendation.review
        ),
        status=RecommendationActionStatus.PLANNED,
        recorded_by=actor,
    )
    audit.record_change(
        action,
        actor=actor,
        action="learning.recommendation_action.add",
        changed_fields={"recommendation": recommendation.pk, "partnership": partnership},
        request=request,
    )
    return action


def _check_not_completed(action: RecommendationAction, changes: dict, status: str, reason: str) -> None:
    """Refuse what a not-completed action cannot have; a completion date it had is cleared (`changes`)."""
    if action.status == RecommendationActionStatus.COMPLETED and action.impact_recorded_on is not None:
        # Its impact is evidence of what the completed action changed: reopening it would leave that behind.
        raise Refused("status", "the action's impact is recorded, so it stays completed")
    given = changes.get("completed_on")
    if given is not None and given != action.completed_on:
        raise Refused("completed_on", "date completed is only for a completed action")
    # A page shows the date an action that is being reopened was completed: sent back unchanged, it goes.
    changes["completed_on"] = None
    if status == RecommendationActionStatus.WITHDRAWN and action.status != status:
        # domain/workflow.py: withdrawn "with the reason in the audit trail".
        required(reason, field="reason", message="enter why the action is withdrawn")


@audit.action
def recommendation_action_update(
    *,
    actor,
    action_id: int,
    version: int | None,
    status=_UNSET,
    description=_UNSET,
    owning_agency=_UNSET,
    owner=_UNSET,
    due_date=_UNSET,
    completion_evidence=_UNSET,
    completed_on=_UNSET,
    reason: str = "",
    request=None,
) -> RecommendationAction:
    """Change an action's status, owner, due date or wording; completing it needs its evidence."""
    action = lock(RecommendationAction, action_id, version)
    if action.partnership_id != _partnership_of(actor):
        raise Refused("partnership", "only the partnership that recorded an action changes it")
    requested = {
        "status": status,
        "description": description,
        "owning_agency": owning_agency,
        "owner": owner,
        "due_date": due_date,
        "completion_evidence": completion_evidence,
        "completed_on": completed_on,
    }
    changes = {k: v for k, v in requested.items() if v is not _UNSET}
    for field, what in (
        ("description", "what will be done"),
        ("owning_agency", "the owning agency"),
        ("owner", "the person or post responsible"),
    ):
        if field in changes:
            changes[field] = _text(field, changes[field], what)
    if "due_date" in changes:
        due = _date("due_date", changes["due_date"], "the date it is due")
        not_before_review("due_date", due, action.recommendation.review)
    if "status" in changes and changes["status"] not in set(RecommendationActionStatus):
        raise Refused("status", f"status must be one of {', '.join(RecommendationActionStatus)}")
    if "completion_evidence" in changes:
        changes["completion_evidence"] = str(changes["completion_evidence"] or "").strip()
    final = {**{k: getattr(action, k) for k in requested}, **changes}
    if final["status"] == RecommendationActionStatus.COMPLETED:
        _text("completion_evidence", final["completion_evidence"], "the evidence that the action was completed")
        if final["completed_on"] is None:
            changes["completed_on"] = timezone.localdate()
        elif final["completed_on"] > timezone.localdate():
            raise Refused("completed_on", "the date it was completed cannot be in the future")
        elif final["completed_on"] != action.completed_on:
            not_before_review("completed_on", final["completed_on"], action.recommendation.review)
    else:
        _check_not_completed(action, changes, final["status"], reason)
    changes = {k: v for k, v in changes.items() if getattr(action, k) != v}
    if not changes:
        return action
    old_status, old_due = action.status, action.due_date
    save(action, changes)
    audited = {"fields": sorted(changes)}
    if "status" in changes:
        audited["status"] = [old_status, action.status]
    if "due_date" in changes:
        # A re-planned action: the trail keeps the date it was first due, as overdue and reminders now go by the new.
        audited["due_date"] = [old_due.isoformat(), action.due_date.isoformat()]
    audit.record_change(
        action,
        actor=actor,
        action="learning.recommendation_action.update",
        changed_fields=audited,
        reason=reason,
        request=request,
    )
    return action


@audit.action
def recommendation_action_impact_record(
    *, actor, action_id: int, version: int | None, impact: str, impact_measure: str, request=None
) -> RecommendationAction:
    """Record, after an action was completed, what changed and how that was measured."""
    action = lock(RecommendationAction, action_id, version)
    if action.partnership_id != _partnership_of(actor):
        raise Refused("partnership", "only the partnership that recorded an action records its impact")
    if action.status != RecommendationActionStatus.COMPLETED:
        raise Refused("impact", "record the impact once the action is completed, with its evidence")
    changes = {
        "impact": _text("impact", impact, "what changed"),
        "impact_measure": _text("impact_measure", impact_measure, "how the change was measured"),
        "impact_recorded_on": timezone.localdate(),
    }
    changed = save(action, changes)
    audit.record_change(
        action,
        actor=actor,
        action="learning.recommendation_action.impact",
        changed_fields={"fields": sorted(changed)},
        request=request,
    )
    return action
