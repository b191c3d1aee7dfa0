"""Defects found by the journey review of 7 December 2026, each with the behaviour that fixes it.

1. "Start now" asks what is notified, with nothing chosen for the person.
2. The administrator's back link on the practice content goes where they may go.
3. Appointing the reviewer records the "Reviewer appointed" milestone.
4. Check your answers speaks of the rapid review's period only when one is required.
5. Publishing a local review says so in a success banner.
6. A one-page source document says "1 page".
7. A search with no results says so, with no empty table and nothing to download.
8. A partnership's former name gives no ISO date ("before 2019", like the other rows).
9. The rapid review's due date is not "Due Due ...".
10. A refused file's error shows with the form's other errors, on the first try.
11. The commission page's reasons are required (a guard: the form already required them).
12. Every case page's <title> names the case.
"""

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import cspr
from cspr.core.models import AuditEvent
from cspr.documents.models import CaseDocument
from cspr.learning.models import SourceDocument
from cspr.reviews import actions
from cspr.reviews.models import MilestoneKind
from tests.documents import files
from tests.learning.reviews import add_review_as, text_documents_in
from tests.service.test_page_intake import a_child, errors_on, then_i_am_sent_to
from tests.service.test_page_publication import answers, sent  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's words, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


# --- 1. What is notified: asked first, nothing chosen ------------------------------------------


def test_start_now_goes_to_what_is_notified_and_nothing_is_chosen(people, client_for):
    alice = client_for(people["alice"])
    start = alice.get(reverse("intake_start")).content.decode()
    button = re.search(r"<a [^>]*govuk-button--start[^>]*>", start).group(0)
    assert f'href="{reverse("intake_kind")}"' in button, button
    kind = alice.get(reverse("intake_kind")).content.decode()
    assert not re.search(r'name="notification_kind"[^>]*checked', kind), "no kind is chosen for the person"
    # A browser sends the form's CSRF token with no answer; the test client sends no token.
    response = alice.post(reverse("intake_kind"), {"abuse_neglect_suspected": ""})
    assert "Select what you are notifying" in errors_on(response)


def test_no_later_question_is_reached_before_saying_what_is_notified(people, client_for):
    alice = client_for(people["alice"])
    then_i_am_sent_to(alice.get(reverse("intake_dates")), "intake_kind")
    then_i_am_sent_to(alice.get(reverse("intake_check")), "intake_kind")


# --- 2. The administrator's back link ---------------------------------------------------------


def test_the_administrators_back_link_goes_where_they_may_go(people, client_for):
    adam = client_for(people["adam"])
    page = adam.get(reverse("practice_content_list")).content.decode()
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link"', page).group(1)
    assert back == reverse("dashboard")
    assert adam.get(back, follow=True).status_code == 200
    assert adam.get(reverse("briefing_list")).status_code == 403


# --- 3. Appointing the reviewer is the milestone ------------------------------------------------


def test_appointing_the_reviewer_records_the_reviewer_appointed_milestone(cases, people, client_for):
    alice = client_for(people["alice"])
    review = cases["A"].practice_review
    response = alice.post(reverse("lcspr_reviewer", args=["A-1"]), {"reviewer": people["ron"].pk, "version": 1})
    assert response.status_code == 302, errors_on(response)
    milestone = review.milestones.get(kind=MilestoneKind.REVIEWER_APPOINTED)
    assert milestone.completed_date == timezone.localdate()
    # One change, one audit event: it names the milestone as recording one does.
    event = AuditEvent.objects.get(action="practice_review.assign_reviewer")
    assert (event.changed_fields["milestone"], event.changed_fields["completed_date"]) == (
        "reviewer_appointed",
        timezone.localdate().isoformat(),
    )
    assert not AuditEvent.objects.filter(action="practice_review.record_milestone").exists()
    page = text_of(alice.get(reverse("lcspr_detail", args=["A-1"])))
    assert "Reviewer appointed Not yet" not in page
    # The next change uses the version the page shows now.
    review.refresh_from_db()
    delay = alice.post(reverse("lcspr_delay", args=["A-1"]), {"reasons": "Late", "version": review.version})
    assert delay.status_code == 302, errors_on(delay)


def test_publishing_no_longer_asks_for_the_appointment_once_the_reviewer_is_appointed(sent, cases, people, client_for):  # noqa: F811
    review = cases["A"].practice_review
    review.refresh_from_db()
    actions.practice_review_assign_reviewer(
        actor=people["alice"], practice_review_id=review.pk, version=review.version, reviewer=people["ron"]
    )
    page = client_for(people["alice"]).get(reverse("lcspr_publish", args=["A-1"])).content.decode()
    assert "Reviewer appointed" not in page


def test_a_date_the_partners_recorded_for_the_appointment_is_kept(cases, people):
    review = cases["A"].practice_review
    actions.practice_review_record_milestone(
        actor=people["alice"],
        practice_review_id=review.pk,
        version=1,
        kind="reviewer_appointed",
        completed_date=dt.date(2020, 4, 20),
    )
    actions.practice_review_assign_reviewer(
        actor=people["alice"], practice_review_id=review.pk, version=None, reviewer=people["ron"]
    )
    assert review.milestones.get(kind="reviewer_appointed").completed_date == dt.date(2020, 4, 20)


# --- 4. The rapid review's period on check your answers ------------------------------------------

DRAFT = {
    "la_code": "E08000025",
    "incident_date": "2025-03-07",
    "aware_date": "2025-03-10",
    "notified_date": "2025-03-12",
    "incident_type": "death",
    "death_category": "unrelated_or_unclear",
    "characteristics_done": True,
    "children": [{**a_child(age_years="19"), "looked_after": "no"}],
    "children_done": True,
    "notification_ref": "",
    "reference_done": True,
}


@pytest.mark.parametrize(
    ("kind", "abuse", "said"),
    [
        ("serious_incident", "", True),
        ("looked_after_death", "unknown", True),
        ("looked_after_death", "no", False),
        ("care_leaver_death", "", False),
    ],
)
def test_the_rapid_review_period_is_mentioned_only_when_one_is_required(people, client_for, kind, abuse, said):
    alice = client_for(people["alice"])
    session = alice.session
    session["intake"] = {**DRAFT, "notification_kind": kind, "abuse_neglect_suspected": abuse}
    session.save()
    page = text_of(alice.get(reverse("intake_check")))
    assert ("The rapid review's 15 working days are counted" in page) is said


# --- 5. Publishing says it is done ----------------------------------------------------------------


def test_publishing_shows_a_success_banner(sent, people, client_for):  # noqa: F811
    alice = client_for(people["alice"])
    response = alice.post(reverse("lcspr_publish", args=["A-1"]), answers(sent, outstanding_reason="On paper."))
    assert response.status_code == 302, errors_on(response)
    page = alice.get(response["Location"]).content.decode()
    banner = re.search(
        r'<div class="govuk-notification-banner govuk-notification-banner--success".*?</div>\s*</div>', page, re.S
    )
    assert banner and "Report published" in banner.group(0)


# --- 6. "1 page" ----------------------------------------------------------------------------------


def test_a_one_page_document_says_one_page(people, client_for, tmp_path):
    review = add_review_as(people["sam"], text_documents_in(tmp_path)("Safe sleep advice was not revisited."))
    SourceDocument.objects.filter(review=review).update(pages=1)
    page = text_of(client_for(people["sam"]).get(reverse("learning_review_detail", args=[review.pk])))
    assert " words, 1 page)" in page and "1 pages" not in page


# --- 7. No results --------------------------------------------------------------------------------


def test_a_search_with_no_results_says_so_without_an_empty_table(cases, people, client_for):
    sam = client_for(people["sam"])
    assert "Download these as CSV" in sam.get(reverse("notification_list")).content.decode()
    response = sam.get(reverse("notification_list"), {"q": "NO-SUCH-CASE"})
    html = response.content.decode()
    assert "No notifications found" in html and "Improve your results by" in html
    assert "<table" not in html and "Download these as CSV" not in html


# --- 8. Partnership names -------------------------------------------------------------------------


def test_no_former_name_gives_a_date_in_iso_form():
    path = Path(cspr.__file__).parent / "reference" / "partnerships.csv"
    with path.open(newline="", encoding="utf-8") as f:
        names = [row["name"] for row in csv.DictReader(f) if "(before " in row["name"]]
    assert names
    assert [name for name in names if re.search(r"\(before \d{4}-", name)] == []


# --- 9. The due date on the rapid review --------------------------------------------------------


def test_the_rapid_reviews_due_date_is_not_said_twice(cases, people, client_for):
    page = text_of(client_for(people["bob"]).get(reverse("rapid_review_edit", args=["B-1"])))
    due = cases["B"].rapid_review.due_date
    assert "Due Due" not in page
    assert f"Due by {due.day} {due:%B %Y}" in page


# --- 10. Every error at once on attaching a document ---------------------------------------------


def test_a_refused_file_is_reported_with_the_missing_answers(cases, people, client_for):
    upload = SimpleUploadedFile("bad.exe", files.windows_program(), content_type="application/octet-stream")
    response = client_for(people["alice"]).post(reverse("document_attach", args=["A-1"]), {"kind": "", "file": upload})
    summary = errors_on(response)
    assert "Select what the document is" in summary
    assert "The file ‘bad.exe’ was not attached: the file is a program" in summary
    assert not CaseDocument.objects.exists()


# --- 11. The reasons for commissioning ------------------------------------------------------------


def test_the_reasons_for_a_local_review_are_required(cases, people, client_for):
    day = {"decision_date-day": "25", "decision_date-month": "3", "decision_date-year": "2020", "reasons": " "}
    response = client_for(people["bob"]).post(reverse("lcspr_commission", args=["B-1"]), day)
    assert "Enter why a local review is appropriate" in errors_on(response)


# --- 12. Titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "name", "ref"),
    [
        ("alice", "case_share", "A-1"),
        ("alice", "document_attach", "A-1"),
        ("alice", "lcspr_delay", "A-1"),
        ("alice", "lcspr_milestone", "A-1"),
        ("alice", "lcspr_reviewer", "A-1"),
        ("alice", "lcspr_final_report", "A-1"),
        ("bob", "rapid_review_submit", "B-1"),
        ("bob", "lcspr_commission", "B-1"),
    ],
)
def test_every_case_page_title_names_the_case(cases, people, client_for, persona, name, ref):
    response = client_for(people[persona]).get(reverse(name, args=[ref]))
    assert response.status_code == 200
    assert ref in title_of(response), title_of(response)
