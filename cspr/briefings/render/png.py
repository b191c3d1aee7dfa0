"""The statistics' SVG charts as PNG images, for documents that cannot hold SVG (DOCX).

No new dependency: WeasyPrint (already used for PDFs) lays each SVG chart out on
a page of its own size, and pypdfium2 (already installed with pdfplumber)
rasterises the pages. The picture is exactly the SVG the HTML and PDF show.
"""

import io
import re

import pypdfium2

from cspr.briefings.document import Chart
from cspr.govuk.charts import chart_svg
from cspr.govuk.pdf import html_document

SCALE = 2  # pixels per PDF point: sharp enough to print, small enough to email
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def chart_pngs(charts: list[Chart]) -> list[bytes]:
    """One PNG per chart, in order, rendered in a single WeasyPrint pass."""
    if not charts:
        return []
    pages, styles = [], []
    for n, chart in enumerate(charts):
        svg = chart_svg(chart.view, chart.id)
        width, height = _VIEWBOX.search(svg).groups()
        styles.append(f"@page chart{n} {{ size: {width}px {height}px; margin: 0 }} .c{n} {{ page: chart{n} }}")
        pages.append(f'<div class="chart c{n}">{svg}</div>')
    html = (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>Charts</title><style>"
        "body { margin: 0 } .chart { break-after: page } .chart:last-child { break-after: auto }"
        " svg { display: block }" + " ".join(styles) + "</style></head><body>" + "".join(pages) + "</body></html>"
    )
    pdf = pypdfium2.PdfDocument(html_document(html).write_pdf())
    try:
        images = []
        for page in pdf:
            buffer = io.BytesIO()
            page.render(scale=SCALE).to_pil().save(buffer, format="PNG", optimize=True)
            images.append(buffer.getvalue())
        return images
    finally:
        pdf.close()
