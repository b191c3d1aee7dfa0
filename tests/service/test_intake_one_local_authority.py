"""The local-authority question is asked only when the person's partnership has more than one."""

import pytest
from django.urls import reverse

from tests.service.test_page_intake import when_i_say_what_i_am_notifying

pytestmark = pytest.mark.django_db


def test_a_partnership_with_one_local_authority_is_not_asked_which(people, client_for):
    client = client_for(people["alice"])
    when_i_say_what_i_am_notifying(client)
    response = client.get(reverse("intake_local_authority"))
    assert response.status_code == 302 and response["Location"] == reverse("intake_dates")
    dates = client.get(reverse("intake_dates")).content.decode()
    assert f'href="{reverse("intake_kind")}"' in dates, "Back skips the question that was not asked"


def test_a_partnership_with_several_is_asked_and_sees_only_its_own(people, client_for):
    client = client_for(people["bob"])
    when_i_say_what_i_am_notifying(client)
    page = client.get(reverse("intake_local_authority"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "City of London" in html and "Hackney" in html and "Birmingham" not in html
