"""axe-core finds no accessibility violations in the report's HTML, in Debian's Chromium."""

from pathlib import Path

import pytest

from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.render import render
from cspr.stats.report import national_report
from tests.stats.register import all_rows

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not at /usr/bin/chromium"),
]


def axe_violations(chromium, html_path: Path) -> str:
    from axe_playwright_python.sync_playwright import Axe

    page = chromium.new_page()
    page.goto(html_path.as_uri())
    results = Axe().run(page)
    page.context.close()
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize(
    "definition, period, publish",
    [
        ("panel-annual", calendar_year(2020), False),
        ("panel-annual", calendar_year(2020), True),
        ("dfe-official", financial_year("2020-21"), True),
    ],
)
def test_the_report_page_has_no_axe_violations(chromium, load, tmp_path, definition, period, publish):
    load(all_rows())
    data = national_report(definition, period=period)
    report = data.published() if publish else data.report()
    path = tmp_path / "report.html"
    path.write_bytes(render(report, "html"))
    assert axe_violations(chromium, path) == ""
