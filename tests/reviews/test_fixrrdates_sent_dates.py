"""The rapid review's sent date: the first send is kept, an answer has its own date, and nothing is
sent before the notification reached the Panel (domain/rapid_review_dates.py), on the pages, through
the API and in an import."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import RapidReview, StatusEvent
from tests import factories
from tests.api.conftest import problem, token_for  # noqa: F401 (fixture)
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db

# valid_row: aware Tuesday 3 March 2020, notified Thursday 5 March; due Tuesday 24 March (15 working days).
NARRATIVE = {
    "facts": "What each agency knew.",
    "agencies_involved": ["police"],
    "immediate_actions": "",
    "learning": "",
    "lcspr_recommended": "yes",
    "decision_reasons": "Regulation 11(c).",
}


def _review(ref="N-1") -> RapidReview:
    return RapidReview.objects.get(notification__ref=ref)


def _send(actor, review, day: date, reason=""):
    return actions.rapid_review_submit(
        actor=actor,
        rapid_review_id=review.pk,
        version=review.version,
        submitted_date=day,
        lcspr_recommended="yes",
        themes=[],
        reason=reason,
    )


@pytest.fixture
def queried(actor):
    """N-1 sent on time on 20 March 2020, then queried by the Panel today."""
    factories.notification("N-1", actor=actor)
    review = _send(actor, _review(), date(2020, 3, 20))
    actions.rapid_review_query(actor=actor, rapid_review_id=review.pk, version=review.version, reason="Who knew?")
    return _review()


def test_an_answer_keeps_the_first_send_date_and_records_its_own(queried, actor):
    today = timezone.localdate()
    _send(actor, queried, today, reason="The health visitor.")
    review = _review()
    assert review.status == "submitted"
    assert review.submitted_date == date(2020, 3, 20), "the measure's date is the first send"
    assert review.answered_date == today
    assert review.days_late == 0, "sent within its 15 working days: answering a question does not make it late"


def test_an_answer_cannot_be_dated_before_the_panel_asked_or_in_the_future(queried, actor):
    asked = timezone.localtime(StatusEvent.objects.get(to_status="queried").at).date()
    with pytest.raises(Refused, match=f"before the Panel asked its question \\({asked.day} ") as refused:
        _send(actor, queried, asked - timedelta(days=1))
    assert refused.value.field == "submitted_date"
    with pytest.raises(Refused, match="in the future"):
        _send(actor, queried, timezone.localdate() + timedelta(days=1))
    review = _review()
    assert (review.status, review.submitted_date, review.answered_date) == ("queried", date(2020, 3, 20), None)


def test_the_panel_responds_on_or_after_the_answer(queried, actor):
    today = timezone.localdate()
    review = _send(actor, queried, today, reason="The health visitor.")
    with pytest.raises(Refused, match="cannot respond before the rapid review was sent"):
        actions.rapid_review_respond(
            actor=actor, rapid_review_id=review.pk, version=review.version, response_date=date(2020, 4, 1)
        )
    actions.rapid_review_respond(actor=actor, rapid_review_id=review.pk, version=review.version, response_date=today)


def test_a_rapid_review_cannot_be_sent_before_the_notification_reached_the_panel(actor):
    factories.notification("N-1", actor=actor)
    with pytest.raises(Refused, match=r"before the notification reached it \(5 March 2020\)"):
        _send(actor, _review(), date(2020, 3, 4))  # after aware (3 March), before notified (5 March)
    _send(actor, _review(), date(2020, 3, 5))
    assert _review().submitted_date == date(2020, 3, 5)


# --- The pages ------------------------------------------------------------------------------


def _dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


@pytest.fixture
def alice(cases, people, client):
    factories.notification("A-2")
    client.force_login(people["alice"])
    client.post(reverse("rapid_review_edit", args=["A-2"]), {**NARRATIVE, "version": 1})
    return client


def test_the_page_names_the_notification_date_as_the_floor(alice):
    # valid_row's A-2 reached the Panel on 5 March 2020; 4 March is after the authority knew.
    page = alice.post(
        reverse("rapid_review_submit", args=["A-2"]), {**_dated("submitted_date", date(2020, 3, 4)), "version": 2}
    )
    assert page.status_code == 200
    assert "after the date the notification reached the Panel (5 March 2020)" in page.content.decode()
    assert _review("A-2").status == "due"


def test_the_resend_page_dates_the_answer_and_the_read_page_keeps_the_first_send(alice, people, client, actor):
    sent = alice.post(
        reverse("rapid_review_submit", args=["A-2"]), {**_dated("submitted_date", date(2020, 3, 20)), "version": 2}
    )
    assert sent.status_code == 302
    review = _review("A-2")
    actions.rapid_review_query(actor=actor, rapid_review_id=review.pk, version=review.version, reason="Who knew?")
    url = reverse("rapid_review_submit", args=["A-2"])
    assert "Date your answer was sent to the Panel" in alice.get(url).content.decode()
    asked = timezone.localdate()
    refused = alice.post(url, {**_dated("submitted_date", date(2020, 3, 19)), "answer": "The GP.", "version": 4})
    assert refused.status_code == 200
    assert f"after the date the Panel asked its question ({asked.day} " in refused.content.decode()
    answered = alice.post(url, {**_dated("submitted_date", asked), "answer": "The GP.", "version": 4})
    assert answered.status_code == 302
    review = _review("A-2")
    assert (review.submitted_date, review.answered_date) == (date(2020, 3, 20), asked)
    read = alice.get(reverse("rapid_review_read", args=["A-2"])).content.decode()
    assert "20 March 2020" in read and "Answer to the Panel" in read


# --- The API and the import -------------------------------------------------------------------


def test_the_api_refuses_a_send_before_the_notification_reached_the_panel(cases, token_for):  # noqa: F811
    body = problem(
        token_for("bob").post(
            "/api/v1/notifications/B-1/~/rapid-review/submit",
            {"version": 1, "submitted_date": "2020-03-04", "lcspr_recommended": "no", "themes": []},
        )
    )
    assert body["status"] == 422
    assert body["errors"][0]["field"] == "submitted_date" and "5 March 2020" in body["errors"][0]["message"]


def test_an_import_keeps_the_open_standards_order_for_a_registers_history(tmp_path, people):
    """A file is held to the open standard (`rr_submitted_date` >= `aware_date`): a register's history
    may hold a review that reached the Panel before its notification was logged. It imports, and the
    record stays correctable; only a send recorded in the service has the notification date as floor."""
    from cspr.cases.actions.amend import notification_amend

    path = tmp_path / "history.csv"
    rows = [
        valid_row(notification_ref="W-1", rr_submitted_date="2020-03-04", rr_lcspr_recommended="no",
                  rr_national_review="no"),
    ]  # fmt: skip
    path.write_bytes(csv_bytes(rows))
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    n = Notification.objects.get(ref="W-1")
    assert n.rapid_review.submitted_date == date(2020, 3, 4)
    notification_amend(  # alice manages Birmingham's cases (valid_row's local authority)
        actor=people["alice"], notification_id=n.pk, version=n.version, changes={"domestic_abuse": "yes"},
        reason="Police found more",
    )
    assert Notification.objects.get(ref="W-1").domestic_abuse == "yes"
    early = tmp_path / "early.csv"
    early.write_bytes(csv_bytes([valid_row(notification_ref="W-2", rr_submitted_date="2020-03-02",
                                           rr_lcspr_recommended="no", rr_national_review="no")]))  # fmt: skip
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", str(early), stdout=io.StringIO(), stderr=err)
    assert "early.csv:2: rr_submitted_date: 2020-03-02 is before aware_date 2020-03-03" in err.getvalue()


def test_the_first_send_date_round_trips_through_the_export(tmp_path, queried, actor):
    today = timezone.localdate()
    _send(actor, queried, today, reason="The health visitor.")
    exported = io.StringIO()
    call_command("export", stdout=exported, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(exported.getvalue())))
    assert [row["rr_submitted_date"] for row in rows if row["notification_ref"] == "N-1"] == ["2020-03-20"]
    path = tmp_path / "again.csv"
    path.write_text(exported.getvalue())
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    review = _review()
    assert (review.status, review.submitted_date, review.answered_date) == ("submitted", date(2020, 3, 20), today)
