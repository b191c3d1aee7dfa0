"""Recording a notification: question pages, check your answers, confirmation (Given/When/Then)."""

import re
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BIRMINGHAM = "E08000025"
TODAY = date(2025, 3, 14)  # a Friday


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2025, 3, 14), tick=False):
        yield


# --- Steps ---------------------------------------------------------------------------------


def given_i_am_signed_in_as(client_for, person):
    return client_for(person)


def dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def when_i_submit(client, url_name: str, data: dict, *args):
    return client.post(reverse(url_name, args=args), data)


def errors_on(response) -> str:
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary.group(0))) if summary else "(no error summary)"


def then_i_am_sent_to(response, url_name: str, *args):
    assert response.status_code == 302, errors_on(response)
    assert response["Location"] == reverse(url_name, args=args)


def then_i_see_a_validation_error(response, message: str, field_id: str | None = None):
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary"' in html
    assert message in html, f"{message!r} not on the page:\n" + re.sub(r"\s+", " ", html)[:4000]
    if field_id:
        assert f'href="#{field_id}"' in html


def a_child(**overrides) -> dict:
    child = {
        "child_ref": "Child-A",
        "gender": "female",
        "age_years": "0",
        "ethnicity": "WBRI",
        "disability": "no",
        "cp_plan": "yes",
        "looked_after": "no",
        "child_in_need": "no",
        "known_to_csc": "yes",
        "home_educated": "no",
        "child_mental_ill_health": "unknown",
        "previous_care_proceedings": "no",
        "siblings_removed_not_returned": "unknown",
    }
    child.update(overrides)
    return child


CHARACTERISTICS = {
    "domestic_abuse": "yes",
    "maternal_mental_ill_health": "unknown",
    "paternal_mental_ill_health": "no",
    "parental_alcohol_misuse": "no",
    "parental_drug_misuse": "yes",
    "neglect_feature": "no",
    "previously_known": "yes",
    "exploitation_background": "no",
    "covid_factor": "no",
    "offending_adults": "unknown",
    "home_educated_incident": "no",
}


def when_i_say_what_i_am_notifying(client, kind: str = "serious_incident"):
    """The first question: nothing is chosen for the person."""
    then_i_am_sent_to(when_i_submit(client, "intake_kind", {"notification_kind": kind}), "intake_local_authority")


def when_i_answer_every_question(client, *, ref: str = "", child: dict | None = None):
    when_i_say_what_i_am_notifying(client)
    then_i_am_sent_to(when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM}), "intake_dates")
    dates = {
        **dated("incident_date", date(2025, 3, 7)),
        **dated("aware_date", date(2025, 3, 10)),
        **dated("notified_date", date(2025, 3, 12)),
    }
    then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_type")
    then_i_am_sent_to(when_i_submit(client, "intake_type", {"incident_type": "serious_harm"}), "intake_category")
    then_i_am_sent_to(
        when_i_submit(client, "intake_category", {"category": "physical_abuse", "near_miss": "yes"}),
        "intake_characteristics",
    )
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", CHARACTERISTICS), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", child or a_child()), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")
    then_i_am_sent_to(when_i_submit(client, "intake_reference", {"notification_ref": ref}), "intake_check")


# --- The journey ------------------------------------------------------------------------------


def test_a_partnership_user_records_a_notification_and_sees_its_due_dates(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    start = client.get(reverse("intake_start"))
    assert "Record a serious incident notification" in start.content.decode()
    # "Start now" asks what is notified first.
    assert f'href="{reverse("intake_kind")}"' in start.content.decode()
    then_i_am_sent_to(client.get(reverse("intake_local_authority")), "intake_kind")

    when_i_answer_every_question(client)
    check = client.get(reverse("intake_check")).content.decode()
    assert "Check your answers before sending the notification" in check
    for answer in ("Birmingham", "7 March 2025", "Serious harm", "Physical abuse", "Child-A", "Under 1"):
        assert answer in check
    assert reverse("intake_dates") in check and reverse("intake_child_change", args=[1]) in check, "Change links"

    response = client.post(reverse("intake_check"))
    then_i_am_sent_to(response, "intake_confirmation")
    notification = Notification.objects.get()
    # No reference given: one is made from the LA code and the date notified.
    assert notification.ref == "E08000025-20250312-1"
    assert notification.partnership_id == "birmingham"
    assert notification.near_miss == "yes" and notification.domestic_abuse == "yes"
    child = notification.children.get()
    assert (child.child_ref, child.age_years, child.outcome) == ("Child-A", 0, "seriously_harmed")

    confirmation = client.get(reverse("intake_confirmation")).content.decode()
    assert "Notification recorded" in confirmation and "E08000025-20250312-1" in confirmation
    # The panel's markup is markup, not text: no "&lt;br&gt;" on the page.
    assert "Your reference<br><strong>E08000025-20250312-1</strong>" in confirmation
    assert "&lt;br&gt;" not in confirmation and "&lt;strong&gt;" not in confirmation
    # Aware Monday 10 March: notification due 17 March; WT2023 counts 15 working days from
    # the notification (Wednesday 12 March): Wednesday 2 April.
    assert "17 March 2025" in confirmation and "2 April 2025" in confirmation
    assert "Working Together 2023" in confirmation
    assert AuditEvent.objects.filter(action="notification.record", object_id=notification.ref).count() == 1


def test_the_draft_is_cleared_after_sending_so_a_second_send_records_nothing(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_answer_every_question(client, ref="BHAM-2025-001")
    client.post(reverse("intake_check"))
    again = client.post(reverse("intake_check"))
    assert again.status_code == 302 and again["Location"] == reverse("intake_kind")
    assert Notification.objects.count() == 1


def test_a_second_generated_reference_takes_the_next_number(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    for _ in range(2):
        when_i_answer_every_question(client)
        client.post(reverse("intake_check"))
    assert sorted(Notification.objects.values_list("ref", flat=True)) == [
        "E08000025-20250312-1",
        "E08000025-20250312-2",
    ]


def test_a_later_page_sends_me_back_to_the_first_unanswered_question(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["agnes"])
    then_i_am_sent_to(client.get(reverse("intake_check")), "intake_kind")
    when_i_say_what_i_am_notifying(client)
    then_i_am_sent_to(client.get(reverse("intake_check")), "intake_local_authority")
    when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM})
    then_i_am_sent_to(client.get(reverse("intake_children")), "intake_dates")


# --- Validation, by the page's form and by the data standard's rules ---------------------------


def test_dates_must_be_real_and_in_the_past(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_say_what_i_am_notifying(client)
    when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM})
    response = when_i_submit(
        client,
        "intake_dates",
        {
            **dated("incident_date", date(2025, 3, 20)),
            "aware_date-day": "31",
            "aware_date-month": "2",
            "aware_date-year": "2025",
        },
    )
    then_i_see_a_validation_error(response, "Date of the incident must be today or in the past", "id_incident_date-day")
    then_i_see_a_validation_error(response, "Date the local authority became aware must be a real date")
    then_i_see_a_validation_error(response, "Enter the date the notification was sent", "id_notified_date-day")


def test_the_standards_date_order_rule_is_shown_on_the_dates_page(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_say_what_i_am_notifying(client)
    when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM})
    response = when_i_submit(
        client,
        "intake_dates",
        {
            **dated("incident_date", date(2025, 3, 10)),
            **dated("aware_date", date(2025, 3, 7)),
            **dated("notified_date", date(2025, 3, 6)),
        },
    )
    then_i_see_a_validation_error(
        response,
        "Date the local authority became aware must be the same as or after the date of the incident",
        "id_aware_date-day",
    )
    then_i_see_a_validation_error(response, "Date the notification was sent must be the same as or after")


def test_a_local_authority_that_did_not_exist_on_the_incident_date_is_refused(people, client_for):
    # Cumbria (E10000006) ended on 31 March 2023; an LA chosen first is checked against the date given next.
    client = given_i_am_signed_in_as(client_for, people["alice"])
    session = client.session
    session["intake"] = {"notification_kind": "serious_incident", "la_code": "E10000006"}
    session.save()
    dates = {
        **dated("incident_date", date(2025, 3, 7)),
        **dated("aware_date", date(2025, 3, 10)),
        **dated("notified_date", date(2025, 3, 12)),
    }
    response = when_i_submit(client, "intake_dates", dates)
    then_i_see_a_validation_error(response, "E10000006 (Cumbria) was not valid on 2025-03-07", "id_incident_date-day")


def test_a_death_is_asked_for_a_death_category_and_never_a_near_miss(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_say_what_i_am_notifying(client)
    when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM})
    when_i_submit(
        client,
        "intake_dates",
        {
            **dated("incident_date", date(2025, 3, 7)),
            **dated("aware_date", date(2025, 3, 7)),
            **dated("notified_date", date(2025, 3, 7)),
        },
    )
    when_i_submit(client, "intake_type", {"incident_type": "death"})
    page = client.get(reverse("intake_category")).content.decode()
    assert "What was the category of death?" in page
    assert "Sudden unexpected death in infancy" in page and "near miss" not in page.lower()
    response = when_i_submit(client, "intake_category", {"category": "physical_abuse"})
    then_i_see_a_validation_error(response, "Select one of the options", "id_category")


def test_changing_the_type_asks_for_the_category_again(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_answer_every_question(client)
    then_i_am_sent_to(when_i_submit(client, "intake_type", {"incident_type": "death"}), "intake_category")
    then_i_am_sent_to(when_i_submit(client, "intake_category", {"category": "sudi"}), "intake_check")
    client.post(reverse("intake_check"))
    notification = Notification.objects.get()
    assert (notification.incident_type, notification.death_category, notification.near_miss) == (
        "death",
        "sudi",
        "unknown",
    )
    assert notification.children.get().outcome == "died"


def test_a_child_needs_an_age_or_not_known_and_a_reference_of_its_own(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_answer_every_question(client)
    page = client.get(reverse("intake_child_add")).content.decode()
    assert "Never enter a child&#39;s name" in page or "Never enter a child's name" in page
    response = when_i_submit(client, "intake_child_add", a_child(age_years=""))
    then_i_see_a_validation_error(response, "Each child needs a different reference", "id_child_ref")
    then_i_see_a_validation_error(response, "Enter the child&#39;s age, or select that it is not known")
    response = when_i_submit(client, "intake_child_add", a_child(child_ref="Child-B", age_years="19"))
    then_i_see_a_validation_error(response, "Age must be a whole number of years from 0 to 17", "id_age_years")
    response = when_i_submit(
        client, "intake_child_add", a_child(child_ref="Child-B", age_years="", age_not_known="true")
    )
    then_i_am_sent_to(response, "intake_children")


def test_children_can_be_added_changed_and_removed(people, client_for):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_answer_every_question(client)
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "yes"}), "intake_child_add")
    when_i_submit(client, "intake_child_add", a_child(child_ref="Child-B", gender="male", age_years="3"))
    listing = client.get(reverse("intake_children")).content.decode()
    assert "You have added 2 children" in listing and "Child-B" in listing
    when_i_submit(client, "intake_child_change", a_child(child_ref="Child-B", gender="male", age_years="4"), 2)
    then_i_am_sent_to(when_i_submit(client, "intake_child_remove", {"confirm": "yes"}, 1), "intake_children")
    when_i_submit(client, "intake_children", {"add_another": "no"})
    client.post(reverse("intake_check"))
    assert list(Notification.objects.get().children.values_list("child_ref", "age_years")) == [("Child-B", 4)]


def test_a_reference_in_use_or_badly_formed_is_refused(people, client_for, cases):
    client = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_answer_every_question(client)
    response = when_i_submit(client, "intake_reference", {"notification_ref": "A-1"})  # alice's own case
    then_i_see_a_validation_error(response, "A notification with reference A-1 already exists", "id_notification_ref")
    # Bob's case, which alice cannot see: refused, as the API refuses it, without saying a case has it.
    response = when_i_submit(client, "intake_reference", {"notification_ref": "B-1"})
    then_i_see_a_validation_error(response, "This reference cannot be used: choose another", "id_notification_ref")
    assert "already exists" not in response.content.decode()
    response = when_i_submit(client, "intake_reference", {"notification_ref": "has spaces"})
    then_i_see_a_validation_error(response, "Notification reference must be 1 to 40 letters")


def test_check_your_answers_shows_problems_with_links_to_the_page_to_fix(people):
    alice, agnes = Client(), Client()
    alice.force_login(people["alice"])
    agnes.force_login(people["agnes"])
    when_i_answer_every_question(alice, ref="TAKEN-1")
    # Someone else records a notification with the same reference meanwhile.
    when_i_answer_every_question(agnes, ref="TAKEN-1")
    agnes.post(reverse("intake_check"))
    response = alice.post(reverse("intake_check"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "A notification with reference TAKEN-1 already exists" in html  # agnes is of alice's partnership
    assert f'href="{reverse("intake_reference")}"' in html
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("persona", ["sam", "pat", "rita", "ann", "adam"])
def test_only_partnership_staff_record_notifications(people, client_for, persona):
    client = given_i_am_signed_in_as(client_for, people[persona])
    assert client.post(reverse("intake_local_authority"), {"la_code": BIRMINGHAM}).status_code == 403
    assert client.post(reverse("intake_check")).status_code == 403
    assert Notification.objects.count() == 0
    assert "intake" not in client.session
