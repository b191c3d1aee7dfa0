"""The PDF: GOV.UK Frontend's built CSS with no WeasyPrint warning, and pages that are full."""

import logging

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.render.css import BUILT, FOR_PRINT, screen_css, trimmed
from cspr.stats.render.html import render_html
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db


def page_fills(html: str) -> list[float]:
    """How far down its content area each page's text, pictures and table cells reach (0 to 1)."""
    fills = []
    for page in HTML(string=html).render().pages:
        page_box = page._page_box
        top, height = page_box.content_box_y(), page_box.height
        bottom = top
        for box in page_box.children[0].descendants():
            if isinstance(box, (boxes.LineBox, boxes.ReplacedBox, boxes.TableCellBox)):
                bottom = max(bottom, box.position_y + box.margin_height())
        fills.append((bottom - top) / height)
    return fills


@pytest.mark.parametrize(
    "definition, period, publish",
    [
        ("panel-annual", calendar_year(2020), False),
        ("panel-annual", calendar_year(2020), True),
        ("dfe-official", financial_year("2020-21"), True),
    ],
)
def test_no_page_but_the_last_is_under_a_third_full_and_weasyprint_warns_of_nothing(
    load, caplog, definition, period, publish
):
    load(all_rows())
    data = national_report(definition, period=period)
    report = data.published(4) if publish else data.report()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        fills = page_fills(render_html(report, for_print=True))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert len(fills) > 1
    assert all(fill >= 1 / 3 for fill in fills[:-1]), [round(f, 2) for f in fills]


def test_the_css_is_govuk_frontends_build_not_a_hand_copy():
    css = screen_css()
    assert '--govuk-frontend-version:"6.3.0"' in css.replace(" ", "")
    assert ".govuk-table__cell--numeric" in css and ".govuk-warning-text__icon" in css


def test_the_committed_print_css_is_what_the_built_css_gives(db):
    assert FOR_PRINT.read_text(encoding="utf-8") == trimmed(BUILT.read_text(encoding="utf-8")) + "\n"
