"""The rapid review form and its submission, the Panel's response, sharing a case (Given/When/Then)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.reviews.models import NationalReview
from tests import factories

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "facts": "The baby was brought to hospital with a fractured femur.\n\nHealth visiting had seen bruising.",
    "agencies_involved": ["childrens_social_care", "police", "hospital"],
    "immediate_actions": "A sibling was placed with grandparents.",
    "learning": "Bruising in non-mobile babies was not escalated.",
    "themes": ["daily_life", "critical_thinking"],
    "lcspr_recommended": "yes",
    "decision_reasons": "Two agencies did not share information (regulation 11(c)).",
}


@pytest.fixture
def due_case(cases):
    """A-2: Birmingham's (alice's) case whose rapid review is still being written."""
    factories.notification("A-2")
    return Notification.objects.select_related("rapid_review").get(ref="A-2")


# --- Steps ---------------------------------------------------------------------------------


def given_i_am_signed_in_as(client_for, person):
    return client_for(person)


def dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def errors_on(response) -> str:
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", summary.group(0))) if summary else "(no error summary)"


def when_i_submit(client, url_name: str, data: dict, ref: str, query: str = ""):
    return client.post(reverse(url_name, args=[ref]) + query, data)


def then_i_am_sent_to(response, url: str):
    assert response.status_code == 302, errors_on(response)
    assert response["Location"] == url


def then_i_see_a_validation_error(response, message: str, href: str | None = None):
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert message in errors_on(response), errors_on(response)
    if href:
        assert f'href="{href}"' in html


def review_of(ref: str):
    return Notification.objects.select_related("rapid_review").get(ref=ref).rapid_review


# --- The partners write and send the rapid review ----------------------------------------------


def test_a_partner_saves_the_rapid_review_and_the_manager_sends_it(due_case, people, client_for):
    agnes = given_i_am_signed_in_as(client_for, people["agnes"])
    page = agnes.get(reverse("rapid_review_edit", args=["A-2"])).content.decode()
    assert "Which agencies were involved with the child or family?" in page
    assert "Understanding the child&#39;s daily life" in page or "Understanding the child's daily life" in page
    assert "Save and send to the Panel" not in page, "only the partnership manager sends it"

    response = when_i_submit(agnes, "rapid_review_edit", {**NARRATIVE, "version": 1}, "A-2")
    then_i_am_sent_to(response, reverse("rapid_review_edit", args=["A-2"]) + "?saved=1")
    assert "The rapid review has been saved" in agnes.get(response["Location"]).content.decode()
    review = review_of("A-2")
    assert review.facts.startswith("The baby") and review.agencies_involved == NARRATIVE["agencies_involved"]
    assert sorted(t.code for t in review.themes.all()) == ["critical_thinking", "daily_life"]
    assert review.lcspr_recommended == "yes" and review.version == 2

    alice = given_i_am_signed_in_as(client_for, people["alice"])
    page = alice.get(reverse("rapid_review_submit", args=["A-2"])).content.decode()
    assert "Check the rapid review" in page and "Bruising in non-mobile babies" in page
    response = when_i_submit(
        alice, "rapid_review_submit", {**dated("submitted_date", date(2020, 3, 20)), "version": 2}, "A-2"
    )
    then_i_am_sent_to(response, reverse("notification_detail", args=["A-2"]))
    review = review_of("A-2")
    assert (review.status, review.submitted_date) == ("submitted", date(2020, 3, 20))
    assert review.lcspr_recommended == "yes"
    assert sorted(t.code for t in review.themes.all()) == ["critical_thinking", "daily_life"]
    locked = alice.get(reverse("rapid_review_edit", args=["A-2"])).content.decode()
    assert "cannot be changed unless the Panel asks a question" in locked and "<textarea" not in locked


def test_save_and_send_takes_the_manager_to_the_submission_page(due_case, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    response = when_i_submit(alice, "rapid_review_edit", {**NARRATIVE, "version": 1, "next": "submit"}, "A-2")
    then_i_am_sent_to(response, reverse("rapid_review_submit", args=["A-2"]))


def test_the_rapid_review_cannot_be_sent_incomplete(due_case, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    page = alice.get(reverse("rapid_review_submit", args=["A-2"])).content.decode()
    assert "Before you can send it" in page
    response = when_i_submit(
        alice, "rapid_review_submit", {**dated("submitted_date", date(2020, 3, 20)), "version": 1}, "A-2"
    )
    edit = reverse("rapid_review_edit", args=["A-2"])
    then_i_see_a_validation_error(response, "Enter what happened and what each agency knew", f"{edit}#id_facts")
    then_i_see_a_validation_error(
        response, "Select whether a local review is appropriate", f"{edit}#id_lcspr_recommended"
    )
    assert review_of("A-2").status == "due"


def test_the_submission_date_cannot_come_before_the_local_authority_knew(due_case, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    when_i_submit(alice, "rapid_review_edit", {**NARRATIVE, "version": 1}, "A-2")
    response = when_i_submit(
        alice, "rapid_review_submit", {**dated("submitted_date", date(2020, 3, 1)), "version": 2}, "A-2"
    )
    then_i_see_a_validation_error(
        response, "Date sent to the Panel must be the same as or after", "#id_submitted_date-day"
    )


def test_a_partner_agency_user_cannot_send_it_and_the_other_partnership_cannot_see_it(due_case, people, client_for):
    assert client_for(people["agnes"]).get(reverse("rapid_review_submit", args=["A-2"])).status_code == 403
    bob = client_for(people["bob"])
    assert bob.post(reverse("rapid_review_edit", args=["A-2"]), {**NARRATIVE, "version": 1}).status_code == 404
    assert (
        client_for(people["pat"])
        .post(reverse("rapid_review_edit", args=["A-2"]), {**NARRATIVE, "version": 1})
        .status_code
        == 403
    )
    assert review_of("A-2").version == 1


# --- The Panel responds ------------------------------------------------------------------------


@pytest.fixture
def submitted_case(due_case, people, client_for):
    alice = client_for(people["alice"])
    when_i_submit(alice, "rapid_review_edit", {**NARRATIVE, "version": 1}, "A-2")
    when_i_submit(alice, "rapid_review_submit", {**dated("submitted_date", date(2020, 3, 20)), "version": 2}, "A-2")
    return review_of("A-2")


def test_the_panel_asks_a_question_and_the_partners_answer_and_resend(submitted_case, people, client_for):
    pat = given_i_am_signed_in_as(client_for, people["pat"])
    detail = pat.get(reverse("notification_detail", args=["A-2"])).content.decode()
    assert reverse("panel_response", args=["A-2"]) in detail
    page = pat.get(reverse("panel_response", args=["A-2"])).content.decode()
    assert "Respond to the rapid review" in page and "fractured femur" in page
    response = when_i_submit(pat, "panel_response", {"response": "query"}, "A-2")
    query_url = reverse("panel_response_query", args=["A-2"]) + "?version=3"
    then_i_am_sent_to(response, query_url)
    then_i_see_a_validation_error(pat.post(query_url, {"question": "", "version": 3}), "Enter the Panel&#39;s question")
    response = pat.post(query_url, {"question": "Which agency saw the bruising first?", "version": 3})
    then_i_am_sent_to(response, reverse("notification_detail", args=["A-2"]))
    review = review_of("A-2")
    assert (review.status, review.panel_query) == ("queried", "Which agency saw the bruising first?")

    alice = given_i_am_signed_in_as(client_for, people["alice"])
    assert (
        "Which agency saw the bruising first?" in alice.get(reverse("rapid_review_edit", args=["A-2"])).content.decode()
    )
    response = when_i_submit(
        alice, "rapid_review_submit", {**dated("submitted_date", date(2020, 3, 27)), "version": 4}, "A-2"
    )
    then_i_see_a_validation_error(response, "Enter your answer to the Panel&#39;s question", "#id_answer")
    response = when_i_submit(
        alice,
        "rapid_review_submit",
        # The answer is dated on or after the Panel's question (asked today).
        {**dated("submitted_date", timezone.localdate()), "answer": "The health visitor, on 2 March.", "version": 4},
        "A-2",
    )
    then_i_am_sent_to(response, reverse("notification_detail", args=["A-2"]))
    assert review_of("A-2").status == "submitted"
    timeline = alice.get(reverse("notification_detail", args=["A-2"])).content.decode()
    assert "The health visitor, on 2 March." in timeline


def test_the_panel_agrees_and_takes_the_case_into_a_new_national_review(submitted_case, people, client_for):
    sam = given_i_am_signed_in_as(client_for, people["sam"])
    then_i_am_sent_to(
        when_i_submit(sam, "panel_response", {"response": "agree"}, "A-2"),
        reverse("panel_response_agree", args=["A-2"]) + "?version=3",
    )
    response = when_i_submit(
        sam,
        "panel_response_agree",
        {"national_review": "yes", "comments": "Agreed.", **dated("response_date", date(2020, 4, 9)), "version": 3},
        "A-2",
    )
    then_i_am_sent_to(response, reverse("case_national_review", args=["A-2"]))
    review = review_of("A-2")
    assert (review.status, review.panel_response_date, review.national_review) == ("responded", date(2020, 4, 9), "yes")

    response = when_i_submit(sam, "case_national_review", {"national_review": "new"}, "A-2")
    then_i_am_sent_to(response, reverse("national_review_create") + "?notification=A-2")
    assert "A-2" in sam.get(response["Location"]).content.decode(), "the new review's form names the case"
    response = sam.post(
        reverse("national_review_create"), {"title": "The myth of invisible men", "topic": "Under-1s", "refs": "A-2"}
    )
    national = NationalReview.objects.get()
    then_i_am_sent_to(response, reverse("national_review_detail", args=[national.pk]))
    assert list(national.notifications.values_list("ref", flat=True)) == ["A-2"]


def test_the_panel_adds_the_case_to_an_existing_national_review(submitted_case, people, client_for):
    from cspr.reviews import actions

    existing = actions.national_review_create(actor=people["sam"], title="Out of routine", topic="SUDI")
    sam = given_i_am_signed_in_as(client_for, people["sam"])
    page = sam.get(reverse("case_national_review", args=["A-2"])).content.decode()
    assert "Out of routine (SUDI)" in page and "A new national review" in page
    response = when_i_submit(sam, "case_national_review", {"national_review": str(existing.pk)}, "A-2")
    then_i_am_sent_to(response, reverse("national_review_detail", args=[existing.pk]))
    assert list(existing.notifications.values_list("ref", flat=True)) == ["A-2"]
    assert AuditEvent.objects.filter(action="national_review.add_notifications").count() == 1


def test_a_panel_member_who_agrees_without_a_national_review_returns_to_the_case(submitted_case, people, client_for):
    pat = given_i_am_signed_in_as(client_for, people["pat"])
    response = when_i_submit(
        pat,
        "panel_response_agree",
        {"national_review": "no", "comments": "", **dated("response_date", date(2020, 4, 9)), "version": 3},
        "A-2",
    )
    then_i_am_sent_to(response, reverse("notification_detail", args=["A-2"]))
    again = pat.get(reverse("panel_response", args=["A-2"])).content.decode()
    assert "There is nothing to respond to" in again


def test_the_panel_cannot_respond_to_a_review_not_yet_sent(due_case, people, client_for):
    page = client_for(people["sam"]).get(reverse("panel_response_agree", args=["A-2"])).content.decode()
    assert "There is nothing to respond to" in page and "has not been sent to the Panel yet" in page


# --- What each person is offered on the notification ------------------------------------------


@pytest.mark.parametrize(
    ("persona", "offered", "not_offered"),
    [
        (
            "alice",
            ["Work on the rapid review", "Send the rapid review to the Panel", "Share this case"],
            ["Respond to"],
        ),
        ("agnes", ["Work on the rapid review"], ["Send the rapid review", "Share this case", "Respond to"]),
        ("pat", [], ["Work on the rapid review", "Respond to", "Share this case", "Commission a local review"]),
    ],
)
def test_the_notification_offers_each_person_what_they_may_do(
    due_case, people, client_for, persona, offered, not_offered
):
    page = client_for(people[persona]).get(reverse("notification_detail", args=["A-2"])).content.decode()
    for words in offered:
        assert words in page
    for words in not_offered:
        assert words not in page


# --- Sharing a case ----------------------------------------------------------------------------


def test_the_manager_shares_a_case_with_another_partnership(due_case, people, client_for):
    alice = given_i_am_signed_in_as(client_for, people["alice"])
    then_i_see_a_validation_error(
        when_i_submit(alice, "case_share", {"partnership": "city-and-hackney", "reason": ""}, "A-2"),
        "Enter why you are sharing the case",
        "#id_reason",
    )
    response = when_i_submit(
        alice, "case_share", {"partnership": "city-and-hackney", "reason": "The child lives in Hackney."}, "A-2"
    )
    then_i_am_sent_to(response, reverse("notification_detail", args=["A-2"]))
    assert client_for(people["bob"]).get(reverse("notification_detail", args=["A-2"])).status_code == 200
    # Shared, not handed over: bob can read it but not edit its rapid review.
    assert client_for(people["bob"]).get(reverse("rapid_review_edit", args=["A-2"])).status_code == 403
    page = client_for(people["alice"]).get(reverse("case_share", args=["A-2"])).content.decode()
    assert 'value="city-and-hackney"' not in page and 'value="birmingham"' not in page
