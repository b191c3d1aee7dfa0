"""CSPR_LOG_FORMAT=text: plain lines for a terminal that leave out what the JSON lines leave out (a path, and
with it a child's case reference) and say what the JSON request line says (method, route, status, time taken)."""

import io
import logging

import pytest
from django.conf import settings
from django.test import Client
from django.utils.module_loading import import_string

from cspr.core.logs import RequestContextFilter, TextFormatter


def configured_text_formatter() -> logging.Formatter:
    """The formatter settings.LOGGING names for CSPR_LOG_FORMAT=text."""
    config = settings.LOGGING["formatters"]["text"]
    return import_string(config["()"])() if "()" in config else logging.Formatter(config["format"])


def text_lines(formatter):
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(formatter)
    handler.addFilter(RequestContextFilter())  # the console handler's filter (settings.LOGGING)
    return buffer, handler


@pytest.fixture
def logged():
    handlers = []

    def capture(formatter):
        buffer, handler = text_lines(formatter)
        logging.getLogger().addHandler(handler)
        handlers.append(handler)
        return buffer

    yield capture
    for handler in handlers:
        logging.getLogger().removeHandler(handler)


@pytest.mark.urls("tests.production.test_logs")
@pytest.mark.parametrize("formatter", [configured_text_formatter, TextFormatter], ids=["configured", "TextFormatter"])
def test_a_text_line_never_has_the_path_or_its_case_reference(people, cases, logged, formatter):
    buffer = logged(formatter())
    ref = cases["A"].ref
    refused = Client(enforce_csrf_checks=True)
    refused.force_login(people["sam"])
    assert refused.post(f"/notifications/{ref}/", {}, secure=True).status_code == 403
    broken = Client(raise_request_exception=False)
    assert broken.get("/broken/SIN-2020-7/").status_code == 500
    text = buffer.getvalue()
    assert "Forbidden (Referer checking failed - no Referer.)" in text and "Internal Server Error" in text
    assert ref not in text and "SIN-2020-7" not in text and "/notifications/" not in text


def test_a_text_request_line_says_the_method_route_status_time_and_person(client, people, logged):
    buffer = logged(TextFormatter())
    client.force_login(people["sam"])
    client.get("/notifications/", HTTP_X_REQUEST_ID="req-12345678")
    [line] = [line for line in buffer.getvalue().splitlines() if " cspr.request " in line]
    assert " INFO cspr.request [req-12345678] request GET notifications/ 200 " in line
    assert line.endswith(f" ms user {people['sam'].pk}")


def test_a_line_logged_outside_a_request_is_the_plain_message():
    record = logging.LogRecord("cspr.documents", logging.ERROR, __file__, 1, "could not delete %s", ("a file",), None)
    RequestContextFilter().filter(record)
    assert TextFormatter().format(record).endswith(" ERROR cspr.documents [-] could not delete a file")
