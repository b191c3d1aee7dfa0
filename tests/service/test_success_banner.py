"""After an action the next page confirms it with a GOV.UK success banner, once."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sharing_a_case_shows_a_success_banner_on_the_case_page(cases, people, client_for):
    client = client_for(people["alice"])
    response = client.post(
        reverse("case_share", args=[cases["A"].ref]),
        {"partnership": "city-and-hackney", "reason": "The child lives in Hackney."},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("notification_detail", args=[cases["A"].ref])
    assert "govuk-notification-banner--success" in html and 'role="alert"' in html
    assert "Case shared" in html
    again = client.get(reverse("notification_detail", args=[cases["A"].ref])).content.decode()
    assert "govuk-notification-banner" not in again, "shown once"


def test_a_refused_action_shows_no_banner(cases, people, client_for):
    response = client_for(people["alice"]).post(
        reverse("case_share", args=[cases["A"].ref]), {"partnership": "city-and-hackney", "reason": ""}
    )
    assert response.status_code == 200
    assert "govuk-notification-banner" not in response.content.decode()
