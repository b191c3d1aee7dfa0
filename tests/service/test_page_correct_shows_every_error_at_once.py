"""The correction and publication pages show every error at once (GOV.UK), the standard's rules included,
in words that say the limit for the kind notified."""

from datetime import date

import pytest
from django.urls import reverse

from cspr.cases.models import Amendment
from cspr.learning.models import PublishedReview
from tests import factories
from tests.service.test_page_correct_notification import answers, url
from tests.service.test_page_publication import answers as publication
from tests.service.test_page_publication import (
    dated,
    sent,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db


def errors(page) -> str:
    assert page.status_code == 200 and "There is a problem" in page.content.decode()
    return page.content.decode()


def test_an_empty_reason_does_not_hide_the_standard_s_problems(cases, client_for, people):
    n = cases["A"]
    page = client_for(people["alice"]).post(
        url("A-1"),
        answers(
            n,
            reason="",
            notification_kind="looked_after_death",
            **{"aware_date-day": 1, "child0-age_years": "40", "child0-looked_after": "no"},
        ),
    )
    text = errors(page)
    assert "Enter why you are correcting the notification" in text
    assert "must be the same as or after the date of the incident" in text
    assert "Type of incident must be death for the death of a looked-after child or a care leaver" in text
    assert "Age must be a whole number of years from 0 to 17" in text and "or to 24" not in text
    assert "Select yes (or not known) for looked after" in text
    assert "because notification_kind" not in text and not Amendment.objects.exists()


def test_a_form_error_and_a_rule_s_error_on_other_fields_are_both_shown(cases, client_for, people):
    page = client_for(people["alice"]).post(
        url("A-1"), answers(cases["A"], **{"child0-gender": "", "notified_date-day": 1})
    )
    text = errors(page)
    assert "must be the same as or after the date the local authority became aware" in text
    assert text.count('class="govuk-error-message"') >= 2


@pytest.mark.parametrize(("kind", "limit"), [("serious_incident", "0 to 17"), ("care_leaver_death", "0 to 24")])
def test_the_age_error_says_the_limit_for_the_kind(kind, limit, people, client_for):
    death = {"incident_type": "death", "harm_category": "", "death_category": "suicide"}
    n = factories.notification("A-7", notification_kind=kind, age_years="17", **death)
    page = client_for(people["sam"]).post(url("A-7"), answers(n, **{"child0-age_years": "40"}))
    text = errors(page)
    assert f"Age must be a whole number of years from {limit}</" in text.replace("\n", "")


def test_a_looked_after_childs_death_with_no_child_looked_after_is_refused_beside_the_question(people, client_for):
    death = {"incident_type": "death", "harm_category": "", "death_category": "suicide"}
    n = factories.notification("A-8", notification_kind="looked_after_death", looked_after="yes", **death)
    page = client_for(people["sam"]).post(url("A-8"), answers(n, **{"child0-looked_after": "no"}))
    assert "Select yes (or not known) for looked after" in errors(page)
    assert not Amendment.objects.exists()


def test_publishing_before_the_final_report_is_said_with_the_other_errors(sent, people, client_for):  # noqa: F811
    response = client_for(people["alice"]).post(
        reverse("lcspr_publish", args=["A-1"]),
        publication(sent, title="", **dated("published_date", date(2020, 8, 1))),
    )
    text = errors(response)
    assert "Enter the title of the published report" in text
    assert "must be the same as or after the date the final report was sent (1 September 2020)" in text
    assert "Enter why the review is published before its milestones were recorded" in text
    assert not PublishedReview.objects.exists()
