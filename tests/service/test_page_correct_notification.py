"""The page that corrects a notification: who sees it, what it saves, what it says when refused."""

import pytest

from cspr.cases.models import Amendment, Notification
from cspr.core.models import AuditEvent
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db


def url(ref):
    return f"/notifications/{ref}/~/correct/"


def answers(n: Notification, **changes) -> dict:
    """The form as the page shows it for `n`, with `changes`."""
    data = {
        "notification_ref": n.ref,
        "la_code": n.local_authority_id,
        "incident_type": n.incident_type,
        "death_category": n.death_category,
        "harm_category": n.harm_category,
        "version": n.version,
        "reason": "The police told us the date",
    }
    for column in ("incident_date", "aware_date", "notified_date"):
        d = getattr(n, column)
        data |= {f"{column}-day": d.day, f"{column}-month": d.month, f"{column}-year": d.year}
    for flag in (
        "near_miss",
        "domestic_abuse",
        "maternal_mental_ill_health",
        "paternal_mental_ill_health",
        "parental_alcohol_misuse",
        "parental_drug_misuse",
        "neglect_feature",
        "previously_known",
        "exploitation_background",
        "covid_factor",
        "offending_adults",
        "home_educated_incident",
        "late_notification_reason",
        "late_rapid_review_reason",
        "incident_description",
        "notification_kind",
        "abuse_neglect_suspected",
    ):
        data[flag] = getattr(n, flag)
    for i, c in enumerate(n.children.order_by("child_ref")):
        for column in (
            "child_ref",
            "gender",
            "ethnicity",
            "outcome",
            "disability",
            "cp_plan",
            "looked_after",
            "child_in_need",
            "known_to_csc",
            "home_educated",
            "child_mental_ill_health",
            "previous_care_proceedings",
            "siblings_removed_not_returned",
            "home_la_code",
        ):
            data[f"child{i}-{column}"] = getattr(c, column)
        data[f"child{i}-age_years"] = "" if c.age_years is None else c.age_years
    return data | changes


def test_a_partnership_manager_corrects_the_aware_date_and_sees_it_in_the_timeline(cases, client_for, people):
    n = cases["A"]
    client = client_for(people["alice"])
    page = client.get(url("A-1"))
    assert page.status_code == 200 and "Correct the notification" in page.content.decode()
    response = client.post(url("A-1"), answers(n, **{"aware_date-day": 4}))
    assert (
        response.status_code == 302
        and response["Location"] == "/notifications/A-1/~/".replace("~/", "") + "?corrected=1"
    )
    detail = client.get(response["Location"]).content.decode()
    assert "The notification has been corrected" in detail
    assert "Date the local authority became aware: 3 March 2020 changed to 4 March 2020" in detail
    assert "Rapid review due date: 24 March 2020 changed to 25 March 2020" in detail
    assert Amendment.objects.get().reason == "The police told us the date"


def test_a_stale_form_says_someone_else_changed_it(cases, client_for, people):
    n = cases["A"]
    client_for(people["sam"]).post(url("A-1"), answers(n, covid_factor="no"))
    page = client_for(people["alice"]).post(url("A-1"), answers(n, covid_factor="yes"))
    assert page.status_code == 200
    assert "Someone else changed this" in page.content.decode()
    assert Amendment.objects.count() == 1


def test_a_correction_the_standard_refuses_is_shown_beside_its_field(cases, client_for, people):
    page = client_for(people["alice"]).post(
        url("A-1"), answers(cases["A"], **{"aware_date-day": 1, "aware_date-month": 1})
    )
    text = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in text
    assert "must be the same as or after the date of the incident" in text
    assert not Amendment.objects.exists()


def test_a_reason_is_required(cases, client_for, people):
    page = client_for(people["alice"]).post(url("A-1"), answers(cases["A"], reason=""))
    assert "Enter why you are correcting the notification" in page.content.decode()


def test_after_the_panel_responded_the_partnership_is_told_who_can_correct_it(client_for, people):
    factories.notifications(
        valid_row(notification_ref="A-9", rr_submitted_date="2020-03-20", rr_panel_response_date="2020-04-01")
    )
    page = client_for(people["alice"]).get(url("A-9"))
    assert page.status_code == 403 and "Only the Panel secretariat can correct" in page.content.decode()
    assert client_for(people["sam"]).get(url("A-9")).status_code == 200


def test_other_people_get_403_or_404(cases, client_for, people):
    assert client_for(people["bob"]).get(url("A-1")).status_code == 404
    assert client_for(people["pat"]).get(url("A-1")).status_code == 403
    assert client_for(people["rita"]).get(url("A-1")).status_code == 403


def test_viewing_the_form_is_one_audited_read(cases, client_for, people):
    client_for(people["alice"]).get(url("A-1"))
    assert AuditEvent.objects.filter(action="notification.view", object_id="A-1").count() == 1
