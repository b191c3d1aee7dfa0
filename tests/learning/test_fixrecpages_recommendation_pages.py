"""The pages that record a review's recommendations, after an accessibility and usability review.

1. Remove was offered for a recommendation with actions, then refused with an unlinked error: now
   the review's page offers it only when no action is recorded, and the remove page explains
   (change its status instead) rather than asking; one predicate decides for pages and action.
2. After a save the page jumped to #recommendations, the success banner off screen and unfocused:
   now it lands on the page's top, with the banner other saves show (role alert, focused).
3. One pattern for the banners ("Recommendation 6 is recorded / changed / removed"), the optional
   number marked "(optional)", and page titles that name the review.
4. The action page's two reason fields had one label: now each says which change it is for.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cspr.learning import actions
from cspr.learning.actions import reviews as review_actions
from cspr.learning.models import Recommendation
from tests.service.personas import PARTNERSHIP_A, personas


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def review(add_review):
    return add_review(partnership=PARTNERSHIP_A, title="Baby Q: safer sleep after a move", recommendations=[])


def _acted_on(people, review):
    """Recommendation 1 with a partnership's action against it, recommendation 2 without."""
    first = actions.recommendation_add(actor=people["sam"], review_id=review.pk, text="Keep records.")
    second = actions.recommendation_add(actor=people["sam"], review_id=review.pk, text="Train staff.")
    action = actions.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=first.pk,
        description="Audit records quarterly.",
        owning_agency="Children's social care",
        owner="Head of quality assurance",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    return first, second, action


def _answers(**overrides):
    return {
        "position": "",
        "text": "Repeat safer sleep advice after a house move.",
        "owner_agency": "",
        "due_date-day": "",
        "due_date-month": "",
        "due_date-year": "",
        "status": "open",
    } | overrides


def test_remove_is_not_offered_once_actions_are_recorded(client, people, review):
    first, second, _ = _acted_on(people, review)
    client.force_login(people["sam"])
    page = client.get(f"/learning/reviews/{review.pk}/").content.decode()
    assert f"/learning/recommendations/{first.pk}/change/" in page
    assert f"/learning/recommendations/{first.pk}/remove/" not in page
    assert f"/learning/recommendations/{second.pk}/remove/" in page


def test_the_remove_page_explains_instead_of_asking_and_the_action_shares_the_rule(client, people, review):
    first, second, _ = _acted_on(people, review)
    assert not review_actions.recommendation_removable(first)
    assert review_actions.recommendation_removable(second)
    client.force_login(people["sam"])
    page = client.get(f"/learning/recommendations/{first.pk}/remove/").content.decode()
    assert "cannot be removed" in page and "change its status instead" in page
    assert 'name="reason"' not in page and "<form" not in page.split("<main", 1)[1]
    # A post (a stale tab) is refused the same way, and nothing is removed.
    page = client.post(f"/learning/recommendations/{first.pk}/remove/", {"version": "1", "reason": "Twice"})
    assert "cannot be removed" in page.content.decode()
    assert Recommendation.objects.filter(pk=first.pk).exists()
    page = client.get(f"/learning/recommendations/{second.pk}/remove/").content.decode()
    assert 'name="reason"' in page


def _banner(page: str) -> str:
    """The success banner's opening tag (the layout may show another, such as the demonstration one)."""
    [banner] = re.findall(r'<div class="govuk-notification-banner govuk-notification-banner--success[^"]*"[^>]*>', page)
    return banner


@pytest.mark.parametrize("step", ["add", "change", "remove"])
def test_after_a_save_the_banner_is_at_the_top_and_takes_focus(client, people, review, step):
    recommendation = actions.recommendation_add(actor=people["sam"], review_id=review.pk, text="Keep records.")
    url, answers, said = {
        "add": (
            f"/learning/reviews/{review.pk}/recommendations/add/",
            _answers(position="6"),
            "Recommendation 6 is recorded",
        ),
        "change": (
            f"/learning/recommendations/{recommendation.pk}/change/",
            _answers(version="1", position="6"),
            "Recommendation 6 is changed",
        ),
        "remove": (
            f"/learning/recommendations/{recommendation.pk}/remove/",
            {"version": "1", "reason": "Twice"},
            "Recommendation 1 is removed",
        ),
    }[step]
    client.force_login(people["sam"])
    response = client.post(url, answers)
    assert response.status_code == 302
    assert response["Location"] == f"/learning/reviews/{review.pk}/"  # no #fragment to scroll past the banner
    page = client.get(response["Location"]).content.decode()
    banner = _banner(page)
    # As the other success banners: GOV.UK Frontend focuses a success banner with role alert on load.
    assert 'role="alert"' in banner and 'data-module="govuk-notification-banner"' in banner
    assert said in page


def test_a_blank_number_is_named_in_the_banner(client, people, review):
    client.force_login(people["sam"])
    response = client.post(f"/learning/reviews/{review.pk}/recommendations/add/", _answers())
    assert "Recommendation 1 is recorded" in client.get(response["Location"]).content.decode()


def test_the_number_is_marked_optional_and_titles_name_the_review(client, people, review):
    recommendation = actions.recommendation_add(actor=people["sam"], review_id=review.pk, text="Keep records.")
    client.force_login(people["sam"])
    for url in (
        f"/learning/reviews/{review.pk}/recommendations/add/",
        f"/learning/recommendations/{recommendation.pk}/change/",
        f"/learning/recommendations/{recommendation.pk}/remove/",
    ):
        page = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "Baby Q: safer sleep after a move" in title, url
        if "remove" not in url:
            assert "Recommendation number (optional)" in page


def test_the_action_pages_two_reasons_say_which_change(client, people, review):
    _, _, action = _acted_on(people, review)
    client.force_login(people["alice"])
    page = client.get(f"/learning/actions/{action.pk}/").content.decode()
    labels = re.findall(r'<label class="govuk-label[^"]*" for="([^"]+)">\s*(Why [^<]*?)\s*</label>', page)
    assert len(labels) == 2, labels
    assert len({text for _, text in labels}) == 2 and len({for_id for for_id, _ in labels}) == 2
    assert {text for _, text in labels} == {
        "Why are you changing its progress?",
        "Why are you changing its details? (optional)",
    }
