"""Recommendations -> actions -> impact in Chromium (issue 16), with axe on each page.

A partnership records an action for a national review's recommendation, completes it
with evidence and records its impact; the Panel sees it in the national view; another
partnership gets a 404 for it.
"""

from tests.browser.conftest import check_page, signed_in, visit


def given_a_national_review_with_a_recommendation(people):
    from cspr.learning import actions
    from cspr.learning.ingest import parse_metadata
    from tests.learning.documents import metadata

    meta, errors = parse_metadata(
        metadata(title="National review: safeguarding infants at risk of harm", review_type="national_review")
    )
    assert not errors, errors
    return actions.review_add(actor=people["sam"], metadata=meta).recommendations.get()


def when_alice_records_an_action(page, people, recommendation):
    signed_in(page, people["alice"])
    visit(page, f"/learning/recommendations/{recommendation.pk}/", "Recommendation 1")
    page.click("text=What partnerships did about this recommendation")
    check_page(page, "What was done about recommendation 1")
    page.fill("#id_description", "Safer sleep conversation at every contact after a move")
    page.fill("#id_owning_agency", "Birmingham Community Healthcare")
    page.fill("#id_owner", "Head of health visiting")
    page.fill("#id_due_date-day", "31")
    page.fill("#id_due_date-month", "3")
    page.fill("#id_due_date-year", "2030")
    page.click("button:has-text('Record the action')")
    check_page(page, "What was done about recommendation 1")
    assert "The action is recorded" in page.inner_text(".govuk-notification-banner")


def and_completes_it_with_evidence_and_records_its_impact(page):
    page.click("text=Safer sleep conversation at every contact after a move")
    check_page(page, "Action: Safer sleep conversation")
    page.check("input[name='progress-status'][value='completed']")
    page.fill("#id_progress-completion_evidence", "Audit of 40 records: recorded in 38")
    page.click("button:has-text('Save progress')")
    check_page(page, "Action: Safer sleep conversation")
    page.fill("#id_impact-impact", "Unsafe sleep found at fewer home visits")
    page.fill("#id_impact-impact_measure", "Quarterly audit of home visits, 2030 against 2029")
    page.click("button:has-text('Record the impact')")
    check_page(page, "Action: Safer sleep conversation")
    shown = page.inner_text("main")
    assert "Audit of 40 records: recorded in 38" in shown
    assert "Unsafe sleep found at fewer home visits" in shown
    return page.url


def then_the_panel_sees_it_nationally(page, people):
    signed_in(page, people["sam"])
    visit(page, "/learning/follow-up/", "What was done about recommendations")
    shown = page.inner_text("main")
    assert "Birmingham" in shown
    assert "Safer sleep conversation at every contact after a move" in shown
    assert "Recorded" in shown


def and_another_partnership_gets_a_404(page, people, action_url):
    signed_in(page, people["bob"])
    assert page.goto(action_url).status == 404
    visit(page, "/learning/follow-up/", "What was done about recommendations")
    assert "Safer sleep conversation" not in page.inner_text("main")


def test_a_partnership_records_an_action_and_its_impact_and_the_panel_sees_it(page, people):
    from cspr.core.models import AuditEvent

    recommendation = given_a_national_review_with_a_recommendation(people)
    when_alice_records_an_action(page, people, recommendation)
    action_url = and_completes_it_with_evidence_and_records_its_impact(page)
    then_the_panel_sees_it_nationally(page, people)
    and_another_partnership_gets_a_404(page, people, action_url)
    assert list(
        AuditEvent.objects.filter(object_type="recommendationaction").values_list("action", flat=True).order_by("pk")
    ) == [
        "learning.recommendation_action.add",
        "learning.recommendation_action.update",
        "learning.recommendation_action.impact",
    ]


def given_an_earlier_recommendation_marked_done_and_a_new_review_that_makes_it_again(people):
    from cspr.learning import actions
    from cspr.learning.ingest import parse_metadata
    from tests.learning.documents import metadata

    made = []
    for title, year, text, status in (
        (
            "Child Q",
            2021,
            "Repeat safer sleep conversations with both parents whenever circumstances change.",
            "completed",
        ),
        (
            "Child R",
            2024,
            "Safer sleep conversations should be repeated with both parents when circumstances change.",
            "open",
        ),
    ):
        meta, errors = parse_metadata(
            metadata(
                title=title,
                year=year,
                publication_date=f"{year}-06-30",
                recommendations=[{"text": text, "owner_agency": "Health visiting", "status": status}],
            )
        )
        assert not errors, errors
        made.append(actions.review_add(actor=people["sam"], metadata=meta))
    return made


def test_a_recurring_recommendation_is_flagged_on_the_new_reviews_page(page, people):
    earlier, new = given_an_earlier_recommendation_marked_done_and_a_new_review_that_makes_it_again(people)
    signed_in(page, people["pat"])
    visit(page, f"/learning/reviews/{new.pk}/", "Child R")
    assert "Recommended in 2021 (Child Q) and marked done" in page.inner_text("main")
    visit(page, f"/learning/reviews/{earlier.pk}/", "Child Q")
    assert "Recommended again in 2024 (Child R)" in page.inner_text("main")
    visit(page, "/learning/recurrence/", "Themes over the years")
    visit(page, "/learning/recurrence/?partnership=birmingham", "Themes over the years")
