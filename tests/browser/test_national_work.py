"""The Panel's national work in Chromium, with axe on every page: the Panel takes a case into a national
review under a work-programme topic, appoints a reviewer from the pool, and the partnership sees its case in it.
"""

import datetime as dt

from tests.browser.conftest import check_page, signed_in, visit
from tests.browser.test_walk_through import fill_date, follow, press

BIRMINGHAM = "E08000025"


def given_a_pool_where_rita_must_not_review_birmingham(people):
    from tests.reviews.national import pool

    pool(people, rita=([BIRMINGHAM], []))


def when_the_panel_adds_a_topic_to_the_work_programme(page):
    follow(page, "Work programme", "Work programme")
    follow(page, "Add a topic", "Add a topic to the work programme")
    page.fill("#id_title", "Non-accidental injury in under-1s")
    page.fill("#id_programme_year", "2020-21")
    press(page, "Add the topic", "Non-accidental injury in under-1s")


def and_starts_a_national_review_under_it(page):
    follow(page, "Start a national review under this topic", "Start a national review")
    assert page.locator("#id_programme_topic option:checked").inner_text().startswith("Non-accidental injury")
    page.fill("#id_title", "The myth of invisible men")
    press(page, "Start the review", "The myth of invisible men")


def and_takes_a_case_into_it(page, ref: str, criteria: list[str]):
    follow(page, "Take a case into this review", "Take a case into this national review")
    page.fill("#id_ref", ref)
    for code in criteria:
        page.check(f"input[name='criteria'][value='{code}']")
    page.fill("#id_reasons", f"{ref}: men in the household were unseen by services")
    fill_date(page, "decided_date", dt.date(2020, 4, 20))
    press(page, "Take the case into the review", "The myth of invisible men")


def and_appoints_a_reviewer_from_the_pool(page, people):
    follow(page, "Record a reviewer's appointment", "Record a reviewer's appointment")
    page.select_option("#id_reviewer", str(people["rita"].pk))
    fill_date(page, "confirmed_date", dt.date(2020, 5, 4))
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Record the appointment", exact=True).click()
    check_page(page, "Error: Record a reviewer's appointment")  # the conflict, in the error summary
    assert "Rita must not review cases in Birmingham" in page.inner_text(".govuk-error-summary")
    page.select_option("#id_reviewer", str(people["ron"].pk))
    press(page, "Record the appointment", "The myth of invisible men")


def then_the_review_is_commissioned_with_its_reviewer_and_deadline(page):
    text = page.inner_text("main")
    assert "Ron (confirmed by the Secretary of State on 4 May 2020)" in text
    assert "4 November 2020 (6 months from the first confirmed appointment)" in text
    assert "Commissioned" in text and "A-1" in text and "B-1" in text


def then_the_partnership_sees_its_case_in_the_review_and_not_another_s(page, alice):
    signed_in(page, alice)
    page.goto(page.base_url + "/")  # where signing in lands: the links below are alice's, not sam's
    follow(page, "National reviews", "National reviews")
    follow(page, "The myth of invisible men", "The myth of invisible men")
    text = page.inner_text("main")
    assert "Your cases in this review" in text
    assert "A-1" in text and "B-1" not in text
    assert "Regulation 3(c): highlights or may highlight recurrent themes" in text


def test_the_panel_takes_a_case_nationally_appoints_a_reviewer_and_the_partnership_sees_it(page, people, cases):
    given_a_pool_where_rita_must_not_review_birmingham(people)
    signed_in(page, people["sam"])
    visit(page, "/", "What is due")
    when_the_panel_adds_a_topic_to_the_work_programme(page)
    and_starts_a_national_review_under_it(page)
    and_takes_a_case_into_it(page, "A-1", ["improvements", "recurrent_themes"])
    and_takes_a_case_into_it(page, "B-1", ["legislation_or_guidance"])
    and_appoints_a_reviewer_from_the_pool(page, people)
    then_the_review_is_commissioned_with_its_reviewer_and_deadline(page)
    visit(page, "/reviewer-pool/", "Pool of reviewers")
    visit(page, "/work-programme/", "Work programme")
    follow(page, "Non-accidental injury in under-1s", "Non-accidental injury in under-1s")
    assert "The myth of invisible men" in page.inner_text("main") and "B-1" in page.inner_text("main")
    then_the_partnership_sees_its_case_in_the_review_and_not_another_s(page, people["alice"])
