"""The dashboard's sections and a later page of one kind of deadline: 0 axe violations."""

from tests.browser.conftest import signed_in, visit
from tests.service.test_dashboard_reaches_every_item import _register


def test_the_dashboard_sections_and_their_pages_have_no_axe_violations(page, people, actor):
    _register(actor, old_lcsprs=60, recent_rapid_reviews=21)  # more than a page of each LCSPR kind
    signed_in(page, people["sam"])
    visit(page, "/", "What is due")
    assert page.get_by_role("link", name="See all 60 open items: LCSPR publication").count() == 1
    visit(page, "/?kind=lcspr_publication&page=2", "What is due: LCSPR publication (page 2 of 2)")
    assert page.locator(".govuk-pagination").count() == 1
