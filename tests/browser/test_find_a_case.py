"""Finding a case (issue 12): by part of a reference, with filters, and by a whole reference; axe on each page."""

from tests.browser.conftest import check_page, signed_in, visit


def given_sam_of_the_panel_is_signed_in(page, people):
    signed_in(page, people["sam"])


def when_sam_searches_for_part_of_a_reference(page):
    visit(page, "/notifications/", "Notifications")
    page.fill("#id_q", "-1")
    page.click("button:has-text('Search')")
    check_page(page, "Notifications")


def then_both_cases_are_listed(page):
    results = page.inner_text("main")
    assert "2 notifications found" in results
    assert "A-1" in results and "B-1" in results


def when_sam_keeps_the_overdue_rapid_reviews_only(page):
    page.check("#id_overdue")
    page.select_option("#id_status", "rapid_review_due")
    page.click("button:has-text('Apply filters')")
    check_page(page, "Notifications")


def then_only_the_case_with_an_overdue_rapid_review_is_listed(page):
    results = page.inner_text("main")
    assert "1 notification found" in results and "B-1" in results


def when_sam_types_a_whole_reference(page):
    page.click("text=Clear search and filters")
    check_page(page, "Notifications")
    page.fill("#id_q", "A-1")
    page.keyboard.press("Enter")  # the search box submits the form, as any form without JavaScript would


def then_the_case_opens(page):
    page.wait_for_url("**/notifications/A-1/")
    check_page(page, "Notification A-1")


def test_finding_a_case_by_its_reference(page, people, cases):
    given_sam_of_the_panel_is_signed_in(page, people)
    when_sam_searches_for_part_of_a_reference(page)
    then_both_cases_are_listed(page)
    when_sam_keeps_the_overdue_rapid_reviews_only(page)
    then_only_the_case_with_an_overdue_rapid_review_is_listed(page)
    when_sam_types_a_whole_reference(page)
    then_the_case_opens(page)


def test_a_wrong_date_in_a_filter_is_shown_accessibly(page, people, cases):
    given_sam_of_the_panel_is_signed_in(page, people)
    visit(page, "/notifications/?notified_from-day=31&notified_from-month=2&notified_from-year=2020", "Error:")
    assert "Notified on or after must be a real date" in page.inner_text(".govuk-error-summary")
