"""The re-send page words an answer dated before the Panel's question as GOV.UK does, like the field's
other errors; the API keeps the action's own words (domain/rapid_review_dates.py).

A-2 (alice's partnership) was sent to the Panel on 20 March 2020 and queried by the Panel today.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.domain.dates import long_date
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import StatusEvent
from tests import factories
from tests.reviews.test_fixrrdates_sent_dates import NARRATIVE, _dated, _review

pytestmark = pytest.mark.django_db

URL = reverse("rapid_review_submit", args=["A-2"])


@pytest.fixture
def alice(cases, people, client, actor):
    factories.notification("A-2")
    client.force_login(people["alice"])
    client.post(reverse("rapid_review_edit", args=["A-2"]), {**NARRATIVE, "version": 1})
    assert client.post(URL, {**_dated("submitted_date", date(2020, 3, 20)), "version": 2}).status_code == 302
    review = _review("A-2")
    actions.rapid_review_query(actor=actor, rapid_review_id=review.pk, version=review.version, reason="Who knew?")
    return client


def asked() -> date:
    return timezone.localtime(StatusEvent.objects.get(to_status="queried").at).date()


def test_an_answer_before_the_question_reads_as_the_fields_other_errors(alice):
    page = alice.post(URL, {**_dated("submitted_date", date(2020, 3, 19)), "answer": "The GP.", "version": 4})
    assert page.status_code == 200
    html = page.content.decode().replace("&#39;", "'")
    expected = (
        "Date your answer was sent to the Panel must be the same as or after the date the Panel asked its "
        f"question ({long_date(asked())})"
    )
    assert html.count(expected) == 2, "in the error summary and on the field"
    assert "An answer cannot be sent before" not in html
    assert _review("A-2").status == "queried"
    # The field's other limit keeps its own words.
    future = alice.post(URL, {**_dated("submitted_date", asked() + timedelta(days=1)), "answer": "x", "version": 4})
    assert "Date your answer was sent to the Panel must be today or in the past" in future.content.decode()


def test_the_action_keeps_its_own_words_for_the_api_and_the_import(alice, actor):
    review = _review("A-2")
    with pytest.raises(Refused) as refused:
        actions.rapid_review_submit(
            actor=actor,
            rapid_review_id=review.pk,
            version=review.version,
            submitted_date=date(2020, 3, 19),
            lcspr_recommended="yes",
            themes=[],
            reason="The GP.",
        )
    assert (
        refused.value.message == f"an answer cannot be sent before the Panel asked its question ({long_date(asked())})"
    )
