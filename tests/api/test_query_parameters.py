"""A query parameter an endpoint does not take, or one sent twice, is refused (422), never ignored.

A misspelt filter (`incident_typ`) would otherwise answer the whole, unfiltered list, and a repeated one
would be read as one of its values without saying which.
"""

import pytest

from cspr.core.models import AuditEvent
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db

READS = [
    ("alice", "/api/v1/notifications"),
    ("alice", "/api/v1/notifications/A-1"),
    ("alice", "/api/v1/notifications/A-1/~/children"),
    ("alice", "/api/v1/notifications/A-1/~/rapid-review"),
    ("alice", "/api/v1/notifications/A-1/~/panel-response"),
    ("alice", "/api/v1/notifications/A-1/~/lcspr"),
    ("alice", "/api/v1/deadlines"),
    ("ann", "/api/v1/statistics?year=2020&"),
    ("alice", "/api/v1/learning/search"),
    ("alice", "/api/v1/token"),
]


@pytest.mark.parametrize(("persona", "path"), READS)
def test_an_unknown_query_parameter_is_refused_naming_it(cases, token_for, persona, path):
    api = token_for(persona)
    events = AuditEvent.objects.count()
    joined = "&" if "?" in path else "?"
    body = problem(api.get(f"{path.rstrip('&')}{joined}incident_typ=death"))
    assert body["status"] == 422
    assert body["errors"][0]["field"] == "incident_typ"
    assert body["errors"][0]["message"].startswith("unknown query parameter")
    assert body["detail"].startswith("incident_typ: unknown query parameter")
    assert AuditEvent.objects.count() == events  # nothing was read


def test_a_misspelt_filter_does_not_answer_the_unfiltered_list(cases, token_for):
    body = problem(token_for("alice").get("/api/v1/notifications?incident_typ=death"))
    assert "items" not in body
    assert "this endpoint takes notified_from, notified_to, incident_type" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "query",
    ["incident_type=death&incident_type=serious_harm", "limit=1&limit=2", "cursor=a&cursor=b"],
)
def test_a_query_parameter_sent_twice_is_refused_naming_it(cases, token_for, query):
    body = problem(token_for("alice").get(f"/api/v1/notifications?{query}"))
    name = query.split("=")[0]
    assert body["status"] == 422
    assert body["errors"] == [{"field": name, "message": "sent more than once; send it once"}]


def test_the_documented_parameters_still_work(cases, token_for):
    api = token_for("alice")
    first = api.get("/api/v1/notifications?limit=1&incident_type=serious_harm&notified_from=2000-01-01")
    assert first.status_code == 200, first.content
    assert api.get(f"/api/v1/notifications?cursor={first.json()['next_cursor'] or ''}").status_code == 200
    assert api.get("/api/v1/deadlines?overdue=true&limit=5").status_code == 200
    assert api.get("/api/v1/learning/search?q=neglect&limit=5").status_code == 200
    assert token_for("ann").get("/api/v1/statistics?year=2020&definition=panel-annual").status_code == 200
