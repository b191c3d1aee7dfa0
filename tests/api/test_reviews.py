"""A case's reviews through the API: the same actions, permissions and locking as the pages."""

import pytest

from cspr.core.models import AuditEvent
from cspr.reviews.models import RapidReview
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db


def test_the_partners_save_their_rapid_review_narrative_and_themes(cases, token_for):
    api = token_for("bob")
    review = cases["B"].rapid_review
    response = api.put(
        "/api/v1/notifications/B-1/~/rapid-review",
        {"version": review.version, "facts": "What each agency knew", "themes": ["daily_life"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["facts"] == "What each agency knew" and response.json()["themes"] == ["daily_life"]
    assert AuditEvent.objects.filter(action="rapid_review.save", actor=api.token.user).exists()


def test_a_stale_rapid_review_save_answers_409_with_the_current_review(cases, token_for):
    api = token_for("bob")
    version = cases["B"].rapid_review.version
    api.put("/api/v1/notifications/B-1/~/rapid-review", {"version": version, "facts": "first"})
    body = problem(api.put("/api/v1/notifications/B-1/~/rapid-review", {"version": version, "facts": "second"}))
    assert body["status"] == 409 and body["current"]["facts"] == "first"
    assert body["current"]["version"] == version + 1


def test_the_partnership_manager_submits_the_rapid_review(cases, token_for):
    api = token_for("bob")
    response = api.post(
        "/api/v1/notifications/B-1/~/rapid-review/submit",
        {
            "version": cases["B"].rapid_review.version,
            "submitted_date": "2020-03-20",
            "lcspr_recommended": "no",
            "themes": [],
        },
    )
    assert response.status_code == 200, response.content
    assert RapidReview.objects.get(notification=cases["B"]).status == "submitted"
    panel = token_for("bob").get("/api/v1/notifications/B-1/~/panel-response").json()
    assert panel["rapid_review_status"] == "submitted" and panel["panel_response_date"] is None


def test_a_submission_date_is_checked_in_the_standards_words(cases, token_for):
    body = problem(
        token_for("bob").post(
            "/api/v1/notifications/B-1/~/rapid-review/submit",
            {"version": 1, "submitted_date": "2020-13-01", "lcspr_recommended": "no", "themes": []},
        )
    )
    assert body["errors"] == [{"field": "submitted_date", "message": "'2020-13-01' is not a real date"}]


def test_an_agency_user_may_save_but_not_submit(cases, people, token_for):
    body = problem(
        token_for("agnes").post(
            "/api/v1/notifications/A-1/~/rapid-review/submit",
            {"version": 1, "submitted_date": "2020-03-20", "lcspr_recommended": "no", "themes": []},
        )
    )
    assert body["status"] == 403


def test_the_rapid_review_is_read_and_audited(cases, token_for):
    api = token_for("alice")
    assert api.get("/api/v1/notifications/A-1/~/rapid-review").json()["status"] == "submitted"
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.changed_fields) == (
        "notification.view",
        "A-1",
        {"page": "api:rapid_review"},
    )


def test_the_lcspr_milestone_and_publication_are_recorded(cases, token_for):
    api = token_for("alice")
    lcspr = api.get("/api/v1/notifications/A-1/~/lcspr").json()
    assert lcspr["status"] == "commissioned"
    response = api.post(
        "/api/v1/notifications/A-1/~/lcspr/milestones",
        {"version": lcspr["version"], "kind": "terms_of_reference", "completed_date": "2020-05-01"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["milestones"] == [{"kind": "terms_of_reference", "completed_date": "2020-05-01", "note": ""}]
    publication = {"published_date": "2020-09-01", "title": "Child A: a local review",
                   "final_report_url": "https://www.example.org.uk/child-a"}  # fmt: skip
    refused = problem(
        api.post(
            "/api/v1/notifications/A-1/~/lcspr/publish", {"version": response.json()["version"], **publication}
        )
    )
    assert refused["status"] == 422 and "final report" in refused["detail"]


def test_the_final_report_is_sent_and_publication_joins_the_learning_repository(cases, token_for):
    from cspr.learning.models import PublishedReview

    api = token_for("alice")
    lcspr = api.get("/api/v1/notifications/A-1/~/lcspr").json()
    sent = api.post(
        "/api/v1/notifications/A-1/~/lcspr/final-report",
        {"version": lcspr["version"], "final_report_date": "2020-08-20"},
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["final_report_date"] == "2020-08-20"
    outstanding = problem(
        api.post(
            "/api/v1/notifications/A-1/~/lcspr/publish",
            {"version": sent.json()["version"], "published_date": "2020-09-01", "title": "Child A: a local review",
             "final_report_url": "https://www.example.org.uk/child-a"},
        )  # fmt: skip
    )
    assert outstanding["status"] == 422 and "milestones" in outstanding["detail"]
    published = api.post(
        "/api/v1/notifications/A-1/~/lcspr/publish",
        {"version": sent.json()["version"], "published_date": "2020-09-01", "title": "Child A: a local review",
         "final_report_url": "https://www.example.org.uk/child-a", "outstanding_reason": "Published on time."},
    )  # fmt: skip
    assert published.status_code == 200, published.content
    assert published.json()["published_date"] == "2020-09-01"
    review = PublishedReview.objects.get(title="Child A: a local review")
    assert review.notification.ref == "A-1" and review.source_url == "https://www.example.org.uk/child-a"


def test_a_case_without_an_lcspr_has_none_to_read(cases, token_for):
    assert problem(token_for("bob").get("/api/v1/notifications/B-1/~/lcspr"))["status"] == 404


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/notifications/A-1/~/children", None),
        ("get", "/api/v1/notifications/A-1/~/rapid-review", None),
        ("put", "/api/v1/notifications/A-1/~/rapid-review", {"version": 1}),
        (
            "post",
            "/api/v1/notifications/A-1/~/rapid-review/submit",
            {"version": 1, "submitted_date": "2020-03-20", "lcspr_recommended": "no", "themes": []},
        ),
        ("get", "/api/v1/notifications/A-1/~/panel-response", None),
        ("get", "/api/v1/notifications/A-1/~/lcspr", None),
        (
            "post",
            "/api/v1/notifications/A-1/~/lcspr/milestones",
            {"version": 1, "kind": "draft_report", "completed_date": "2020-05-01"},
        ),
        ("post", "/api/v1/notifications/A-1/~/lcspr/final-report", {"version": 1, "final_report_date": "2020-05-01"}),
        (
            "post",
            "/api/v1/notifications/A-1/~/lcspr/publish",
            {"version": 1, "published_date": "2020-05-01", "title": "T", "final_report_url": "https://example.org/r"},
        ),
        ("patch", "/api/v1/notifications/A-1", {"version": 1, "reason": "x", "changes": {"domestic_abuse": "no"}}),
    ],
)
def test_every_resource_of_another_partnerships_case_is_not_found(cases, token_for, method, path, body):
    api = token_for("bob")
    before = AuditEvent.objects.count()
    response = getattr(api, method)(path, body) if body is not None else api.get(path)
    assert problem(response)["status"] == 404
    assert AuditEvent.objects.count() == before
