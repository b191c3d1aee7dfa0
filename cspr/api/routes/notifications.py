"""Notifications and their children: list, read, create (the data standard's JSON), correct."""

import json
from datetime import date
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Header, Query, Router
from ninja.decorators import decorate_view

from cspr.api import auth, common, problems, schemas, serialise
from cspr.api.problems import Problem
from cspr.cases import actions
from cspr.cases.models import Notification
from cspr.core import access
from cspr.core.reference import AreaIndex
from cspr.domain import codes
from cspr.domain.refusal import StaleRecord
from cspr.domain.standard_json import parse_json
from cspr.domain.workflow import RapidReviewStatus

router = Router(tags=["notifications"])

IdempotencyKey = Annotated[
    schemas.FreeText | None,
    Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="a retried request with the same key gets the first answer, never a second record",
    ),
]
ERRORS = {401: schemas.ProblemOut, 403: schemas.ProblemOut, 404: schemas.ProblemOut, 422: schemas.ProblemOut}


class ListFilters(schemas.QueryParams):
    notified_from: date | None = Field(None, description="notified on or after this date")
    notified_to: date | None = Field(None, description="notified on or before this date")
    incident_type: Literal[codes.INCIDENT_TYPES] | None = None
    # The codes, not the enum's members: a refusal lists what may be sent.
    rapid_review_status: Literal[tuple(status.value for status in RapidReviewStatus)] | None = None
    limit: int = Field(50, ge=1, le=100)
    cursor: str | None = Field(None, max_length=200, description="next_cursor from the previous page")


@router.get(
    "/notifications",
    auth=auth.read,
    response={200: schemas.NotificationPage, **ERRORS},
    url_name="api_notifications",
    summary="List the notifications this token may see, oldest recorded first",
)
def notification_list(request, filters: Query[ListFilters]):
    after = common.cursor_value("notifications", filters.cursor)
    found = Notification.objects.visible_to(common.actor(request)).select_related("rapid_review", "practice_review")
    if filters.notified_from:
        found = found.filter(notified_date__gte=filters.notified_from)
    if filters.notified_to:
        found = found.filter(notified_date__lte=filters.notified_to)
    if filters.incident_type:
        found = found.filter(incident_type=filters.incident_type)
    if filters.rapid_review_status:
        found = found.filter(rapid_review__status=filters.rapid_review_status)
    if after is not None:
        found = found.filter(pk__gt=after)
    page = list(found.order_by("pk")[: filters.limit + 1])
    more, page = len(page) > filters.limit, page[: filters.limit]
    common.cases_seen(request, [n.ref for n in page], "api:notifications")
    return {
        "items": [serialise.summary(n) for n in page],
        "next_cursor": common.cursor_for("notifications", page[-1].pk) if more else None,
    }


@router.get(
    "/notifications/{ref:ref}",
    auth=auth.read,
    response={200: schemas.NotificationOut, **ERRORS},
    url_name="api_notification",
    summary="Read a notification with its children",
)
def notification_detail(request, ref: schemas.RefPath):
    n = common.notification_for(request, ref)
    common.case_seen(request, n.ref, "api:notification")
    return serialise.notification(n)


@router.get(
    "/notifications/{ref:ref}/~/children",
    auth=auth.read,
    response={200: schemas.ChildrenOut, **ERRORS},
    url_name="api_children",
    summary="The children a notification concerns",
)
def notification_children(request, ref: schemas.RefPath):
    n = common.notification_for(request, ref)
    common.case_seen(request, n.ref, "api:children")
    return {"notification_ref": n.ref, "children": [serialise.child(c) for c in n.children.all()]}


def _standard_problems(body: bytes, user) -> tuple[object | None, list[tuple[str, str]]]:
    """The notification checked by the data standard's JSON rules (those of `cspr import`)."""
    try:
        sent = json.loads(body or b"null")
    except ValueError as error:
        return None, [("(body)", f"invalid JSON: {error}")]
    if not isinstance(sent, dict):
        return None, [("(body)", "must be one notification object of the data standard")]
    sent = dict(sent)
    if not sent.get("notified_date"):
        sent["notified_date"] = timezone.localdate().isoformat()  # received by the Panel now
    document = json.dumps({"standard": codes.STANDARD, "notifications": [sent]}).encode()
    areas = AreaIndex.from_database()
    records, problems = parse_json(document, "request", today=timezone.localdate(), la_check=areas.problem)
    found = []
    for p in problems:
        where = p.location.removeprefix("notifications[0]").lstrip(".")
        found.append((f"{where}.{p.column}" if where else p.column, p.message))
    if found or not records:
        return None, found or [("(body)", "no notification in the request")]
    record = records[0]
    la, incident = record.fields["la_code"], record.fields["incident_date"]
    covering = areas.partnership_for(la, incident)
    if user.partnership_id and covering != user.partnership_id:
        return None, [
            (
                "la_code",
                f"on {incident} {la} was in partnership {covering}'s area, not this token's "
                f"({user.partnership_id}): that partnership must record this notification",
            )
        ]
    return (record, areas), []


def _standard_words(request) -> list[tuple[str, str]]:
    """The body's problems as `cspr import` words them (shown instead of the schema's messages)."""
    try:
        user = common.actor(request)
    except AttributeError:
        return []
    return _standard_problems(request.body, user)[1]


@decorate_view(problems.body_check(_standard_words))
@router.post(
    "/notifications",
    auth=auth.write,
    response={201: schemas.NotificationOut, **ERRORS},
    url_name="api_notification_create",
    summary="Record a notification (one notification of the data standard's JSON form)",
)
def notification_create(request, payload: schemas.NotificationIn, idempotency_key: IdempotencyKey = None):
    user = common.actor(request)

    def write():
        access.require(user, "cases.record_notification")
        checked, problems = _standard_problems(request.body, user)
        if problems:
            raise Problem(422, "; ".join(f"{f}: {m}" for f, m in problems[:3]), errors=problems)
        record, areas = checked
        created = actions.notification_record(actor=user, record=record, areas=areas, request=request)
        read = Notification.objects.visible_to(user).select_related("rapid_review", "practice_review")
        created = read.get(pk=created.pk)
        return 201, serialise.notification(created)

    return common.idempotent(request, idempotency_key, write)


@router.patch(
    "/notifications/{ref:ref}",
    auth=auth.write,
    response={200: schemas.NotificationOut, 409: schemas.ProblemOut, **ERRORS},
    url_name="api_notification_amend",
    summary="Correct a notification and its children, with the reason",
)
def notification_amend(
    request, ref: schemas.RefPath, payload: schemas.NotificationAmendIn, idempotency_key: IdempotencyKey = None
):
    user = common.actor(request)

    def write():
        n = common.notification_for(request, ref)
        try:
            actions.notification_amend(
                actor=user,
                notification_id=n.pk,
                version=payload.version,
                changes=payload.changes,
                children=payload.children,
                reason=payload.reason,
                json_types=True,  # typed as POST types them: "age_years": "4" is refused here too
                request=request,
            )
        except StaleRecord as stale:
            raise _stale(request, stale, n.pk) from None
        fresh = Notification.objects.visible_to(user).select_related("rapid_review", "practice_review").get(pk=n.pk)
        return 200, serialise.notification(fresh)

    return common.idempotent(request, idempotency_key, write)


def _stale(request, stale: StaleRecord, pk: int) -> Problem:
    current = (
        Notification.objects.visible_to(common.actor(request))
        .select_related("rapid_review", "practice_review")
        .get(pk=pk)
    )
    return Problem(409, stale.message, current=serialise.notification(current), seen=current.ref)
