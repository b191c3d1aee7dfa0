"""The report as one standalone HTML page: GOV.UK table markup and SVG charts.

The page carries the CSS it needs inline (GOV.UK Frontend's core and the components
a document uses, built from its Sass: css.py), so the file can be emailed or opened
from disk and WeasyPrint can make the PDF from it. The service can pass
`stylesheet_href` to link the compiled GOV.UK stylesheet as well.
"""

from dataclasses import replace

from cspr.domain.report_build import ChartView, Report
from cspr.domain.report_labels import period_label
from cspr.govuk.charts import chart_description, chart_svg
from cspr.govuk.jinja2 import document_environment
from cspr.govuk.synthetic import OUTPUT_NOTICE
from cspr.stats.render import cells
from cspr.stats.render.css import print_css, screen_css

# cspr's own print layout, on top of GOV.UK Frontend's print styles (the built stylesheet's
# `@media print`). Content flows from page to page: no section starts a page, so the first
# page is full and no page is left a third full before a break. A table row never splits,
# the first three rows keep with the heading and the last three with the rest, so no page
# holds a stray one to three rows of a table; a short table (six rows or fewer) moves whole.
PRINT_LAYOUT = """
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: "Page " counter(page) " of " counter(pages);
  font-family: "DejaVu Sans", sans-serif; font-size: 9pt; } }
html, body { background: #ffffff; }
body, body * { font-family: "DejaVu Sans", sans-serif !important; }
.govuk-skip-link, .cspr-contents { display: none; }
.govuk-width-container { margin: 0; max-width: none; }
.govuk-main-wrapper { padding: 4mm 0 0; }
.govuk-header { padding: 4mm 0; }
.govuk-heading-xl { font-size: 20pt; margin-bottom: 6mm; }
.govuk-heading-l { font-size: 15pt; margin: 6mm 0 3mm; }
.govuk-heading-m { font-size: 12pt; margin: 5mm 0 2mm; }
.govuk-body, .govuk-list, .govuk-summary-list { font-size: 10pt; }
.govuk-body-s, .govuk-caption-l { font-size: 9pt; }
.govuk-table { font-size: 9pt; margin-bottom: 4mm; }
.govuk-table__header, .govuk-table__cell { padding: 3px 8px 3px 0; }
h2, h3, .govuk-table__caption, thead { break-after: avoid; }
tr, figure { break-inside: avoid; }
tbody tr:nth-child(-n+3):not(:last-child) { break-after: avoid; }
tbody tr:nth-last-child(-n+3):not(:first-child) { break-before: avoid; }
.cspr-chart { width: 100%; }
/* The caption shown: WeasyPrint tags an absolutely positioned (visually hidden) caption as
   tables nested in the table (Table > Table > Table > Caption) rather than Table > Caption. */
.govuk-table__caption.govuk-visually-hidden { position: static !important; width: auto !important;
  height: auto !important; overflow: visible !important; white-space: normal !important;
  margin: 0 0 2mm !important; font-size: 9pt; }
"""


def print_chart_svg(chart: ChartView, chart_id: str) -> str:
    """A chart for the PDF: WeasyPrint takes a chart's alternative text from its SVG `<title>` and
    reads neither `aria-labelledby` nor `<desc>`, so there the title carries the description too."""
    return chart_svg(replace(chart, title=f"{chart.title}. {chart_description(chart)}"), chart_id)


def document_css(*, for_print: bool = False) -> str:
    """GOV.UK Frontend as built for documents (css.py), and cspr's print layout for the PDF."""
    return print_css() + PRINT_LAYOUT if for_print else screen_css()


_ENVIRONMENT = document_environment("cspr.stats")


def render_html(
    report: Report, *, stylesheet_href: str | None = None, for_print: bool = False, synthetic: bool = False
) -> str:
    """The page; `synthetic` adds demo data's notice under the title (the statistics page, which has
    the service's own demo banner, takes the report without it)."""
    template = _ENVIRONMENT.get_template("stats/report.html")
    symbols = cells.symbol_key(report)
    return template.render(
        report=report,
        period_label=period_label(report.period),
        css=document_css(for_print=for_print),
        stylesheet_href=stylesheet_href,
        chart_svg=print_chart_svg if for_print else chart_svg,
        head=cells.head,
        text_rows=cells.text_rows,
        symbols=symbols,
        synthetic_notice=OUTPUT_NOTICE if synthetic else "",
    )
