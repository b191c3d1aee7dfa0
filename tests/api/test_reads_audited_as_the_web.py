"""The API's reads are audited as the web's are (ADR 0024).

- The learning search files a `learning.review.list` read under each case whose learning it
  returned, as the search page and `cspr learning search` do, so the case's access report lists it.
- HEAD asks for the headers only: no GET operation records a read for it, and GET still does.
"""

import pytest
from django.urls import reverse

from cspr.api.v1 import api
from cspr.core.models import AuditEvent
from cspr.learning import actions as learning
from cspr.learning.ingest import parse_metadata
from tests.learning.documents import metadata
from tests.service.conftest import client_for  # noqa: F401 (the fixture, by name)

pytestmark = pytest.mark.django_db
LISTED = "learning.review.list"


@pytest.fixture
def linked_review(people, cases):
    """A published review linked to case A-1: public text, but part of the child's record too."""
    meta, errors = parse_metadata(
        metadata(title="Child A-1 published review", published=True, learning_summary="Zebracorn: the GP was told.")
    )
    assert not errors, errors
    review = learning.review_add(actor=people["sam"], metadata=meta)
    return learning.review_link_notification(
        actor=people["sam"], review_id=review.pk, version=None, notification_id=cases["A"].pk
    )


def events_of(call) -> tuple[object, list[AuditEvent]]:
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = call()
    return response, list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


def test_the_api_search_files_a_read_under_each_case_whose_learning_it_returned(
    linked_review,
    token_for,
    people,
    client_for,  # noqa: F811 (the imported fixture, by name)
):
    sam = token_for("sam")
    response, events = events_of(lambda: sam.get("/api/v1/learning/search", {"q": "zebracorn"}))
    assert [item["review_id"] for item in response.json()["items"]] == [linked_review.pk]
    filed = {(e.action, e.object_type, e.object_id): e.changed_fields for e in events}
    assert filed == {
        ("api.read", "learning.search", ""): {"query": "zebracorn", "page": 1},
        (LISTED, "notification", "A-1"): {"page": "api:learning_search", "reviews": [linked_review.pk]},
    }
    # The case's "who saw this record" report lists the token's read.
    report = client_for(people["adam"]).get(reverse("access_report", args=["A-1"])).content.decode()
    assert LISTED in report and str(sam.token.user) in report


def test_an_api_search_that_shows_no_case_learning_files_no_case_read(linked_review, token_for):
    sam = token_for("sam")
    response, events = events_of(lambda: sam.get("/api/v1/learning/search", {"q": "giraffe"}))
    assert response.json()["items"] == [] and [e.action for e in events] == ["api.read"]


# Each GET operation of the API, with a call that answers 200 for sam (the Panel's secretariat).
GET_CALLS = {
    "/api/v1/notifications": "/api/v1/notifications",
    "/api/v1/notifications/{ref}": "/api/v1/notifications/A-1",
    "/api/v1/notifications/{ref}/~/children": "/api/v1/notifications/A-1/~/children",
    "/api/v1/notifications/{ref}/~/rapid-review": "/api/v1/notifications/A-1/~/rapid-review",
    "/api/v1/notifications/{ref}/~/panel-response": "/api/v1/notifications/A-1/~/panel-response",
    "/api/v1/notifications/{ref}/~/lcspr": "/api/v1/notifications/A-1/~/lcspr",
    "/api/v1/token": "/api/v1/token",
    "/api/v1/deadlines": "/api/v1/deadlines",
    "/api/v1/statistics": "/api/v1/statistics?year=2020",
    "/api/v1/learning/search": "/api/v1/learning/search?q=zebracorn",
    # {review} and {recommendation}: the linked review's id and its recommendation's, known once it is added.
    "/api/v1/learning/reviews/{review_id}/recommendations": "/api/v1/learning/reviews/{review}/recommendations",
    "/api/v1/learning/recommendations/{recommendation_id}/actions": (
        "/api/v1/learning/recommendations/{recommendation}/actions"
    ),
}


def test_every_get_operation_is_in_the_head_test():
    paths = api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    assert {path for path, operations in paths.items() if "get" in operations} == set(GET_CALLS)


@pytest.mark.parametrize("url", GET_CALLS.values())
def test_head_records_nothing_and_get_still_records_its_read(linked_review, token_for, url):
    client = token_for("sam")
    url = url.format(review=linked_review.pk, recommendation=linked_review.recommendations.get().pk)
    head, written = events_of(lambda: client.client.head(url, HTTP_AUTHORIZATION=f"Bearer {client.text}"))
    assert head.status_code == 200 and head.content == b""
    assert written == []
    got, written = events_of(lambda: client.get(url))
    assert got.status_code == 200, got.content[:300]
    assert written and {e.actor.username for e in written} == {client.token.user.username}
