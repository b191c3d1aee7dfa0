"""The Panel's national work in the pages: work programme, taking a case in, the pool, appointing (Given/When/Then)."""

from datetime import date

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.reviews import actions
from cspr.reviews.models import NationalCaseDecision, NationalReview, PoolReviewer, WorkProgrammeTopic
from tests.reviews.national import pool, take
from tests.service.test_page_national_reviews import dated, then_i_see_a_validation_error

# Every test starts from the personas and cases A and B: built once for the module, each test rolled back to them.
from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_the_secretariat_adds_a_topic_and_starts_a_review_under_it(cases, people, client_for):
    sam = client_for(people["sam"])
    then_i_see_a_validation_error(
        sam.post(reverse("work_programme_topic_create"), {"title": "NAI", "programme_year": "2024-26"}),
        "Enter the work programme year as two years, like 2024-25",
        "id_programme_year",
    )
    response = sam.post(
        reverse("work_programme_topic_create"),
        {"title": "Non-accidental injury in under-1s", "programme_year": "2020-21"},
    )
    made = WorkProgrammeTopic.objects.get()
    assert response["Location"] == reverse("work_programme_topic", args=[made.pk])
    then_i_see_a_validation_error(
        sam.post(
            reverse("work_programme_topic_create"),
            {"title": "non-accidental injury in under-1s", "programme_year": "2020-21"},
        ),
        "The work programme already has a topic called non-accidental injury in under-1s",
    )
    form = sam.get(reverse("national_review_create") + f"?topic={made.pk}").content.decode()
    assert f'<option value="{made.pk}" selected' in form
    response = sam.post(
        reverse("national_review_create"), {"title": "The myth of invisible men", "programme_topic": made.pk}
    )
    review = NationalReview.objects.get()
    assert response["Location"] == reverse("national_review_detail", args=[review.pk])
    page = sam.get(reverse("work_programme")).content.decode()
    assert "Non-accidental injury in under-1s" in page and "Under review" in page
    page = sam.get(reverse("work_programme_topic", args=[made.pk])).content.decode()
    assert "The myth of invisible men" in page


def test_a_review_needs_a_topic_in_words_or_from_the_programme(cases, people, client_for):
    then_i_see_a_validation_error(
        client_for(people["sam"]).post(reverse("national_review_create"), {"title": "Untitled topic"}),
        "Enter the topic of the national review, or choose a work programme topic",
        "id_topic",
    )


def test_the_panel_takes_a_case_in_with_the_regulation_3_criteria(cases, people, client_for):
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", topic="NAI")
    sam = client_for(people["sam"])
    url = reverse("national_review_take_case", args=[review.pk])
    form = sam.get(url).content.decode()
    assert "Regulation 3(b): raises or may raise issues requiring legislative change" in form
    base = {"ref": "A-1", "reasons": "Men unseen by services", **dated("decided_date", date(2020, 4, 20)), "version": 1}
    then_i_see_a_validation_error(sam.post(url, base), "Select the regulation 3 criteria the case meets", "id_criteria")
    then_i_see_a_validation_error(
        sam.post(url, {**base, "ref": "NOPE-1", "criteria": ["improvements"]}),
        "There is no notification with the reference NOPE-1",
        "id_ref",
    )
    then_i_see_a_validation_error(
        sam.post(url, {**base, "criteria": ["improvements"], **dated("decided_date", date(2020, 3, 1))}),
        "The Panel cannot decide before the local authority became aware of the incident",
    )
    response = sam.post(url, {**base, "criteria": ["improvements", "recurrent_themes"]})
    assert response.status_code == 302
    assert NationalCaseDecision.objects.get().criteria == ["improvements", "recurrent_themes"]
    page = sam.get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert "A-1" in page and "Regulation 3(c)" in page and "Regulation 3(b)" not in page
    then_i_see_a_validation_error(
        sam.post(url, {**base, "criteria": ["improvements"], "version": 2}),
        "Case A-1 is already in this national review",
    )


def test_the_secretariat_keeps_the_pool_and_its_conflicts(cases, people, client_for):
    sam = client_for(people["sam"])
    response = sam.post(
        reverse("reviewer_pool_add"),
        {
            "user": people["rita"].pk,
            "expertise": "Infant injury; health visiting",
            **dated("joined_date", date(2019, 1, 7)),
        },
    )
    assert response["Location"] == reverse("reviewer_pool")
    entry = PoolReviewer.objects.get()
    url = reverse("reviewer_pool_conflicts", args=[entry.pk])
    then_i_see_a_validation_error(
        sam.post(url, {"areas": "E08000025\nAtlantis", "note": "", "version": 1}),
        "Line 2: there is no local authority or partnership called Atlantis",
        "id_areas",
    )
    then_i_see_a_validation_error(
        sam.post(url, {"areas": "Birmingham", "note": "", "version": 1}),
        "Line 1: Birmingham names a local authority (E08000025) and a partnership (birmingham): "
        "enter the code of the one you mean",
    )
    assert (
        sam.post(url, {"areas": "E08000025\n\nCity of London", "note": "Worked there", "version": 1}).status_code == 302
    )
    page = sam.get(reverse("reviewer_pool")).content.decode()
    assert "Infant injury; health visiting" in page and "Birmingham" in page and "City of London" in page


def test_appointing_a_conflicted_reviewer_is_refused_and_a_free_one_commissions_the_review(cases, people, client_for):
    pool(people, rita=(["E08000025"], []))
    review = actions.national_review_create(actor=people["sam"], title="Invisible men", topic="NAI")
    take(people, review, cases["A"])
    sam = client_for(people["sam"])
    url = reverse("national_review_appoint", args=[review.pk])
    base = {**dated("confirmed_date", date(2020, 5, 4)), "report_months": "6", "version": 2}
    then_i_see_a_validation_error(
        sam.post(url, {**base, "reviewer": people["rita"].pk}),
        "Rita must not review cases in Birmingham (worked there until 2019), and case A-1 is there",
        "id_reviewer",
    )
    then_i_see_a_validation_error(
        sam.post(url, {**base, "reviewer": people["ron"].pk, "report_months": "0"}),
        "The terms of reference allow at least 1 month",
        "id_report_months",
    )
    assert sam.post(url, {**base, "reviewer": people["ron"].pk}).status_code == 302
    page = sam.get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert "Ron (confirmed by the Secretary of State on 4 May 2020)" in page
    assert "4 November 2020 (6 months from the first confirmed appointment)" in page and "Commissioned" in page


def test_each_partnership_sees_its_own_cases_in_a_review_and_never_another_s(cases, people, client_for):
    review = actions.national_review_create(actor=people["sam"], title="Hard to escape", topic="Exploitation")
    take(people, review, cases["A"], reasons="Birmingham's reasons")
    take(people, review, cases["B"], reasons="City's reasons", criteria=["legislation_or_guidance"])
    for persona, own, other in (("alice", "A-1", "B-1"), ("agnes", "A-1", "B-1"), ("bob", "B-1", "A-1")):
        client = client_for(people[persona])
        listing = client.get(reverse("national_review_list")).content.decode()
        assert "Hard to escape" in listing
        page = client.get(reverse("national_review_detail", args=[review.pk])).content.decode()
        assert own in page and other not in page, persona
        assert "Your cases in this review" in page
    bob_listing = client_for(people["bob"]).get(reverse("national_review_list")).content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in bob_listing  # not 2
    event = AuditEvent.objects.filter(action="notification.list", actor=people["bob"]).last()
    assert event.changed_fields["refs"] == ["B-1"]


def test_a_case_gathered_without_a_decision_offers_to_record_it(cases, people, client_for):
    review = actions.national_review_create(
        actor=people["sam"], title="Out of routine", topic="SUDI", notification_ids=[cases["A"].pk]
    )
    sam = client_for(people["sam"])
    link = reverse("national_review_take_case", args=[review.pk]) + "?notification=A-1"
    assert f'href="{link}"' in sam.get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert 'value="A-1"' in sam.get(link).content.decode()
    base = {"ref": "A-1", "criteria": ["improvements"], "reasons": "Sleep", "version": 1}
    assert sam.post(link, {**base, **dated("decided_date", date(2020, 4, 20))}).status_code == 302
    assert list(review.notifications.values_list("ref", flat=True)) == ["A-1"]
    assert NationalCaseDecision.objects.get().notification == cases["A"]
    page = client_for(people["pat"]).get(reverse("national_review_detail", args=[review.pk])).content.decode()
    assert "Record the Panel's decision" not in page and "Regulation 3(a)" in page


def test_adding_a_case_from_its_page_cannot_put_an_appointed_reviewer_in_conflict(cases, people, client_for):
    pool(people, rita=([], ["city-and-hackney"]))
    review = actions.national_review_create(actor=people["sam"], title="Hard to escape", topic="Exploitation")
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        reviewer_id=people["rita"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    response = client_for(people["sam"]).post(
        reverse("case_national_review", args=["B-1"]), {"national_review": str(review.pk)}
    )
    then_i_see_a_validation_error(
        response, "Rita must not review cases in City &amp; Hackney Safeguarding Children Partnership"
    )
    assert not review.notifications.exists()
