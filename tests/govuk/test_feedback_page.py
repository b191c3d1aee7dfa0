"""The Beta banner's feedback link leads to a feedback page, which offers the operator's form when there is one."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_feedback_page_says_how_to_give_feedback(client):
    html = client.get(reverse("feedback")).content.decode()
    assert 'href="/feedback">give your feedback</a>' in html
    assert "Give feedback on" in html and "Do not include details of a child" in html


def test_it_links_to_the_operators_form_when_there_is_one(render):
    # CSPR_FEEDBACK_URL becomes the `feedback_url` global; a context value stands in for it here.
    assert "forms.example.invalid" not in render("pages/feedback.html", feedback_url="")
    html = render("pages/feedback.html", feedback_url="https://forms.example.invalid/cspr")
    assert '<a class="govuk-link" href="https://forms.example.invalid/cspr">' in html
