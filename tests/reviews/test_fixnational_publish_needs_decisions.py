"""A national review is published only once each case it gathers has the Panel's regulation 3 decision.

A case joins a review without a decision when it is listed as the review starts (as "A new national
review" from the Panel's response does) or added from its page; the review's page then offers "Record
the Panel's decision". A published review takes no decision, so publishing one with a case undecided
left that case without one for good, and gave no warning. Now the action refuses, naming each case,
and the publish page lists them, each linking to the form that records its decision.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from cspr.core import audit
from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import NationalReview, WorkProgrammeTopic
from tests.reviews.national import pool, take, topic

pytestmark = pytest.mark.django_db


def _listed_and_commissioned(people, cases, refs=("A", "B"), **where):
    """A review that started with `refs` listed (no decisions), commissioned by ron's appointment."""
    made = actions.national_review_create(
        actor=people["sam"], title="Out of routine", notification_ids=[cases[r].pk for r in refs], **where
    )
    pool(people)
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=made.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    return NationalReview.objects.get(pk=made.pk)


def _publish(people, review):
    return actions.national_review_publish(
        actor=people["sam"], national_review_id=review.pk, version=None, published_date=date(2020, 11, 2)
    )


def _summary(html: str) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return found.group(0) if found else ""


def test_publishing_is_refused_naming_each_case_without_a_decision(people, cases):
    review = _listed_and_commissioned(people, cases, topic="SUDI")
    take(people, review, cases["A"])  # only B is left undecided
    with pytest.raises(Refused) as refused:
        _publish(people, review)
    assert refused.value.field is None
    assert refused.value.message == (
        "record the Panel's regulation 3 decision on case B-1 before recording that the national review was published"
    )
    review.refresh_from_db()
    assert (review.status, review.published_date) == ("commissioned", None)
    assert not AuditEvent.objects.filter(action="national_review.publish").exists()


def test_the_refusal_names_every_undecided_case_in_order(people, cases):
    review = _listed_and_commissioned(people, cases, topic="SUDI")
    with pytest.raises(Refused) as refused:
        _publish(people, review)
    assert "on cases A-1, B-1 before" in refused.value.message


def test_once_each_case_has_its_decision_the_review_is_published(people, cases):
    review = _listed_and_commissioned(people, cases, topic="SUDI")
    take(people, review, cases["A"])
    take(people, review, cases["B"], criteria=["recurrent_themes"])
    assert _publish(people, review).status == "published"


def test_the_publish_page_lists_the_cases_to_decide_each_linking_to_its_form(people, cases, client):
    review = _listed_and_commissioned(people, cases, topic="SUDI")
    take(people, review, cases["A"])
    client.force_login(people["sam"])
    sam = client
    url = reverse("national_review_publish", args=[review.pk])
    before = AuditEvent.objects.count()
    page = sam.get(url).content.decode()
    record_b = reverse("national_review_take_case", args=[review.pk]) + "?notification=B-1"
    assert f'href="{record_b}"' in page
    assert "Record the Panel&#39;s regulation 3 decision on case B-1" in page
    assert "on case A-1" not in page
    assert 'name="published_date-day"' not in page  # no date to fill in for nothing
    # The page names a case: one audited list, naming it.
    [event] = AuditEvent.objects.filter(id__gt=0).order_by("-id")[: AuditEvent.objects.count() - before]
    assert (event.action, event.changed_fields["refs"]) == (audit.CASES_LISTED, ["B-1"])


def test_pressing_publish_regardless_shows_each_case_in_the_error_summary(people, cases, client):
    """A publish page kept open from before the case joined: the press is refused, the summary links to the form."""
    review = _listed_and_commissioned(people, cases, topic="SUDI")
    client.force_login(people["sam"])
    sam = client
    response = sam.post(
        reverse("national_review_publish", args=[review.pk]),
        {"published_date-day": "2", "published_date-month": "11", "published_date-year": "2020", "version": "2"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<title>Error: ") == 1
    summary = _summary(html)
    take_case = reverse("national_review_take_case", args=[review.pk])
    for ref in ("A-1", "B-1"):
        assert f'href="{take_case}?notification={ref}"' in summary
        assert f"Record the Panel&#39;s regulation 3 decision on case {ref}" in summary
    review.refresh_from_db()
    assert review.status == "commissioned"
    # ... and the review's page still offers to record them.
    detail = sam.get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert 'aria-label="Record the Panel\'s decision on A-1"' in detail and "Not recorded" not in detail


def test_the_publish_page_publishes_once_every_case_is_decided(people, cases, client):
    review = _listed_and_commissioned(people, cases, refs=("A",), topic="SUDI")
    take(people, review, cases["A"])
    review.refresh_from_db()
    client.force_login(people["sam"])
    sam = client
    url = reverse("national_review_publish", args=[review.pk])
    assert 'name="published_date-day"' in sam.get(url).content.decode()
    response = sam.post(
        url,
        {
            "published_date-day": "2",
            "published_date-month": "11",
            "published_date-year": "2020",
            "version": str(review.version),
        },
    )
    assert response.status_code == 302
    assert NationalReview.objects.get(pk=review.pk).status == "published"


def test_under_a_topic_closed_before_the_rule_a_gathered_case_still_gains_its_decision(people, cases, client):
    """Else the review could be neither published (a case undecided) nor given the decision (a closed topic)."""
    made = topic(people)
    review = _listed_and_commissioned(people, cases, refs=("A",), programme_topic_id=made.pk)
    WorkProgrammeTopic.objects.filter(pk=made.pk).update(status="withdrawn")  # as older data holds it
    client.force_login(people["sam"])
    detail = client.get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert 'aria-label="Record the Panel\'s decision on A-1"' in detail
    take(people, review, cases["A"])
    # A new case is still refused under the closed topic.
    with pytest.raises(Refused) as refused:
        take(people, review, cases["B"])
    assert refused.value.field == "programme_topic"
    assert _publish(people, review).status == "published"
