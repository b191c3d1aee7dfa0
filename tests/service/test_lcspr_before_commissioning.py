"""Before a local review is commissioned its page says what comes next, instead of "page not found"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_partnership_manager_is_offered_to_commission_one(cases, people, client_for):
    response = client_for(people["bob"]).get(reverse("lcspr_detail", args=[cases["B"].ref]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "No local review has been commissioned" in html
    assert f'href="{reverse("lcspr_commission", args=[cases["B"].ref])}"' in html


def test_the_panel_is_told_who_commissions_it(cases, people, client_for):
    html = client_for(people["pat"]).get(reverse("lcspr_detail", args=[cases["B"].ref])).content.decode()
    assert "No local review has been commissioned" in html
    assert reverse("lcspr_commission", args=[cases["B"].ref]) not in html
    assert "records the decision to commission one" in html


def test_out_of_scope_it_is_still_not_found(cases, people, client_for):
    assert client_for(people["alice"]).get(reverse("lcspr_detail", args=[cases["B"].ref])).status_code == 404
