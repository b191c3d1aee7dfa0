"""A published review's recommendations, and what partnerships did about them (their actions).

The same records, rules and actions as the review's page (cspr/learning/views_recommendations.py)
and the follow-up pages (cspr/learning/views_follow_up.py): a review or recommendation out of the
token's scope is a 404 before any 403; recording a review's recommendations is
`learning.record_recommendations`; reading actions `learning.view_follow_up` (each partnership
its own, the Panel and analysts every one: `access.partnership_follow_up`); recording one is the
action's own rule (`follow_up.check_may_record`), refused as the page refuses it (403). Every
write is the learning actions' (versioned, audited); nothing is written here.

Removal is not offered: see docs/api.md ("Recommendations and actions").
"""

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Path as PathParam
from ninja import Router

from cspr.api import auth as token
from cspr.api import common, schemas, serialise
from cspr.api.problems import Problem
from cspr.api.routes.notifications import ERRORS, IdempotencyKey
from cspr.core import access, audit
from cspr.domain.refusal import Refused, StaleRecord
from cspr.domain.standard_cells import parse_date
from cspr.learning import actions
from cspr.learning.actions import follow_up
from cspr.learning.models import PublishedReview, Recommendation, RecommendationAction

router = Router(tags=["learning"])
WRITE_ERRORS = {409: schemas.ProblemOut, **ERRORS}
RECORD = "learning.record_recommendations"
# An id in a path: a whole number the database can hold (a larger one is refused naming it, not a 500).
RecordId = Annotated[int, PathParam(..., ge=1, le=2_147_483_647, examples=[1])]


def _date(field: str, text: str | None) -> date | None:
    """A date in the data standard's form (YYYY-MM-DD, a real date); whether it may be that date is the action's."""
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise Problem(422, f"{field}: {error}", errors=[(field, str(error))]) from None


def _review_read(request, review: PublishedReview, resource: str) -> None:
    """A read of the review's recommendations or actions: audited as the page audits opening the review
    (`learning.review.view`, filed under its case when it is part of one), else as the API's `api.read`."""
    if audit.headers_only(request):
        return
    if not actions.review_viewed(actor=common.actor(request), review=review, request=request):
        common.read_recorded(request, resource, {"review": review.pk})


def _seen(review: PublishedReview) -> str:
    """The case whose record a 409's current record shows (audited as a read by the problem handler)."""
    return review.notification.ref if review.notification_id else ""


# --- Recommendations ------------------------------------------------------------------------------


def _review_for(request, pk: int) -> PublishedReview:
    review = PublishedReview.objects.visible_to(common.actor(request)).filter(pk=pk).first()
    if review is None:
        raise Http404("review")
    return review


def _recommendation_for(request, pk: int) -> Recommendation:
    found = Recommendation.objects.visible_to(common.actor(request)).select_related("review").filter(pk=pk).first()
    if found is None:
        raise Http404("recommendation")
    return found


def _recommendation_now(request, pk: int) -> dict:
    return serialise.recommendation(_recommendation_for(request, pk))


@router.get(
    "/learning/reviews/{int:review_id}/recommendations",
    auth=token.read,
    response={200: schemas.RecommendationsOut, **ERRORS},
    url_name="api_review_recommendations",
    summary="A review's recommendations, as its report makes them",
)
def review_recommendations(request, review_id: RecordId):
    review = _review_for(request, review_id)
    found = Recommendation.objects.visible_to(common.actor(request)).filter(review=review).order_by("position")
    _review_read(request, review, "learning.recommendations")
    return {"review_id": review.pk, "title": review.title, "items": [serialise.recommendation(r) for r in found]}


@router.post(
    "/learning/reviews/{int:review_id}/recommendations",
    auth=token.write,
    response={201: schemas.RecommendationOut, **ERRORS},
    url_name="api_review_recommendations",
    summary="Record one of a review's recommendations (its partnership's manager; the Panel secretariat)",
)
def recommendation_add(
    request, review_id: RecordId, payload: schemas.RecommendationIn, idempotency_key: IdempotencyKey = None
):
    user = common.actor(request)

    def write():
        review = _review_for(request, review_id)
        access.require(user, RECORD, review)
        added = actions.recommendation_add(
            actor=user,
            review_id=review.pk,
            text=payload.text,
            owner_agency=payload.owner_agency,
            due_date=_date("due_date", payload.due_date),
            status=payload.status,
            position=payload.position,
            request=request,
        )
        return 201, _recommendation_now(request, added.pk)

    def again(first: dict) -> dict:
        recommendation = _recommendation_for(request, first["id"])
        _review_read(request, recommendation.review, "learning.recommendations")
        return serialise.recommendation(recommendation)

    return common.idempotent(request, idempotency_key, write, again=again)


@router.patch(
    "/learning/recommendations/{int:recommendation_id}",
    auth=token.write,
    response={200: schemas.RecommendationOut, **WRITE_ERRORS},
    url_name="api_recommendation",
    summary="Change a recommendation: its status, to whom, its due date, or correct its words or number",
)
def recommendation_change(request, recommendation_id: RecordId, payload: schemas.RecommendationChangeIn):
    user = common.actor(request)
    recommendation = _recommendation_for(request, recommendation_id)
    access.require(user, RECORD, recommendation.review)
    sent = payload.model_dump(exclude_unset=True, exclude={"version", "reason"})
    if "due_date" in sent:
        sent["due_date"] = _date("due_date", sent["due_date"])  # null: no due date
    try:
        changed = actions.recommendation_update(
            actor=user,
            recommendation_id=recommendation.pk,
            version=payload.version,
            reason=payload.reason.strip(),
            request=request,
            **sent,
        )
    except StaleRecord as stale:
        current = _recommendation_now(request, recommendation.pk)
        raise Problem(409, stale.message, current=current, seen=_seen(recommendation.review)) from None
    if changed.version == payload.version:
        # Nothing changed, so nothing was written or audited: the answer is a read of the recommendation.
        _review_read(request, recommendation.review, "learning.recommendations")
    return _recommendation_now(request, recommendation.pk)


# --- Actions on a recommendation ------------------------------------------------------------------


def _actions_in_sight(request):
    return RecommendationAction.objects.visible_to(common.actor(request)).select_related("recommendation__review")


def _action_now(request, pk: int) -> dict:
    action = _actions_in_sight(request).filter(pk=pk).first()
    if action is None:
        raise Http404("action")
    return serialise.recommendation_action(action, today=common.today())


@router.get(
    "/learning/recommendations/{int:recommendation_id}/actions",
    auth=token.read,
    response={200: schemas.ActionsOut, **ERRORS},
    url_name="api_recommendation_actions",
    summary="The actions recorded against a recommendation: every partnership's for the Panel, a partnership its own",
)
def recommendation_actions(request, recommendation_id: RecordId):
    recommendation = _recommendation_for(request, recommendation_id)
    access.require(common.actor(request), "learning.view_follow_up")
    found = _actions_in_sight(request).filter(recommendation=recommendation)
    _review_read(request, recommendation.review, "learning.recommendation_actions")
    today = common.today()
    return {
        "recommendation": serialise.recommendation(recommendation),
        "items": [serialise.recommendation_action(a, today=today) for a in found],
    }


@router.post(
    "/learning/recommendations/{int:recommendation_id}/actions",
    auth=token.write,
    response={201: schemas.ActionOut, **ERRORS},
    url_name="api_recommendation_actions",
    summary="Record what the token's partnership will do about a recommendation (planned)",
)
def recommendation_action_add(
    request, recommendation_id: RecordId, payload: schemas.ActionIn, idempotency_key: IdempotencyKey = None
):
    user = common.actor(request)

    def write():
        recommendation = _recommendation_for(request, recommendation_id)
        access.require(user, "learning.view_follow_up")
        try:
            # The page's rule for offering its form: who may not record here is refused as the page refuses (403).
            follow_up.check_may_record(user, recommendation.review)
        except Refused as refusal:
            raise PermissionDenied(refusal.message) from None
        added = actions.recommendation_action_add(
            actor=user,
            recommendation_id=recommendation.pk,
            description=payload.description,
            owning_agency=payload.owning_agency,
            owner=payload.owner,
            due_date=_date("due_date", payload.due_date),
            request=request,
        )
        return 201, _action_now(request, added.pk)

    def again(first: dict) -> dict:
        answer = _action_now(request, first["id"])
        recommendation = _recommendation_for(request, answer["recommendation_id"])
        _review_read(request, recommendation.review, "learning.recommendation_actions")
        return answer

    return common.idempotent(request, idempotency_key, write, again=again)


@router.patch(
    "/learning/actions/{int:action_id}",
    auth=token.write,
    response={200: schemas.ActionOut, **WRITE_ERRORS},
    url_name="api_recommendation_action",
    summary="Move an action on (status, evidence, date completed) or change its details (what, who, when due)",
)
def recommendation_action_change(request, action_id: RecordId, payload: schemas.ActionChangeIn):
    user = common.actor(request)
    action = _actions_in_sight(request).filter(pk=action_id).first()
    if action is None:
        raise Http404("action")
    access.require(user, "learning.record_follow_up", action.partnership_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"version", "reason"})
    for field in ("due_date", "completed_on"):
        if field in sent:
            sent[field] = _date(field, sent[field])
    review = action.recommendation.review
    try:
        changed = actions.recommendation_action_update(
            actor=user,
            action_id=action.pk,
            version=payload.version,
            reason=payload.reason.strip(),
            request=request,
            **sent,
        )
    except StaleRecord as stale:
        raise Problem(409, stale.message, current=_action_now(request, action.pk), seen=_seen(review)) from None
    if changed.version == payload.version:
        _review_read(request, review, "learning.recommendation_actions")  # nothing changed: a read
    return _action_now(request, action.pk)
