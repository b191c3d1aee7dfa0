"""axe-core finds no accessibility violations on the service's own pages, in Debian's Chromium.

The pages are served by pytest-django's live server with the settings' real
middleware, so Content-Security-Policy is enforced: a script without the nonce
would be refused, and GOV.UK Frontend would not start.
"""

from pathlib import Path

import pytest

from tests.axe import AXE_FILE, axe_report, with_axe

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.urls("tests.govuk.urls"),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]

PAGES = ["/accessibility", "/cookies", "/privacy", "/example-form", "/no-such-page", "/forbidden", "/broken"]


@pytest.fixture(scope="module")
def context(chromium):
    """One browser context for the module, with axe-core (tests/axe.py).

    A fresh context per test cost about 0.3 s of CPU each; these pages are public and
    no test signs in, so the only thing carried from one test to the next is the CSRF cookie.
    """
    context = with_axe(chromium.new_context())
    yield context
    context.close()


@pytest.fixture
def page(context, live_server, settings):
    """A new page of the module's context, with the console's messages collected."""
    # The live server speaks plain http; Secure cookies are tested elsewhere.
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    page = context.new_page()
    page.console_messages_seen = []
    page.on("console", lambda message: page.console_messages_seen.append(message.text))
    page.on("pageerror", lambda error: page.console_messages_seen.append(str(error)))
    yield page
    page.close()


def problems_in_console(page) -> list[str]:
    # Error pages answer 404/403/500 by design; Chromium logs that as a failed load.
    return [text for text in page.console_messages_seen if "Failed to load resource" not in text]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_has_no_axe_violations_and_govuk_frontend_starts(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert "'nonce-" in response.headers["content-security-policy"]
    assert page.title().endswith("Child safeguarding practice reviews")
    assert axe_report(page) == ""
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
    assert axe_report(page) == ""
    page.click(".govuk-error-summary a[href='#id_incident_date-day']")
    assert page.evaluate("document.activeElement.id") == "id_incident_date-day"
    assert problems_in_console(page) == []


def test_the_shared_axe_helper_reports_what_axe_playwright_python_reports(page, chromium, live_server):
    """tests/axe.py's axe_report, with axe-core from the context or sent now, gives Axe().run's report."""
    from axe_playwright_python.sync_playwright import Axe

    no_alt = "document.querySelector('main').append(Object.assign(document.createElement('img'), {src: '/x.png'}))"
    page.goto(live_server.url + "/accessibility")
    page.evaluate(no_alt)
    report = axe_report(page)
    assert "image-alt" in report and '<img src="/x.png">' in report, report

    without = chromium.new_page()  # a context not given axe-core: axe_report sends it, as Axe().run does
    without.goto(live_server.url + "/accessibility")
    without.evaluate(no_alt)
    assert without.evaluate("typeof axe") == "undefined"
    assert axe_report(without) == report
    assert Axe.from_file(AXE_FILE).run(without).generate_report() == report
    without.context.close()
