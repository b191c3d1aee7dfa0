"""A case's reviews: the rapid review (read, save, submit), the Panel's response, the LCSPR."""

from datetime import date

from django.http import Http404
from ninja import Router

from cspr.api import auth as token
from cspr.api import common, schemas, serialise
from cspr.api.problems import Problem
from cspr.api.routes.notifications import ERRORS, IdempotencyKey
from cspr.core import access
from cspr.domain.refusal import Refused, StaleRecord
from cspr.domain.standard import parse_date
from cspr.learning import actions as learning_actions
from cspr.reviews import actions
from cspr.reviews.models import PracticeReview, RapidReview

router = Router(tags=["reviews"])
WRITE_ERRORS = {409: schemas.ProblemOut, **ERRORS}


def _past_date(field: str, text: str) -> date:
    """A date checked as the data standard's importer checks it (real, not in the future), in its words."""
    try:
        value = parse_date(text)
    except ValueError as error:
        raise Problem(422, f"{field}: {error}", errors=[(field, str(error))]) from None
    if value > common.today():
        raise Problem(422, f"{field}: {value} is in the future", errors=[(field, f"{value} is in the future")])
    return value


def _rapid_review(request, ref: schemas.RefPath):
    n = common.notification_for(request, ref)
    return n, n.rapid_review


def _local_review(request, ref: schemas.RefPath):
    n = common.notification_for(request, ref)
    review = PracticeReview.objects.visible_to(common.actor(request)).filter(notification=n).first()
    if review is None:
        raise Http404("no local review has been commissioned for this notification")
    return n, review


def _stale_rapid(user, stale: StaleRecord, n) -> Problem:
    current = RapidReview.objects.visible_to(user).get(pk=n.rapid_review.pk)
    return Problem(409, stale.message, current=serialise.rapid_review(n.ref, current), seen=n.ref)


def _stale_local(user, stale: StaleRecord, n, review) -> Problem:
    current = PracticeReview.objects.visible_to(user).get(pk=review.pk)
    return Problem(409, stale.message, current=serialise.lcspr(n.ref, current), seen=n.ref)


def _write_rapid(request, ref, idempotency_key, permission: str, call):
    """A write to the rapid review: scope (404), permission (403), the action, 409 with the current record.

    `call(user, review)` runs the action; it parses its dates itself, after the scope and
    permission checks, so that a case outside the caller's scope is a 404 whatever the body says.
    """
    user = common.actor(request)

    def write():
        n, review = _rapid_review(request, ref)
        access.require(user, permission, n)
        try:
            call(user, review)
        except StaleRecord as stale:
            raise _stale_rapid(user, stale, n) from None
        return 200, serialise.rapid_review(n.ref, RapidReview.objects.visible_to(user).get(pk=review.pk))

    return common.idempotent(request, idempotency_key, write)


def _write_local(request, ref, idempotency_key, permission: str, call):
    """A write to the LCSPR, as `_write_rapid`."""
    user = common.actor(request)

    def write():
        n, review = _local_review(request, ref)
        access.require(user, permission, n)
        try:
            call(user, review)
        except StaleRecord as stale:
            raise _stale_local(user, stale, n, review) from None
        return 200, serialise.lcspr(n.ref, PracticeReview.objects.visible_to(user).get(pk=review.pk))

    return common.idempotent(request, idempotency_key, write)


@router.get(
    "/notifications/{ref:ref}/~/rapid-review",
    auth=token.read,
    response={200: schemas.RapidReviewOut, **ERRORS},
    url_name="api_rapid_review",
    summary="Read the case's rapid review",
)
def rapid_review_detail(request, ref: schemas.RefPath):
    n, review = _rapid_review(request, ref)
    access.require(common.actor(request), "cases.read_rapid_review", n)
    common.case_seen(request, n.ref, "api:rapid_review")
    return serialise.rapid_review(n.ref, review)


@router.put(
    "/notifications/{ref:ref}/~/rapid-review",
    auth=token.write,
    response={200: schemas.RapidReviewOut, **WRITE_ERRORS},
    url_name="api_rapid_review_save",
    summary="Save the rapid review's narrative and themes while the partners work on it",
)
def rapid_review_save(
    request, ref: schemas.RefPath, payload: schemas.RapidReviewSaveIn, idempotency_key: IdempotencyKey = None
):
    def save(user, review):
        sent = payload.model_dump(exclude_unset=True, exclude={"version", "themes"})
        themes = payload.themes if payload.themes is not None else [t.code for t in review.themes.all()]
        saved = actions.rapid_review_save(
            actor=user,
            rapid_review_id=review.pk,
            version=payload.version,
            changes={k: v for k, v in sent.items() if v is not None},
            themes=themes,
            request=request,
        )
        if saved.version == payload.version:
            # Nothing changed, so nothing was written or audited: the answer is a read of the review.
            common.case_seen(request, ref, "api:rapid_review")

    return _write_rapid(request, ref, idempotency_key, "cases.edit_rapid_review", save)


@router.post(
    "/notifications/{ref:ref}/~/rapid-review/submit",
    auth=token.write,
    response={200: schemas.RapidReviewOut, **WRITE_ERRORS},
    url_name="api_rapid_review_submit",
    summary="Send the rapid review to the Panel (or resubmit it after a query)",
)
def rapid_review_submit(
    request, ref: schemas.RefPath, payload: schemas.RapidReviewSubmitIn, idempotency_key: IdempotencyKey = None
):
    def send(user, review):
        actions.rapid_review_submit(
            actor=user,
            rapid_review_id=review.pk,
            version=payload.version,
            submitted_date=_past_date("submitted_date", payload.submitted_date),
            lcspr_recommended=payload.lcspr_recommended,
            themes=list(payload.themes),
            reason=payload.answer,
            request=request,
        )

    return _write_rapid(request, ref, idempotency_key, "cases.submit_rapid_review", send)


@router.get(
    "/notifications/{ref:ref}/~/panel-response",
    auth=token.read,
    response={200: schemas.PanelResponseOut, **ERRORS},
    url_name="api_panel_response",
    summary="The Panel's response to the rapid review (or its question)",
)
def panel_response(request, ref: schemas.RefPath):
    n, review = _rapid_review(request, ref)
    common.case_seen(request, n.ref, "api:panel_response")
    return serialise.panel_response(n.ref, review)


@router.get(
    "/notifications/{ref:ref}/~/lcspr",
    auth=token.read,
    response={200: schemas.LcsprOut, **ERRORS},
    url_name="api_lcspr",
    summary="The local child safeguarding practice review: dates, milestones, publication",
)
def lcspr_detail(request, ref: schemas.RefPath):
    n, review = _local_review(request, ref)
    common.case_seen(request, n.ref, "api:lcspr")
    return serialise.lcspr(n.ref, review)


@router.post(
    "/notifications/{ref:ref}/~/lcspr/milestones",
    auth=token.write,
    response={200: schemas.LcsprOut, **WRITE_ERRORS},
    url_name="api_lcspr_milestone",
    summary="Record a milestone of the local review",
)
def lcspr_milestone(
    request, ref: schemas.RefPath, payload: schemas.MilestoneIn, idempotency_key: IdempotencyKey = None
):
    def record(user, review):
        actions.practice_review_record_milestone(
            actor=user,
            practice_review_id=review.pk,
            version=payload.version,
            kind=payload.kind,
            completed_date=_past_date("completed_date", payload.completed_date),
            note=payload.note,
            request=request,
        )

    return _write_local(request, ref, idempotency_key, "cases.track_lcspr", record)


@router.post(
    "/notifications/{ref:ref}/~/lcspr/final-report",
    auth=token.write,
    response={200: schemas.LcsprOut, **WRITE_ERRORS},
    url_name="api_lcspr_final_report",
    summary="Record the date the final report was sent to the Panel and the Secretary of State",
)
def lcspr_final_report(
    request, ref: schemas.RefPath, payload: schemas.FinalReportIn, idempotency_key: IdempotencyKey = None
):
    def send(user, review):
        actions.practice_review_send_final_report(
            actor=user,
            practice_review_id=review.pk,
            version=payload.version,
            final_report_date=_past_date("final_report_date", payload.final_report_date),
            request=request,
        )

    return _write_local(request, ref, idempotency_key, "cases.publish_lcspr", send)


@router.post(
    "/notifications/{ref:ref}/~/lcspr/publish",
    auth=token.write,
    response={200: schemas.LcsprOut, **WRITE_ERRORS},
    url_name="api_lcspr_publish",
    summary="Record the local review's publication; its report joins the learning repository",
)
def lcspr_publish(request, ref: schemas.RefPath, payload: schemas.PublishIn, idempotency_key: IdempotencyKey = None):
    def publish(user, review):
        # The pages' action: the review is published and its report added to the learning
        # repository, linked to the case and waiting for a coder, in one transaction.
        try:
            learning_actions.lcspr_publish(
                actor=user,
                practice_review_id=review.pk,
                version=payload.version,
                published_date=_past_date("published_date", payload.published_date),
                title=payload.title,
                learning_summary=payload.learning_summary,
                final_report_document_id=payload.final_report_document_id,
                final_report_url=payload.final_report_url,
                delay_reasons=payload.delay_reasons,
                outstanding_reason=payload.outstanding_reason,
                request=request,
            )
        except Refused as refusal:
            if refusal.field != "final_report":
                raise
            # The page asks one question (a document, or the address); the body has a field for each:
            # the refusal names the document sent, or both when neither was.
            sent = payload.final_report_document_id is not None
            fields = ["final_report_document_id"] if sent else ["final_report_document_id", "final_report_url"]
            errors = [(field, refusal.message) for field in fields]
            raise Problem(422, "; ".join(f"{f}: {m}" for f, m in errors), errors=errors) from None

    return _write_local(request, ref, idempotency_key, "cases.publish_lcspr", publish)
