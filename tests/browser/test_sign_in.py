"""Signing in, in Chromium: GOV.UK pages with 0 axe violations, and MFA that works as a person uses it."""

import re

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from tests.browser.conftest import PASSWORD, check_page, code_now, sign_in, visit
from tests.service.personas import make_user


def test_a_person_signs_in_with_a_password_then_a_code(page, people):
    sign_in(page, people["alice"])
    check_page(page, "What is due")
    assert page.locator("h1").first.is_visible()


def test_a_wrong_password_shows_the_error_summary_which_links_to_the_field(page, people):
    visit(page, "/accounts/login/", "Sign in")
    page.fill("#id_login", "alice")
    page.fill("#id_password", "not the password")
    page.click("button:has-text('Sign in')")
    page.wait_for_selector(".govuk-error-summary[data-govuk-error-summary-init]", state="attached")
    check_page(page, "Error: Sign in")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    page.click(".govuk-error-summary a")
    assert page.evaluate("document.activeElement.id") == "id_login"


def test_a_wrong_code_shows_an_error_and_a_recovery_code_signs_in(page, people):
    user = people["pat"]
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    visit(page, "/accounts/login/")
    page.fill("#id_login", "pat")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("#id_code", "12345")
    page.click("button:has-text('Continue')")
    check_page(page, "Error: Enter the code from your authenticator app")
    assert page.locator(".govuk-error-message").inner_text().endswith("Incorrect code.")
    page.fill("#id_code", code)
    page.click("button:has-text('Continue')")
    page.wait_for_url(page.base_url + "/")


def test_five_wrong_passwords_show_the_lockout_page(page, people):
    visit(page, "/accounts/login/")
    for _ in range(5):
        page.fill("#id_login", "bob")
        page.fill("#id_password", "not the password")
        page.click("button:has-text('Sign in')")
        page.wait_for_load_state("load")
    check_page(page, "You cannot sign in at the moment")
    assert "There have been 5 attempts to sign in as bob" in page.inner_text("main")


def test_a_new_person_sets_up_their_authenticator_app(page, people):
    user = make_user("nadia", "partnership_manager", people["alice"].organisation, mfa=False)
    visit(page, "/accounts/login/")
    page.fill("#id_login", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    # require_mfa sends a person with no app to set one up; allauth asks for the password first.
    page.wait_for_url("**/accounts/reauthenticate/**")
    check_page(page, "Confirm Access")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Confirm')")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    check_page(page, "Set up your authenticator app")
    # The QR code is a data: URI image; under the CSP it must load and be drawn.
    qr = page.locator("img.cspr-qr-code")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", qr.element_handle())
    page.click("summary:has-text('I cannot scan the QR code')")
    secret = page.inner_text("#authenticator_secret").strip()
    check_page(page)  # with the details open
    page.fill("#id_code", code_now(secret))
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    check_page(page, "Your recovery codes")
    assert len(re.findall(r"\b[0-9a-f]{8}\b", page.inner_text("#recovery_codes"))) == 10
    page.click("text=Continue to cspr")
    page.wait_for_url(page.base_url + "/")
    check_page(page, "What is due")


def test_the_account_pages_have_no_axe_violations(page, people):
    RecoveryCodes.activate(people["alice"])
    sign_in(page, people["alice"], check=False)
    visit(page, "/accounts/2fa/", "Two-factor authentication")
    visit(page, "/accounts/2fa/recovery-codes/", "Confirm Access")  # allauth asks for the password again
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Confirm')")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    check_page(page, "Your recovery codes")
    visit(page, "/accounts/2fa/recovery-codes/generate/", "Recovery Codes")
    visit(page, "/accounts/password/change/", "Change your password")
    page.click("button:has-text('Change your password')")  # nothing filled in: errors on every field
    check_page(page, "Error: Change your password")
    visit(page, "/accounts/logout/", "Sign out")
    page.click("main button:has-text('Sign out')")
    page.wait_for_url("**/accounts/login/**")
    check_page(page, "Sign in")
    visit(page, "/accounts/signup/", "Sign Up Closed")
