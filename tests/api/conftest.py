"""Tokens for the personas' organisations and roles, and the service tests' two cases."""

import pytest
from django.test import Client

from cspr.api import actions
from cspr.core.models import Organisation

# The service tests' personas and two cases (A in Birmingham, B in the City of London).
from tests.service.conftest import cases, people  # noqa: F401


class Api:
    """A client that sends one token, as a case management system would."""

    def __init__(self, text: str, token):
        self.text, self.token, self.client = text, token, Client()

    def _headers(self, headers):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.text}", **(headers or {})}

    def get(self, path, data=None, **headers):
        return self.client.get(path, data, **self._headers(headers))

    def post(self, path, body=None, **headers):
        return self.client.post(path, body or {}, content_type="application/json", **self._headers(headers))

    def put(self, path, body=None, **headers):
        return self.client.put(path, body or {}, content_type="application/json", **self._headers(headers))

    def patch(self, path, body=None, **headers):
        return self.client.patch(path, body or {}, content_type="application/json", **self._headers(headers))


@pytest.fixture
def token_for(people):  # noqa: F811 (the imported fixture, by name)
    """token_for("alice", scopes="read write") -> an Api client acting as alice's organisation and role."""
    made = {}

    def issue(persona: str, *, scopes: str = "read write", days: int = 30, name: str | None = None) -> Api:
        person = people[persona]
        name = name or f"{persona}-{scopes.replace(' ', '-')}-{len(made)}"
        issued = actions.api_token_create(
            actor=people["adam"],
            name=name,
            organisation=Organisation.objects.get(pk=person.organisation_id),
            role=person.role,
            scopes=scopes,
            days=days,
            purpose="tests",
        )
        made[name] = issued
        return Api(issued.text, issued.token)

    return issue


def problem(response) -> dict:
    """The problem document of an error response (and a check that it is one)."""
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == response.status_code
    assert "Traceback" not in response.content.decode()
    return body
