"""The page that ends a reviewer's appointment to a national review (reg 5(2)), linked from the review's page."""

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from tests.reviews.national import appointed_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(people, cases):
    return appointed_review(people, cases)


def _form(review, reason):
    return {"version": review.version, "ended_date-day": "1", "ended_date-month": "7", "ended_date-year": "2020"} | {
        "reason": reason
    }


def test_the_secretariat_ends_an_appointment_from_the_reviews_page(people, review, client):
    url = reverse("national_review_remove_reviewer", args=[review.pk, people["ron"].pk])
    detail = reverse("national_review_detail", args=[review.pk])
    client.force_login(people["pat"])  # a Panel member reads the review but is offered no removal
    assert url not in client.get(detail).content.decode()
    client.force_login(people["sam"])
    assert url in client.get(detail).content.decode()
    page = client.post(url, _form(review, "   "))
    assert page.status_code == 200 and "Enter why the appointment" in page.content.decode()
    page = client.post(url, _form(review, "Conflict\x01"))
    assert "must not contain invisible control characters" in page.content.decode()
    assert client.post(url, _form(review, "Declared a new interest")).status_code == 302
    assert not review.appointments.exists()
    assert AuditEvent.objects.get(action="national_review.remove_reviewer").reason == "Declared a new interest"
    client.force_login(people["ron"])
    assert client.get(detail).status_code == 404


def test_an_ended_appointment_stays_on_the_reviews_page_and_only_the_panel_reads_why(people, review, client):
    client.force_login(people["sam"])
    url = reverse("national_review_remove_reviewer", args=[review.pk, people["ron"].pk])
    assert client.post(url, _form(review, "Declared a new interest")).status_code == 302
    detail = reverse("national_review_detail", args=[review.pk])
    name = people["ron"].get_full_name() or people["ron"].username
    page = client.get(detail).content.decode()
    assert "Appointments ended" in page
    assert f"{name} (confirmed 4 May 2020, ended 1 July 2020: Declared a new interest)" in page
    assert "None appointed yet" in page
    client.force_login(people["pat"])  # a Panel member reads the review, not why the appointment ended
    page = client.get(detail).content.decode()
    assert f"{name} (confirmed 4 May 2020, ended 1 July 2020)" in page and "Declared a new interest" not in page


def test_an_appointment_cannot_be_ended_in_the_future(people, review, client):
    client.force_login(people["sam"])
    url = reverse("national_review_remove_reviewer", args=[review.pk, people["ron"].pk])
    form = _form(review, "Declared a new interest") | {"ended_date-year": "2999"}
    page = client.post(url, form)
    assert page.status_code == 200 and "must be today or in the past" in page.content.decode()
    assert review.appointments.exists()
