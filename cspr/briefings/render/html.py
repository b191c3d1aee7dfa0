"""A briefing as one standalone HTML page: GOV.UK typography, CSS inlined, SVG charts.

The CSS is the statistics report's build of GOV.UK Frontend (cspr/stats/render/css.py)
plus the few classes a briefing adds, so the file can be emailed or opened from
disk, and WeasyPrint makes the PDF from the same page (`for_print`).
"""

from cspr.briefings.document import Bullets, Chart, Document, Fig, Link, Para, Table
from cspr.domain.dates import long_date
from cspr.govuk.charts import chart_svg
from cspr.govuk.jinja2 import document_environment
from cspr.govuk.synthetic import OUTPUT_NOTICE
from cspr.stats.render.html import document_css

# A briefing's own classes; GOV.UK's (govuk-body-l, govuk-heading-s, ...) come built (document_css).
CSS = """
.cspr-summary { border: 5px solid #1d70b8; padding: 0 20px 5px; margin: 0 0 30px; }
.cspr-summary .govuk-heading-l { margin-top: 15px; }
.cspr-section--3 { margin-top: 10px; }
"""

PRINT_CSS = """
.cspr-summary { break-after: page; border-width: 3px; }
.cspr-summary .govuk-table { font-size: 9pt; }
.cspr-section--2 { break-before: page; }
.cspr-summary .cspr-section--2 { break-before: auto; }
.govuk-body-l { font-size: 11pt; }
h3, h4 { break-after: avoid; }
"""

_ENVIRONMENT = document_environment("cspr.briefings")


def kind_of(thing) -> str:
    for cls, name in ((Fig, "fig"), (Link, "link"), (Para, "para"), (Bullets, "bullets"), (Table, "table"),
                      (Chart, "chart")):
        if isinstance(thing, cls):
            return name
    return "text"


def render_html(doc: Document, *, for_print: bool = False) -> str:
    template = _ENVIRONMENT.get_template("briefings/document.html")
    return template.render(
        doc=doc,
        lang=doc.lang,
        css=document_css(for_print=for_print) + CSS + (PRINT_CSS if for_print else ""),
        chart_svg=chart_svg,
        kind_of=kind_of,
        text_of=lambda fig, in_table=False: fig.text(in_table=in_table),
        made_on=long_date(doc.made_on),
        synthetic_notice=OUTPUT_NOTICE if doc.synthetic else "",
    )
