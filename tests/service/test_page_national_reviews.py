"""The Panel's national reviews: list, create, commission, publish (Given/When/Then)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cspr.reviews import actions
from cspr.reviews.models import NationalReview

pytestmark = pytest.mark.django_db


def given_i_am_signed_in_as(client_for, person):
    return client_for(person)


def dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def errors_on(response) -> str:
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary.group(0))) if summary else "(no error summary)"


def then_i_see_a_validation_error(response, message: str, field_id: str | None = None):
    assert response.status_code == 200
    assert message in errors_on(response), errors_on(response)
    if field_id:
        assert f'href="#{field_id}"' in response.content.decode()


def test_the_secretariat_creates_commissions_and_publishes_a_national_review(cases, people, client_for):
    sam = given_i_am_signed_in_as(client_for, people["sam"])
    assert "There are no national reviews yet" in sam.get(reverse("national_review_list")).content.decode()
    then_i_see_a_validation_error(
        sam.post(reverse("national_review_create"), {"title": "", "topic": "SUDI", "refs": "A-1\nNOPE-9"}),
        "Enter the title of the national review",
        "id_title",
    )
    then_i_see_a_validation_error(
        sam.post(
            reverse("national_review_create"), {"title": "Out of routine", "topic": "SUDI", "refs": "A-1\nNOPE-9"}
        ),
        "There is no notification with the reference NOPE-9",
        "id_refs",
    )
    response = sam.post(
        reverse("national_review_create"), {"title": "Out of routine", "topic": "SUDI", "refs": "A-1, B-1"}
    )
    review = NationalReview.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("national_review_detail", args=[review.pk])
    page = sam.get(response["Location"]).content.decode()
    assert "Out of routine" in page and "A-1" in page and "B-1" in page and "Proposed" in page

    publish = sam.get(reverse("national_review_publish", args=[review.pk])).content.decode()
    assert "Record when it was commissioned first" in publish
    commission = reverse("national_review_commission", args=[review.pk])
    response = sam.post(commission, {**dated("commissioned_date", date(2020, 5, 1)), "version": 1})
    assert response.status_code == 302
    response = sam.post(
        reverse("national_review_publish", args=[review.pk]),
        {**dated("published_date", date(2020, 4, 1)), "version": 2},
    )
    # Neither case listed at the start has the Panel's regulation 3 decision: each is named, with its form.
    take_case = reverse("national_review_take_case", args=[review.pk])
    then_i_see_a_validation_error(response, "Record the Panel&#39;s regulation 3 decision on case A-1")
    assert f'href="{take_case}?notification=B-1"' in response.content.decode()
    for version, ref in ((2, "A-1"), (3, "B-1")):  # each decision is a change to the review
        answers = {"ref": ref, "criteria": "recurrent_themes", "reasons": "A recurrent pattern", "version": version}
        assert sam.post(take_case, {**answers, **dated("decided_date", date(2020, 5, 1))}).status_code == 302
    response = sam.post(
        reverse("national_review_publish", args=[review.pk]),
        {**dated("published_date", date(2020, 4, 1)), "version": 4},
    )
    then_i_see_a_validation_error(response, "A national review cannot be published before it was commissioned")
    response = sam.post(
        reverse("national_review_publish", args=[review.pk]),
        {**dated("published_date", date(2020, 7, 14)), "version": 4},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.commissioned_date, review.published_date) == (
        "published",
        date(2020, 5, 1),
        date(2020, 7, 14),
    )
    listing = sam.get(reverse("national_review_list")).content.decode()
    assert "Out of routine" in listing and "Published" in listing


def test_a_panel_member_reads_national_reviews_but_does_not_manage_them(cases, people, client_for):
    review = actions.national_review_create(actor=people["sam"], title="It was hard to escape", topic="Exploitation")
    pat = given_i_am_signed_in_as(client_for, people["pat"])
    page = pat.get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert "It was hard to escape" in page and "Record that it was commissioned" not in page
    assert pat.post(reverse("national_review_commission", args=[review.pk]), {"version": 1}).status_code == 403
    assert client_for(people["alice"]).get(reverse("national_review_detail", args=[review.pk])).status_code == 404
