"""The rapid review form offers the whole practice-theme taxonomy, grouped by edition."""

import re

import pytest
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import PracticeTheme
from cspr.domain import codes
from tests import factories

pytestmark = pytest.mark.django_db

NARRATIVE = {"facts": "Facts.", "learning": "Learning.", "lcspr_recommended": "no", "decision_reasons": "Reasons."}


@pytest.fixture
def due_case(cases):
    factories.notification("A-2")
    return Notification.objects.select_related("rapid_review").get(ref="A-2")


def fieldsets(html: str) -> list[str]:
    return re.findall(r'<fieldset class="govuk-fieldset".*?</fieldset>', html, re.S)


def test_both_editions_are_offered_each_in_its_own_fieldset(due_case, people, client_for):
    page = client_for(people["agnes"]).get(reverse("rapid_review_edit", args=["A-2"])).content.decode()
    groups = [f for f in fieldsets(page) if 'name="themes"' in f]
    assert len(groups) == 2
    assert "The Panel&#39;s six practice themes (2020 annual report)" in groups[0]
    assert "Practice issues from the Panel&#39;s first annual report (2018 to 2019)" in groups[1]
    assert re.findall(r'name="themes" type="checkbox" value="([a-z_]+)"', groups[0]) == list(codes.THEMES_2020)
    assert re.findall(r'name="themes" type="checkbox" value="([a-z_]+)"', groups[1]) == list(codes.THEMES_2018_19)
    # Every box has its own id, and the first is the one the error summary links to.
    ids = re.findall(r'<input class="govuk-checkboxes__input" id="([^"]+)" name="themes"', page)
    assert len(ids) == len(set(ids)) == 18 and ids[0] == "id_themes"


def test_a_mapped_issue_says_which_2020_theme_it_is_compared_as(due_case, people, client_for):
    page = client_for(people["agnes"]).get(reverse("rapid_review_edit", args=["A-2"])).content.decode()
    for theme in PracticeTheme.objects.filter(maps_to__isnull=False).select_related("maps_to"):
        hint = f"Compared with 2020 as: {theme.maps_to.label}".replace("'", "&#39;")
        assert hint in page, theme.code
    assert page.count("Compared with 2020 as:") == 3


def test_themes_from_both_editions_are_saved_and_checked_again(due_case, people, client_for):
    agnes = client_for(people["agnes"])
    data = {**NARRATIVE, "themes": ["critical_thinking", "optimism", "home_education"], "version": 1}
    response = agnes.post(reverse("rapid_review_edit", args=["A-2"]), data)
    assert response.status_code == 302
    review = Notification.objects.get(ref="A-2").rapid_review
    assert sorted(t.code for t in review.themes.all()) == ["critical_thinking", "home_education", "optimism"]
    page = agnes.get(reverse("rapid_review_edit", args=["A-2"])).content.decode()
    checked = re.findall(r'name="themes" type="checkbox" value="([a-z_]+)" checked', page)
    assert checked == ["critical_thinking", "optimism", "home_education"]


def test_an_unknown_theme_is_refused_with_a_link_to_the_first_box(due_case, people, client_for):
    agnes = client_for(people["agnes"])
    data = {**NARRATIVE, "themes": ["critical_thinking", "no_such_theme"], "version": 1}
    response = agnes.post(reverse("rapid_review_edit", args=["A-2"]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert 'href="#id_themes"' in html
    assert html.count("govuk-error-message") == 1
    assert not Notification.objects.get(ref="A-2").rapid_review.themes.exists()
