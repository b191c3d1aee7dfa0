"""HEAD on the learning repository's pages records nothing; GET still records its read (ADR 0024).

A HEAD asks for the headers only: nothing of the review is seen, so no `learning.review.view`
event is written, as the case pages and lists write none (`audit.headers_only`).
"""

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from tests.learning.documents import metadata
from tests.service.conftest import cases, client_for, people  # noqa: F401 (fixtures, by name)

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked_review(people, cases):  # noqa: F811 (the imported fixtures, by name)
    """A review linked to case A-1, so that reading it is a read of the child's record."""
    meta, errors = parse_metadata(metadata(title="Child A-1 review", published=False))
    assert not errors, errors
    review = actions.review_add(actor=people["sam"], metadata=meta)
    return actions.review_link_notification(
        actor=people["sam"], review_id=review.pk, version=None, notification_id=cases["A"].pk
    )


def events_of(call) -> tuple[object, list[AuditEvent]]:
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = call()
    return response, list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


@pytest.mark.parametrize(
    "name", ["learning_review_detail", "learning_review_coding", "learning_recommendation_detail", "learning_search"]
)
def test_head_records_nothing_and_get_records_the_read(linked_review, people, client_for, name):  # noqa: F811
    pk = linked_review.recommendations.get().pk if name == "learning_recommendation_detail" else linked_review.pk
    url = reverse(name) + "?q=safe+sleep" if name == "learning_search" else reverse(name, args=[pk])
    sam = client_for(people["sam"])
    head, written = events_of(lambda: sam.head(url))
    assert head.status_code == 200 and written == []
    got, written = events_of(lambda: sam.get(url))
    assert got.status_code == 200
    action = "learning.review.list" if name == "learning_search" else "learning.review.view"
    assert [(e.action, e.object_type, e.object_id) for e in written] == [(action, "notification", "A-1")]
