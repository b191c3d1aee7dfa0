"""What every endpoint shares: who is asking, scoped lookups, audited reads, cursors, idempotency.

Reads go through the access module (`visible_to`: out of scope is 404, never 403);
writes through the actions, whose audit events name the token's service account
(`api:<name>`). Every successful call writes exactly one audit event: the action's
for a write, a view of the case for a read of child-level data, `api.read` otherwise
(a search also files a read under each case whose learning it showed, as the web's
search does). A HEAD reads nothing, so it records nothing (`audit.headers_only`).
"""

import base64
import binascii
import functools
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from ninja import Status

from cspr.api import serialise
from cspr.api.models import ApiToken, IdempotentRequest
from cspr.api.problems import Problem
from cspr.api.schemas import QueryParams
from cspr.cases.models import Notification
from cspr.core import audit
from cspr.learning import actions as learning_actions
from cspr.reviews.models import PracticeReview, RapidReview

API_READ = "api.read"


def actor(request):
    """The token's service account: the only identity the API ever acts as (never a session's user)."""
    token: ApiToken = request.auth
    return token.user


def notification_for(request, ref: str) -> Notification:
    """The notification, if the token's organisation and role may see it; 404 otherwise."""
    found = (
        Notification.objects.visible_to(actor(request))
        .select_related("rapid_review", "practice_review", "partnership")
        .filter(ref=ref)
        .first()
    )
    if found is None:
        raise Http404(ref)
    return found


def case_seen(request, ref: str, page: str) -> None:
    """One read of one case's child-level record, by the token (the access report lists it)."""
    if audit.headers_only(request):
        return
    audit.record(
        actor=actor(request),
        action=audit.CASE_VIEW,
        object_type="notification",
        object_id=ref,
        changed_fields={"page": page},
        request=request,
    )


def cases_seen(request, refs: list[str], page: str) -> None:
    if audit.headers_only(request):
        return
    audit.record(
        actor=actor(request),
        action=audit.CASES_LISTED,
        object_type=page,
        changed_fields={"page": page, "refs": refs},
        request=request,
    )


def read_recorded(request, resource: str, detail: dict | None = None) -> None:
    """A call that read no child-level data is still recorded, with the token's name."""
    if audit.headers_only(request):
        return
    audit.record(
        actor=actor(request), action=API_READ, object_type=resource, changed_fields=detail or {}, request=request
    )


def reviews_seen(request, reviews, page: str) -> None:
    """Results showed these reviews' titles and text: those of a case's record are reads, filed under
    each case (or the unpublished review), as the web's search and `cspr learning search` file them."""
    if audit.headers_only(request):
        return
    learning_actions.reviews_listed(actor=actor(request), reviews=reviews, shown_on={"page": page}, request=request)


# --- Query parameters ----------------------------------------------------------------------------


def query_checked(view):
    """The view, refusing (422) a query parameter it does not take, or one sent more than once.

    ninja reads only the parameters an endpoint declares, and the last of a repeated one: a misspelt
    filter (`incident_typ=death`) would answer the whole, unfiltered list as if it had been applied.
    A body already refuses an unknown field (schemas.Strict). Added to every router (cspr.api.v1), so
    it runs after the token and the parameters are checked, and before anything is read or recorded.
    """

    @functools.wraps(view)
    def checked(request, *args, **values):
        schemas = [type(value) for value in values.values() if isinstance(value, QueryParams)]
        taken = [name for schema in schemas for name in schema.model_fields]
        errors = []
        for name in request.GET:
            if name not in taken:
                errors.append((name, f"unknown query parameter; this endpoint takes {', '.join(taken) or 'none'}"))
            elif len(request.GET.getlist(name)) > 1:
                errors.append((name, "sent more than once; send it once"))
        if errors:
            raise Problem(422, "; ".join(f"{f}: {m}" for f, m in errors[:3]), errors=errors)
        return view(request, *args, **values)

    return checked


# --- Cursors ------------------------------------------------------------------------------------


def cursor_for(kind: str, value) -> str:
    return base64.urlsafe_b64encode(json.dumps([kind, value]).encode()).decode().rstrip("=")


def cursor_value(kind: str, cursor: str | None, *, of_type=int, least: int | None = None):
    """The position a cursor this API gave stands for; 422 for anything else (below `least`, too)."""
    if not cursor:
        return None
    try:
        found_kind, value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, TypeError, UnicodeDecodeError):
        found_kind, value = None, None
    wrong_type = not isinstance(value, of_type) or isinstance(value, bool)
    if found_kind != kind or wrong_type or (least is not None and value < least):
        raise Problem(422, "cursor: not a cursor this list gave", errors=[("cursor", "not a cursor this list gave")])
    return value


# --- Idempotency ----------------------------------------------------------------------------------


def _request_hash(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(part)
        digest.update(b"\x00")
    return digest.hexdigest()


def idempotent(request, key: str | None, write, *, again=None) -> Status:
    """The answer of `write()`, or of its first run under this Idempotency-Key (see `_idempotent`).

    `again(first)`: for a write about no case, the answer a retry gets, read as its record now stands
    through the token's scope (Http404 once it may no longer see it), and audited as a read.
    """
    return Status(*_idempotent(request, key, write, again))


def _idempotent(request, key: str | None, write, again=None) -> tuple[int, dict]:
    """Run `write()` (-> status, body) once per Idempotency-Key: a retry gets the first answer again.

    The key, the token, a hash of the request and the answer are stored in the
    write's own transaction, so a write that fails stores nothing and may be retried,
    and two concurrent requests with one key cannot both write (the second waits on
    the unique key, then answers as a retry). A key reused for a different request
    is refused (422).
    """
    if key is None:
        return write()
    token: ApiToken = request.auth
    request_hash = _request_hash(request)
    _forget_old_keys()
    if IdempotentRequest.objects.filter(token=token, key=key).exists():
        return _replay(request, token, key, request_hash, again)
    try:
        with transaction.atomic():
            status, body = write()
            IdempotentRequest.objects.create(
                token=token,
                key=key,
                request_hash=request_hash,
                status=status,
                response=json.loads(json.dumps(body, default=str)),
                notification_id=_case_id(request, body),
                created_at=timezone.now(),
            )
    except IntegrityError:
        if not IdempotentRequest.objects.filter(token=token, key=key).exists():
            raise  # not the key: the write itself broke a constraint
        # Another request with this key was stored first: answer as its retry.
        return _replay(request, token, key, request_hash, again)
    return status, body


def _replay(request, token, key: str, request_hash: str, again=None) -> tuple[int, dict]:
    stored = IdempotentRequest.objects.get(token=token, key=key)
    if stored.request_hash != request_hash:
        raise Problem(
            422,
            "Idempotency-Key: this key was used for a different request; use a new key for a new request",
            errors=[("Idempotency-Key", "this key was used for a different request")],
            type_="urn:cspr:problem:idempotency-key-reused",
        )
    if again is not None:
        return stored.status, again(stored.response)
    ref = stored.response.get("notification_ref")
    if stored.notification_id is None and not ref:
        read_recorded(request, "idempotency_key", {"key": key})
        return stored.status, stored.response
    # The retry shows a case, so it is a read: looked up through the token's scope as any read is (404
    # once it left it: the Panel moved it to another partnership, a share was withdrawn), by its id, as
    # its reference may have been corrected since; by the stored reference for keys kept before the id.
    if stored.notification_id is not None:
        notification = _visible_notifications(request).filter(pk=stored.notification_id).first()
        if notification is None:
            raise Http404("the case this key's write recorded")
    else:
        notification = notification_for(request, ref)
    body = _as_it_stands(request, notification, stored.response)
    case_seen(request, notification.ref, "api:replay")
    return stored.status, body


def _visible_notifications(request):
    return Notification.objects.visible_to(actor(request)).select_related(
        "rapid_review", "practice_review", "partnership"
    )


def _case_id(request, body) -> int | None:
    """The id of the case an answer shows (its reference may be corrected before a retry), or None."""
    ref = body.get("notification_ref") if isinstance(body, dict) else None
    if not ref:
        return None
    return _visible_notifications(request).filter(ref=ref).values_list("pk", flat=True).first()


def _as_it_stands(request, notification: Notification, first: dict) -> dict:
    """The answer a retry gets: what its write answered, read again as the case now stands.

    Not the stored copy: that can hold a reference since corrected (its links then lead nowhere),
    a version since passed and children's details since corrected. The record the write answered
    with is the one its path names (the request hash pins the path, so a retry's is the first's);
    `first`, the stored copy, only for a record `REPLAYED` does not list yet.
    """
    route = request.resolver_match.route if request.resolver_match else ""
    answer = REPLAYED.get(record_named(route))
    return answer(actor(request), notification) if answer else first


def record_named(path: str) -> str:
    """The part of a case a path names: "" for the notification, else the part after `/~/`
    ("rapid-review" for `/notifications/{ref}/~/rapid-review/submit`)."""
    return path.partition("/~/")[2].split("/")[0]


def _notification_now(user, notification: Notification) -> dict:
    return serialise.notification(notification)


def _rapid_review_now(user, notification: Notification) -> dict:
    review = RapidReview.objects.visible_to(user).filter(notification=notification).first()
    if review is None:
        raise Http404("no rapid review for this notification")
    return serialise.rapid_review(notification.ref, review)


def _lcspr_now(user, notification: Notification) -> dict:
    review = PracticeReview.objects.visible_to(user).filter(notification=notification).first()
    if review is None:
        raise Http404("no local review has been commissioned for this notification")
    return serialise.lcspr(notification.ref, review)


# The record each write that takes an Idempotency-Key answers with, by the part of the case its
# path names (tests/api/test_idempotent_replay_corrected_ref.py checks that none is left out).
REPLAYED = {
    "": _notification_now,
    "rapid-review": _rapid_review_now,
    "lcspr": _lcspr_now,
}


def _forget_old_keys() -> None:
    cutoff = timezone.now() - timedelta(hours=settings.CSPR_API_IDEMPOTENCY_HOURS)
    IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()


def today():
    """Today in England: a date after it is in the future (the data standard's rule)."""
    return timezone.localdate()
