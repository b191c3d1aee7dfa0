"""One report, many outputs: each one opens, and says what the report says."""

import io
import json
import re

import pytest
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from odf.text import P

from cspr.domain.report_periods import calendar_year
from cspr.stats.render import render
from cspr.stats.render.ods import sheet_name
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(load):
    load(all_rows())
    return national_report("panel-annual", period=calendar_year(2020))


def read_sheets(content: bytes) -> dict[str, list[list[str]]]:
    doc = load_ods(io.BytesIO(content))
    sheets = {}
    for sheet in doc.spreadsheet.getElementsByType(Table):
        rows = []
        for row in sheet.getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                text = "".join(str(p) for p in cell.getElementsByType(P))
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                cells += [text] * repeat
            rows.append(cells)
        sheets[sheet.getAttribute("name")] = rows
    return sheets


def test_the_spreadsheet_opens_and_follows_the_guidance(data):
    report = data.published()
    sheets = read_sheets(render(report, "ods"))
    names = list(sheets)
    assert names[:3] == ["Cover", "Contents", "Notes"]
    tables = report.tables()
    assert names[3:] == [sheet_name(i, t.id) for i, t in enumerate(tables, start=1)]
    for name, rows in sheets.items():
        assert rows[0][0], f"{name}: a title in A1"
        assert all(len(r) == len(rows[2]) for r in rows[2:]), f"{name}: a rectangular table under its header"
    assert sheets["Contents"][3][0] == sheet_name(1, tables[0].id)
    # Round trip: the type table reads back as the report says.
    first = sheets[sheet_name(1, tables[0].id)]
    assert first[2] == [c.header for c in tables[0].columns]
    assert first[3][1] == "[c]"  # two deaths, suppressed
    assert any("[c]" in r[0] for r in sheets["Notes"][3:])


def test_the_spreadsheet_stores_numbers_as_numbers(data):
    doc = load_ods(io.BytesIO(render(data.report(), "ods")))
    sheet = doc.spreadsheet.getElementsByType(Table)[3]
    cell = sheet.getElementsByType(TableRow)[3].getElementsByType(TableCell)[1]
    assert cell.getAttribute("valuetype") == "float" and float(cell.getAttribute("value")) == 2


def test_json_is_the_spec_shape(data):
    document = json.loads(render(data.report(), "json"))
    assert document["standard"] == "cspr-report-1"
    assert document["period"] == {"from": "2020-01-01", "to": "2020-12-31", "basis": "notified_date"}
    assert {"measures", "comparisons", "representation"} <= set(document)


def test_csv_is_one_row_per_table_cell(data):
    lines = render(data.report(), "csv").decode().splitlines()
    assert lines[0] == "table_id,table_title,row,column,value"
    assert "notifications-by-type,Notifications by type of incident,Death,Number,2" in lines


def test_the_html_uses_govuk_tables_and_accessible_charts(data):
    html = render(data.report(), "html").decode()
    assert '<html lang="en-GB"' in html and "<title>" in html
    assert html.count('class="govuk-table"') == len(data.report().tables())
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) >= 7
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby" in svg
    assert html.count("<title id=") == len(svgs) and html.count("<desc id=") == len(svgs)
    assert "#0072B2" in html  # Okabe-Ito blue
    assert "<link" not in html  # standalone: the CSS is inline


def test_the_pdf_renders_pages_that_are_not_blank(data):
    import pdfplumber

    pdf_bytes = render(data.published(), "pdf")
    assert pdf_bytes.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) > 3
        assert "Serious incident notifications" in pdf.pages[0].extract_text()
        image = pdf.pages[1].to_image(resolution=50).original.convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 500, "page 2 looks blank"
        assert pdf.metadata.get("Title", "").startswith("Serious incident notifications")
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(pdf_bytes)).trailer["/Root"]
    assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root  # tagged, with a language
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # PDF/UA identification
