"""Leftovers of the 2026-12-07 API review: an empty body's media type is checked as a sent body's is."""

import pytest

from tests.api.conftest import problem

pytestmark = pytest.mark.django_db

WRITES = [
    ("POST", "/api/v1/notifications"),
    ("PATCH", "/api/v1/notifications/A-1"),
    ("PUT", "/api/v1/notifications/B-1/~/rapid-review"),
    ("POST", "/api/v1/notifications/B-1/~/rapid-review/submit"),
    ("POST", "/api/v1/notifications/A-1/~/lcspr/milestones"),
]


def send(api, method: str, path: str, body: bytes, content_type: str | None):
    # The test client leaves out Content-Type for an empty body unless it is given as a header.
    header = {"CONTENT_TYPE": content_type} if content_type is not None else {}
    return api.client.generic(method, path, body, HTTP_AUTHORIZATION=f"Bearer {api.text}", **header)


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_an_empty_body_sent_as_another_media_type_answers_415_as_a_sent_one_does(
    cases, token_for, method, path, content_type
):
    api = token_for("alice")
    for body in (b"", b"{}"):
        found = problem(send(api, method, path, body, content_type))
        assert found["status"] == 415, (body, found)
        assert [e["field"] for e in found["errors"]] == ["Content-Type"]
        assert content_type in found["detail"]


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json", None])
def test_an_empty_body_as_json_or_with_no_type_is_a_missing_value(cases, token_for, content_type):
    api = token_for("alice")
    found = problem(send(api, "PATCH", "/api/v1/notifications/A-1", b"", content_type))
    assert found["status"] == 422 and found["errors"] == [{"field": "(body)", "message": "a value is required"}]
