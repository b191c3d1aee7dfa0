"""A review's recommendations are recorded in the service, so partnerships can act on them.

Before: a published local review showed "No recommendations have been recorded." and no page,
route or command added one, so nothing could be tracked against it. Now the manager of the
review's own partnership (a local review) and the Panel secretariat (any review) add, change and
remove them on the review's page (`learning.record_recommendations`); out of scope is a 404, a
role without the verb a 403; each write is versioned and audited.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from cspr.core.models import AuditEvent
from cspr.learning import actions
from cspr.learning.models import Recommendation, RecommendationAction
from tests.service.personas import PARTNERSHIP_A, PARTNERSHIP_B, personas


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def local_review(add_review):
    """Birmingham's published local review, as publishing it leaves it: no recommendations."""
    return add_review(partnership=PARTNERSHIP_A, recommendations=[])


@pytest.fixture
def national_review(add_review):
    return add_review(review_type="national_review", title="National review: safeguarding infants", recommendations=[])


def _as(client, person):
    client.force_login(person)
    return client


def _answers(**overrides):
    due = timezone.localdate() + timedelta(days=200)
    return {
        "position": "",
        "text": "The partnership should audit how safer sleep advice is repeated after a house move.",
        "owner_agency": "Birmingham Safeguarding Children Partnership",
        "due_date-day": str(due.day),
        "due_date-month": str(due.month),
        "due_date-year": str(due.year),
        "status": "open",
    } | overrides


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_the_partnerships_manager_adds_a_recommendation_on_the_reviews_page(client, people, local_review):
    page = _as(client, people["alice"]).get(f"/learning/reviews/{local_review.pk}/").content.decode()
    assert "No recommendations have been recorded." in page
    assert f"/learning/reviews/{local_review.pk}/recommendations/add/" in page

    assert client.get(f"/learning/reviews/{local_review.pk}/recommendations/add/").status_code == 200
    response = client.post(f"/learning/reviews/{local_review.pk}/recommendations/add/", _answers(position="3"))
    # The page's top, where its success banner shows (tests/learning/test_fixrecpages_recommendation_pages.py).
    assert response.status_code == 302 and response["Location"].endswith(f"/learning/reviews/{local_review.pk}/")
    recommendation = local_review.recommendations.get()
    assert (recommendation.position, recommendation.status) == (3, "open")
    assert recommendation.owner_agency == "Birmingham Safeguarding Children Partnership"
    [event] = _events("learning.recommendation.add")
    assert event.actor == people["alice"] and event.object_id == str(recommendation.pk)

    page = client.get(f"/learning/reviews/{local_review.pk}/").content.decode()
    assert "3. The partnership should audit how safer sleep advice" in page
    assert f"/learning/recommendations/{recommendation.pk}/change/" in page


def test_a_recorded_recommendation_then_accepts_the_partnerships_actions(client, people, local_review):
    _as(client, people["alice"]).post(f"/learning/reviews/{local_review.pk}/recommendations/add/", _answers())
    recommendation = local_review.recommendations.get()
    due = timezone.localdate() + timedelta(days=90)
    response = client.post(
        f"/learning/recommendations/{recommendation.pk}/actions/",
        {
            "description": "Add a safer sleep conversation to every contact after a change of address.",
            "owning_agency": "Birmingham Community Healthcare",
            "owner": "Head of health visiting",
            "due_date-day": str(due.day),
            "due_date-month": str(due.month),
            "due_date-year": str(due.year),
        },
    )
    assert response.status_code == 302
    assert RecommendationAction.objects.get().recommendation == recommendation


def test_the_secretariat_adds_changes_and_removes_any_reviews_recommendations(
    client, people, national_review, add_review
):
    scr = add_review(
        review_type="scr", partnership=PARTNERSHIP_B, title="Child R: serious case review", recommendations=[]
    )
    _as(client, people["sam"])
    for review in (national_review, scr):
        assert client.post(f"/learning/reviews/{review.pk}/recommendations/add/", _answers()).status_code == 302
    recommendation = scr.recommendations.get()
    response = client.post(
        f"/learning/recommendations/{recommendation.pk}/change/",
        _answers(
            version=str(recommendation.version), position="2", status="in_progress", reason="as the report numbers it"
        ),
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.position, recommendation.status, recommendation.version) == (2, "in_progress", 2)
    [event] = _events("learning.recommendation.update")
    assert event.changed_fields["position"] == [1, 2] and event.reason == "as the report numbers it"

    response = client.post(
        f"/learning/recommendations/{recommendation.pk}/remove/",
        {"version": str(recommendation.version), "reason": "Recorded against the wrong review"},
    )
    assert response.status_code == 302
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()
    [event] = _events("learning.recommendation.remove")
    assert event.object_id == str(recommendation.pk) and event.reason == "Recorded against the wrong review"


def test_the_manager_changes_and_removes_their_own_reviews_recommendation(client, people, local_review):
    _as(client, people["alice"]).post(f"/learning/reviews/{local_review.pk}/recommendations/add/", _answers())
    recommendation = local_review.recommendations.get()
    assert client.get(f"/learning/recommendations/{recommendation.pk}/change/").status_code == 200
    response = client.post(
        f"/learning/recommendations/{recommendation.pk}/change/",
        _answers(version="1", text="The partnership should audit safer sleep advice.", status="completed"),
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.status) == (
        "The partnership should audit safer sleep advice.",
        "completed",
    )
    response = client.post(
        f"/learning/recommendations/{recommendation.pk}/remove/", {"version": "2", "reason": "Twice"}
    )
    assert response.status_code == 302 and not local_review.recommendations.exists()


def test_another_partnerships_manager_is_refused_and_its_unpublished_learning_is_not_found(
    client, people, local_review, add_review
):
    unpublished = add_review(partnership=PARTNERSHIP_A, title="Child S: shared, not published", published=False)
    recommendation = unpublished.recommendations.get()
    _as(client, people["bob"])
    assert client.get(f"/learning/reviews/{unpublished.pk}/recommendations/add/").status_code == 404
    assert (
        client.post(f"/learning/recommendations/{recommendation.pk}/change/", _answers(version="1")).status_code == 404
    )
    assert (
        client.post(
            f"/learning/recommendations/{recommendation.pk}/remove/", {"version": "1", "reason": "x"}
        ).status_code
        == 404
    )
    # A published review is everyone's to read, and still Birmingham's to record.
    assert client.post(f"/learning/reviews/{local_review.pk}/recommendations/add/", _answers()).status_code == 403
    assert "Add a recommendation" not in client.get(f"/learning/reviews/{local_review.pk}/").content.decode()
    assert not local_review.recommendations.exists()


@pytest.mark.parametrize("persona", ["agnes", "rita", "ann", "pat", "adam"])
def test_roles_without_the_verb_get_403(client, people, local_review, national_review, persona):
    existing = actions.recommendation_add(actor=people["sam"], review_id=local_review.pk, text="Keep the records.")
    _as(client, people[persona])
    for review in (local_review, national_review):
        assert client.post(f"/learning/reviews/{review.pk}/recommendations/add/", _answers()).status_code == 403
        assert "Add a recommendation" not in client.get(f"/learning/reviews/{review.pk}/").content.decode()
    assert client.get(f"/learning/recommendations/{existing.pk}/change/").status_code == 403
    assert (
        client.post(f"/learning/recommendations/{existing.pk}/remove/", {"version": "1", "reason": "x"}).status_code
        == 403
    )
    assert local_review.recommendations.count() == 1


def test_a_partnerships_manager_does_not_record_a_national_reviews_recommendations(client, people, national_review):
    assert (
        _as(client, people["alice"])
        .post(f"/learning/reviews/{national_review.pk}/recommendations/add/", _answers())
        .status_code
        == 403
    )


def test_errors_name_their_fields(client, people, local_review):
    _as(client, people["alice"])
    url = f"/learning/reviews/{local_review.pk}/recommendations/add/"
    page = client.post(url, _answers(text="", position="x")).content.decode()
    assert 'href="#id_text"' in page and "Enter the recommendation" in page
    assert 'href="#id_position"' in page and "Recommendation number must be a whole number" in page

    client.post(url, _answers(position="4"))
    # The action's refusals, against their fields: a number already used, a due date before the review.
    page = client.post(url, _answers(position="4")).content.decode()
    assert 'href="#id_position"' in page and "Recommendation 4 is already recorded for this review" in page
    page = client.post(url, _answers(**{"due_date-year": "2001"})).content.decode()
    assert "Due date must be the same as or after" in page and "govuk-error-summary" in page
    assert local_review.recommendations.count() == 1


def test_a_stale_change_is_refused_with_someone_else_changed_this(client, people, local_review):
    recommendation = actions.recommendation_add(actor=people["alice"], review_id=local_review.pk, text="Keep records.")
    actions.recommendation_update(
        actor=people["sam"], recommendation_id=recommendation.pk, version=1, status="in_progress"
    )
    page = (
        _as(client, people["alice"])
        .post(f"/learning/recommendations/{recommendation.pk}/change/", _answers(version="1", status="completed"))
        .content.decode()
    )
    assert "Someone else changed this recommendation while you were editing" in page
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"


def test_removal_is_refused_once_actions_are_recorded_against_it(client, people, local_review):
    recommendation = actions.recommendation_add(actor=people["sam"], review_id=local_review.pk, text="Keep records.")
    actions.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=recommendation.pk,
        description="Audit records quarterly.",
        owning_agency="Children's social care",
        owner="Head of quality assurance",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    page = (
        _as(client, people["sam"])
        .post(f"/learning/recommendations/{recommendation.pk}/remove/", {"version": "1", "reason": "Twice"})
        .content.decode()
    )
    assert "Actions are recorded against this recommendation, so it cannot be removed" in page
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()
    assert not _events("learning.recommendation.remove")
