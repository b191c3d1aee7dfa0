"""At 320 CSS px no page with a table scrolls sideways (WCAG 1.4.10): `check_page` checks every such page.

This module visits the pages whose tables are widest, as the people who use them; any
other browser test that reaches a page with a table runs the same check.
"""

from tests.browser.conftest import REFLOW_WIDTH, page_overflow, signed_in, visit


def then_the_page_had_a_table(page):
    assert page.locator("table").count(), f"{page.url} has no table: it tests nothing here"


def test_the_case_pages_reflow_at_320_px(page, people, cases):
    signed_in(page, people["sam"])
    for path in ("/", "/notifications/", f"/notifications/{cases['A'].ref}/", "/cookies"):
        visit(page, path)
        then_the_page_had_a_table(page)


def test_the_statistics_reflow_at_320_px(page, people, cases):
    signed_in(page, people["alice"])
    visit(page, "/statistics/")
    then_the_page_had_a_table(page)


def test_the_audit_trail_reflows_at_320_px(page, people, cases):
    signed_in(page, people["adam"])
    visit(page, "/audit/")
    then_the_page_had_a_table(page)


def test_a_wide_table_scrolls_in_a_region_the_keyboard_can_reach(page, people, cases):
    signed_in(page, people["sam"])
    visit(page, "/notifications/")
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    region = page.locator(".cspr-table-wrapper").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the table is wider than 320 px: it scrolls"
    assert page_overflow(page) <= 0
    region.focus()
    page.keyboard.press("ArrowRight")
    # Chromium may scroll smoothly: wait (briefly) for the region to have moved.
    page.wait_for_function("() => document.querySelector('.cspr-table-wrapper').scrollLeft > 0", timeout=3000)


def test_a_form_whose_hint_gives_a_long_address_reflows_at_320_px(page, people, cases):
    """The publish page's hint ("For example, https://www.example-partnership.org.uk/...") made the
    page 9 px wider than the window: a hint's long word now wraps as a table cell's does."""
    from datetime import date

    from cspr.reviews import actions
    from tests.browser.conftest import check_reflow

    review = cases["A"].practice_review
    actions.practice_review_send_final_report(
        actor=people["alice"], practice_review_id=review.pk, version=1, final_report_date=date(2020, 9, 1)
    )
    signed_in(page, people["alice"])
    visit(page, f"/notifications/{cases['A'].ref}/~/lcspr/published/", "The report has been published")
    assert page.locator(".govuk-hint", has_text="https://www.example-partnership.org.uk").count()
    check_reflow(page)
