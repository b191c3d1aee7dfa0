"""The partners' answer to a Panel question is kept beside the question (`panel_answer`), so the
Panel reads both where it responds, and the API gives both; an answer is required, on the pages and
through the API, and a new question clears the answer to the old one."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import RapidReview, StatusEvent
from tests import factories
from tests.api.conftest import problem, token_for  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

QUESTION, ANSWER = "Who saw the bruise first?", "The health visitor, on 2 March."


def _review() -> RapidReview:
    return RapidReview.objects.get(notification__ref="N-1")


def _send(actor, day: date, reason=""):
    review = _review()
    return actions.rapid_review_submit(
        actor=actor, rapid_review_id=review.pk, version=review.version, submitted_date=day,
        lcspr_recommended="yes", themes=[], reason=reason,
    )  # fmt: skip


def _ask(actor, question=QUESTION):
    review = _review()
    actions.rapid_review_query(actor=actor, rapid_review_id=review.pk, version=review.version, reason=question)


@pytest.fixture
def answered(actor):
    factories.notification("N-1", actor=actor)
    _send(actor, date(2020, 3, 20))
    _ask(actor)
    _send(actor, timezone.localdate(), reason=f"  {ANSWER}  ")
    return _review()


def test_the_answer_is_kept_beside_the_question(answered):
    assert (answered.panel_query, answered.panel_answer) == (QUESTION, ANSWER)
    event = StatusEvent.objects.filter(to_status="submitted").order_by("-id").first()
    assert event.reason == ANSWER  # the timeline holds the same words


def test_the_panel_reads_its_question_and_the_answer_where_it_responds(answered, people, client):
    client.force_login(people["sam"])
    page = client.get(reverse("panel_response", args=["N-1"])).content.decode()
    assert "The Panel asked" in page and QUESTION in page
    assert "The partners answered" in page and ANSWER in page
    read = client.get(reverse("rapid_review_read", args=["N-1"])).content.decode()
    assert QUESTION in read and ANSWER in read


def test_an_answer_is_required_and_a_new_question_clears_the_old_answer(answered, actor):
    _ask(actor, "And the school?")
    review = _review()
    assert (review.panel_query, review.panel_answer, review.answered_date) == ("And the school?", "", None)
    with pytest.raises(Refused, match="Enter your answer") as refused:
        _send(actor, timezone.localdate(), reason="   ")
    assert refused.value.field == "answer"


def test_the_api_gives_the_answer_and_refuses_a_resubmission_without_one(answered, actor, token_for):  # noqa: F811
    body = token_for("sam").get("/api/v1/notifications/N-1/~/panel-response").json()
    assert (body["panel_answer"], body["answered_date"]) == (ANSWER, timezone.localdate().isoformat())
    _ask(actor, "And the school?")
    sent = token_for("alice").post(
        "/api/v1/notifications/N-1/~/rapid-review/submit",
        {"version": _review().version, "submitted_date": timezone.localdate().isoformat(),
         "lcspr_recommended": "yes", "themes": []},
    )  # fmt: skip
    assert sent.status_code == 422, sent.content
    assert "answer" in str(problem(sent))
    assert _review().status == "queried"
