"""A case the Panel takes into a national review says so: the rapid review's `national_review` flag
(the standard's `rr_national_review`) is yes, in the export, the statistics and the API."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.domain.measures import NOTIFICATION, Eq, Period, Quantity
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import RapidReview
from cspr.service.national_demo import load_demo_national_work
from cspr.stats import engine
from tests.reviews.national import take, topic

pytestmark = pytest.mark.django_db

TAKEN = Quantity(NOTIFICATION, Eq("rr_national_review", "yes"), Period(date(2020, 1, 1), date(2020, 12, 31)))


@pytest.fixture
def review(people):
    return actions.national_review_create(
        actor=people["sam"], title="The myth of invisible men", programme_topic_id=topic(people).pk
    )


def _flag(case) -> str:
    return RapidReview.objects.get(notification=case).national_review


def _exported(fmt: str) -> dict[str, dict]:
    """The export by reference: CSV rows by column, JSON notifications (the rapid review nested)."""
    out = io.StringIO()
    call_command("export", "--format", fmt, stdout=out, stderr=io.StringIO())
    if fmt == "csv":
        return {row["notification_ref"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    return {n["notification_ref"]: n for n in json.loads(out.getvalue())["notifications"]}


def test_a_case_taken_into_a_national_review_exports_yes_in_csv_and_json(people, cases, review):
    assert _exported("csv")["A-1"]["rr_national_review"] == "unknown"
    take(people, review, cases["A"])
    assert _exported("csv")["A-1"]["rr_national_review"] == "yes"
    assert _exported("json")["A-1"]["rapid_review"]["national_review"] == "yes"


def test_the_statistics_count_a_case_taken_into_a_national_review(people, cases, review):
    assert engine.count_quantities([TAKEN], Notification.objects.all())[TAKEN] == 0
    take(people, review, cases["A"])
    assert engine.count_quantities([TAKEN], Notification.objects.all())[TAKEN] == 1


def test_taking_a_case_writes_the_flag_through_the_write_path_in_the_decision_s_one_event(people, cases, review):
    before = RapidReview.objects.get(notification=cases["A"]).version
    events = AuditEvent.objects.count()
    take(people, review, cases["A"])
    rapid = RapidReview.objects.get(notification=cases["A"])
    assert (rapid.national_review, rapid.version) == ("yes", before + 1)
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(action="national_review.take_case")
    assert (event.changed_fields["rapid_reviews_flagged"], event.actor) == ([cases["A"].pk], people["sam"])


def test_a_case_already_flagged_is_not_written_again(people, cases, review):
    take(people, review, cases["A"])
    other = actions.national_review_create(actor=people["sam"], title="Another", topic="Infants")
    version = RapidReview.objects.get(notification=cases["A"]).version
    take(people, other, cases["A"])
    assert RapidReview.objects.get(notification=cases["A"]).version == version
    events = AuditEvent.objects.filter(action="national_review.take_case").order_by("pk")
    assert [e.changed_fields["rapid_reviews_flagged"] for e in events] == [[cases["A"].pk], []]


def test_a_case_added_from_its_page_or_listed_at_the_start_is_flagged(people, cases, review):
    actions.national_review_add_notifications(
        actor=people["sam"], national_review_id=review.pk, version=None, notification_ids=[cases["A"].pk]
    )
    assert _flag(cases["A"]) == "yes" and _flag(cases["B"]) == "unknown"
    actions.national_review_create(
        actor=people["sam"], title="Listed at the start", topic="Infants", notification_ids=[cases["B"].pk]
    )
    assert _flag(cases["B"]) == "yes"
    added = AuditEvent.objects.get(action="national_review.add_notifications").changed_fields
    created = AuditEvent.objects.filter(action="national_review.create").latest("pk").changed_fields
    assert added["rapid_reviews_flagged"] == [cases["A"].pk] and created["rapid_reviews_flagged"] == [cases["B"].pk]


def test_a_case_whose_rapid_review_is_not_sent_is_flagged_and_exported_when_it_is(people, cases, review):
    """The Panel may take a case before its rapid review arrives; the standard gives the answer with the review."""
    take(people, review, cases["B"])
    assert _flag(cases["B"]) == "yes"
    assert _exported("csv")["B-1"]["rr_national_review"] == ""
    rapid = RapidReview.objects.get(notification=cases["B"])
    actions.rapid_review_submit(
        actor=people["sam"],
        rapid_review_id=rapid.pk,
        version=None,
        submitted_date=date(2020, 3, 20),
        lcspr_recommended="no",
        themes=[],
    )
    assert _exported("json")["B-1"]["rapid_review"]["national_review"] == "yes"


def test_the_panel_response_cannot_say_no_for_a_case_in_a_national_review(people, cases, review):
    take(people, review, cases["A"])
    rapid = RapidReview.objects.get(notification=cases["A"])
    with pytest.raises(Refused) as refused:
        actions.rapid_review_respond(
            actor=people["sam"],
            rapid_review_id=rapid.pk,
            version=None,
            response_date=date(2020, 4, 21),
            national_review="no",
        )
    assert refused.value.field == "national_review"
    assert refused.value.message == "case A-1 is already in the national review The myth of invisible men: select yes"
    actions.rapid_review_respond(
        actor=people["sam"],
        rapid_review_id=rapid.pk,
        version=None,
        response_date=date(2020, 4, 21),
        national_review="yes",
    )
    assert _flag(cases["A"]) == "yes"


def test_the_demo_national_review_s_cases_are_flagged(people, cases):
    load_demo_national_work(
        actor=people["sam"], reviewer=people["rita"], partnership="birmingham", today=date(2021, 1, 4)
    )
    assert _flag(cases["A"]) == _flag(cases["B"]) == "yes"
