"""Logs are JSON lines carrying the request's id, person, route, status and duration; tracebacks only for faults."""

import io
import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import include, path

from cspr.core.logs import JsonFormatter, RequestContextFilter


def _broken(request, ref):
    return 1 / 0


def _forbidden(request):
    raise PermissionDenied


def _missing(request):
    raise Http404


urlpatterns = [
    path("broken/<str:ref>/", _broken),
    path("forbidden/", _forbidden),
    path("missing/", _missing),
    path("", include("cspr.urls")),  # the error pages link to the service's own pages
]
handler403 = "cspr.govuk.views.permission_denied"
handler404 = "cspr.govuk.views.page_not_found"
handler500 = "cspr.govuk.views.server_error"


@pytest.fixture
def log_lines():
    """What the configured console handler would write: its own formatter and filters, into a buffer."""
    [configured] = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(configured.formatter)
    for log_filter in configured.filters:
        handler.addFilter(log_filter)
    handler.setLevel(configured.level)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_each_request_logs_one_json_line_with_its_context(client, people, log_lines):
    sam = people["sam"]
    client.force_login(sam)
    response = client.get("/notifications/", HTTP_X_REQUEST_ID="req-12345678")
    [line] = [line for line in log_lines() if line["logger"] == "cspr.request"]
    assert line["request_id"] == "req-12345678" == response["X-Request-ID"]
    assert line["user_id"] == sam.pk
    assert line["route"] == "notifications/"
    assert line["method"] == "GET" and line["status"] == 200
    assert line["level"] == "INFO" and line["message"] == "request"
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("+00:00")


def test_a_request_line_names_the_route_pattern_never_the_reference_or_query(client, people, log_lines, cases):
    client.force_login(people["sam"])
    client.get(f"/notifications/{cases['A'].ref}/?q=Smith")
    [line] = [line for line in log_lines() if line["logger"] == "cspr.request"]
    assert line["route"] == "notifications/<ref:ref>/"
    assert cases["A"].ref not in json.dumps(line) and "Smith" not in json.dumps(line)


@pytest.mark.urls(__name__)
def test_a_fault_logs_its_traceback_and_shows_none(client, db, log_lines):
    client.raise_request_exception = False
    response = client.get("/broken/SIN-2020-7/", HTTP_X_REQUEST_ID="req-broken-1")
    assert response.status_code == 500
    assert "ZeroDivisionError" not in response.content.decode() and "Traceback" not in response.content.decode()
    [error] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert error["logger"] == "django.request" and error["request_id"] == "req-broken-1" and error["status"] == 500
    assert error["exception"].startswith("Traceback") and "ZeroDivisionError" in error["exception"]
    [request] = [line for line in log_lines() if line["logger"] == "cspr.request"]
    assert request["status"] == 500 and request["route"] == "broken/<str:ref>/"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("url", "status"), [("/forbidden/", 403), ("/missing/", 404)])
def test_a_refusal_leaves_no_traceback(client, db, log_lines, url, status):
    assert client.get(url).status_code == status
    lines = log_lines()
    assert [line["status"] for line in lines if line["logger"] == "cspr.request"] == [status]
    assert not any("exception" in line for line in lines)


def test_a_refusal_logged_with_its_exception_loses_the_traceback():
    # Django logs a 4xx with the exception that caused it; the filter drops the stack trace.
    try:
        raise PermissionDenied
    except PermissionDenied:
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", (), exc_info=True)
        record.exc_info = __import__("sys").exc_info()
    record.status_code = 403
    RequestContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["status"] == 403 and "exception" not in line
