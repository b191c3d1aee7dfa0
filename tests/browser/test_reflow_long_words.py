"""At 320 CSS px a page whose heading is one long word, or whose wide table holds links with
visually hidden words, does not scroll sideways (WCAG 1.4.10).

A case page's h1 is its reference, which has no spaces (up to 40 characters); it made the page
24 px wider than the window. The briefings list's download links carry the briefing's title as
visually hidden text, absolutely positioned: it escaped the table's scrolling region (221 px).
"""

from tests.browser.conftest import REFLOW_WIDTH, page_overflow, signed_in, visit

LONG_REF = "BIRMINGHAM/2020/ALONGREFERENCE/000000001"  # 40 characters (the longest), no break but a slash


def at_320_px(page) -> int:
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    return page_overflow(page)


def test_a_case_page_whose_reference_is_one_long_word_reflows(page, people):
    from tests import factories
    from tests.cases.rows import valid_row

    assert len(LONG_REF) == 40
    factories.notifications(valid_row(notification_ref=LONG_REF))
    signed_in(page, people["alice"])
    visit(page, f"/notifications/{LONG_REF}/")
    assert page.locator("h1").inner_text() == LONG_REF
    assert at_320_px(page) <= 0


def test_the_briefings_list_reflows_with_its_hidden_link_words(page, people):
    from cspr.briefings.actions import briefing_generate

    for fmt in ("md", "html", "docx"):
        briefing_generate(actor=people["sam"], kind="national", year=2020, fmt=fmt, partnership_code=None)
    signed_in(page, people["sam"])
    visit(page, "/briefings/")
    assert page.locator(".cspr-table-wrapper .govuk-visually-hidden").count() == 3
    assert at_320_px(page) <= 0
