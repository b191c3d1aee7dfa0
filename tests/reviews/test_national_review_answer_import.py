"""A file cannot say that a case in a national review is not in one (docs/national-work.md, "A case in a
national review says so"): the import refuses its `no` or `unknown` as the Panel's response page does, and
an answer the file cannot give (no `rr_submitted_date`, so the export leaves it empty) keeps the stored yes."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from cspr.reviews import actions
from cspr.reviews.models import RapidReview
from tests.reviews.national import take, topic

pytestmark = pytest.mark.django_db

IN_REVIEW = "case A-1 is already in the national review The myth of invisible men: the file must say yes"


@pytest.fixture
def taken(people, cases):
    """Cases A (rapid review submitted) and B (not yet) in a national review."""
    review = actions.national_review_create(
        actor=people["sam"], title="The myth of invisible men", programme_topic_id=topic(people).pk
    )
    take(people, review, cases["A"])
    take(people, review, cases["B"])
    return review


def _flag(ref: str) -> str:
    return RapidReview.objects.get(notification__ref=ref).national_review


def _exported(tmp_path, **answers) -> tuple:
    """The register exported as CSV, each case's `rr_national_review` set as `answers` says; (path, rows)."""
    out = io.StringIO()
    call_command("export", "--format", "csv", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    for row in rows:
        ref = row["notification_ref"].replace("-", "_")
        row["rr_national_review"] = answers.get(ref, row["rr_national_review"])
    path = tmp_path / "register.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


def _line(rows, ref: str) -> int:
    return next(n for n, row in enumerate(rows, start=2) if row["notification_ref"] == ref)


def test_re_importing_an_export_keeps_the_yes_of_a_case_whose_rapid_review_is_not_sent(tmp_path, taken):
    path, rows = _exported(tmp_path)
    assert {row["notification_ref"]: row["rr_national_review"] for row in rows}["B-1"] == ""
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert _flag("B-1") == _flag("A-1") == "yes"


@pytest.mark.parametrize("answer", ["no", "unknown", ""])
def test_a_file_saying_a_submitted_case_in_a_national_review_is_not_in_one_is_refused(tmp_path, taken, answer):
    path, rows = _exported(tmp_path, A_1=answer)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert f"register.csv:{_line(rows, 'A-1')}: rr_national_review: A-1: {IN_REVIEW}" in err.getvalue()
    assert _flag("A-1") == "yes"


def test_a_file_may_still_say_no_for_a_case_in_no_national_review(tmp_path, people, cases):
    path, _ = _exported(tmp_path, A_1="no")
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert _flag("A-1") == "no"
