"""axe-core finds no accessibility violations on the service's own pages, in Debian's Chromium.

The pages are served by pytest-django's live server with the settings' real
middleware, so Content-Security-Policy is enforced: a script without the nonce
would be refused, and GOV.UK Frontend would not start.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.urls("tests.govuk.urls"),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]

PAGES = ["/accessibility", "/cookies", "/privacy", "/example-form", "/no-such-page", "/forbidden", "/broken"]


@pytest.fixture
def page(chromium, live_server, settings):
    """A page in a fresh browser context of the module's Chromium (tests/conftest.py)."""
    # The live server speaks plain http; Secure cookies are tested elsewhere.
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    page = chromium.new_page()
    page.console_messages_seen = []
    page.on("console", lambda message: page.console_messages_seen.append(message.text))
    page.on("pageerror", lambda error: page.console_messages_seen.append(str(error)))
    yield page
    page.context.close()


def violations(page) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return results.generate_report() if results.violations_count else ""


def problems_in_console(page) -> list[str]:
    # Error pages answer 404/403/500 by design; Chromium logs that as a failed load.
    return [text for text in page.console_messages_seen if "Failed to load resource" not in text]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_has_no_axe_violations_and_govuk_frontend_starts(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert "'nonce-" in response.headers["content-security-policy"]
    assert page.title().endswith("Child safeguarding practice reviews")
    assert violations(page) == ""
    assert (
        page.eval_on_selector("body", "body => body.className")
        == "govuk-template__body js-enabled govuk-frontend-supported"
    )
    page.wait_for_selector(".govuk-skip-link[data-govuk-skip-link-init]", state="attached")
    assert problems_in_console(page) == []


def test_a_form_with_errors_has_no_axe_violations_and_focuses_its_summary(page, live_server):
    page.goto(live_server.url + "/example-form")
    page.fill("#id_incident_date-day", "31")
    page.fill("#id_incident_date-month", "2")
    page.fill("#id_incident_date-year", "2020")
    # Wait for the answer page: reading the title while the new document loads gives "".
    with page.expect_navigation(wait_until="load"):
        page.click("button[type=submit]")
    assert page.title().startswith("Error: ")
    page.wait_for_selector(".govuk-error-summary[data-govuk-error-summary-init]", state="attached")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert violations(page) == ""
    page.click(".govuk-error-summary a[href='#id_incident_date-day']")
    assert page.evaluate("document.activeElement.id") == "id_incident_date-day"
    assert problems_in_console(page) == []
