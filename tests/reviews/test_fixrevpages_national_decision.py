"""The page a missing regulation 3 decision links to says it records that decision, and the publish
page's error state lists each case once.

A review started with cases A and B listed (no decisions yet), commissioned by ron's appointment.
The publish page links to `…/cases/new/?notification=X` for each case without a decision: that page
used to read "Take a case into this national review", for a case the review already gathers.
"""

import re

import pytest
from django.urls import reverse

from tests.reviews.test_fixnational_publish_needs_decisions import _listed_and_commissioned

pytestmark = pytest.mark.django_db

DECIDE = "Record the Panel&#39;s regulation 3 decision"


def title_h1_button(html: str) -> tuple[str, str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    button = re.search(r'<button[^>]*class="govuk-button[" ][^>]*>(.*?)</button>', html, re.S).group(1)
    return tuple(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", part)).strip() for part in (title, h1, button))


@pytest.fixture
def sam(people, client):
    client.force_login(people["sam"])
    return client


def test_the_decision_link_opens_a_page_that_records_the_decision(people, cases, sam):
    review = _listed_and_commissioned(people, cases, topic="SUDI")
    url = reverse("national_review_take_case", args=[review.pk]) + "?notification=B-1"
    title, h1, button = title_h1_button(sam.get(url).content.decode())
    assert title.startswith(f"{DECIDE} on case B-1")
    assert h1 == f"{DECIDE} on case B-1"
    assert button == DECIDE
    # Sent with an answer missing, it still says so.
    again = sam.post(url, {"ref": "B-1", "version": str(review.version)}).content.decode()
    assert title_h1_button(again)[1] == f"{DECIDE} on case B-1"


def test_a_case_not_in_the_review_is_still_taken_into_it(people, cases, sam):
    review = _listed_and_commissioned(people, cases, refs=("A",), topic="SUDI")
    for url in ("", "?notification=B-1"):
        html = sam.get(reverse("national_review_take_case", args=[review.pk]) + url).content.decode()
        assert title_h1_button(html)[1:] == ("Take a case into this national review", "Take the case into the review")


def test_pressing_publish_regardless_lists_each_case_once(people, cases, sam):
    review = _listed_and_commissioned(people, cases, topic="SUDI")
    response = sam.post(
        reverse("national_review_publish", args=[review.pk]),
        {"published_date-day": "2", "published_date-month": "11", "published_date-year": "2020", "version": "2"},
    )
    html = response.content.decode()
    take_case = reverse("national_review_take_case", args=[review.pk])
    for ref in ("A-1", "B-1"):
        assert html.count(f'href="{take_case}?notification={ref}"') == 1, ref
    # Before the press (no error summary) the page body lists them.
    listed = sam.get(reverse("national_review_publish", args=[review.pk])).content.decode()
    assert listed.count(f'href="{take_case}?notification=A-1"') == 1
    assert "govuk-error-summary" not in listed
