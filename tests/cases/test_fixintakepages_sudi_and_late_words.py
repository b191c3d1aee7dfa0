"""The intake says the SUDI age rule where the answer is given, and the late reason's error names its option.

A SUDI death needs a child under 2 (check_children, cspr/domain/standard_rules.py). A usability review
found the intake said so only on check your answers, linking to a category page that showed no error.
Now the category page hints at the rule, the children page refuses "no other child" while no child is
under 2, changing a child of a finished list refuses at the age, and the check page's link leads to
the category page showing the error at the category.
"""

from datetime import date
from html import unescape

import pytest
import time_machine

from cspr.cases.forms.words import SUDI_WORDS
from cspr.cases.models import Notification
from tests.cases.test_fixintake_late_reason import REASON, when_i_answer_up_to_the_characteristics
from tests.service.personas import personas
from tests.service.test_page_intake import (
    BIRMINGHAM,
    CHARACTERISTICS,
    a_child,
    dated,
    then_i_am_sent_to,
    when_i_say_what_i_am_notifying,
    when_i_submit,
)
from tests.service.test_page_intake import (
    errors_on as summary_of,
)

CATEGORY = "/record-a-notification/category/"


def errors_on(response) -> str:
    return unescape(summary_of(response))  # the words have apostrophes, escaped in the page


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2025, 3, 14), tick=False):
        yield


@pytest.fixture
def client(client, db):
    client.force_login(personas()["alice"])
    return client


def when_i_reach_the_children_of_a_sudi_death(client):
    when_i_say_what_i_am_notifying(client, "serious_incident")
    then_i_am_sent_to(when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM}), "intake_dates")
    dates = {
        **dated("incident_date", date(2025, 3, 7)),
        **dated("aware_date", date(2025, 3, 10)),
        **dated("notified_date", date(2025, 3, 12)),
    }
    then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_type")
    then_i_am_sent_to(when_i_submit(client, "intake_type", {"incident_type": "death"}), "intake_category")
    then_i_am_sent_to(when_i_submit(client, "intake_category", {"category": "sudi"}), "intake_characteristics")
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", CHARACTERISTICS), "intake_children")


def test_the_category_page_says_the_age_rule_before_it_is_broken(client):
    when_i_reach_the_children_of_a_sudi_death(client)
    page = client.get(CATEGORY).content.decode()
    assert SUDI_WORDS["hint"] in page and "only for a child under 2" in SUDI_WORDS["hint"]


def test_the_children_page_refuses_no_other_child_while_no_child_is_under_2(client):
    when_i_reach_the_children_of_a_sudi_death(client)
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", a_child(age_years="5")), "intake_children")
    response = when_i_submit(client, "intake_children", {"add_another": "no"})
    assert response.status_code == 200
    assert SUDI_WORDS["children"] in errors_on(response)
    assert 'href="#id_add_another' in response.content.decode()
    # The baby is added after the older sibling: now the children are complete.
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "yes"}), "intake_child_add")
    baby = a_child(child_ref="Child-B", age_years="0")
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", baby), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")


def test_changing_the_only_baby_to_an_older_age_is_refused_at_the_age(client):
    when_i_reach_the_children_of_a_sudi_death(client)
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", a_child(age_years="1")), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")
    then_i_am_sent_to(when_i_submit(client, "intake_reference", {"notification_ref": "SUDI-1"}), "intake_check")
    response = when_i_submit(client, "intake_child_change", a_child(age_years="5"), 1)
    assert response.status_code == 200
    assert SUDI_WORDS["child_age"] in errors_on(response)
    assert 'href="#id_age_years' in response.content.decode()
    assert client.session["intake"]["children"][0]["age_years"] == "1"


def test_the_check_pages_link_leads_to_the_error_at_the_category(client):
    when_i_reach_the_children_of_a_sudi_death(client)
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", a_child(age_years="1")), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")
    then_i_am_sent_to(when_i_submit(client, "intake_reference", {"notification_ref": "SUDI-1"}), "intake_check")
    # A draft the pages' checks did not see broken (say, saved before they asked): the child is 5.
    session = client.session
    session["intake"]["children"][0]["age_years"] = "5"
    session.save()
    response = client.post("/record-a-notification/check/")
    assert SUDI_WORDS["age"] in errors_on(response)
    assert f'href="{CATEGORY}"' in response.content.decode()
    assert not Notification.objects.exists()
    page = client.get(CATEGORY)
    assert SUDI_WORDS["age"] in errors_on(page)
    html = page.content.decode()
    assert 'href="#id_category' in html and "<title>Error: " in html
    assert 'id="category-error"' in html or "govuk-error-message" in html


def test_the_late_reason_error_names_the_option_to_select(client):
    when_i_answer_up_to_the_characteristics(client, date(2025, 3, 7))
    response = when_i_submit(client, "intake_characteristics", CHARACTERISTICS | {"late_notification_reason": REASON})
    said = errors_on(response)
    assert said.strip().startswith("There is a problem Select ‘Not late, or no reason to give’: the notification")
    assert ">Not late, or no reason to give<" in response.content.decode()
    assert "Remove the reason" not in said
