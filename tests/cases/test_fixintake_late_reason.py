"""A reason for a late notification is refused when the notification was on time.

The data standard's `late_notification_reason` says why a notification reached the Panel after its
5 working days, and the Panel reports those reasons for delay. One rule (domain/deadlines.py) is
asked by every writer: the intake's pages, the correction page, `cspr import` and the API.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.domain.calendar import england_calendar
from cspr.domain.deadlines import late_notification_reason_problem
from tests import factories
from tests.api.conftest import problem, token_for  # noqa: F401, F811 - token_for is a fixture
from tests.cases.commands import refused
from tests.cases.rows import csv_bytes, valid_row
from tests.service.test_page_correct_notification import answers
from tests.service.test_page_correct_notification import url as correct_url
from tests.service.test_page_intake import (
    BIRMINGHAM,
    CHARACTERISTICS,
    a_child,
    dated,
    errors_on,
    then_i_am_sent_to,
    when_i_say_what_i_am_notifying,
    when_i_submit,
)

# Aware Monday 3 March 2025; due Monday 10 March (5 working days).
AWARE = date(2025, 3, 3)
ON_TIME = date(2025, 3, 7)  # Friday: 4 working days
LATE = date(2025, 3, 12)  # Wednesday: 2 working days late
REASON = "harm_recognised_later"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2025, 3, 14), tick=False):
        yield


# --- The rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notified", "reason", "refused_words"),
    [
        (ON_TIME, REASON, "notified_date is 4 working days after aware_date, within the 5 working days"),
        (date(2025, 3, 10), REASON, "notified_date is 5 working days after aware_date"),  # the last day
        (AWARE, REASON, "notified_date is 0 working days after aware_date"),
        (date(2025, 3, 11), REASON, None),  # a day late
        (ON_TIME, None, None),
        (ON_TIME, "", None),
    ],
)
def test_a_reason_is_refused_only_for_a_notification_sent_on_time(notified, reason, refused_words):
    message = late_notification_reason_problem(
        reason=reason, aware_date=AWARE, notified_date=notified, calendar=england_calendar()
    )
    if refused_words is None:
        assert message is None
    else:
        assert message.startswith("must be empty: the notification was on time") and refused_words in message


# --- The intake ----------------------------------------------------------------------------------


def when_i_answer_up_to_the_characteristics(client, notified: date):
    when_i_say_what_i_am_notifying(client)
    then_i_am_sent_to(when_i_submit(client, "intake_local_authority", {"la_code": BIRMINGHAM}), "intake_dates")
    dates = {
        **dated("incident_date", date(2025, 3, 1)),
        **dated("aware_date", AWARE),
        **dated("notified_date", notified),
    }
    then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_type")
    then_i_am_sent_to(when_i_submit(client, "intake_type", {"incident_type": "serious_harm"}), "intake_category")
    then_i_am_sent_to(
        when_i_submit(client, "intake_category", {"category": "neglect", "near_miss": "no"}), "intake_characteristics"
    )


def test_the_characteristics_page_refuses_a_reason_for_an_on_time_notification(people, client_for):
    client = client_for(people["alice"])
    when_i_answer_up_to_the_characteristics(client, ON_TIME)
    response = when_i_submit(client, "intake_characteristics", CHARACTERISTICS | {"late_notification_reason": REASON})
    assert response.status_code == 200
    assert (
        "Select ‘Not late, or no reason to give’: the notification was sent on time, 4 working days after the local "
        "authority became aware (within the 5 working days)" in errors_on(response)
    )
    assert 'href="#id_late_notification_reason' in response.content.decode()
    # Without the reason the page is answered.
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", CHARACTERISTICS), "intake_children")


def test_dates_changed_after_the_reason_are_caught_before_sending(people, client_for):
    client = client_for(people["alice"])
    when_i_answer_up_to_the_characteristics(client, LATE)
    late = CHARACTERISTICS | {"late_notification_reason": REASON}
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", late), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", a_child()), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")
    then_i_am_sent_to(when_i_submit(client, "intake_reference", {"notification_ref": "SIN/2025/9"}), "intake_check")
    # The sent date was wrong: corrected to an on-time one, the reason no longer holds.
    dates = {
        **dated("incident_date", date(2025, 3, 1)),
        **dated("aware_date", AWARE),
        **dated("notified_date", ON_TIME),
    }
    when_i_submit(client, "intake_dates", dates)
    response = client.post(reverse("intake_check"))
    assert response.status_code == 200
    assert "Select ‘Not late, or no reason to give’: the notification was sent on time" in errors_on(response)
    assert reverse("intake_characteristics") in response.content.decode()
    assert not Notification.objects.exists()


# --- A correction --------------------------------------------------------------------------------


def a_late_notification() -> Notification:
    return factories.notification(
        "SIN/2025/2",
        incident_date="2025-03-01",
        aware_date=AWARE.isoformat(),
        notified_date=LATE.isoformat(),
        late_notification_reason=REASON,
    )


def test_a_correction_that_makes_the_notification_on_time_must_remove_its_reason(people, client_for):
    n = a_late_notification()
    assert n.notification_days_late == 2
    client = client_for(people["alice"])
    day = {"notified_date-day": 7, "notified_date-month": 3, "notified_date-year": 2025}
    response = client.post(correct_url(n.ref), answers(n) | day)
    assert response.status_code == 200
    assert "Select ‘Not late, or no reason to give’: the notification was sent on time, 4 working days" in errors_on(response)
    n.refresh_from_db()
    assert (n.notified_date, n.late_notification_reason) == (LATE, REASON)

    response = client.post(correct_url(n.ref), answers(n, late_notification_reason="") | day)
    assert response.status_code == 302, errors_on(response)
    n.refresh_from_db()
    assert (n.notified_date, n.notification_days_late, n.late_notification_reason) == (ON_TIME, 0, "")


def test_the_correction_page_refuses_a_reason_added_to_an_on_time_notification(people, client_for):
    n = factories.notification(
        "SIN/2025/3", incident_date="2025-03-01", aware_date=AWARE.isoformat(), notified_date=ON_TIME.isoformat()
    )
    response = client_for(people["alice"]).post(correct_url(n.ref), answers(n, late_notification_reason=REASON))
    assert response.status_code == 200
    assert "Select ‘Not late, or no reason to give’: the notification was sent on time" in errors_on(response)
    n.refresh_from_db()
    assert n.late_notification_reason == ""


# --- cspr import ---------------------------------------------------------------------------------


def test_the_import_refuses_a_reason_on_an_on_time_row(db, tmp_path):
    # valid_row: aware Tuesday 3 March 2020, notified Thursday 5 March: 2 working days.
    path = tmp_path / "reasons.csv"
    path.write_bytes(
        csv_bytes(
            [
                valid_row(notification_ref="LATE-1", notified_date="2020-03-20", late_notification_reason="other"),
                valid_row(notification_ref="ON-TIME-1", late_notification_reason="process_delay"),
            ]
        )
    )
    said = refused(path)
    assert (
        f"{path}:3: late_notification_reason: must be empty: the notification was on time (notified_date is "
        "2 working days after aware_date, within the 5 working days); a reason is given only for a late "
        "notification" in said
    )
    assert ":2:" not in said
    assert not Notification.objects.exists()


def test_a_reimport_that_makes_a_late_notification_on_time_must_drop_its_reason(db, tmp_path):
    factories.notification("N-1", notified_date="2020-03-20", late_notification_reason="other")
    path = tmp_path / "corrected.csv"
    path.write_bytes(csv_bytes([valid_row(late_notification_reason="other", record_version="1")]))
    assert "late_notification_reason: must be empty" in refused(path)
    assert Notification.objects.get().late_notification_reason == "other"


# --- The API -------------------------------------------------------------------------------------


def sent(**overrides) -> dict:
    body = {
        "notification_ref": "BIR-API-1",
        "la_code": "E08000025",
        "incident_date": "2020-03-02",
        "aware_date": "2020-03-03",
        "notified_date": "2020-03-05",
        "incident_type": "serious_harm",
        "harm_category": "physical_abuse",
        "late_notification_reason": "process_delay",
        "children": [{"child_ref": "C1", "gender": "female", "age_years": 2, "ethnicity": "WBRI"}],
    }
    return body | overrides


def test_the_api_refuses_a_reason_for_an_on_time_notification(people, token_for):  # noqa: F811 - the fixture imported above
    api = token_for("alice")
    body = problem(api.post("/api/v1/notifications", sent()))
    assert body["status"] == 422
    assert body["errors"][0]["field"] == "late_notification_reason"
    assert body["errors"][0]["message"].startswith("must be empty: the notification was on time")
    assert not Notification.objects.filter(ref="BIR-API-1").exists()
    assert api.post("/api/v1/notifications", sent(notified_date="2020-03-20")).status_code == 201


def test_an_api_correction_that_makes_it_on_time_is_refused_until_the_reason_goes(people, token_for):  # noqa: F811 - the fixture imported above
    api = token_for("alice")
    assert api.post("/api/v1/notifications", sent(notified_date="2020-03-20")).status_code == 201
    n = Notification.objects.get(ref="BIR-API-1")
    patch = {"version": n.version, "changes": {"notified_date": "2020-03-05"}, "reason": "sent earlier"}
    body = problem(api.patch("/api/v1/notifications/BIR-API-1", patch))
    assert body["status"] == 422
    assert body["errors"][0]["field"] == "late_notification_reason"
    patch["changes"]["late_notification_reason"] = None
    assert api.patch("/api/v1/notifications/BIR-API-1", patch).status_code == 200
    n.refresh_from_db()
    assert (n.notification_days_late, n.late_notification_reason) == (0, "")
