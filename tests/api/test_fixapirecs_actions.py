"""What partnerships did about recommendations moves in and out through the API, by the follow-up pages' rules.

Before: no route read or recorded a partnership's actions on a recommendation. Now
GET/POST /api/v1/learning/recommendations/{id}/actions and PATCH /api/v1/learning/actions/{id}
answer as the follow-up pages do: every partnership's actions for the Panel and analysts, a
partnership only its own (`access.partnership_follow_up`: another's is a 404); recording only by
the partnership that acts on the review (`follow_up.check_may_record`: 403 otherwise); the action's
refusals 422 in its words; a stale version 409 with the current action; an add retried once.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from cspr.core.models import AuditEvent
from cspr.learning import actions as learning
from cspr.learning.models import RecommendationAction
from tests.api.conftest import problem
from tests.learning.reviews import add_review_as
from tests.service.personas import PARTNERSHIP_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(people):
    """Birmingham's published local review with one recommendation."""
    return add_review_as(people["sam"], partnership=PARTNERSHIP_A).recommendations.get()


@pytest.fixture
def national(people):
    """A national review's recommendation: every partnership records its own actions on it."""
    return add_review_as(people["sam"], review_type="national_review", title="National review").recommendations.get()


def actions_of(recommendation) -> str:
    return f"/api/v1/learning/recommendations/{recommendation.pk}/actions"


def body(**overrides) -> dict:
    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    return {
        "description": "Add a safer sleep conversation to every contact after a change of address.",
        "owning_agency": "Birmingham Community Healthcare",
        "owner": "Head of health visiting",
        "due_date": due,
    } | overrides


def test_the_partnership_records_an_action_and_the_panel_reads_it(local, token_for):
    alice = token_for("alice")
    response = alice.post(actions_of(local), body())
    assert response.status_code == 201, response.content
    added = response.json()
    action = RecommendationAction.objects.get()
    assert (added["id"], added["status"], added["partnership"], added["version"]) == (
        action.pk,
        "planned",
        "birmingham",
        1,
    )
    assert added["self"] == f"/api/v1/learning/actions/{action.pk}" and added["overdue"] is False
    [event] = AuditEvent.objects.filter(action="learning.recommendation_action.add")
    assert event.actor == alice.token.user

    for reader in ("sam", "ann", "agnes"):
        client = token_for(reader, scopes="read")
        listed = client.get(actions_of(local))
        assert listed.status_code == 200, (reader, listed.content)
        assert listed.json()["items"] == [added] and listed.json()["recommendation"]["id"] == local.pk
        read = AuditEvent.objects.latest("pk")
        assert (read.actor, read.action, read.object_type) == (
            client.token.user,
            "api.read",
            "learning.recommendation_actions",
        )


def test_a_partnership_sees_only_its_own_actions_and_not_anothers(national, token_for):
    alice, bob = token_for("alice"), token_for("bob")
    theirs = bob.post(actions_of(national), body(owning_agency="City of London Police")).json()
    ours = alice.post(actions_of(national), body()).json()

    assert [a["id"] for a in alice.get(actions_of(national)).json()["items"]] == [ours["id"]]
    assert [a["id"] for a in bob.get(actions_of(national)).json()["items"]] == [theirs["id"]]
    assert {a["id"] for a in token_for("pat").get(actions_of(national)).json()["items"]} == {ours["id"], theirs["id"]}
    before = AuditEvent.objects.count()
    refused = alice.patch(theirs["self"], {"version": 1, "status": "withdrawn", "reason": "not ours"})
    assert problem(refused)["status"] == 404 and "City of London Police" not in refused.content.decode()
    assert AuditEvent.objects.count() == before
    assert RecommendationAction.objects.get(pk=theirs["id"]).status == "planned"


@pytest.mark.parametrize("persona", ["bob", "sam", "pat", "ann"])
def test_only_the_reviews_own_partnership_records_actions_on_a_local_review(local, token_for, persona):
    client = token_for(persona)
    before = AuditEvent.objects.count()
    refused = problem(client.post(actions_of(local), body()))
    assert refused["status"] == 403
    assert not RecommendationAction.objects.exists() and AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["sam", "pat", "ann"])
def test_the_panel_and_analysts_read_but_do_not_change_an_action(local, people, token_for, persona):
    action = learning.recommendation_action_add(actor=people["alice"], recommendation_id=local.pk, **_args())
    refused = problem(token_for(persona).patch(f"/api/v1/learning/actions/{action.pk}", {"version": 1, "owner": "x"}))
    assert refused["status"] == 403 and "learning.record_follow_up" in refused["detail"]


def _args():
    sent = body()
    return {**sent, "due_date": timezone.localdate() + timedelta(days=90)}


def test_the_partnership_moves_its_action_on_and_changes_its_details(local, people, token_for):
    action = learning.recommendation_action_add(actor=people["agnes"], recommendation_id=local.pk, **_args())
    alice = token_for("alice")
    at = f"/api/v1/learning/actions/{action.pk}"
    new_due = (timezone.localdate() + timedelta(days=180)).isoformat()

    details = alice.patch(at, {"version": 1, "due_date": new_due, "reason": "the audit was put back a quarter"})
    assert details.status_code == 200, details.content
    done = alice.patch(at, {"version": 2, "status": "completed", "completion_evidence": "Audit report, May"})
    assert done.status_code == 200, done.content

    assert (done.json()["status"], done.json()["completed_on"], done.json()["version"]) == (
        "completed",
        timezone.localdate().isoformat(),
        3,
    )
    updates = list(AuditEvent.objects.filter(action="learning.recommendation_action.update").order_by("pk"))
    assert [e.actor for e in updates] == [alice.token.user, alice.token.user]
    assert updates[0].changed_fields["due_date"][1] == new_due
    assert updates[0].reason == "the audit was put back a quarter"
    assert updates[1].changed_fields["status"] == ["planned", "completed"]


def test_refusals_name_the_field_in_the_actions_words(local, people, token_for):
    alice = token_for("alice")
    empty = problem(alice.post(actions_of(local), body(description=" ")))
    early = problem(alice.post(actions_of(local), body(due_date="2020-06-30")))
    assert empty["errors"] == [{"field": "description", "message": "enter what will be done"}]
    assert early["errors"] == [
        {
            "field": "due_date",
            "message": "due date must be the same as or after 1 January 2021, the start of the year the review was "
            "published",
        }
    ]
    action = learning.recommendation_action_add(actor=people["alice"], recommendation_id=local.pk, **_args())
    at = f"/api/v1/learning/actions/{action.pk}"
    no_evidence = problem(alice.patch(at, {"version": 1, "status": "completed"}))
    no_reason = problem(alice.patch(at, {"version": 1, "status": "withdrawn"}))
    future = problem(
        alice.patch(
            at,
            {
                "version": 1,
                "status": "completed",
                "completion_evidence": "done",
                "completed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            },
        )
    )
    assert no_evidence["detail"] == "completion_evidence: enter the evidence that the action was completed"
    assert no_reason["detail"] == "reason: enter why the action is withdrawn"
    assert future["detail"] == "completed_on: the date it was completed cannot be in the future"
    missing = problem(alice.post(actions_of(local), {"description": "x", "owner": "y", "due_date": "2027-01-01"}))
    assert missing["errors"] == [{"field": "owning_agency", "message": "a value is required"}]
    assert RecommendationAction.objects.get().status == "planned"


def test_a_stale_version_is_a_conflict_with_the_action_as_it_is_now(local, people, token_for):
    action = learning.recommendation_action_add(actor=people["alice"], recommendation_id=local.pk, **_args())
    alice, agnes = token_for("alice"), token_for("agnes")
    at = f"/api/v1/learning/actions/{action.pk}"
    assert agnes.patch(at, {"version": 1, "status": "in_progress"}).status_code == 200

    stale = problem(alice.patch(at, {"version": 1, "owner": "Designated nurse"}))

    assert stale["status"] == 409
    assert (stale["current"]["status"], stale["current"]["version"]) == ("in_progress", 2)
    assert RecommendationAction.objects.get().owner == "Head of health visiting"


def test_an_action_retried_with_its_key_is_recorded_once(local, token_for):
    alice = token_for("alice")
    first = alice.post(actions_of(local), body(), HTTP_IDEMPOTENCY_KEY="act-1")
    again = alice.post(actions_of(local), body(), HTTP_IDEMPOTENCY_KEY="act-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert RecommendationAction.objects.count() == 1
    assert AuditEvent.objects.filter(action="learning.recommendation_action.add").count() == 1
    assert AuditEvent.objects.latest("pk").action == "api.read"
