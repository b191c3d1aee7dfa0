"""Whether abuse or neglect is suspected is asked on a page of its own, only about a looked-after child's death.

It was a follow-up on the "What are you notifying?" page, shown for every kind (a GOV.UK
conditional reveal puts aria-expanded on a radio, an axe violation), so a person notifying a
serious incident or a care leaver's death saw a question that was not theirs.
"""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cspr.cases.forms import intake
from tests.service.test_page_intake import (
    CHARACTERISTICS,
    a_child,
    dated,
    errors_on,
    then_i_am_sent_to,
    then_i_see_a_validation_error,
    when_i_answer_every_question,
    when_i_submit,
)

pytestmark = pytest.mark.django_db

QUESTION = "Is abuse or neglect known or suspected"
ERROR = "Select yes if abuse or neglect is known or suspected, no if not, or not known"
ROW = "Abuse or neglect known or suspected"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2025, 3, 14), tick=False):
        yield


def given_alice(people, client_for):
    """Alice's partnership has one local authority, so its question is not asked."""
    return client_for(people["alice"])


def when_i_notify_a_looked_after_childs_death(client, answer: str = "no"):
    then_i_am_sent_to(
        when_i_submit(client, "intake_kind", {"notification_kind": "looked_after_death"}), "intake_abuse_neglect"
    )
    then_i_am_sent_to(
        when_i_submit(client, "intake_abuse_neglect", {"abuse_neglect_suspected": answer}), "intake_local_authority"
    )


def when_i_answer_the_rest_of_a_death(client):
    then_i_am_sent_to(client.get(reverse("intake_local_authority")), "intake_dates")  # alice's one LA
    dates = {
        **dated("incident_date", date(2025, 3, 7)),
        **dated("aware_date", date(2025, 3, 10)),
        **dated("notified_date", date(2025, 3, 12)),
    }
    then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_category")
    then_i_am_sent_to(
        when_i_submit(client, "intake_category", {"category": "unrelated_or_unclear"}), "intake_characteristics"
    )
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", CHARACTERISTICS), "intake_children")
    child = a_child(age_years="15", looked_after="yes")
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", child), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")
    then_i_am_sent_to(when_i_submit(client, "intake_reference", {"notification_ref": ""}), "intake_check")


def back_link(response) -> str:
    """Where the page's GOV.UK back link goes."""
    link = re.search(r'<a [^>]*class="govuk-back-link"[^>]*>', response.content.decode()).group(0)
    return re.search(r'href="([^"]*)"', link).group(1)


def draft_of(client) -> dict:
    return client.session[intake.SESSION_KEY]


# --- Other kinds never see it -------------------------------------------------------------------


def test_the_kind_page_no_longer_asks_it(people, client_for):
    page = given_alice(people, client_for).get(reverse("intake_kind")).content.decode()
    assert "What are you notifying?" in page
    assert "abuse_neglect_suspected" not in page and "is abuse or neglect known or suspected" not in page.lower()


def test_a_serious_incident_journey_never_shows_it(people, client_for):
    client = given_alice(people, client_for)
    when_i_answer_every_question(client)  # serious incident: the kind's page goes straight on
    then_i_am_sent_to(client.get(reverse("intake_abuse_neglect")), "intake_check")
    check = client.get(reverse("intake_check")).content.decode()
    assert ROW not in check and reverse("intake_abuse_neglect") not in check
    assert draft_of(client)["abuse_neglect_suspected"] == ""


@pytest.mark.parametrize("kind", ["serious_incident", "care_leaver_death"])
def test_the_page_after_the_kind_is_the_one_that_followed_it_before(people, client_for, kind):
    client = client_for(people["bob"])  # several local authorities: their question is asked
    then_i_am_sent_to(when_i_submit(client, "intake_kind", {"notification_kind": kind}), "intake_local_authority")
    then_i_am_sent_to(client.get(reverse("intake_abuse_neglect")), "intake_local_authority")
    assert back_link(client.get(reverse("intake_local_authority"))) == reverse("intake_kind")


# --- A looked-after child's death: its own page ------------------------------------------------------


def test_a_looked_after_childs_death_is_asked_on_its_own_page(people, client_for):
    client = given_alice(people, client_for)
    response = when_i_submit(client, "intake_kind", {"notification_kind": "looked_after_death"})
    then_i_am_sent_to(response, "intake_abuse_neglect")
    page = client.get(reverse("intake_abuse_neglect"))
    html = page.content.decode()
    assert page.status_code == 200 and QUESTION in html
    assert "What are you notifying?" not in html and 'name="notification_kind"' not in html
    assert back_link(page) == reverse("intake_kind")
    # Nothing else is reached before it is answered.
    then_i_am_sent_to(client.get(reverse("intake_dates")), "intake_abuse_neglect")
    then_i_am_sent_to(client.get(reverse("intake_check")), "intake_abuse_neglect")


def test_an_empty_answer_is_refused_with_the_error_message(people, client_for):
    client = given_alice(people, client_for)
    when_i_submit(client, "intake_kind", {"notification_kind": "looked_after_death"})
    response = when_i_submit(client, "intake_abuse_neglect", {"abuse_neglect_suspected": ""})
    then_i_see_a_validation_error(response, ERROR, "id_abuse_neglect_suspected")
    assert ERROR in errors_on(response)
    assert "abuse_neglect_suspected" not in draft_of(client)


def test_after_it_comes_what_followed_the_kind_page_before(people, client_for):
    alice = given_alice(people, client_for)
    when_i_notify_a_looked_after_childs_death(alice)
    # One local authority: not asked, so the dates are next and their Back goes to this page.
    then_i_am_sent_to(alice.get(reverse("intake_local_authority")), "intake_dates")
    assert back_link(alice.get(reverse("intake_dates"))) == reverse("intake_abuse_neglect")
    bob = client_for(people["bob"])
    when_i_notify_a_looked_after_childs_death(bob)
    assert back_link(bob.get(reverse("intake_local_authority"))) == reverse("intake_abuse_neglect")


# --- Check your answers ---------------------------------------------------------------------------------


def test_check_your_answers_shows_it_and_changes_it(people, client_for):
    client = given_alice(people, client_for)
    when_i_notify_a_looked_after_childs_death(client, "no")
    when_i_answer_the_rest_of_a_death(client)
    check = client.get(reverse("intake_check")).content.decode()
    row = check[check.index(ROW) :]
    assert row.index("No") < row.index(reverse("intake_abuse_neglect")) < row.index("Date of the incident")
    assert "The rapid review's" not in check  # no abuse or neglect suspected: none is required

    page = client.get(reverse("intake_abuse_neglect")).content.decode()
    assert re.search(r'name="abuse_neglect_suspected"[^>]*value="no"[^>]*checked', page), "the answer is shown"
    then_i_am_sent_to(when_i_submit(client, "intake_abuse_neglect", {"abuse_neglect_suspected": "yes"}), "intake_check")
    check = client.get(reverse("intake_check")).content.decode()
    assert check[check.index(ROW) :].split("</dd>")[0].rstrip().endswith("Yes")
    assert "The rapid review's 15 working days are counted" in check
    then_i_am_sent_to(client.post(reverse("intake_check")), "intake_confirmation")
    from cspr.cases.models import Notification

    assert Notification.objects.get().abuse_neglect_suspected == "yes"


def test_changing_the_kind_away_drops_the_answer(people, client_for):
    client = given_alice(people, client_for)
    when_i_notify_a_looked_after_childs_death(client, "yes")
    when_i_answer_the_rest_of_a_death(client)
    then_i_am_sent_to(when_i_submit(client, "intake_kind", {"notification_kind": "care_leaver_death"}), "intake_check")
    assert draft_of(client)["abuse_neglect_suspected"] == ""
    check = client.get(reverse("intake_check")).content.decode()
    assert ROW not in check and reverse("intake_abuse_neglect") not in check


def test_changing_the_kind_to_a_looked_after_childs_death_asks_it(people, client_for):
    client = given_alice(people, client_for)
    when_i_answer_every_question(client)  # a serious incident, serious harm
    response = when_i_submit(client, "intake_kind", {"notification_kind": "looked_after_death"})
    then_i_am_sent_to(response, "intake_abuse_neglect")
    answer = {"abuse_neglect_suspected": "unknown"}
    # Then what the new kind leaves unanswered (a death's category), then back to check your answers.
    then_i_am_sent_to(when_i_submit(client, "intake_abuse_neglect", answer), "intake_category")
    then_i_am_sent_to(when_i_submit(client, "intake_category", {"category": "sudi"}), "intake_check")
    check = client.get(reverse("intake_check")).content.decode()
    assert check[check.index(ROW) :].split("</dd>")[0].rstrip().endswith("Not known")


def test_keeping_a_looked_after_childs_death_keeps_the_answer(people, client_for):
    client = given_alice(people, client_for)
    when_i_notify_a_looked_after_childs_death(client, "no")
    when_i_answer_the_rest_of_a_death(client)
    response = when_i_submit(client, "intake_kind", {"notification_kind": "looked_after_death"})
    then_i_am_sent_to(response, "intake_check")
    assert draft_of(client)["abuse_neglect_suspected"] == "no"


# --- Drafts saved before the page existed ------------------------------------------------------------------


# A complete draft as the kind page saved it when it asked the question itself.
OLD_DRAFT = {
    "notification_kind": "looked_after_death",
    "abuse_neglect_suspected": "unknown",
    "incident_type": "death",
    "harm_category": "",
    "near_miss": "",
    "la_code": "E08000025",
    "incident_date": "2025-03-07",
    "aware_date": "2025-03-10",
    "notified_date": "2025-03-12",
    "death_category": "unrelated_or_unclear",
    **CHARACTERISTICS,
    "late_notification_reason": "",
    "incident_description": "",
    "characteristics_done": True,
    "children": [a_child(age_years="15", looked_after="yes", home_la_code="")],
    "children_done": True,
    "notification_ref": "",
    "reference_done": True,
}


def test_a_draft_saved_when_the_kind_page_asked_it_still_reads(people, client_for):
    client = given_alice(people, client_for)
    session = client.session
    session[intake.SESSION_KEY] = OLD_DRAFT
    session.save()
    check = client.get(reverse("intake_check"))
    assert check.status_code == 200, check.get("Location")
    html = check.content.decode()
    assert html[html.index(ROW) :].split("</dd>")[0].rstrip().endswith("Not known")
    then_i_am_sent_to(client.post(reverse("intake_check")), "intake_confirmation")
    # The journey saves the answer under the same key, and nothing else for its page.
    when_i_notify_a_looked_after_childs_death(client, "unknown")
    assert {key for key in draft_of(client) if "abuse" in key} == {"abuse_neglect_suspected"}
