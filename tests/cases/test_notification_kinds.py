"""The other kinds of notification: a looked-after child's death and a care leaver's death.

Each has its own start in the intake journey, its deadline (5 working days to notify, like a
serious incident: process.md §1 gives no other period), and its place in the register, the
dashboard, the lists, the exports, the reminders and the statistics. Whether a rapid review
(and its 15 working days) is required is domain/workflow.py's `rapid_review_required`.
"""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from cspr.cases.actions.amend import notification_amend
from cspr.cases.models import Notification
from cspr.cases.timeline import amendment_details
from cspr.core.models import AuditEvent
from cspr.domain import workflow
from cspr.domain.refusal import Refused
from cspr.domain.report_periods import calendar_year
from cspr.reviews import open_items, reminders
from cspr.stats.report import national_report
from tests import factories
from tests.cases.rows import valid_row
from tests.service.test_page_intake import CHARACTERISTICS, a_child, dated, errors_on, then_i_am_sent_to, when_i_submit

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 14)
DEATH = {"incident_type": "death", "harm_category": "", "death_category": "unrelated_or_unclear"}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def register():
    """A serious incident, a looked-after child's death with and without suspected abuse, a care leaver's."""
    dates = {"incident_date": "2025-03-05", "aware_date": "2025-03-06", "notified_date": "2025-03-10"}
    return factories.notifications(
        valid_row(notification_ref="SI-1", **dates),
        valid_row(
            notification_ref="LAC-1",
            notification_kind="looked_after_death",
            abuse_neglect_suspected="yes",
            **DEATH,
            **dates,
        ),
        valid_row(
            notification_ref="LAC-2",
            notification_kind="looked_after_death",
            abuse_neglect_suspected="no",
            **DEATH,
            **dates,
        ),
        valid_row(notification_ref="CL-1", notification_kind="care_leaver_death", age_years="22", **DEATH, **dates),
    )


def test_the_rule_lives_in_the_workflow():
    assert workflow.rapid_review_required("serious_incident", "unknown")
    assert workflow.rapid_review_required("looked_after_death", "yes")
    assert workflow.rapid_review_required("looked_after_death", "unknown")
    assert not workflow.rapid_review_required("looked_after_death", "no")
    assert not workflow.rapid_review_required("care_leaver_death", "yes")


def test_only_the_kinds_that_need_one_get_a_rapid_review_deadline():
    made = register()
    due = {ref: n.rapid_review.due_date for ref, n in made.items()}
    assert due["SI-1"] and due["LAC-1"]
    assert due["LAC-2"] is None and due["CL-1"] is None
    assert {n.rapid_review.status for ref, n in made.items() if ref in ("LAC-2", "CL-1")} == {"not_required"}
    # Every kind is notified within 5 working days of awareness.
    assert {n.notification_due_date for n in made.values()} == {date(2025, 3, 13)}


def test_the_dashboard_items_and_the_reminders_leave_out_what_is_not_required():
    register()
    items = open_items.open_items(today=TODAY, scope=Notification.objects.all())
    assert sorted(i.notification_ref for i in items) == ["LAC-1", "SI-1"]
    assert sorted(i.notification_ref for i in reminders.due_items(today=TODAY, within=30)) == ["LAC-1", "SI-1"]


def test_the_export_carries_the_kind_and_no_rapid_review_due_date_where_none_is_required():
    register()
    out = io.StringIO()
    call_command("export", stdout=out, stderr=io.StringIO())
    rows = {r["notification_ref"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["CL-1"]["notification_kind"] == "care_leaver_death" and rows["CL-1"]["age_years"] == "22"
    assert rows["CL-1"]["rr_due_date"] == "" and rows["LAC-2"]["rr_due_date"] == ""
    assert rows["LAC-1"]["rr_due_date"] != "" and rows["LAC-1"]["abuse_neglect_suspected"] == "yes"


def test_the_list_shows_every_kind_to_its_partnership(people, client_for):
    register()
    page = client_for(people["alice"]).get(reverse("notification_list")).content.decode()
    for ref in ("SI-1", "LAC-1", "LAC-2", "CL-1"):
        assert ref in page


def test_the_statistics_count_serious_incidents_and_the_other_kinds_apart():
    register()
    measures = national_report("panel-annual", period=calendar_year(2025)).report().measures

    def figure(measure_id):
        return measures[measure_id].count, measures[measure_id].base

    # The Panel's figures: the serious incident and the looked-after death with abuse suspected.
    assert figure("notifications.total") == (2, None)
    assert figure("notifications.type.death") == (1, 2)
    assert figure("notifications_received.kind.serious_incident") == (1, 4)
    assert figure("notifications_received.kind.looked_after_death") == (2, 4)
    assert figure("notifications_received.kind.care_leaver_death") == (1, 4)
    assert figure("looked_after_deaths.abuse_neglect_suspected.no") == (1, 2)
    assert figure("care_leaver_deaths.age.21_to_24") == (1, 1)


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        ({"notification_kind": "care_leaver_death", "age_years": "25", **DEATH}, "age_years", "to 24"),
        ({"age_years": "19"}, "age_years", "only a care leaver's death"),
        ({"notification_kind": "care_leaver_death"}, "incident_type", "must be death because notification_kind"),
        ({"notification_kind": "child_death", **DEATH}, "notification_kind", "'child_death' is not one of"),
    ],
)
def test_the_standard_refuses_a_kind_its_facts_do_not_fit(tmp_path, cells, column, fragment):
    from tests.cases.rows import csv_bytes

    path = tmp_path / "kinds.csv"
    path.write_bytes(csv_bytes([valid_row(**cells)]))
    err = io.StringIO()
    with pytest.raises(Exception, match="nothing was imported"):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:2: {column}: " in err.getvalue() and fragment in err.getvalue()
    assert not Notification.objects.exists()


def when_i_notify(client, kind: dict, child: dict, abuse_neglect_suspected: str | None = None):
    """The journey for a death kind; `abuse_neglect_suspected` answers the page asked only for a looked-after
    child's death (None: the kind's page goes straight to the local authority's)."""
    if abuse_neglect_suspected is None:
        then_i_am_sent_to(when_i_submit(client, "intake_kind", kind), "intake_local_authority")
    else:
        then_i_am_sent_to(when_i_submit(client, "intake_kind", kind), "intake_abuse_neglect")
        answer = {"abuse_neglect_suspected": abuse_neglect_suspected}
        then_i_am_sent_to(when_i_submit(client, "intake_abuse_neglect", answer), "intake_local_authority")
    then_i_am_sent_to(when_i_submit(client, "intake_local_authority", {"la_code": "E08000025"}), "intake_dates")
    dates = {
        **dated("incident_date", date(2025, 3, 7)),
        **dated("aware_date", date(2025, 3, 10)),
        **dated("notified_date", date(2025, 3, 12)),
    }
    # A death kind answers the type question: the category of death is next.
    then_i_am_sent_to(when_i_submit(client, "intake_dates", dates), "intake_category")
    then_i_am_sent_to(
        when_i_submit(client, "intake_category", {"category": "unrelated_or_unclear"}), "intake_characteristics"
    )
    then_i_am_sent_to(when_i_submit(client, "intake_characteristics", CHARACTERISTICS), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_child_add", child), "intake_children")
    then_i_am_sent_to(when_i_submit(client, "intake_children", {"add_another": "no"}), "intake_reference")
    then_i_am_sent_to(when_i_submit(client, "intake_reference", {"notification_ref": ""}), "intake_check")
    response = client.post(reverse("intake_check"))
    then_i_am_sent_to(response, "intake_confirmation")
    return client.get(reverse("intake_confirmation")).content.decode()


def test_a_partnership_records_a_care_leavers_death_with_no_rapid_review_due(people, client_for):
    client = client_for(people["alice"])
    start = client.get(reverse("intake_start")).content.decode()
    assert reverse("intake_kind") in start
    confirmation = when_i_notify(
        client, {"notification_kind": "care_leaver_death"}, a_child(age_years="23", outcome="died")
    )
    assert "Not required for this kind of notification" in confirmation
    # No rapid review is due: the page neither says the partners now gather the facts nor asks them to start one.
    assert "now gather the facts" not in confirmation and "Start the rapid review" not in confirmation
    assert "Carry out a rapid review anyway (not required)" in confirmation
    n = Notification.objects.get()
    assert (n.notification_kind, n.incident_type, n.children.get().age_years) == ("care_leaver_death", "death", 23)
    assert n.rapid_review.due_date is None
    page = client.get(reverse("notification_detail", args=[n.ref])).content.decode()
    assert "Death of a care leaver" in page
    assert "Notification of a care leaver&#39;s death" in page and "Serious incident notification" not in page


def test_a_looked_after_childs_death_with_abuse_suspected_follows_the_rapid_review_path(people, client_for):
    client = client_for(people["alice"])
    confirmation = when_i_notify(
        client,
        {"notification_kind": "looked_after_death"},
        a_child(age_years="15", looked_after="yes"),
        abuse_neglect_suspected="yes",
    )
    n = Notification.objects.get()
    assert n.rapid_review.due_date == date(2025, 4, 2)  # WT2023: 15 working days from notification
    assert "2 April 2025" in confirmation
    assert "now gather the facts" in confirmation and "Start the rapid review" in confirmation


def test_a_looked_after_childs_death_is_asked_about_abuse_on_a_page_of_its_own(people, client_for):
    client = client_for(people["alice"])
    response = when_i_submit(client, "intake_kind", {"notification_kind": "looked_after_death"})
    then_i_am_sent_to(response, "intake_abuse_neglect")
    empty = when_i_submit(client, "intake_abuse_neglect", {"abuse_neglect_suspected": ""})
    assert empty.status_code == 200
    assert "Select yes if abuse or neglect is known or suspected" in errors_on(empty)


def _suspicion_corrected(actor, notification, value: str, reason: str):
    """The notification as it stands after `actor` corrects whether abuse or neglect is suspected."""
    notification_amend(
        actor=actor,
        notification_id=notification.pk,
        version=notification.version,
        changes={"abuse_neglect_suspected": value},
        reason=reason,
    )
    return Notification.objects.get(pk=notification.pk)


def _open_item_refs():
    return [i.notification_ref for i in open_items.open_items(today=TODAY, scope=Notification.objects.all())]


def test_a_partnership_cannot_stop_or_start_the_rapid_review_clock(people):
    n = register()["LAC-1"]
    with pytest.raises(Refused, match="whether a rapid review is required.*only the Panel secretariat") as refused:
        _suspicion_corrected(people["alice"], n, "no", "Police now say no abuse")
    assert refused.value.field == "abuse_neglect_suspected"
    assert Notification.objects.get(pk=n.pk).rapid_review.status == "due"


def test_the_secretariat_starts_the_clock_when_abuse_comes_to_be_suspected_in_a_looked_after_childs_death(people):
    """A looked-after child's death first recorded with no abuse suspected: the police later suspect
    neglect, so it is a serious incident and the 15 working days run. This correction had no way
    through: every route refused it."""
    n = _suspicion_corrected(people["sam"], register()["LAC-2"], "yes", "Police now suspect neglect: agreed")
    review = n.rapid_review
    assert review.status == "due" and review.due_date == date(2025, 3, 31)  # 15 working days from 10 March
    moves = [(e.from_status, e.to_status) for e in n.status_events.filter(workflow="rapid_review")]
    assert moves[-1] == ("not_required", "due")
    assert AuditEvent.objects.filter(action="rapid_review.requirement_changed", object_id=str(review.pk)).exists()
    assert _open_item_refs().count("LAC-2") == 1
    details = [d for entry in n.amendments.all() for d in amendment_details(entry)]
    assert "Rapid review due date: set to 31 March 2025" in " ".join(details)


def test_the_secretariat_stops_the_clock_when_no_abuse_is_suspected_after_all(people):
    n = _suspicion_corrected(people["sam"], register()["LAC-1"], "no", "Post-mortem: natural causes; agreed")
    assert (n.rapid_review.status, n.rapid_review.due_date) == ("not_required", None)
    assert "LAC-1" not in _open_item_refs()
    details = [d for entry in n.amendments.all() for d in amendment_details(entry)]
    assert "Rapid review due date: 31 March 2025 removed" in " ".join(details)


def test_a_correction_into_another_edition_gives_no_deadline_to_a_review_not_required(people):
    """Moved before 15 December 2023 the case falls under Working Together 2018: the edition is
    recorded, and a rapid review that is not required still has no due date (this was a crash)."""

    n = register()["CL-1"]
    notification_amend(
        actor=people["sam"],
        notification_id=n.pk,
        version=n.version,
        changes={"incident_date": "2023-12-01", "aware_date": "2023-12-01", "notified_date": "2023-12-05"},
        reason="The dates were entered a year out",
    )
    review = Notification.objects.get(pk=n.pk).rapid_review
    assert (review.due_date, review.due_rule) == (None, "wt2018")


def test_the_list_filter_for_rapid_reviews_due_leaves_out_those_with_no_deadline(people, client_for):
    made = register()
    from cspr.reviews.models import RapidReview

    # A care leaver's rapid review, sent voluntarily and queried: open, but with no deadline.
    RapidReview.objects.filter(notification=made["CL-1"]).update(status="queried")
    page = client_for(people["alice"]).get(reverse("notification_list"), {"status": "rapid_review_due"})
    html = page.content.decode()
    assert "CL-1" not in html and "SI-1" in html
