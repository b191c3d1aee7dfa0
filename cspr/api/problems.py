"""Every error in one shape: RFC 9457 problem details (`application/problem+json`).

A validation error lists each field and why, in the data standard's words
(cspr/domain/standard.py): a case management system that already reports the
importer's messages shows these the same way. Nothing here ever returns a
traceback; an unexpected error is logged and answered with a plain 500 problem.
"""

import functools
import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from cspr.api.schemas import DATE_PATTERN
from cspr.core import audit
from cspr.domain.refusal import Refused, StaleRecord

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
TYPES = {
    400: ("urn:cspr:problem:bad-request", "The request could not be read"),
    401: ("urn:cspr:problem:unauthenticated", "A valid API token is needed"),
    403: ("urn:cspr:problem:forbidden", "This token may not do that"),
    404: ("urn:cspr:problem:not-found", "Not found"),
    405: ("urn:cspr:problem:method-not-allowed", "Method not allowed"),
    409: ("urn:cspr:problem:stale-version", "The record changed since you read it"),
    413: ("urn:cspr:problem:too-large", "The request body is too large"),
    415: ("urn:cspr:problem:unsupported-media-type", "The request body is not JSON"),
    422: ("urn:cspr:problem:invalid", "The request breaks a rule"),
    429: ("urn:cspr:problem:throttled", "Too many requests"),
    500: ("urn:cspr:problem:server-error", "Something went wrong on our side"),
}


class Problem(Exception):
    """An error an endpoint answers with; `errors` lists (field, message) pairs, `extra` more members."""

    def __init__(self, status: int, detail: str, *, errors=(), type_: str | None = None, seen: str = "", **extra):
        self.status, self.detail, self.errors, self.type, self.extra = status, detail, list(errors), type_, extra
        # The reference of a case whose record `extra` shows (a 409's current record): a read to audit,
        # recorded by the handler once the failed write's transaction has rolled back.
        self.seen = seen
        super().__init__(detail)


def not_json(request) -> Problem | None:
    """The 415 problem when the body is declared as another media type than JSON (a form, text/plain)."""
    media = (request.content_type or "").lower()
    if media == "application/json" or media.endswith("+json"):
        return None
    shown = media or "none"
    return Problem(
        415,
        f"Content-Type: the body is sent as {shown}; send it as JSON (Content-Type: application/json)",
        errors=[("Content-Type", f"{shown} is not JSON; send application/json")],
    )


def response(request, status: int, detail: str, *, errors=(), type_: str | None = None, **extra) -> HttpResponse:
    kind, title = TYPES.get(status, ("about:blank", "Error"))
    body = {"type": type_ or kind, "title": title, "status": status, "detail": detail, "instance": request.path}
    if errors:
        body["errors"] = [{"field": field, "message": message} for field, message in errors]
    body.update(extra)
    # A message quotes the value sent, and JSON can carry an unpaired surrogate ("\ud800") that UTF-8 cannot:
    # it is shown as "?" rather than failing the answer.
    text = json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder)
    return HttpResponse(text.encode("utf-8", "replace"), status=status, content_type=CONTENT_TYPE)


# --- Validation errors in the data standard's words ------------------------------------------

_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}


def _field(loc) -> str:
    # ("body", "payload", "children", 0, "gender") -> children[0].gender; ("query", "year") -> year
    parts = [p for p in loc[1:] if p not in ("payload", "filters")] if loc and loc[0] == "body" else list(loc[1:])
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(body)"


def _shown(value) -> str:
    """A value sent, as the message quotes it: JSON's true and false as sent, the rest in quotes."""
    return json.dumps(value) if isinstance(value, bool) else f"'{value}'"


def _message(error: dict) -> str:
    kind, value = error.get("type", ""), error.get("input")
    if kind == "missing":
        return "a value is required"
    if kind == "extra_forbidden":
        return "unknown field; unknown fields are refused so no data is dropped"
    # A body's date is text checked by its pattern (schemas.DateText), a query's a date: one wording for both.
    if kind in _DATE_ERRORS or (
        kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == DATE_PATTERN
    ):
        return f"{_shown(value)} is not a date in the form YYYY-MM-DD"
    if kind in ("literal_error", "enum"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", ", ")
        if "input" not in error:  # a list or an object (cspr.api.v1 keeps only a plain value to quote)
            return f"must be one of {expected}"
        if value is None:
            return "a value is required"
        return f"{_shown(value)} is not one of {expected}"
    if kind == "json_invalid":
        return f"invalid JSON: {error.get('ctx', {}).get('error', error.get('msg', ''))}"
    message = str(error.get("msg", "is not valid"))
    return message[:1].lower() + message[1:]


def body_check(check):
    """An operation's check of its request body in the data standard's own words (a notification is checked
    by the importer's rules): when the schema refuses the body, the check's problems are shown instead of the
    schema's if it finds any.

    Applied with ninja's `decorate_view` above the route's decorator, so it belongs to the operation: the
    operations on one path (GET and POST /notifications) share one URL name, which cannot tell them apart.
    """

    def decorator(run):
        @functools.wraps(run)
        def checked(request, *args, **kwargs):
            request.cspr_body_check = check
            return run(request, *args, **kwargs)

        return checked

    return decorator


def validation_errors(errors: list[dict]) -> list[tuple[str, str]]:
    return [(_field(tuple(e.get("loc", ()))), _message(e)) for e in errors]


# --- Handlers -------------------------------------------------------------------------------


def install(api) -> None:
    """Register the handlers on the NinjaAPI: every error becomes a problem document."""

    @api.exception_handler(Problem)
    def problem(request, exc: Problem):
        if exc.seen:
            audit.record(
                actor=request.auth.user,
                action=audit.CASE_VIEW,
                object_type="notification",
                object_id=exc.seen,
                changed_fields={"page": "api:conflict"},
                request=request,
            )
        return response(request, exc.status, exc.detail, errors=exc.errors, type_=exc.type, **exc.extra)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        # ninja calls the parser (cspr.api.v1.JsonBody) only for a body with bytes in it, so an empty one declared
        # as text/plain would be answered as a missing value: its media type is refused as a sent body's is. With
        # no Content-Type either, nothing was sent, and the missing value is the answer.
        wrong_type = not request.body and request.content_type and not_json(request)
        if wrong_type and any(tuple(e.get("loc", ()))[:1] == ("body",) for e in exc.errors):
            return problem(request, wrong_type)
        check = getattr(request, "cspr_body_check", None)
        errors = (check(request) if check else []) or validation_errors(exc.errors)
        return response(request, 422, "; ".join(f"{f}: {m}" for f, m in errors[:3]), errors=errors)

    @api.exception_handler(StaleRecord)
    def stale(request, exc: StaleRecord):  # an endpoint normally adds the current record (409 below)
        return response(request, 409, exc.message)

    @api.exception_handler(Refused)
    def refused(request, exc: Refused):
        problems = getattr(exc, "problems", None) or [(exc.field or "(record)", exc.message)]
        return response(request, 422, "; ".join(f"{f}: {m}" for f, m in problems[:3]), errors=problems)

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        found = response(request, 429, "this token made too many requests: wait and try again")
        if exc.wait:
            found["Retry-After"] = str(int(exc.wait) + 1)
        return found

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        detail = str(exc) if str(exc) != "Unauthorized" else "send an API token: Authorization: Bearer cspr_..."
        found = response(request, 401, detail)
        found["WWW-Authenticate"] = 'Bearer realm="cspr"'
        return found

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # ninja answers any error of its body parser as a bare 400 "Cannot parse request body"; the
        # parser's own problem (cspr.api.v1.JsonBody: 400 with the JSON error's place, 415) is the answer.
        if isinstance(exc.__cause__, Problem):
            return problem(request, exc.__cause__)
        return response(request, exc.status_code, str(exc))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc: RequestDataTooBig):
        # Django refuses to read the body at all: no field can be named.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return response(request, 413, f"the request body is larger than {limit:,} bytes, the most this API reads")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return response(request, 403, f"this token's role may not do this ({exc})" if str(exc) else "forbidden")

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return response(request, 404, "no such record, or not one this token may see")

    @api.exception_handler(Exception)
    def server_error(request, exc: Exception):
        log.exception("API error on %s %s", request.method, request.path)
        return response(request, 500, "the error was logged; try again later, and tell us if it persists")
