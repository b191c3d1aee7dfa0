"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked `browser` (tests/conftest.py marks each test that uses the
`chromium` fixture, as `page` does) and is skipped, with the reason, only when
/usr/bin/chromium is missing (`.ci/install-browser` installs it with apt; never
`playwright install`). The live server runs the real settings and middleware, so
the Content-Security-Policy is enforced and static files are served (pytest-django
serves them because django.contrib.staticfiles is installed). `visit()` and
`check_page()` run axe-core on each page a test reaches: 0 violations, or the
test fails with axe's report.
"""

import time
from pathlib import Path

import pytest

from tests.axe import axe_report, with_axe
from tests.totp import WINDOW, code_in, code_now, secret_of

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "correct horse battery staple"
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before pytest-django orders tests by their database use
def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium (run .ci/install-browser)",
    )
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)
            # The live server needs a real transaction; the reference data the
            # migrations loaded comes back after each flush (tests/conftest.py).
            item.add_marker(pytest.mark.django_db(transaction=True))
            item.add_marker(pytest.mark.usefixtures("reference_data"))


@pytest.fixture
def page(chromium, live_server, settings):
    """A Chromium page in a fresh context, with `page.problems` collecting console errors (CSP refusals among them)."""
    # The live server speaks plain http; Secure cookies are tested in tests/service/test_security.py.
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    # axe-core in every document the page loads, sent to the browser once per test (tests/axe.py).
    page = with_axe(chromium.new_context()).new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    page.problems = []
    page.checked = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    page.context.close()


def check_page(page, expect_title: str | None = None):
    """axe finds 0 violations, GOV.UK Frontend started, and the browser reported no errors."""
    page.wait_for_load_state("load")
    if expect_title is not None:
        assert page.title().startswith(expect_title), page.title()
    report = axe_report(page)
    assert report == "", f"axe violations on {page.url}:\n{report}"
    assert "govuk-frontend-supported" in page.eval_on_selector("body", "body => body.className")
    page.wait_for_selector(".govuk-skip-link[data-govuk-skip-link-init]", state="attached")
    assert [p for p in page.problems if "Failed to load resource" not in p] == [], page.problems
    if page.locator("table").count():
        check_reflow(page)
    page.checked.append(page.url.removeprefix(page.base_url))


REFLOW_WIDTH = 320  # CSS px: WCAG 1.4.10 (reflow), the width of a 1280 px screen at 400% zoom


def page_overflow(page) -> int:
    """How many CSS px the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def check_reflow(page):
    """At 320 CSS px the page does not scroll sideways: a wide table scrolls inside its own region.

    `check_page` runs this on every page holding a table, so every browser test that
    reaches such a page checks it; the window goes back to its size afterwards.
    """
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    try:
        overflow = page_overflow(page)
        assert overflow <= 0, f"{page.url} is {overflow} px wider than {REFLOW_WIDTH} px: it must reflow"
        # Each wide table is in a region a keyboard user can reach and scroll. One call for all
        # the tables: the statistics page has some sixty, and two calls each took seconds.
        stranded = page.evaluate(
            """() => [...document.querySelectorAll('table')]
                .map((t, at) => [at, t.closest('.cspr-table-wrapper, .cspr-report') !== null,
                                 t.scrollWidth > t.parentElement.clientWidth])
                .filter(([at, scrolls, wide]) => wide && !scrolls).map(([at]) => at)"""
        )
        assert stranded == [], f"{page.url}: tables {stranded} are wider than the screen and not in a scrolling region"
    finally:
        page.set_viewport_size(size)


def visit(page, path: str, expect_title: str | None = None):
    response = page.goto(page.base_url + path)
    check_page(page, expect_title)
    return response


def totp_secret(user) -> str:
    """The secret of the person's authenticator app, with the codes they used forgotten."""
    from django.core.cache import cache

    # allauth refuses a code used in the last 30 seconds; a test signs people in
    # faster than that, so forget the codes already used (the live server shares this cache).
    cache.clear()
    return secret_of(user)


def totp_code(user) -> str:
    """The code the person's authenticator app would show now, with time left to type it in."""
    return code_now(totp_secret(user))


def enter_code(page, user):
    """The code from the app, typed into the code page and sent; signed in, or the test fails.

    Not code_now's wait for a fresh window (2.5 s on one sign-in in six): the code is
    the current window's, and only if the page refuses it and the window has provably
    ended between reading the code and the server's answer is it typed again, once,
    from the new window. A code the server refuses within its own window still fails.
    """
    secret = totp_secret(user)
    for _ in range(2):
        window = int(time.time()) // WINDOW
        page.fill("#id_code", code_in(secret, window))
        with page.expect_navigation():
            page.click("button:has-text('Continue')")
        if "/accounts/2fa/authenticate/" not in page.url or int(time.time()) // WINDOW == window:
            break
    page.wait_for_url(lambda url: "/accounts/" not in url)


def sign_in(page, user, *, check: bool = True):
    """Through the real pages: username and password, then the code from the app."""
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    if check:
        check_page(page, "Sign in")
    page.fill("#id_login", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    if check:
        check_page(page, "Enter the code from your authenticator app")
    enter_code(page, user)


def signed_in(page, user):
    """`user` signed in without the sign-in pages: a session made by Django's test client, as a cookie.

    For tests whose subject is not signing in. Through the pages a sign-in takes
    four requests, two axe runs on pages the same in every test and a TOTP code;
    test_sign_in.py and test_keyboard_sign_in.py sign in through them every time,
    with axe on each. A forced login passes the same middleware (require_mfa asks
    only that the person has an authenticator app).
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": page.base_url}])


@pytest.fixture
def people(reference_data):
    from tests.service.personas import personas

    return personas()


@pytest.fixture
def cases(people):
    """Case A-1 in Birmingham (alice's), with a rapid review and an LCSPR; B-1 in the City of London."""
    from tests import factories
    from tests.cases.rows import valid_row

    made = factories.notifications(
        valid_row(notification_ref="A-1", rr_submitted_date="2020-03-20", lcspr_decision_date="2020-04-01"),
        valid_row(notification_ref="B-1", la_code="E09000001"),
    )
    return {ref[0]: notification for ref, notification in made.items()}
