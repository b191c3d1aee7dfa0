"""The API's panel response says a case the Panel took into a national review is in one."""

import pytest

from cspr.reviews import actions
from tests.reviews.national import take, topic

pytestmark = pytest.mark.django_db


def test_the_panel_response_says_yes_once_the_case_is_taken_into_a_national_review(cases, people, token_for):
    api = token_for("alice")
    assert api.get("/api/v1/notifications/A-1/~/panel-response").json()["national_review"] == "unknown"
    review = actions.national_review_create(
        actor=people["sam"], title="The myth of invisible men", programme_topic_id=topic(people).pk
    )
    take(people, review, cases["A"])
    assert api.get("/api/v1/notifications/A-1/~/panel-response").json()["national_review"] == "yes"
