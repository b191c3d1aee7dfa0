"""Every format of a briefing, from the one `Document`.

    render(document, "html" | "pdf" | "docx" | "md") -> bytes
"""

from cspr.briefings.document import Document
from cspr.briefings.models import FORMATS


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "html":
        from cspr.briefings.render.html import render_html

        return render_html(doc).encode()
    if fmt == "pdf":
        from cspr.briefings.render.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from cspr.briefings.render.docx import render_docx

        return render_docx(doc)
    if fmt == "md":
        from cspr.briefings.render.md import render_md

        return render_md(doc).encode()
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
