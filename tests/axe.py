"""axe-core for every accessibility test: loaded once per browser context, run as axe-playwright-python runs it.

axe-core itself is the release vendored in tests/vendor/axe-core/ (4.14.1, unmodified from
npm; its README says why and how to update it), not the older one axe-playwright-python
bundles (4.12.1): the newer colour-contrast rule, most of every run's time, is about three
times faster on cspr's pages. axe-playwright-python still runs and reports it.

`Axe().run(page)` sends the 650 KB axe-core script with each call and the page
evaluates it again (some 0.1 s a run on a small page, where axe.run itself takes
0.2 to 0.6 s; seconds on the statistics page). Here a context is given the script
once (`with_axe`, Playwright's init script), every document its pages load then
has axe-core before the page's own scripts run, and `axe_report` only calls
`axe.run` with the options `Axe().run` uses (violations only, every rule axe-core
enables by default). The report is `AxeResults.generate_report()`'s, so a failure
reads as it did; tests/govuk/test_accessibility.py shows both give the same
report on a page with a violation.
"""

from pathlib import Path

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS as AXE_OPTIONS

AXE_FILE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SCRIPT = AXE_FILE.read_text(encoding="utf-8")


def with_axe(context):
    """The browser context, with axe-core put into every document its pages load from now on."""
    context.add_init_script(AXE_SCRIPT)
    return context


def new_page(browser):
    """A page in a fresh context of `browser` (no cookies or storage from another test), with axe-core."""
    return with_axe(browser.new_context()).new_page()


def axe_report(page) -> str:
    """axe's report of the page's violations ("" for none), as `Axe().run(page).generate_report()` gives it.

    A document without axe-core (its context was not given it by `with_axe`) gets
    the script now, as `Axe().run` would send it: the same result, only slower.
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = AxeResults(page.evaluate("options => axe.run(options)", AXE_OPTIONS))
    return results.generate_report() if results.violations_count else ""
