"""The pages the GOV.UK assessment asked for, in Chromium with axe: feedback, a review not yet commissioned, a success banner."""

from tests.browser.conftest import check_page, signed_in, visit


def test_the_beta_banner_leads_to_the_feedback_page(page, people):
    visit(page, "/accessibility")
    page.click(".govuk-phase-banner a")
    check_page(page, "Give feedback")


def test_a_local_review_not_yet_commissioned_explains_the_next_step(page, people, cases):
    signed_in(page, people["bob"])
    visit(page, f"/notifications/{cases['B'].ref}/~/lcspr/", "No local review has been commissioned")
    page.click("text=Commission a local review")
    check_page(page, "Commission a local child safeguarding practice review")


def test_an_action_is_confirmed_by_a_success_banner(page, people, cases):
    signed_in(page, people["alice"])
    visit(page, f"/notifications/{cases['A'].ref}/~/share/")
    page.select_option("#id_partnership", "city-and-hackney")
    page.fill("#id_reason", "The child lives in Hackney.")
    page.click("button:has-text('Share the case')")
    page.wait_for_selector(".govuk-notification-banner--success")
    check_page(page, f"Notification {cases['A'].ref}")
    assert "Case shared" in page.inner_text(".govuk-notification-banner--success")
