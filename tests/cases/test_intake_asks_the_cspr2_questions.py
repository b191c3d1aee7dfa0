"""The intake journey and the correction page ask cspr-2's questions and record the answers."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.models import AuditEvent
from tests import factories
from tests.service.test_page_correct_notification import answers
from tests.service.test_page_correct_notification import url as correct_url
from tests.service.test_page_intake import (
    CHARACTERISTICS,
    a_child,
    dated,
    errors_on,
    then_i_am_sent_to,
    when_i_say_what_i_am_notifying,
    when_i_submit,
)

pytestmark = pytest.mark.django_db

DESCRIPTION = "Admitted with burns to both hands.\nThe account given changed twice."


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2025, 3, 14), tick=False):
        yield


def when_i_record_a_late_notification(client, characteristics: dict, child: dict):
    # Aware Monday 3 March 2025, due Monday 10 March, sent Wednesday 12 March: late.
    dates = {
        **dated("incident_date", date(2025, 3, 1)),
        **dated("aware_date", date(2025, 3, 3)),
        **dated("notified_date", date(2025, 3, 12)),
    }
    when_i_say_what_i_am_notifying(client)
    then_i_am_sent_to(when_i_submit(client, "intake_local_authority", {"la_code": "E08000025"}), "intake_dates")
    then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_type")
    then_i_am_sent_to(when_i_submit(client, "intake_type", {"incident_type": "serious_harm"}), "intake_category")
    then_i_am_sent_to(
        when_i_submit(client, "intake_category", {"category": "neglect", "near_miss": "no"}), "intake_characteristics"
    )
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", characteristics), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", child), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")
    then_i_am_sent_to(when_i_submit(client, "intake_reference", {"notification_ref": "SIN/2025/1"}), "intake_check")


def test_the_intake_records_the_new_answers(people, client_for):
    client = client_for(people["alice"])
    characteristics = CHARACTERISTICS | {
        "offending_adults": "yes",
        "home_educated_incident": "yes",
        "late_notification_reason": "harm_recognised_later",
        "incident_description": DESCRIPTION,
    }
    child = a_child(home_educated="yes", previous_care_proceedings="yes", siblings_removed_not_returned="no")
    when_i_record_a_late_notification(client, characteristics, child)
    check = client.get(reverse("intake_check")).content.decode()
    for words in (
        "Adults in the household with a history of offending",
        "Seriousness of the harm recognised later",
        "The account given changed twice",
        "Previously subject to care proceedings",
    ):
        assert words in check
    then_i_am_sent_to(client.post(reverse("intake_check")), "intake_confirmation")
    n = Notification.objects.get()
    assert (n.offending_adults, n.home_educated_incident, n.late_notification_reason) == (
        "yes",
        "yes",
        "harm_recognised_later",
    )
    assert n.incident_description == DESCRIPTION
    child = n.children.get()
    assert (child.previous_care_proceedings, child.siblings_removed_not_returned) == ("yes", "no")


def test_a_home_educated_child_in_an_incident_said_not_to_involve_one_is_refused(people, client_for):
    client = client_for(people["alice"])
    when_i_record_a_late_notification(
        client, CHARACTERISTICS | {"home_educated_incident": "no"}, a_child(home_educated="yes")
    )
    response = client.post(reverse("intake_check"))
    assert response.status_code == 200
    assert "the incident involved a home-educated child: select yes" in errors_on(response)
    assert reverse("intake_characteristics") in response.content.decode()
    assert not Notification.objects.exists()


def test_a_description_that_a_spreadsheet_would_run_is_refused_on_its_page(people, client_for):
    client = client_for(people["alice"])
    with pytest.raises(AssertionError, match="Description must not start with -, \\+, = or @"):
        when_i_record_a_late_notification(
            client, CHARACTERISTICS | {"incident_description": "=HYPERLINK(1)"}, a_child()
        )
    page = client.get(reverse("intake_characteristics")).content.decode()
    assert "What happened? (optional)" in page
    assert not Notification.objects.exists()


def test_the_correction_page_changes_the_new_answers_and_audits_old_and_new(people, client_for):
    n = factories.notification(
        "SIN/2025/2", incident_date="2025-03-01", aware_date="2025-03-03", notified_date="2025-03-12"
    )
    client = client_for(people["alice"])
    page = client.get(correct_url(n.ref)).content.decode()
    assert "Reason the rapid review was late" in page and "Previously subject to care proceedings" in page
    data = answers(n, late_notification_reason="process_delay", incident_description="Found at home.")
    data["child0-siblings_removed_not_returned"] = "yes"
    response = client.post(correct_url(n.ref), data)
    assert response.status_code == 302, errors_on(response)
    n.refresh_from_db()
    assert (n.late_notification_reason, n.incident_description) == ("process_delay", "Found at home.")
    assert n.children.get().siblings_removed_not_returned == "yes"
    event = AuditEvent.objects.filter(action="notification.amend").get()
    assert event.changed_fields["notification"]["late_notification_reason"] == ["", "process_delay"]
    assert event.changed_fields["children"]["changed"][0]["fields"]["siblings_removed_not_returned"] == [
        "unknown",
        "yes",
    ]


def test_the_case_page_shows_the_description_and_audits_the_read_once(people, client_for):
    n = factories.notification(
        "SIN/2025/3",
        incident_description="Found at home by a sibling.",
        offending_adults="yes",
        previous_care_proceedings="yes",
    )
    client = client_for(people["alice"])
    before = AuditEvent.objects.filter(action=audit.CASE_VIEW, object_id=n.ref).count()
    page = client.get(reverse("notification_detail", args=[n.ref])).content.decode()
    assert "Found at home by a sibling." in page
    assert "Adults in the household with a history of offending" in page
    assert AuditEvent.objects.filter(action=audit.CASE_VIEW, object_id=n.ref).count() == before + 1
    # Out of scope: bob (City of London) gets a 404, and nothing of the case.
    other = client_for(people["bob"]).get(reverse("notification_detail", args=[n.ref]))
    assert other.status_code == 404 and b"Found at home" not in other.content
