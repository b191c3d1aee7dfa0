"""What is due, the published statistics and the learning search, for the token's role."""

import pytest

from cspr.core.models import AuditEvent
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db


def test_deadlines_are_the_tokens_own_open_items(cases, token_for):
    items = token_for("bob").get("/api/v1/deadlines").json()["items"]
    assert {i["notification_ref"] for i in items} == {"B-1"}
    assert items[0]["kind"] == "rapid_review" and items[0]["overdue"] is True
    panel = token_for("sam").get("/api/v1/deadlines").json()["items"]
    assert {i["notification_ref"] for i in panel} == {"A-1", "B-1"}


def test_statistics_are_only_the_published_tables(cases, token_for):
    response = token_for("ann").get("/api/v1/statistics", {"year": 2020})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["report"]["published"] is True and body["report"]["threshold"] >= 1
    assert AuditEvent.objects.latest("id").action == "api.read"


def test_statistics_need_one_period(cases, token_for):
    body = problem(token_for("ann").get("/api/v1/statistics"))
    assert body["status"] == 422 and "calendar year" in body["detail"]


def test_a_period_not_yet_ended_is_refused_on_the_parameter_that_named_it(cases, token_for):
    from django.utils import timezone

    this_year = timezone.localdate().year
    for params, field in (
        ({"year": this_year}, "year"),
        ({"financial_year": f"{this_year}-{(this_year + 1) % 100:02d}"}, "financial_year"),
    ):
        body = problem(token_for("ann").get("/api/v1/statistics", params))
        assert body["status"] == 422 and [e["field"] for e in body["errors"]] == [field], body
        assert body["detail"].startswith(f"{field}: ") and "once it has ended" in body["detail"]


def test_a_role_without_statistics_gets_403(cases, token_for):
    assert problem(token_for("agnes").get("/api/v1/statistics", {"year": 2020}))["status"] == 403


def test_learning_search_answers_for_every_role(cases, token_for):
    body = token_for("agnes").get("/api/v1/learning/search", {"q": "neglect"}).json()
    assert body["query"] == "neglect" and body["total"] == len(body["items"]) == 0


def test_the_token_says_who_it_acts_as(cases, token_for):
    body = token_for("alice", scopes="read", name="who").get("/api/v1/token").json()
    assert body["name"] == "who" and body["role"] == "partnership_manager" and body["scopes"] == ["read"]
