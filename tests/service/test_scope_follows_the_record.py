"""Reads that followed a relation past the person's scope, each closed (a review of the views, 2026-12-07).

- An action on a recommendation is seen only while its recommendation is: when the Panel
  moves a case to another partnership, unpublished learning from it goes with the case, and
  the old partnership's actions on it no longer show it (page, list and dashboard).
- The page of one action writes the review's read, as the recommendation's other pages do.
- The notification page lists only the national reviews the person may see.
- A partnership the case is only shared with gets the same 403 for any document id.
"""

from datetime import date

import pytest
from django.urls import reverse

from cspr.cases import actions as case_actions
from cspr.core.models import AuditEvent
from cspr.learning import actions as learning_actions
from cspr.learning.context_processors import overdue_follow_up
from cspr.learning.ingest import parse_metadata
from cspr.learning.models import PublishedReview, RecommendationAction
from cspr.reviews import actions as review_actions
from tests.learning.documents import metadata
from tests.service.personas import PARTNERSHIP_B

pytestmark = pytest.mark.django_db


def _learning_from(case, people, *, published: bool):
    """A review of case `case`'s partnership, linked to the case, with one action of alice's on its recommendation."""
    meta, errors = parse_metadata(metadata(title="Learning from A-1", partnership="birmingham", published=published))
    assert not errors
    review = learning_actions.review_add(actor=people["sam"], metadata=meta)
    PublishedReview.objects.filter(pk=review.pk).update(notification=case)
    recommendation = review.recommendations.get()
    action = learning_actions.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=recommendation.pk,
        description="Train the front door team",
        owning_agency="Health",
        owner="Head of safeguarding",
        due_date=date(2021, 1, 31),  # long past: the dashboard lists it as overdue
    )
    return recommendation, action


def _move_to_the_city_of_london(case, people):
    """The Panel secretariat corrects the case's local authority, which gives it to another partnership."""
    case_actions.notification_amend(
        actor=people["sam"],
        notification_id=case.pk,
        version=None,
        changes={"la_code": "E09000001"},
        reason="The child lived in the City of London",
    )


def test_an_action_goes_out_of_sight_with_the_unpublished_learning_when_the_case_moves(cases, people, client_for):
    recommendation, action = _learning_from(cases["A"], people, published=False)
    alice = people["alice"]
    assert RecommendationAction.objects.visible_to(alice).filter(pk=action.pk).exists()
    assert [a.pk for a in overdue_follow_up(alice)] == [action.pk]

    _move_to_the_city_of_london(cases["A"], people)

    client = client_for(alice)
    assert client.get(reverse("learning_recommendation_detail", args=[recommendation.pk])).status_code == 404
    assert client.get(reverse("learning_recommendation_action", args=[action.pk])).status_code == 404
    assert "Learning from A-1" not in client.get(reverse("learning_follow_up")).content.decode()
    assert overdue_follow_up(alice) == []
    # The partnership the case moved to sees the learning, but not alice's partnership's action;
    # the Panel still sees every partnership's.
    assert not RecommendationAction.objects.visible_to(people["bob"]).filter(pk=action.pk).exists()
    assert RecommendationAction.objects.visible_to(people["sam"]).filter(pk=action.pk).exists()


def test_published_learning_keeps_its_actions_in_sight_when_the_case_moves(cases, people, client_for):
    recommendation, action = _learning_from(cases["A"], people, published=True)
    _move_to_the_city_of_london(cases["A"], people)
    assert client_for(people["alice"]).get(reverse("learning_recommendation_action", args=[action.pk])).status_code == 200


def test_the_page_of_one_action_records_the_read_of_the_cases_learning(cases, people, client_for):
    recommendation, action = _learning_from(cases["A"], people, published=True)
    client = client_for(people["alice"])
    before = AuditEvent.objects.filter(action="learning.review.view").count()
    page = client.get(reverse("learning_recommendation_action", args=[action.pk]))
    assert page.status_code == 200 and recommendation.text[:30] in page.content.decode()
    event = AuditEvent.objects.filter(action="learning.review.view").order_by("pk").last()
    assert AuditEvent.objects.filter(action="learning.review.view").count() == before + 1
    assert (event.actor_id, event.object_type, event.object_id) == (people["alice"].pk, "notification", "A-1")


def test_the_notification_page_lists_only_the_national_reviews_the_person_may_see(cases, people, client_for):
    national = review_actions.national_review_create(
        actor=people["sam"], title="Out of routine", topic="Sudden unexpected infant death", notification_ids=[cases["A"].pk]
    )
    rita = people["rita"]  # reviews case A's local review; not appointed to the national review
    client = client_for(rita)
    assert client.get(reverse("national_review_detail", args=[national.pk])).status_code == 404
    page = client.get(reverse("notification_detail", args=["A-1"]))
    assert page.status_code == 200
    assert "Out of routine" not in page.content.decode()
    # alice, whose case it gathers, sees it listed there.
    assert "Out of routine" in client_for(people["alice"]).get(reverse("notification_detail", args=["A-1"])).content.decode()


def test_a_partnership_the_case_is_shared_with_cannot_tell_which_documents_it_holds(cases, people, client_for, settings):
    from cspr.documents.actions import case_document_attach

    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    case_actions.case_share(
        actor=people["alice"], notification_id=cases["A"].pk, partnership_id=PARTNERSHIP_B, reason="The home authority"
    )
    document = case_document_attach(
        actor=people["alice"], notification_id=cases["A"].pk, kind="other", upload_name="note.txt", data=b"a note\n"
    )
    client = client_for(people["bob"])
    assert client.get(reverse("document_download", args=["A-1", document.pk])).status_code == 403
    assert client.get(reverse("document_download", args=["A-1", document.pk + 1000])).status_code == 403
