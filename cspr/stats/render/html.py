"""The report as one standalone HTML page: GOV.UK table markup and SVG charts.

The page carries the CSS it needs inline (a small subset of GOV.UK Frontend's
styles for the classes it uses), so the file can be emailed or opened from disk
and WeasyPrint can make the PDF from it. The service can pass
`stylesheet_href` to link the compiled GOV.UK stylesheet as well.
"""

from cspr.domain.report_build import Report
from cspr.domain.report_labels import period_label
from cspr.govuk.jinja2 import document_environment
from cspr.stats.render import cells
from cspr.stats.render.svg import chart_svg

CSS = """
html { background: #f3f2f1; }
body { margin: 0; background: #ffffff; color: #0b0c0c; font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 16px; line-height: 1.32; -webkit-font-smoothing: antialiased; }
.govuk-skip-link { position: absolute; left: -9999px; }
.govuk-skip-link:focus { position: static; display: block; padding: 10px 15px; background: #ffdd00; color: #0b0c0c; }
.govuk-header { background: #0b0c0c; color: #ffffff; border-bottom: 10px solid #1d70b8; padding: 10px 0; }
.govuk-header__service-name { font-weight: 700; font-size: 18px; }
.govuk-width-container { max-width: 960px; margin: 0 15px; }
@media screen and (min-width: 40.0625em) { .govuk-width-container { margin: 0 30px; } }
@media screen and (min-width: 1020px) { .govuk-width-container { margin: 0 auto; } }
.govuk-main-wrapper { display: block; padding: 20px 0 40px; }
.govuk-caption-l { display: block; color: #505a5f; font-size: 19px; margin-bottom: 5px; }
.govuk-heading-xl { font-size: 32px; font-weight: 700; margin: 0 0 30px; }
.govuk-heading-l { font-size: 24px; font-weight: 700; margin: 40px 0 20px; }
.govuk-heading-m { font-size: 19px; font-weight: 700; margin: 25px 0 15px; }
.govuk-body, .govuk-list { font-size: 16px; margin: 0 0 15px; }
.govuk-body-s { font-size: 14px; margin: 0 0 15px; color: #0b0c0c; }
.govuk-list { padding-left: 0; list-style: none; }
.govuk-list--number { padding-left: 20px; list-style: decimal; }
.govuk-list--bullet { padding-left: 20px; list-style: disc; }
.govuk-link { color: #1d70b8; text-decoration: underline; }
.govuk-link:focus { outline: 3px solid transparent; background: #ffdd00; color: #0b0c0c; }
.govuk-table { width: 100%; border-collapse: collapse; border-spacing: 0; margin-bottom: 20px; font-size: 16px; }
.govuk-table__caption { font-weight: 700; text-align: left; margin-bottom: 10px; }
.govuk-table__header, .govuk-table__cell { padding: 10px 20px 10px 0; border-bottom: 1px solid #b1b4b6;
  text-align: left; vertical-align: top; }
.govuk-table__header { font-weight: 700; }
.govuk-table__header--numeric, .govuk-table__cell--numeric { text-align: right; font-variant-numeric: tabular-nums; }
.govuk-table__header:last-child, .govuk-table__cell:last-child { padding-right: 0; }
.govuk-warning-text { position: relative; padding: 10px 0 10px 45px; margin-bottom: 20px; }
.govuk-warning-text__icon { position: absolute; left: 0; top: 5px; width: 35px; height: 35px; border-radius: 50%;
  background: #0b0c0c; color: #ffffff; font-weight: 700; font-size: 28px; line-height: 35px; text-align: center; }
.govuk-warning-text__text { font-weight: 700; }
.govuk-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important;
  padding: 0 !important; overflow: hidden !important; clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }
.govuk-summary-list { margin: 0 0 20px; }
.govuk-summary-list__row { display: flex; border-bottom: 1px solid #b1b4b6; padding: 8px 0; }
.govuk-summary-list__key { font-weight: 700; width: 15%; margin: 0; }
.govuk-summary-list__value { margin: 0; }
.govuk-footer { background: #f3f2f1; border-top: 1px solid #b1b4b6; padding: 25px 0; }
.govuk-footer__meta { font-size: 14px; margin: 0; color: #0b0c0c; }
.cspr-chart-figure { margin: 0 0 15px; }
.cspr-chart { max-width: 100%; height: auto; }
.cspr-figure { break-inside: auto; }
"""

PRINT_CSS = """
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: "Page " counter(page) " of " counter(pages);
  font-family: "DejaVu Sans", sans-serif; font-size: 9pt; } }
html, body { background: #ffffff; font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
.govuk-skip-link, .cspr-contents { display: none; }
.govuk-width-container { margin: 0; max-width: none; }
.govuk-header { padding: 4mm 0; }
.govuk-table { font-size: 9pt; }
.govuk-table__header, .govuk-table__cell { padding: 4px 8px 4px 0; }
h2 { break-before: page; }
h3, .govuk-table__caption, thead { break-after: avoid; }
tr, figure { break-inside: avoid; }
.cspr-chart { width: 100%; }
"""

_ENVIRONMENT = document_environment("cspr.stats")


def render_html(report: Report, *, stylesheet_href: str | None = None, for_print: bool = False) -> str:
    template = _ENVIRONMENT.get_template("stats/report.html")
    symbols = dict(report.symbols) if report.published else {"z": "not applicable"}
    return template.render(
        report=report,
        period_label=period_label(report.period),
        css=CSS + (PRINT_CSS if for_print else ""),
        stylesheet_href=stylesheet_href,
        chart_svg=chart_svg,
        head=cells.head,
        text_rows=cells.text_rows,
        symbols=symbols,
    )
