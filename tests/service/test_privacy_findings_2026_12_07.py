"""A privacy review's findings of 2026-12-07, each held to its fix.

- Search results that show a case-linked or unpublished review's title and text are a read of
  that record, audited as opening the review is (filed under the case when it has one).
- Operator commands that print case data (`cspr learning search`, `cspr learning similar
  --notification`, `cspr deadlines`) record the read under their system actor.
- A sign-in lockout holds for every casing of the username, and the casings share one count.
- Pages, exports and API answers for signed-in people are never cached (`private, no-store`).
"""

import datetime as dt
import io

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cspr.core import audit
from cspr.core.models import AuditEvent
from cspr.documents import actions as documents
from cspr.learning import actions as learning
from cspr.learning.ingest import parse_metadata
from tests.api.conftest import token_for  # noqa: F401 (the fixture, by name)
from tests.documents import files
from tests.learning.documents import metadata
from tests.service.personas import PASSWORD

pytestmark = pytest.mark.django_db
LISTED = "learning.review.list"


def add_review(actor, *, title: str, published: bool, case=None):
    meta, errors = parse_metadata(
        metadata(
            title=title,
            published=published,
            partnership="birmingham",
            learning_summary="Zebracorn: the mother disclosed domestic abuse to the GP in March.",
        )
    )
    assert not errors, errors
    review = learning.review_add(actor=actor, metadata=meta)
    if case is not None:
        review = learning.review_link_notification(
            actor=actor, review_id=review.pk, version=None, notification_id=case.pk
        )
    return review


@pytest.fixture
def reviews(people, cases):
    """A review linked to case A, unpublished learning with no case, and a public published review."""
    sam = people["sam"]
    return {
        "linked": add_review(sam, title="Child A-1 unpublished review", published=False, case=cases["A"]),
        "unpublished": add_review(sam, title="Shared learning, not published", published=False),
        "public": add_review(sam, title="A published review", published=True),
    }


def new_events(since: int):
    return list(AuditEvent.objects.filter(id__gt=since).order_by("id"))


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- 1. Search results of learning that is part of a child's record ---------------------------------


def test_search_results_showing_case_learning_are_read_events_on_the_case_and_the_review(reviews, people, client_for):
    sam = client_for(people["sam"])
    before = last_id()
    page = sam.get(reverse("learning_search") + "?q=zebracorn").content.decode()
    assert "Child A-1 unpublished review" in page and "A published review" in page
    seen = {(e.action, e.object_type, e.object_id): e.changed_fields for e in new_events(before)}
    assert seen == {
        (LISTED, "notification", "A-1"): {"page": "learning_search", "reviews": [reviews["linked"].pk]},
        (LISTED, "publishedreview", str(reviews["unpublished"].pk)): {
            "page": "learning_search",
            "reviews": [reviews["unpublished"].pk],
        },
    }
    # The case's "who saw this record" report lists it.
    report = client_for(people["adam"]).get(reverse("access_report", args=["A-1"])).content.decode()
    assert LISTED in report


def test_search_results_of_public_reviews_only_write_no_event(reviews, people, client_for):
    before = last_id()
    page = client_for(people["sam"]).get(reverse("learning_search") + '?q="A published review"').content.decode()
    assert "A published review" in page and "Child A-1" not in page
    assert [e.action for e in new_events(before)] == []


# --- 2. Operator commands that print case data --------------------------------------------------------


def run(*args) -> tuple[str, list]:
    before, out = last_id(), io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue(), new_events(before)


def test_cspr_learning_search_records_the_case_learning_it_printed(reviews):
    output, events = run("learning", "search", "zebracorn")
    assert "Child A-1 unpublished review" in output
    filed = {(e.object_type, e.object_id): e.changed_fields for e in events}
    assert {e.action for e in events} == {LISTED} and {e.actor.username for e in events} == {"system:learning"}
    assert filed == {
        ("notification", "A-1"): {"command": "learning search", "reviews": [reviews["linked"].pk]},
        ("publishedreview", str(reviews["unpublished"].pk)): {
            "command": "learning search",
            "reviews": [reviews["unpublished"].pk],
        },
    }


def test_cspr_learning_similar_for_a_case_records_the_read_of_that_case(reviews):
    output, events = run("learning", "similar", "--notification", "A-1")
    assert "Child A-1 unpublished review" in output
    case = [e for e in events if (e.object_type, e.object_id) == ("notification", "A-1")]
    assert len(case) == 1 and case[0].action == LISTED and case[0].actor.username == "system:learning"
    assert case[0].changed_fields["command"] == "learning similar"
    assert reviews["linked"].pk in case[0].changed_fields["reviews"]


def test_cspr_deadlines_records_one_read_naming_the_cases_listed(cases):
    output, events = run("deadlines")
    assert "A-1" in output
    [event] = events
    assert (event.action, event.object_type, event.actor.username) == (
        audit.CASES_LISTED,
        "deadlines",
        "system:deadlines",
    )
    assert event.changed_fields["command"] == "deadlines" and "A-1" in event.changed_fields["refs"]


# --- 3. One lockout for every casing of a username ----------------------------------------------------

LOGIN = "/accounts/login/"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def fresh_cache():
    cache.clear()  # allauth's own limit lives in the cache
    yield
    cache.clear()


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"login": username, "password": password})


def test_failures_under_any_casing_count_towards_one_lockout(people, fresh_cache):
    client = Client()
    for variant in ["alice", "Alice", "ALICE", "aLice", " alIce"]:
        response = sign_in(client, variant, "wrong password")
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("alice", 5)]


def test_a_locked_out_username_is_refused_in_another_casing_with_the_right_password(people, fresh_cache):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            response = sign_in(client, "alice", "wrong password")
        assert response.status_code == 429
        clock.shift(dt.timedelta(minutes=6))  # allauth's own 5-minute limit has passed; axes' 30 minutes have not
        assert sign_in(client, "Alice").status_code == 429
        assert sign_in(client, "ALICE").status_code == 429


def test_sign_in_still_takes_the_username_in_any_casing_when_not_locked_out(people, fresh_cache):
    assert sign_in(Client(), "Alice").url == reverse("mfa_authenticate")


# --- 4. Nothing a signed-in person sees is kept in a cache --------------------------------------------


def never_cached(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store", "no-cache"} <= directives


def test_the_case_page_and_the_csv_export_are_never_cached(cases, people, client_for):
    alice = client_for(people["alice"])
    for url in [reverse("notification_detail", args=["A-1"]), reverse("notification_list_csv")]:
        response = alice.get(url)
        assert response.status_code == 200 and never_cached(response), (url, response.get("Cache-Control"))


def test_an_api_read_is_never_cached(cases, token_for):  # noqa: F811 (the imported fixture, by name)
    response = token_for("alice", scopes="read").get("/api/v1/notifications/A-1")
    assert response.status_code == 200 and never_cached(response), response.get("Cache-Control")


def test_a_view_s_own_cache_control_is_kept_and_anonymous_pages_are_left_alone(cases, people, client_for):
    document = documents.case_document_attach(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        kind="other",
        upload_name="n.pdf",
        data=files.pdf(),
    )
    download = client_for(people["alice"]).get(reverse("document_download", args=["A-1", document.pk]))
    assert download["Cache-Control"] == "private, no-store"  # ADR 0019, as the view set it
    assert not Client().get(reverse("healthz")).has_header("Cache-Control")
