"""Signing in with the keyboard only: the tab order is username, password, the button, then the reset link."""

from tests.browser.conftest import PASSWORD, check_page, totp_code


def given_i_am_on_the_sign_in_page(page):
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    check_page(page, "Sign in")


def focused(page) -> str:
    """What has the focus, as a person hears it: an input's id, or a link's or button's text."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e === document.body ? '' : e.id || (e.textContent || '').trim(); }"
    )


def when_i_tab_to(page, expected: str):
    page.keyboard.press("Tab")
    assert focused(page) == expected


def when_i_tab_from_the_skip_link_to_the_form(page):
    # From the top: the skip link, the header's link, the Beta banner's feedback link, then the form.
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to main content"
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page) == "id_login":
            return
    raise AssertionError(f"the username box was not reached by the keyboard (stuck at {focused(page)!r})")


def test_a_person_signs_in_with_the_keyboard_only(page, people):
    given_i_am_on_the_sign_in_page(page)
    when_i_tab_from_the_skip_link_to_the_form(page)
    page.keyboard.type("alice")
    when_i_tab_to(page, "id_password")
    page.keyboard.type(PASSWORD)
    when_i_tab_to(page, "Sign in")
    when_i_tab_to(page, "Forgotten your password?")
    # Back to the button and press it with the keyboard.
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Sign in"
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    check_page(page, "Enter the code from your authenticator app")
    if focused(page) != "id_code":  # not focused on load: the first tabs from the top reach it
        page.keyboard.press("Tab")
        for _ in range(10):
            if focused(page) == "id_code":
                break
            page.keyboard.press("Tab")
    assert focused(page) == "id_code"
    page.keyboard.type(totp_code(people["alice"]))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    check_page(page, "What is due")


def test_an_empty_sign_in_says_which_answer_is_missing_once_each(page, people):
    given_i_am_on_the_sign_in_page(page)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "Error: Sign in")
    summary = page.locator(".govuk-error-summary__list li").all_inner_texts()
    assert summary == ["Enter your username", "Enter your password"]
    assert "This field is required." not in page.inner_text("main")
