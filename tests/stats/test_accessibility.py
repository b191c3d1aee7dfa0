"""axe-core finds no accessibility violations in the report's HTML, in Debian's Chromium.

The register is loaded once for the module (tests/module_world.py): the tests only read it.
"""

from pathlib import Path

import pytest

from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.render import render
from cspr.stats.report import national_report
from tests.axe import axe_report, new_page
from tests.module_world import module_world
from tests.stats.conftest import load_rows
from tests.stats.register import all_rows

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def register(request, chromium):
    # Chromium first: while Playwright's sync API is open Django keeps database connections per
    # asyncio context, not per thread, so the world is built on the connection the tests will use;
    # built before, its open transaction would hold a lock their connection waits on.
    yield from module_world(request, lambda: load_rows(all_rows()))


@pytest.fixture(scope="module")
def page(chromium):
    """One page for the module's reports, with axe-core (tests/axe.py): each report is a new document in it."""
    page = new_page(chromium)
    yield page
    page.context.close()


@pytest.mark.parametrize(
    "definition, period, publish",
    [
        ("panel-annual", calendar_year(2020), False),
        ("panel-annual", calendar_year(2020), True),
        ("dfe-official", financial_year("2020-21"), True),
    ],
)
def test_the_report_page_has_no_axe_violations(register, page, tmp_path, definition, period, publish):
    data = national_report(definition, period=period)
    report = data.published() if publish else data.report()
    path = tmp_path / "report.html"
    path.write_bytes(render(report, "html"))
    page.goto(path.as_uri())
    assert axe_report(page) == ""
