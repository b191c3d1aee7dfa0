"""The sign-in pages use GOV.UK's words: the service's name in the header, "Sign out", messages that name the field."""

import re

import pytest
from django.urls import reverse

from cspr.govuk.jinja2 import SERVICE_NAME

pytestmark = pytest.mark.django_db


def test_the_header_names_the_service_not_the_software(client, people, client_for):
    for html in (
        client.get(reverse("account_login")).content.decode(),
        client_for(people["alice"]).get(reverse("dashboard")).content.decode(),
    ):
        homepage = re.search(r'class="govuk-generic-header__homepage-link">\s*(.*?)\s*</a>', html).group(1)
        assert homepage == SERVICE_NAME


def test_the_sign_out_page_says_sign_out(people, client_for):
    html = client_for(people["alice"]).get(reverse("account_logout")).content.decode()
    assert "<title>Sign out" in html and ">Sign out<" in html
    assert "Sign Out" not in html


def test_an_empty_sign_in_names_each_missing_answer_once(client):
    html = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert html.count("Enter your username") == 2  # the error summary, and the field
    assert html.count("Enter your password") == 2
    assert "This field is required." not in html


def test_the_reset_link_comes_after_the_password_and_the_button(client):
    html = client.get(reverse("account_login")).content.decode()
    assert html.index('id="id_login"') < html.index('id="id_password"') < html.index("Sign in</button>")
    assert html.index("Sign in</button>") < html.index("Forgotten your password?")
