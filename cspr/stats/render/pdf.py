"""The report as a tagged PDF (PDF/UA-1), made by WeasyPrint from the same HTML.

PDF/UA needs a tagged structure, a document title and a language: WeasyPrint
tags the document when asked for the `pdf/ua-1` variant, and takes the title
and language from the page's `<title>` and `<html lang="en-GB">`. Text is set
in DejaVu Sans, which is installed wherever cspr runs (Arial is not).
"""

from cspr.domain.report_build import Report
from cspr.govuk.pdf import html_document
from cspr.stats.render.html import render_html


def render_pdf(report: Report, *, synthetic: bool = False) -> bytes:
    html = render_html(report, for_print=True, synthetic=synthetic)
    return html_document(html).write_pdf(pdf_variant="pdf/ua-1")
