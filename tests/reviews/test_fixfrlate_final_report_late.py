"""A final report sent after its due date is marked "(late)" on every page that shows it.

Case A's local review (tests/service/world.py), commissioned on 1 April 2020, has its final report
due by Tuesday 22 September 2020. Its lateness is one stored figure, as the publication's is
(ADR 0036): the write path stores it with the date the report was sent, and again when the due date
it is counted from moves, and the four pages word it with one macro (reviews/_lcspr_words.html), the
summary PDF, whose environment can count no deadline, among them.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command

from cspr.reviews.models import PracticeReview
from tests.cases.rows import csv_bytes, valid_row
from tests.reviews.closing import the_review
from tests.reviews.test_fixlcspr_lcspr_words import send_the_final_report, the_four_pages
from tests.service.conftest import client_for  # noqa: F401 (the fixture, by name)
from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sent", "days_late", "words"),
    [
        # Friday 25 September: three working days after the Tuesday it was due by.
        (date(2020, 9, 25), 3, "Final report sent 25 September 2020 (late)"),
        (date(2020, 9, 22), 0, "Final report sent 22 September 2020 "),  # on its due date
        (date(2020, 9, 10), 0, "Final report sent 10 September 2020 "),
    ],
)
def test_every_page_marks_a_late_final_report_and_only_a_late_one(
    world,  # noqa: F811
    people,
    cases,
    client_for,  # noqa: F811
    sent,
    days_late,
    words,
):
    send_the_final_report(people, sent)
    review = the_review()
    assert (review.final_report_due_date, review.final_report_days_late) == (date(2020, 9, 22), days_late)
    for page, text in the_four_pages(client_for(people["alice"])).items():
        assert words in text, page
        assert ("(late)" in text) is bool(days_late), page


def test_every_page_says_a_final_report_not_sent_is_not_sent_yet(world, people, cases, client_for):  # noqa: F811
    assert the_review().final_report_days_late is None
    for page, text in the_four_pages(client_for(people["alice"])).items():
        assert "Final report sent Not yet" in text, page


# --- The import: the figure follows the dates it is counted from --------------------------------


def _import(tmp_path, name: str, **values):
    path = tmp_path / name
    path.write_bytes(csv_bytes([valid_row(notification_ref="W-1", **values)]))
    call_command("import", "--overwrite", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return PracticeReview.objects.get(notification__ref="W-1")


LOCAL_REVIEW = {
    "rr_submitted_date": "2020-03-20",
    "rr_lcspr_recommended": "yes",
    "rr_national_review": "no",
    "lcspr_decision_date": "2020-04-01",
}


def test_an_imported_final_report_stores_its_lateness_and_a_moved_due_date_recounts_it(tmp_path, settings):
    settings.CSPR_FINAL_REPORT_WORKING_DAYS = 7
    review = _import(tmp_path, "new.csv", **LOCAL_REVIEW)
    assert (review.final_report_due_date, review.final_report_days_late) == (date(2020, 9, 22), None)
    review = _import(tmp_path, "sent.csv", **LOCAL_REVIEW, lcspr_final_report_date="2020-09-25")
    assert review.final_report_days_late == 3
    # The operator gives the reviews until the publication due date (Thursday 1 October): a file
    # rewriting the review writes the due date counted with that rule, and the figure counted from it.
    settings.CSPR_FINAL_REPORT_WORKING_DAYS = 0
    review = _import(tmp_path, "again.csv", **LOCAL_REVIEW, lcspr_final_report_date="2020-09-25")
    assert (review.final_report_due_date, review.final_report_days_late) == (date(2020, 10, 1), 0)
