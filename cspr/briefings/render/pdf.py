"""A briefing as a tagged PDF (PDF/UA-1), made by WeasyPrint from the same HTML page.

WeasyPrint tags the structure for the `pdf/ua-1` variant and takes the title and
language from the page's `<title>` and `<html lang="en-GB">`; headings are real
`<h1>`..`<h4>`. The summary fills the first page (its box ends with a page break).
"""

from cspr.briefings.document import Document
from cspr.briefings.render.html import render_html
from cspr.govuk.pdf import html_document


def render_pdf(doc: Document) -> bytes:
    return html_document(render_html(doc, for_print=True)).write_pdf(pdf_variant="pdf/ua-1")
