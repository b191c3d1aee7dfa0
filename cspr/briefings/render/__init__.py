"""Every format of a briefing, from the one `Document`.

    render(document, "html" | "pdf" | "docx" | "md") -> bytes
"""

from cspr.briefings.document import Document
from cspr.briefings.models import FORMATS
from cspr.briefings.render.html import render_html
from cspr.briefings.render.md import render_md


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "html":
        return render_html(doc).encode()
    if fmt == "pdf":
        from cspr.briefings.render.pdf import render_pdf  # lazy: WeasyPrint takes seconds to import

        return render_pdf(doc)
    if fmt == "docx":
        from cspr.briefings.render.docx import render_docx  # lazy: python-docx is slow to import

        return render_docx(doc)
    if fmt == "md":
        return render_md(doc).encode()
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
