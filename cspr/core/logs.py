"""Structured logs: one JSON object per line, each carrying its request's context.

`request_log` (middleware, straight after `request_id`) puts the request in a
context variable for as long as the request runs, so every record logged meanwhile,
by cspr, Django or a library, carries the request id, the signed-in person's id
and the route's pattern; when the response is ready it logs one `cspr.request`
line with the status and duration. Only the route's *pattern* is logged
(`notifications/<ref:ref>/`), never the path, its query string or anything from
a child's record. No Django model is imported here: gunicorn's configuration
uses the formatter before Django starts.
"""

import datetime as dt
import json
import logging
import time
import traceback
from contextvars import ContextVar

from django.utils.functional import empty

_request: ContextVar = ContextVar("cspr_request", default=None)

request_logger = logging.getLogger("cspr.request")

# The record attributes a JSON line carries, besides time, level, logger and message.
_FIELDS = ("request_id", "user_id", "method", "route", "status", "duration_ms")


def request_log(get_response):
    def middleware(request):
        token = _request.set(request)
        started = time.perf_counter()
        try:
            response = get_response(request)
            request_logger.info(
                "request",
                extra={"status": response.status_code, "duration_ms": round((time.perf_counter() - started) * 1000, 1)},
            )
            return response
        finally:
            _request.reset(token)

    return middleware


def _user_id(request):
    """The signed-in person's id, if this request has already looked them up (never a query from a log call)."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestContextFilter(logging.Filter):
    """Adds the current request's id, person and route to each record; 4xx records lose their traceback.

    Django logs a 403 or 404 with the exception that caused it; a refusal is not a
    fault, so its record keeps its one line and drops the stack trace. The path goes
    from Django's messages here (`_message`), so that every format, text as well as
    JSON, leaves it out.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = _message(record)
        if message != record.getMessage():
            record.msg, record.args = message, ()
        request = _request.get()
        if request is not None:
            record.request_id = getattr(request, "request_id", None)
            record.method = request.method
            match = getattr(request, "resolver_match", None)
            record.route = match.route if match is not None else None
            record.user_id = _user_id(request)
        else:
            record.request_id = getattr(record, "request_id", None) or "-"
        status = getattr(record, "status_code", None)
        if status is not None:
            record.status = status
            if status < 500:
                record.exc_info = record.exc_text = None
        return True


def _context(record: logging.LogRecord) -> dict:
    """The request's id, person, method, route, status and duration the record carries (those it has)."""
    context = {}
    for name in _FIELDS:
        value = getattr(record, name, None)
        if value is not None and value != "-":
            context[name] = value
    # Django logs some responses after the request's context has ended; their record still has the request.
    request = getattr(record, "request", None)
    match = getattr(request, "resolver_match", None)
    if "route" not in context and match is not None:
        context["route"] = match.route
    if "request_id" not in context and getattr(request, "request_id", None):
        context["request_id"] = request.request_id
    return context


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the request's context, any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record),
            **_context(record),
        }
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """A line for a person at a terminal (CSPR_LOG_FORMAT=text): what the JSON line says, as words.

    `2026-12-07 18:54:35,773 INFO cspr.request [req-1] request GET notifications/<ref:ref>/ 200 981.0 ms user 2`:
    without the context a request line said only "request", with no route, status or time taken.
    """

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        context = _context(record)
        record.message, record.request_id = _message(record), context.get("request_id", "-")
        parts = [context.get("method"), context.get("route"), context.get("status")]
        if "duration_ms" in context:
            parts.append(f"{context['duration_ms']} ms")
        if "user_id" in context:
            parts.append(f"user {context['user_id']}")
        said = " ".join(str(part) for part in parts if part is not None)
        return super().formatMessage(record) + (f" {said}" if said else "")


def _message(record: logging.LogRecord) -> str:
    """The record's message, without the path that Django's request and security loggers put in it.

    "Forbidden (Referer checking failed - no Referer.): /notifications/REF/" becomes
    "Forbidden (Referer checking failed - no Referer.)": a path can hold a child's case
    reference, and the line names the route pattern instead.
    """
    message = record.getMessage()
    path = getattr(getattr(record, "request", None), "path", None)
    if path and (record.name == "django.request" or record.name.startswith("django.security.")):
        message = message.replace(f": {path}", "").replace(path, "<path>")
    return message
