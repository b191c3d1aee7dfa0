"""Correcting a notification, and the Panel re-reading a rapid review after responding (issue 12), with axe on each page."""

from datetime import date

from tests.browser.conftest import check_page, signed_in, visit


def given_alice_is_signed_in(page, people):
    signed_in(page, people["alice"])


def when_alice_corrects_the_aware_date(page):
    visit(page, "/notifications/A-1/", "Notification A-1")
    page.click("text=Correct the notification")
    check_page(page, "Correct the notification")
    page.fill("#id_aware_date-day", "4")
    page.fill("#id_reason", "The police log shows we learned of it on 4 March")
    page.click("button:has-text('Save the correction')")
    page.wait_for_url("**/notifications/A-1/?corrected=1")
    check_page(page, "Notification A-1")


def then_the_timeline_shows_the_change_and_the_rule_for_the_new_due_date(page):
    timeline = page.inner_text("main")
    assert "The notification has been corrected" in timeline
    assert "Date the local authority became aware: 3 March 2020 changed to 4 March 2020" in timeline
    assert "Rapid review due date: 24 March 2020 changed to 25 March 2020 (15 working days" in timeline
    assert "The police log shows we learned of it on 4 March" in timeline


def test_correcting_a_notification(page, people, cases):
    given_alice_is_signed_in(page, people)
    when_alice_corrects_the_aware_date(page)
    then_the_timeline_shows_the_change_and_the_rule_for_the_new_due_date(page)


def given_the_panel_has_responded_to_a_rapid_review(cases, people):
    from cspr.reviews import actions

    review = cases["A"].rapid_review
    review.refresh_from_db()
    actions.rapid_review_respond(
        actor=people["sam"], rapid_review_id=review.pk, version=review.version, response_date=date(2020, 4, 9)
    )


def when_pat_opens_the_rapid_review_from_the_case(page, people):
    signed_in(page, people["pat"])
    visit(page, "/notifications/A-1/", "Notification A-1")
    page.click("text=Read the rapid review, the Panel's response and the local review")
    check_page(page, "Rapid review and the Panel's response for A-1")


def then_pat_reads_it_and_the_panels_response(page):
    text = page.inner_text("main")
    assert "Sent to the Panel" in text and "20 March 2020" in text
    assert "Panel responded" in text and "9 April 2020" in text
    assert "Local child safeguarding practice review" in text


def then_printing_hides_the_navigation(page):
    page.emulate_media(media="print")
    assert not page.is_visible(".govuk-service-navigation") and not page.is_visible(".govuk-phase-banner")
    assert page.is_visible("h1")
    page.emulate_media(media="screen")


def test_the_panel_re_reads_a_rapid_review_after_responding(page, people, cases):
    given_the_panel_has_responded_to_a_rapid_review(cases, people)
    when_pat_opens_the_rapid_review_from_the_case(page, people)
    then_pat_reads_it_and_the_panels_response(page)
    then_printing_hides_the_navigation(page)
