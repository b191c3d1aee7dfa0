"""Errors in one shape (RFC 9457), throttling per token, and the API's own 404."""

import pytest

from tests.api.conftest import problem

pytestmark = pytest.mark.django_db


def test_an_unknown_address_under_the_api_is_a_problem_document(client):
    assert problem(client.get("/api/v2/anything"))["status"] == 404
    assert problem(client.post("/api/v1/nothing-here"))["status"] == 404


def test_a_wrong_query_value_names_the_field(cases, token_for):
    body = problem(token_for("alice").get("/api/v1/notifications", {"limit": "many"}))
    assert body["status"] == 422 and body["errors"][0]["field"] == "limit"


def test_a_token_is_throttled_alone(cases, token_for, settings):
    settings.CSPR_API_RATE = "3/min"
    busy, quiet = token_for("alice"), token_for("bob")
    answers = [busy.get("/api/v1/token").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert quiet.get("/api/v1/token").status_code == 200
    throttled = busy.get("/api/v1/token")
    assert problem(throttled)["status"] == 429 and int(throttled["Retry-After"]) >= 1


def test_an_unexpected_error_is_a_500_problem_without_a_traceback(cases, token_for, monkeypatch):
    from cspr.api import serialise

    def broken(n):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(serialise, "notification", broken)
    response = token_for("alice").get("/api/v1/notifications/A-1")
    body = problem(response)
    assert body["status"] == 500 and "secret internals" not in response.content.decode()
