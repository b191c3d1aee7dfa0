"""A local review's progress in the same words on every page, and nothing recorded lost unseen.

Case A (alice's partnership) has a local review commissioned on 1 April 2020: its final report was
due by 22 September 2020 and its publication by 1 October 2020. Case B (bob's) has none yet.

- Its publication (or the partners' decision not to publish) and its lateness read the same on the
  review's page, the notification page, the read-only case page and the summary PDF.
- A final report sent late is marked "(late)", as a late publication is.
- A recorded milestone changes on a form prefilled with its date and notes; saving over it from a
  form not shown to change it first says what is recorded; the change is audited, from and to.
- The commission form offers the rapid review's reasons only when it recommended a local review.
"""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cspr.core.models import AuditEvent
from cspr.reviews import actions
from cspr.reviews.models import MilestoneKind, RapidReview
from tests.reviews.closing import given_the_partners_decided_not_to_publish, the_review
from tests.service.conftest import client_for  # noqa: F401 (the fixture, by name)
from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """A page's words (or a PDF's), tags gone and white space made single."""
    if response["Content-Type"] == "application/pdf":
        words = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    else:
        words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", words)


def the_four_pages(client, ref: str = "A-1") -> dict[str, str]:
    return {
        name: text_of(client.get(url))
        for name, url in {
            "local review": reverse("lcspr_detail", args=[ref]),
            "notification": reverse("notification_detail", args=[ref]),
            "read-only case": reverse("rapid_review_read", args=[ref]),
            "summary PDF": reverse("case_summary_pdf", args=[ref]),
        }.items()
    }


def dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def send_the_final_report(people, on: date):
    actions.practice_review_send_final_report(
        actor=people["alice"], practice_review_id=the_review().pk, version=None, final_report_date=on
    )


# --- Publication, in the same words on every page --------------------------------------------------


def test_every_page_says_the_partners_decided_not_to_publish(world, people, cases, client_for):  # noqa: F811
    given_the_partners_decided_not_to_publish(people)
    for page, words in the_four_pages(client_for(people["alice"])).items():
        assert "Published Not published: the partners decided not to" in words, page
        assert "Published Not yet" not in words, page


def test_every_page_marks_a_late_publication_late(world, people, cases, client_for):  # noqa: F811
    send_the_final_report(people, date(2020, 9, 10))
    actions.practice_review_publish(
        actor=people["alice"],
        practice_review_id=the_review().pk,
        version=None,
        published_date=date(2020, 10, 20),
        final_report_url="https://example.org/review.pdf",
        delay_reasons="The family asked for time",
        outstanding_reason="Recorded before cspr",
    )
    for page, words in the_four_pages(client_for(people["alice"])).items():
        assert "Published 20 October 2020 (late)" in words, page


def test_every_page_says_an_open_review_is_not_published_yet(world, people, cases, client_for):  # noqa: F811
    for page, words in the_four_pages(client_for(people["alice"])).items():
        assert "Published Not yet" in words, page


# --- The final report's lateness -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "words"),
    [
        (date(2020, 9, 30), "Final report sent 30 September 2020 (late)"),
        (date(2020, 9, 22), "Final report sent 22 September 2020 Publication due"),  # on its due date
    ],
)
def test_the_review_page_marks_a_late_final_report_late(world, people, cases, client_for, sent, words):  # noqa: F811
    send_the_final_report(people, sent)
    assert the_review().final_report_due_date == date(2020, 9, 22)
    assert words in text_of(client_for(people["alice"]).get(reverse("lcspr_detail", args=["A-1"])))


# --- Changing a recorded milestone ---------------------------------------------------------------

MILESTONE = "lcspr_milestone"
FAMILY = MilestoneKind.FAMILY_INVOLVED.value


def post_milestone(client, day: date, note: str, **extra):
    data = {"kind": FAMILY, **dated("completed_date", day), "note": note, "version": the_review().version, **extra}
    return client.post(reverse(MILESTONE, args=["A-1"]), data)


def the_family_milestone():
    return the_review().milestones.get(kind=FAMILY)


def test_a_recorded_milestone_opens_prefilled_and_says_it_changes_it(world, people, cases, client_for):  # noqa: F811
    alice = client_for(people["alice"])
    assert post_milestone(alice, date(2020, 11, 20), "Mother declined; father met twice").status_code == 302
    detail = alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    change = reverse(MILESTONE, args=["A-1"]) + f"?kind={FAMILY}"
    assert f'href="{change}"' in detail
    page = alice.get(change).content.decode()
    assert "Mother declined; father met twice</textarea>" in page
    assert re.search(r'name="completed_date-day"[^>]*value="20"', page) or re.search(
        r'value="20"[^>]*name="completed_date-day"', page
    ), "the recorded day"
    assert "This changes the milestone “Family involved”, recorded as reached on 20 November 2020" in page
    assert f'name="changing" value="{FAMILY}"' in page


def test_saving_over_a_recorded_milestone_first_says_what_is_recorded(world, people, cases, client_for):  # noqa: F811
    alice = client_for(people["alice"])
    post_milestone(alice, date(2020, 11, 20), "Mother declined; father met twice")
    # From the plain "Record a milestone" form: held back, with what is recorded.
    held = post_milestone(alice, date(2020, 11, 21), "")
    assert held.status_code == 200
    assert (
        "Family involved is already recorded as reached on 20 November 2020 with the notes “Mother declined; "
        "father met twice”" in text_of(held)
    )
    kept = the_family_milestone()
    assert (kept.completed_date, kept.note) == (date(2020, 11, 20), "Mother declined; father met twice")
    assert f'name="changing" value="{FAMILY}"' in held.content.decode()
    # Saved again from that form: replaced, and the audit event keeps what it was.
    assert post_milestone(alice, date(2020, 11, 21), "", changing=FAMILY).status_code == 302
    changed = the_family_milestone()
    assert (changed.completed_date, changed.note) == (date(2020, 11, 21), "")
    event = AuditEvent.objects.filter(action="practice_review.record_milestone").latest("id")
    assert event.changed_fields["changed"] == {
        "completed_date": {"from": "2020-11-20", "to": "2020-11-21"},
        "note": {"from": "Mother declined; father met twice", "to": ""},
    }


def test_a_new_milestone_saves_at_once_and_its_audit_names_no_change(world, people, cases, client_for):  # noqa: F811
    alice = client_for(people["alice"])
    assert post_milestone(alice, date(2020, 11, 20), "Met the family").status_code == 302
    event = AuditEvent.objects.filter(action="practice_review.record_milestone").latest("id")
    assert event.changed_fields == {"milestone": FAMILY, "completed_date": "2020-11-20"}


# --- Commissioning: the rapid review's reasons only when it recommended a local review ---------------

NOT_APPROPRIATE = "The partners decided that a local review is not appropriate: the learning is known."


@pytest.mark.parametrize(("recommended", "offered"), [("no", False), ("unknown", False), ("yes", True)])
def test_the_commission_form_offers_the_reasons_only_of_a_recommendation(
    world,  # noqa: F811
    people,
    cases,
    client_for,  # noqa: F811
    recommended,
    offered,
):
    RapidReview.objects.filter(notification__ref="B-1").update(
        decision_reasons=NOT_APPROPRIATE, lcspr_recommended=recommended
    )
    page = client_for(people["bob"]).get(reverse("lcspr_commission", args=["B-1"])).content.decode()
    assert (NOT_APPROPRIATE in page) is offered
    hint = "The rapid review recommended no local review, so its reasons are not repeated here."
    assert (hint in page) is (recommended == "no")
