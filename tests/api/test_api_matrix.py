"""Every API route x every persona's token: another partnership's records are never found (0 leaks).

Case A is Birmingham's (alice, agnes), its rapid review sent and an LCSPR commissioned; case B
the City of London's (bob), its rapid review due. The Panel sees both; an analyst neither.
"""

from datetime import date

import pytest

from cspr.api.v1 import api
from cspr.core.models import AuditEvent
from cspr.learning import actions as learning
from tests.api.conftest import problem
from tests.learning.reviews import add_review_as
from tests.service.personas import PARTNERSHIP_A

pytestmark = pytest.mark.django_db

TOKENS = ("sam", "pat", "alice", "agnes", "bob", "ann")
IN_SCOPE = {"A": {"sam", "pat", "alice", "agnes"}, "B": {"sam", "pat", "bob"}}

# Every operation on a case: method, path under the case, a body that would pass the schema.
ON_A_CASE = [
    ("get", "", None),
    ("patch", "", {"version": 1, "reason": "typo", "changes": {"domestic_abuse": "no"}}),
    ("get", "/~/children", None),
    ("get", "/~/rapid-review", None),
    ("put", "/~/rapid-review", {"version": 1, "facts": "x"}),
    (
        "post",
        "/~/rapid-review/submit",
        {"version": 1, "submitted_date": "2020-03-20", "lcspr_recommended": "no", "themes": []},
    ),
    ("get", "/~/panel-response", None),
    ("get", "/~/lcspr", None),
    ("post", "/~/lcspr/milestones", {"version": 1, "kind": "draft_report", "completed_date": "2020-05-01"}),
    ("post", "/~/lcspr/final-report", {"version": 1, "final_report_date": "2020-05-01"}),
    (
        "post",
        "/~/lcspr/publish",
        {"version": 1, "published_date": "2020-05-01", "title": "T", "final_report_url": "https://example.org/r"},
    ),
]
NOT_ON_A_CASE = {
    ("get", "/notifications"),
    ("post", "/notifications"),
    ("get", "/deadlines"),
    ("get", "/statistics"),
    ("get", "/learning/search"),
    ("get", "/token"),
}


# Every operation on the learning repository's recommendations and the partnerships' actions on them,
# against Birmingham's unpublished review (learning shared with the Panel), its recommendation and
# alice's action on it: method, path, a body that passes the schema and the action, and the status
# each token gets. The City of London's manager sees none of it (404); a role without the verb 403.
ON_LEARNING = [
    ("get", "/learning/reviews/{review_id}/recommendations", None),
    ("post", "/learning/reviews/{review_id}/recommendations", {"text": "Audit safer sleep advice."}),
    ("patch", "/learning/recommendations/{recommendation_id}", {"version": 1, "status": "in_progress"}),
    ("get", "/learning/recommendations/{recommendation_id}/actions", None),
    (
        "post",
        "/learning/recommendations/{recommendation_id}/actions",
        {"description": "An audit", "owning_agency": "Health", "owner": "Head of service", "due_date": "2027-01-31"},
    ),
    ("patch", "/learning/actions/{action_id}", {"version": 1, "status": "in_progress"}),
]
LEARNING_STATUS = {
    "sam": (200, 201, 200, 200, 403, 403),
    "pat": (200, 403, 403, 200, 403, 403),
    "alice": (200, 201, 200, 200, 201, 200),
    "agnes": (200, 403, 403, 200, 201, 200),
    "bob": (404, 404, 404, 404, 404, 404),
    "ann": (200, 403, 403, 200, 403, 403),
}


def _call(client, method, path, body):
    return getattr(client, method)(path, body) if body is not None else client.get(path)


def test_the_matrix_lists_every_operation_of_the_api():
    documented = {
        (method, path.removeprefix("/api/v1").replace("/notifications/{ref}", "/notifications/<case>"))
        for path, operations in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items()
        for method in operations
    }
    listed = {(m, "/notifications/<case>" + p) for m, p, _ in ON_A_CASE} | NOT_ON_A_CASE
    listed |= {(m, p) for m, p, _ in ON_LEARNING}
    assert documented == listed


@pytest.fixture
def shared_learning(people):
    """Birmingham's review shared with the Panel, not published: its recommendation, and alice's action on it."""
    review = add_review_as(people["sam"], partnership=PARTNERSHIP_A, title="Child S: shared", published=False)
    recommendation = review.recommendations.get()
    action = learning.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=recommendation.pk,
        description="Repeat the advice",
        owning_agency="Health visiting",
        owner="Head of health visiting",
        due_date=date(2027, 1, 31),
    )
    return {"review_id": review.pk, "recommendation_id": recommendation.pk, "action_id": action.pk}


@pytest.mark.parametrize("persona", TOKENS)
def test_recommendations_and_actions_follow_the_scope_and_the_pages_permissions(shared_learning, token_for, persona):
    client = token_for(persona)
    found = {}
    for (method, path, body), expected in zip(ON_LEARNING, LEARNING_STATUS[persona], strict=True):
        before = AuditEvent.objects.count()
        response = _call(client, method, "/api/v1" + path.format(**shared_learning), body)
        found[f"{method} {path}"] = (response.status_code, expected)
        if response.status_code >= 400:
            problem(response)
            assert AuditEvent.objects.count() == before, f"a refused {method} {path} wrote an audit event"
    assert all(got == expected for got, expected in found.values()), found


@pytest.mark.parametrize("persona", TOKENS)
def test_no_token_finds_a_case_outside_its_scope_by_any_route(cases, token_for, persona):
    client = token_for(persona)
    leaks = {}
    for case, ref in (("A", "A-1"), ("B", "B-1")):
        if persona in IN_SCOPE[case]:
            continue
        before = AuditEvent.objects.count()
        for method, tail, body in ON_A_CASE:
            response = _call(client, method, f"/api/v1/notifications/{ref}{tail}", body)
            if response.status_code != 404:
                leaks[f"{method} {ref}{tail}"] = response.status_code
            else:
                problem(response)
        assert AuditEvent.objects.count() == before, "a refused call wrote an audit event"
    listed = {n["notification_ref"] for n in client.get("/api/v1/notifications").json()["items"]}
    due = {i["notification_ref"] for i in client.get("/api/v1/deadlines").json()["items"]}
    visible = {ref for case, ref in (("A", "A-1"), ("B", "B-1")) if persona in IN_SCOPE[case]}
    assert not leaks and listed == visible and due <= visible, (leaks, listed, due)


@pytest.mark.parametrize(
    ("persona", "case", "expected"),
    [
        ("sam", "A", 200),
        ("sam", "B", 403),  # the Panel reads a rapid review once it was sent
        ("pat", "A", 200),
        ("alice", "A", 200),
        ("agnes", "A", 200),
        ("bob", "B", 200),
    ],
)
def test_reading_a_rapid_review_follows_the_access_module(cases, token_for, persona, case, expected):
    assert token_for(persona).get(f"/api/v1/notifications/{case}-1/~/rapid-review").status_code == expected


@pytest.mark.parametrize("persona", ["sam", "pat", "agnes", "ann"])
def test_roles_without_the_verb_cannot_submit_a_rapid_review(cases, token_for, persona):
    method, tail, body = ON_A_CASE[5]
    response = _call(token_for(persona), method, f"/api/v1/notifications/A-1{tail}", body)
    assert problem(response)["status"] == (404 if persona == "ann" else 403)
