"""A review's recommendations move in and out through the API, by the pages' rules and actions.

Before: the API had no route for them, so a partnership's or the Panel's own system could not
record or read a review's recommendations. Now GET/POST /api/v1/learning/reviews/{id}/recommendations
and PATCH /api/v1/learning/recommendations/{id} answer as the review's page does: out of scope 404,
a role without `learning.record_recommendations` 403, the action's refusals 422 in its words, a stale
version 409 with the current record, an add retried with its Idempotency-Key recorded once.
"""

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.learning import actions as learning
from cspr.learning.models import Recommendation
from tests.api.conftest import problem
from tests.learning.reviews import add_review_as
from tests.service.personas import PARTNERSHIP_A

pytestmark = pytest.mark.django_db
TEXT = "The partnership should audit how safer sleep advice is repeated after a house move."


@pytest.fixture
def local(people):
    """Birmingham's published local review (2021), as publishing it leaves it: no recommendations."""
    return add_review_as(people["sam"], partnership=PARTNERSHIP_A, recommendations=[])


@pytest.fixture
def unpublished(people):
    """Birmingham's learning shared with the Panel, not published, with one recommendation."""
    return add_review_as(people["sam"], partnership=PARTNERSHIP_A, title="Child S: shared", published=False)


def path(review) -> str:
    return f"/api/v1/learning/reviews/{review.pk}/recommendations"


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_the_partnerships_manager_adds_a_recommendation_and_everyone_reads_it(local, token_for):
    alice = token_for("alice")
    response = alice.post(
        path(local), {"text": TEXT, "owner_agency": "Health visiting", "due_date": "2027-03-31", "position": 3}
    )
    assert response.status_code == 201, response.content
    added = response.json()
    recommendation = Recommendation.objects.get()
    assert added == {
        "id": recommendation.pk,
        "version": 1,
        "review_id": local.pk,
        "position": 3,
        "text": TEXT,
        "owner_agency": "Health visiting",
        "due_date": "2027-03-31",
        "status": "open",
        "links": {
            "actions": f"/api/v1/learning/recommendations/{recommendation.pk}/actions",
            "review_recommendations": path(local),
        },
    }
    [event] = events("learning.recommendation.add")
    assert event.actor == alice.token.user and event.object_id == str(recommendation.pk)

    # A published review is everyone's to read: another partnership's token reads its recommendations.
    bob = token_for("bob", scopes="read")
    listed = bob.get(path(local))
    assert listed.status_code == 200
    assert listed.json() == {"review_id": local.pk, "title": local.title, "items": [added]}
    read = AuditEvent.objects.latest("pk")
    assert (read.actor, read.action, read.object_type) == (bob.token.user, "api.read", "learning.recommendations")
    assert read.changed_fields == {"review": local.pk}


def test_the_manager_changes_a_recommendation_with_its_version(local, token_for):
    alice = token_for("alice")
    added = alice.post(path(local), {"text": TEXT}).json()
    response = alice.patch(
        f"/api/v1/learning/recommendations/{added['id']}",
        {"version": 1, "status": "in_progress", "due_date": None, "reason": "the audit has started"},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"], response.json()["text"]) == (
        "in_progress",
        2,
        TEXT,
    )
    [event] = events("learning.recommendation.update")
    assert event.actor == alice.token.user and event.reason == "the audit has started"
    assert event.changed_fields == {"fields": ["status"], "status": ["open", "in_progress"]}


def test_the_secretariat_records_a_national_reviews_recommendations(people, token_for):
    national = add_review_as(people["sam"], review_type="national_review", title="National review", recommendations=[])
    response = token_for("sam").post(path(national), {"text": TEXT, "status": "not_known"})
    assert response.status_code == 201 and response.json()["status"] == "not_known"
    # A partnership's manager does not: the Panel's review.
    assert problem(token_for("alice").post(path(national), {"text": TEXT}))["status"] == 403


def test_learning_out_of_the_tokens_scope_is_not_found_and_nothing_is_recorded(unpublished, token_for):
    bob = token_for("bob")
    recommendation = unpublished.recommendations.get()
    before = AuditEvent.objects.count()
    answers = [
        bob.get(path(unpublished)),
        bob.post(path(unpublished), {"text": TEXT}),
        bob.patch(f"/api/v1/learning/recommendations/{recommendation.pk}", {"version": 1, "status": "completed"}),
        bob.get(f"/api/v1/learning/reviews/{unpublished.pk + 1000}/recommendations"),
    ]
    assert [problem(a)["status"] for a in answers] == [404, 404, 404, 404]
    assert "Child S" not in "".join(a.content.decode() for a in answers)
    assert AuditEvent.objects.count() == before
    assert unpublished.recommendations.count() == 1
    # The Birmingham manager sees it: the same calls are answered.
    assert token_for("alice").get(path(unpublished)).status_code == 200


@pytest.mark.parametrize("persona", ["bob", "agnes", "pat", "ann"])
def test_a_role_without_the_verb_is_forbidden(local, people, token_for, persona):
    existing = learning.recommendation_add(actor=people["sam"], review_id=local.pk, text=TEXT)
    client = token_for(persona)
    added = client.post(path(local), {"text": TEXT})
    changed = client.patch(f"/api/v1/learning/recommendations/{existing.pk}", {"version": 1, "status": "completed"})
    assert (problem(added)["status"], problem(changed)["status"]) == (403, 403)
    assert "learning.record_recommendations" in added.json()["detail"]
    assert local.recommendations.get().status == "open"


def test_a_read_only_token_may_not_add(local, token_for):
    refused = token_for("alice", scopes="read").post(path(local), {"text": TEXT})
    assert problem(refused)["status"] == 403 and not local.recommendations.exists()


def test_refusals_name_the_field_in_the_words_the_page_shows(local, people, token_for, client):
    alice = token_for("alice")
    assert alice.post(path(local), {"text": TEXT, "position": 1}).status_code == 201

    taken = problem(alice.post(path(local), {"text": TEXT, "position": 1}))
    early = problem(alice.post(path(local), {"text": TEXT, "due_date": "2020-12-31"}))
    empty = problem(alice.post(path(local), {"text": "  "}))
    not_a_date = problem(alice.post(path(local), {"text": TEXT, "due_date": "2027-02-30"}))

    assert taken["status"] == 422
    assert taken["errors"] == [{"field": "position", "message": "recommendation 1 is already recorded for this review"}]
    assert early["errors"] == [
        {
            "field": "due_date",
            "message": "due date must be the same as or after 1 January 2021, the start of the year the review was "
            "published",
        }
    ]
    assert empty["detail"] == "text: a recommendation needs its text"
    assert not_a_date["errors"] == [{"field": "due_date", "message": "'2027-02-30' is not a real date"}]
    assert local.recommendations.count() == 1
    # The page refuses the same number with the same words.
    client.force_login(people["alice"])
    page = client.post(
        reverse("learning_recommendation_add", args=[local.pk]), {"position": "1", "text": TEXT, "status": "open"}
    )
    assert "Recommendation 1 is already recorded for this review" in page.content.decode()


def test_a_stale_version_is_a_conflict_with_the_recommendation_as_it_is_now(local, token_for):
    alice, sam = token_for("alice"), token_for("sam")
    added = alice.post(path(local), {"text": TEXT}).json()
    at = f"/api/v1/learning/recommendations/{added['id']}"
    assert sam.patch(at, {"version": 1, "status": "completed"}).status_code == 200

    stale = alice.patch(at, {"version": 1, "status": "not_accepted"})

    body = problem(stale)
    assert body["status"] == 409 and body["current"]["status"] == "completed" and body["current"]["version"] == 2
    ahead = problem(alice.patch(at, {"version": 7, "status": "not_accepted"}))
    assert ahead["status"] == 422 and ahead["errors"][0]["field"] == "version"
    assert Recommendation.objects.get().status == "completed"


def test_an_unchanged_save_writes_nothing_and_is_a_read(local, token_for):
    alice = token_for("alice")
    added = alice.post(path(local), {"text": TEXT}).json()
    same = alice.patch(f"/api/v1/learning/recommendations/{added['id']}", {"version": 1, "status": "open"})
    assert same.status_code == 200 and same.json()["version"] == 1
    assert not events("learning.recommendation.update")
    assert AuditEvent.objects.latest("pk").action == "api.read"


def test_an_add_retried_with_its_key_is_recorded_once_and_answered_as_it_now_stands(local, token_for):
    alice = token_for("alice")
    first = alice.post(path(local), {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="rec-1")
    assert first.status_code == 201
    alice.patch(f"/api/v1/learning/recommendations/{first.json()['id']}", {"version": 1, "status": "completed"})

    again = alice.post(path(local), {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="rec-1")

    assert again.status_code == 201
    assert again.json() == {**first.json(), "status": "completed", "version": 2}
    assert local.recommendations.count() == 1 and len(events("learning.recommendation.add")) == 1
    assert AuditEvent.objects.latest("pk").action == "api.read"  # the retry showed the record: a read
    reused = problem(alice.post(path(local), {"text": "another"}, HTTP_IDEMPOTENCY_KEY="rec-1"))
    assert reused["status"] == 422 and reused["errors"][0]["field"] == "Idempotency-Key"


def test_a_retry_once_the_learning_left_the_tokens_sight_is_not_found(people, cases, token_for):
    """Unpublished learning from a case goes with the case: a retry no longer shows it to the old partnership."""
    review = add_review_as(people["sam"], partnership=PARTNERSHIP_A, published=False, recommendations=[])
    learning.review_link_notification(
        actor=people["sam"], review_id=review.pk, version=None, notification_id=cases["A"].pk
    )
    alice = token_for("alice")
    assert alice.post(path(review), {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="rec-2").status_code == 201
    sam = token_for("sam")
    version = sam.get("/api/v1/notifications/A-1").json()["version"]
    moved = sam.patch(
        "/api/v1/notifications/A-1",
        {"version": version, "reason": "the City of London's case", "changes": {"la_code": "E09000001"}},
    )
    assert moved.status_code == 200, moved.content

    again = alice.post(path(review), {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="rec-2")

    assert problem(again)["status"] == 404 and TEXT not in again.content.decode()


def test_a_review_from_a_case_is_read_as_part_of_the_case_record(people, cases, local, token_for):
    learning.review_link_notification(
        actor=people["sam"], review_id=local.pk, version=None, notification_id=cases["A"].pk
    )
    sam = token_for("sam")
    before = AuditEvent.objects.count()
    assert sam.get(path(local)).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    read = AuditEvent.objects.latest("pk")
    assert (read.actor, read.action, read.object_type, read.object_id) == (
        sam.token.user,
        "learning.review.view",
        "notification",
        "A-1",
    )
    # HEAD asks for the headers only: nothing is read, nothing recorded.
    assert sam.client.head(path(local), HTTP_AUTHORIZATION=f"Bearer {sam.text}").status_code == 200
    assert AuditEvent.objects.count() == before + 1
