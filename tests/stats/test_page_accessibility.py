"""axe-core finds no violations on the statistics page: the Panel's view, a partnership's tabs, the error state.

Served by the live server with the real middleware (CSP on), in Debian's Chromium;
skipped where it is not installed.
"""

from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from tests.axe import axe_report, with_axe
from tests.service.personas import personas
from tests.stats.conftest import load_rows
from tests.stats.register import all_rows

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]

YEAR_2020 = {"report": "panel-annual", "period": "2020"}
FY_2020 = {"report": "dfe-official", "period": "2020-21"}
MISTAKES = {
    "report": "dfe-official",
    "period": "dates",
    "date_from-day": "31",
    "date_from-month": "2",
    "date_from-year": "2020",
}


@pytest.fixture
def sessions(reference_data):
    """Signed-in sessions, made with Django's test client and handed to the browser as cookies."""
    people = personas()
    load_rows(all_rows())
    made = {}
    for persona in ("sam", "alice"):
        client = Client()
        client.force_login(people[persona])
        made[persona] = client.cookies["sessionid"].value
    return made


@pytest.fixture
def browser(chromium, live_server, settings, sessions):
    """The module's Chromium (tests/conftest.py); each signed-in page gets a context of its own."""
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    return chromium


def signed_in_page(browser, live_server, session_key: str):
    context = with_axe(browser.new_context())
    context.add_cookies([{"name": "sessionid", "value": session_key, "url": live_server.url}])
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    return page


def violations(page, where: str) -> list[str]:
    report = axe_report(page)
    found = [f"{where}\n{report}"] if report else []
    if page.problems:  # a refusal by the Content-Security-Policy, say
        found.append(f"{where}: browser errors {page.problems}")
        page.problems.clear()
    return found


def visit(page, live_server, query: dict) -> None:
    response = page.goto(f"{live_server.url}{reverse('statistics')}?{urlencode(query)}")
    assert response.status == 200
    page.wait_for_selector(".govuk-skip-link[data-govuk-skip-link-init]", state="attached")


def test_the_statistics_page_has_no_accessibility_violations(sessions, browser, live_server):
    found = []
    panel = signed_in_page(browser, live_server, sessions["sam"])
    for query in (YEAR_2020, FY_2020):
        visit(panel, live_server, query)
        found += violations(panel, f"Panel: {query}")
    visit(panel, live_server, MISTAKES)
    assert panel.locator(".govuk-error-summary").count() == 1
    found += violations(panel, "with mistakes")

    partnership = signed_in_page(browser, live_server, sessions["alice"])
    visit(partnership, live_server, YEAR_2020)
    tabs = partnership.locator(".govuk-tabs__tab")
    assert tabs.count() == 3
    for i in range(3):  # axe checks what is shown: each tab's panel in turn
        tabs.nth(i).click()
        assert partnership.locator(".govuk-tabs__panel:not(.govuk-tabs__panel--hidden)").count() == 1
        found += violations(partnership, f"partnership, tab {tabs.nth(i).inner_text()}")
    assert not found, "\n\n".join(found)
