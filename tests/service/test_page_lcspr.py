"""Tracking a local child safeguarding practice review to publication (Given/When/Then).

Case A (alice's partnership) has a review commissioned on 1 April 2020 with rita as
its reviewer; publication was due by 1 October 2020, so it is long overdue. Case B
(bob's) has none yet.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from cspr.cases.models import Notification

# Every test starts from the personas and cases A and B: built once for the module, each test rolled back to them.
from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def given_i_am_signed_in_as(client_for, person):
    return client_for(person)


def dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def errors_on(response) -> str:
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary.group(0))) if summary else "(no error summary)"


def when_i_submit(client, url_name: str, data: dict, ref: str = "A-1"):
    return client.post(reverse(url_name, args=[ref]), data)


def then_i_am_taken_to_the_review(response, ref: str = "A-1"):
    assert response.status_code == 302, errors_on(response)
    assert response["Location"] == reverse("lcspr_detail", args=[ref])


def then_i_see_a_validation_error(response, message: str, field_id: str | None = None):
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert message in errors_on(response), errors_on(response)
    if field_id:
        assert f'href="#{field_id}"' in response.content.decode()


def review(ref: str = "A-1"):
    return Notification.objects.get(ref=ref).practice_review


def test_the_manager_commissions_a_local_review(cases, people, client_for):
    bob = given_i_am_signed_in_as(client_for, people["bob"])
    detail = bob.get(reverse("notification_detail", args=["B-1"])).content.decode()
    assert reverse("lcspr_commission", args=["B-1"]) in detail
    then_i_see_a_validation_error(
        when_i_submit(bob, "lcspr_commission", {"reasons": ""}, "B-1"),
        "Enter the date of the decision",
        "id_decision_date-day",
    )
    response = when_i_submit(
        bob, "lcspr_commission", {**dated("decision_date", date(2020, 3, 25)), "reasons": "Recurrent themes."}, "B-1"
    )
    then_i_am_taken_to_the_review(response, "B-1")
    assert (review("B-1").status, review("B-1").publication_due_date) == ("commissioned", date(2020, 9, 25))
    page = bob.get(reverse("lcspr_detail", args=["B-1"])).content.decode()
    assert "25 September 2020" in page and "Not appointed" in page
    again = bob.get(reverse("lcspr_commission", args=["B-1"])).content.decode()
    assert "A local review has already been commissioned" in again


def test_the_manager_appoints_a_reviewer_who_then_sees_the_case(cases, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    page = alice.get(reverse("lcspr_reviewer", args=["A-1"])).content.decode()
    offered = re.findall(r'<option value="(\d+)"', page)
    assert sorted(map(int, offered)) == sorted([people["rita"].pk, people["ron"].pk]), "only reviewers are offered"
    then_i_am_taken_to_the_review(
        when_i_submit(alice, "lcspr_reviewer", {"reviewer": people["ron"].pk, "version": review().version})
    )
    assert review().reviewer == people["ron"]
    assert client_for(people["ron"]).get(reverse("lcspr_detail", args=["A-1"])).status_code == 200
    assert client_for(people["rita"]).get(reverse("lcspr_detail", args=["A-1"])).status_code == 404


def test_the_assigned_reviewer_records_milestones_but_cannot_publish(cases, people, client_for):
    rita = given_i_am_signed_in_as(client_for, people["rita"])
    then_i_see_a_validation_error(
        when_i_submit(
            rita,
            "lcspr_milestone",
            {"kind": "terms_of_reference", **dated("completed_date", date(2020, 3, 1)), "version": 1},
        ),
        "must be the same as or after the decision to commission the review",
        "id_completed_date-day",
    )
    response = when_i_submit(
        rita,
        "lcspr_milestone",
        {"kind": "terms_of_reference", **dated("completed_date", date(2020, 5, 4)), "note": "Agreed.", "version": 1},
    )
    then_i_am_taken_to_the_review(response)
    page = rita.get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    assert "Terms of reference agreed" in page and "4 May 2020" in page
    assert "Record that the final report was sent" not in page
    assert rita.get(reverse("lcspr_final_report", args=["A-1"])).status_code == 403
    assert rita.get(reverse("lcspr_publish", args=["A-1"])).status_code == 403


def test_an_overdue_review_says_reasons_for_delay_are_required(cases, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    page = alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    assert "Publication is overdue" in page and "You must record the reasons for the delay" in page
    then_i_see_a_validation_error(
        when_i_submit(alice, "lcspr_delay", {"reasons": " ", "version": 1}),
        "Enter why the review is delayed",
        "id_reasons",
    )
    then_i_am_taken_to_the_review(
        when_i_submit(alice, "lcspr_delay", {"reasons": "A criminal trial is pending.", "version": 1})
    )
    page = alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    assert "A criminal trial is pending." in page and "The reasons for the delay are recorded" in page


def test_the_manager_sends_the_final_report_and_publishes_late_with_reasons(cases, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    page = alice.get(reverse("lcspr_publish", args=["A-1"])).content.decode()
    assert "Send the final report first" in page
    then_i_am_taken_to_the_review(
        when_i_submit(alice, "lcspr_final_report", {**dated("final_report_date", date(2020, 11, 2)), "version": 1})
    )
    assert review().status == "final_report_sent"
    late = {
        **dated("published_date", date(2020, 11, 16)),
        "title": "Child A: a local child safeguarding practice review",
        "final_report": "link",
        "final_report_url": "https://example.org.uk/reviews/child-a",
        "outstanding_reason": "The milestones were tracked by the previous business manager.",
        "version": 2,
    }
    then_i_see_a_validation_error(
        when_i_submit(alice, "lcspr_publish", late),
        "Enter the reasons for the delay: publication was due by 1 October 2020",
        "id_delay_reasons",
    )
    # Publishing adds the report to the learning repository and shows it there (tests/learning/test_publication.py).
    response = when_i_submit(alice, "lcspr_publish", {**late, "delay_reasons": "The family asked for time."})
    assert response.status_code == 302 and response["Location"].startswith("/learning/reviews/")
    published = review()
    assert (published.status, published.published_date, published.delay_reasons) == (
        "published",
        date(2020, 11, 16),
        "The family asked for time.",
    )
    assert "(late)" in alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode()


def test_the_partners_record_a_decision_not_to_publish(cases, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_submit(alice, "lcspr_final_report", {**dated("final_report_date", date(2020, 9, 1)), "version": 1})
    then_i_see_a_validation_error(
        when_i_submit(alice, "lcspr_not_published", {"reasons": "", "version": 2}),
        "Enter why the report will not be published",
        "id_reasons",
    )
    then_i_am_taken_to_the_review(
        when_i_submit(alice, "lcspr_not_published", {"reasons": "It would identify the siblings.", "version": 2})
    )
    assert review().status == "not_published"
    page = alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    assert "the partners decided not to" in page and "Record a milestone" not in page


def test_people_outside_the_case_or_without_the_verb_change_nothing(cases, people, client_for):
    data = {**dated("final_report_date", date(2020, 9, 1)), "version": 1}
    assert client_for(people["bob"]).post(reverse("lcspr_final_report", args=["A-1"]), data).status_code == 404
    assert client_for(people["agnes"]).post(reverse("lcspr_final_report", args=["A-1"]), data).status_code == 403
    assert client_for(people["sam"]).post(reverse("lcspr_final_report", args=["A-1"]), data).status_code == 403
    assert review().status == "commissioned"
