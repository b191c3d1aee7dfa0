"""The Panel's national review and work programme pages, as a browser review of 7 December 2026 found them."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import EndedAppointment, NationalReview, WorkProgrammeTopic
from tests.reviews.national import appointed_review, pool, take, topic
from tests.service.test_page_national_reviews import dated, then_i_see_a_validation_error

pytestmark = pytest.mark.django_db

LONG_WORD = "https://www.example-partnership.org.uk/" + "a-very-long-unbroken-address-" * 8


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def _name(user) -> str:
    return user.get_full_name() or user.username


def _end_form(review, reason="Declared a new interest"):
    return {"version": review.version, **dated("ended_date", date(2020, 7, 1)), "reason": reason}


# 1. The hint on why an appointment ended says who reads it.


def test_the_end_of_appointment_hint_says_the_secretariat_reads_why_on_the_reviews_page(people, cases, client):
    review = appointed_review(people, cases)
    client.force_login(people["sam"])
    page = text_of(client.get(reverse("national_review_remove_reviewer", args=[review.pk, people["ron"].pk])))
    assert "Shown on the review's page to the Panel secretariat, and kept in the audit trail." in page
    assert "not shown on the review's page" not in page


# 2. A second tab ending the same appointment is told it has ended, not "Page not found".


def test_ending_an_appointment_a_second_time_says_it_has_already_ended(people, cases, client):
    review = appointed_review(people, cases)
    client.force_login(people["sam"])
    url = reverse("national_review_remove_reviewer", args=[review.pk, people["ron"].pk])
    form = _end_form(review)  # both tabs show the same form
    assert client.post(url, form).status_code == 302
    for second_tab in (client.post(url, form), client.get(url)):
        assert second_tab.status_code == 200
        page = text_of(second_tab)
        assert f"The appointment of {_name(people['ron'])} has already ended" in page
        assert "It ended on 1 July 2020." in page
        assert f'href="{reverse("national_review_detail", args=[review.pk])}"' in page
    assert EndedAppointment.objects.filter(national_review=review).count() == 1
    # Someone never appointed to the review is still not found.
    never = reverse("national_review_remove_reviewer", args=[review.pk, people["rita"].pk])
    assert client.post(never, form).status_code == 404


# 3. The action's refusals about the case land on the form's reference question.


def _take_form(review, ref, **more):
    version = NationalReview.objects.get(pk=review.pk).version
    return {
        "ref": ref,
        "criteria": ["improvements"],
        "reasons": "A recurrent pattern",
        **dated("decided_date", date(2020, 4, 20)),
        "version": version,
    } | more


def then_the_error_is_on_the_reference(response, message):
    then_i_see_a_validation_error(response, message, "id_ref")
    page = text_of(response)
    inline = re.search(r'<p id="id_ref-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert inline and message in inline.group(1), page


def test_a_case_already_in_the_review_is_refused_on_the_reference(people, cases, client):
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", topic="NAI")
    take(people, review, cases["A"])
    client.force_login(people["sam"])
    url = reverse("national_review_take_case", args=[review.pk])
    response = client.post(url, _take_form(review, cases["A"].ref))
    then_the_error_is_on_the_reference(response, f"Case {cases['A'].ref} is already in this national review")


def test_a_case_in_an_appointed_reviewers_conflicted_area_is_refused_on_the_reference(people, cases, client):
    pool(people, ron=([cases["A"].local_authority_id], []))
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", topic="NAI")
    take(people, review, cases["B"])
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    client.force_login(people["sam"])
    url = reverse("national_review_take_case", args=[review.pk])
    response = client.post(url, _take_form(review, cases["A"].ref))
    then_the_error_is_on_the_reference(response, f"{_name(people['ron'])} must not review cases in")


# 4. Free text has a length limit, in the form and in the action; months are a text input.


def test_the_reasons_for_taking_a_case_are_at_most_1000_characters(people, cases, client):
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", topic="NAI")
    client.force_login(people["sam"])
    url = reverse("national_review_take_case", args=[review.pk])
    then_i_see_a_validation_error(
        client.post(url, _take_form(review, cases["A"].ref, reasons="x" * 1001)),
        "The reasons must be 1,000 characters or fewer",
        "id_reasons",
    )
    with pytest.raises(Refused) as refused:
        take(people, review, cases["A"], reasons="x" * 300_000)
    assert refused.value.field == "reasons"
    assert client.post(url, _take_form(review, cases["A"].ref, reasons="x" * 1000)).status_code == 302


def test_a_topics_summary_is_at_most_5000_characters(people, client):
    client.force_login(people["sam"])
    url = reverse("work_programme_topic_create")
    form = {"title": "Non-accidental injury in under-1s", "programme_year": "2020-21", "summary": "x" * 5001}
    then_i_see_a_validation_error(client.post(url, form), "The summary must be 5,000 characters or fewer", "id_summary")
    with pytest.raises(Refused) as refused:
        actions.work_programme_topic_create(
            actor=people["sam"], title="Non-accidental injury", programme_year="2020-21", summary="x" * 300_000
        )
    assert refused.value.field == "summary"
    assert not WorkProgrammeTopic.objects.exists()
    assert client.post(url, form | {"summary": "x" * 5000}).status_code == 302


def test_why_a_topic_moved_is_at_most_1000_characters(people, client):
    made = topic(people)
    client.force_login(people["sam"])
    url = reverse("work_programme_topic_status", args=[made.pk])
    form = {"status": "withdrawn", "reason": "x" * 1001, "version": made.version}
    then_i_see_a_validation_error(client.post(url, form), "The reason must be 1,000 characters or fewer", "id_reason")
    with pytest.raises(Refused) as refused:
        actions.work_programme_topic_move(
            actor=people["sam"], topic_id=made.pk, version=None, to_status="withdrawn", reason="x" * 300_000
        )
    assert refused.value.field == "reason"
    made.refresh_from_db()
    assert made.status == "planned"


def test_the_months_for_the_report_are_a_text_input_with_a_numeric_keypad(people, cases, client):
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", topic="NAI")
    client.force_login(people["sam"])
    page = text_of(client.get(reverse("national_review_appoint", args=[review.pk])))
    months = re.search(r"<input[^>]*\bname=\"report_months\"[^>]*>", page).group(0)
    assert 'type="text"' in months and 'inputmode="numeric"' in months, months


# 5. A review under a work programme topic is not commissioned years before its programme.


def test_a_review_under_a_topic_is_not_commissioned_before_its_programme_year(people, cases, client):
    made = topic(people)  # 2020-21
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", programme_topic_id=made.pk)
    with pytest.raises(Refused) as refused:
        actions.national_review_commission(
            actor=people["sam"], national_review_id=review.pk, version=None, commissioned_date=date(2019, 12, 31)
        )
    assert refused.value.field == "commissioned_date"
    client.force_login(people["sam"])
    url = reverse("national_review_commission", args=[review.pk])
    then_i_see_a_validation_error(
        client.post(url, {**dated("commissioned_date", date(2000, 1, 1)), "version": review.version}),
        "A national review under the 2020-21 work programme topic Non-accidental injury in under-1s cannot be "
        "commissioned before 1 January 2020",
        "id_commissioned_date-day",
    )
    assert NationalReview.objects.get(pk=review.pk).commissioned_date is None
    actions.national_review_commission(
        actor=people["sam"], national_review_id=review.pk, version=None, commissioned_date=date(2020, 1, 1)
    )
    assert NationalReview.objects.get(pk=review.pk).commissioned_date == date(2020, 1, 1)


def test_a_review_outside_the_work_programme_keeps_its_historical_commissioning_date(people):
    review = actions.national_review_create(actor=people["sam"], title="It was hard to escape", topic="Exploitation")
    actions.national_review_commission(
        actor=people["sam"], national_review_id=review.pk, version=None, commissioned_date=date(2019, 3, 1)
    )
    assert NationalReview.objects.get(pk=review.pk).commissioned_date == date(2019, 3, 1)


# 6. Typed-in words wrap: one long word does not widen the page at 320 px.


def _classes_around(page: str, text: str) -> str:
    """The class attribute of the element whose text starts with `text`."""
    found = re.search(r'<(\w+)[^>]*class="([^"]*)"[^>]*>\s*' + re.escape(text), page)
    assert found, f"{text[:40]} is not on the page"
    return found.group(2)


def test_a_topics_typed_in_words_wrap(people, client):
    made = actions.work_programme_topic_create(
        actor=people["sam"], title="T" * 200, programme_year="2026-27", summary=LONG_WORD
    )
    client.force_login(people["sam"])
    page = text_of(client.get(reverse("work_programme_topic", args=[made.pk])))
    assert "govuk-!-text-break-word" in _classes_around(page, "T" * 200)
    assert "govuk-!-text-break-word" in _classes_around(page, LONG_WORD)


def test_a_national_reviews_typed_in_words_wrap(people, cases, client):
    review = appointed_review(people, cases)
    client.force_login(people["sam"])
    url = reverse("national_review_remove_reviewer", args=[review.pk, people["ron"].pk])
    assert client.post(url, _end_form(review, LONG_WORD)).status_code == 302
    NationalReview.objects.filter(pk=review.pk).update(title="R" * 200)
    page = text_of(client.get(reverse("national_review_detail", args=[review.pk])))
    assert "govuk-!-text-break-word" in _classes_around(page, "R" * 200)
    # The timeline's reasons are typed in too.
    assert re.search(r'<li class="[^"]*govuk-!-text-break-word[^"]*"><strong>', page)


def test_the_first_appointment_under_a_topic_is_not_confirmed_before_its_programme_year(people, cases):
    # The first confirmed appointment commissions the review (reg 5): the same floor as commissioning.
    made = topic(people)  # 2020-21
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", programme_topic_id=made.pk)
    pool(people)
    with pytest.raises(Refused) as refused:
        actions.national_review_appoint_reviewer(
            actor=people["sam"],
            national_review_id=review.pk,
            version=None,
            reviewer_id=people["ron"].pk,
            confirmed_date=date(2019, 12, 31),
        )
    assert refused.value.field == "confirmed_date"
    assert "cannot be commissioned before 1 January 2020" in refused.value.message
    assert not NationalReview.objects.get(pk=review.pk).appointments.exists()
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 1, 2),
    )
    assert NationalReview.objects.get(pk=review.pk).commissioned_date == date(2020, 1, 2)
