"""The output files' findings of 7 December 2026: each output says what the report says,
the same way every time, and in the form its readers need."""

import csv
import io
import json
import re
import zipfile
from dataclasses import replace

import pytest
from odf.namespaces import DCNS, NUMBERNS, OFFICENS, STYLENS, TABLENS
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from pypdf import PdfReader

from cspr.domain.measures import Period
from cspr.domain.report_build import Column, Context, SectionView, TableView
from cspr.domain.report_periods import calendar_year
from cspr.domain.reports import TYPE_TABLE
from cspr.stats.render import cells, render
from cspr.stats.render.css import print_css, screen_css
from cspr.stats.render.ees import render_ees_files
from cspr.stats.render.ods import sheet_name
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db

BIG = TableView(
    "big",
    "A table of large numbers",
    (Column("Row", "label"), Column("Number"), Column("Percentage", "percent"), Column("Change", "change")),
    (("A", 1446, 42.66, 208), ("B", 12, 3.0, -1234)),
    notes=("A note of the big table.",),
)


@pytest.fixture
def data(load):
    load(all_rows())
    return national_report("panel-annual", period=calendar_year(2020))


def with_tables(report, *tables):
    return replace(report, sections=(SectionView("Tables", tables),))


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def ods_sheets(content: bytes):
    doc = load_ods(io.BytesIO(content))
    return doc, {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}


def cell_texts(sheet) -> list[list[str]]:
    return [[str(c) for c in r.getElementsByType(TableCell)] for r in sheet.getElementsByType(TableRow)]


# 1. Zipped outputs are the same bytes on every run.


def test_the_spreadsheet_is_the_same_bytes_every_time_with_its_mimetype_first_and_stored(data):
    report = data.published()
    content = render(report, "ods")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    assert render(report, "ods") == content


def test_the_ees_zip_keeps_its_fixed_time_stamps(data):
    with zipfile.ZipFile(io.BytesIO(render(data.published(), "ees"))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert [info.filename for info in archive.infolist()] == ["panel_annual_2020.csv", "panel_annual_2020.meta.csv"]


# 2. The CSV writes plain numbers; people's formats keep the separators.


def test_the_csv_writes_numbers_without_separators_or_signs_and_the_html_keeps_them(data):
    report = with_tables(data.report(), BIG)
    values = {(r["row"], r["column"]): r["value"] for r in csv_rows(render(report, "csv")) if r["table_id"] == "big"}
    assert values == {
        ("A", "Number"): "1446",
        ("A", "Percentage"): "42.7",
        ("A", "Change"): "208",
        ("B", "Number"): "12",
        ("B", "Percentage"): "3.0",
        ("B", "Change"): "-1234",
    }
    html = render(report, "html").decode()
    assert "1,446" in html and "+208" in html and "-1,234" in html


# 3. The spreadsheet's numbers carry their column's number format.


def _number_format(doc, cell) -> dict:
    """The number format a cell's style names: its decimal places, grouping, and any '+'."""
    styles = {s.getAttrNS(STYLENS, "name"): s for s in (*doc.automaticstyles.childNodes, *doc.styles.childNodes)}
    cell_style = styles[cell.getAttrNS(TABLENS, "style-name")]
    number_style = styles[cell_style.getAttrNS(STYLENS, "data-style-name")]
    number = next(n for n in number_style.childNodes if n.qname == (NUMBERNS, "number"))
    signed = [
        styles[m.getAttrNS(STYLENS, "apply-style-name")]
        for m in number_style.childNodes
        if m.qname == (STYLENS, "map") and m.getAttrNS(STYLENS, "condition") == "value()>0"
    ]
    return {
        "places": number.getAttrNS(NUMBERNS, "decimal-places"),
        "grouping": number.getAttrNS(NUMBERNS, "grouping"),
        "plus": bool(signed) and str(signed[0].childNodes[0]) == "+",
    }


def test_the_spreadsheet_formats_each_number_as_its_column_kind_says(data):
    doc, sheets = ods_sheets(render(with_tables(data.report(), BIG), "ods"))
    row = sheets[sheet_name(1, "big")].getElementsByType(TableRow)[3]
    label, count, percent, change = row.getElementsByType(TableCell)
    assert count.getAttrNS(OFFICENS, "value") == "1446"
    assert _number_format(doc, count) == {"places": "0", "grouping": "true", "plus": False}
    assert _number_format(doc, percent) == {"places": "1", "grouping": "true", "plus": False}
    assert _number_format(doc, change) == {"places": "0", "grouping": "true", "plus": True}


# 4. Every machine format carries the tables' notes and the symbols' key.


def test_each_json_table_lists_its_notes(data):
    report = data.published()
    tables = {t["id"]: t for t in json.loads(render(report, "json"))["tables"]}
    for table in report.tables():
        assert tables[table.id]["notes"] == list(table.notes)
    assert any(note.startswith("[c] ") for t in tables.values() for note in t["notes"]), "hidden cells say why"
    assert any(note.startswith("Percentages are of all") for t in tables.values() for note in t["notes"])


def test_the_csv_carries_the_notes_and_the_key_in_rows_a_reader_of_the_cells_can_skip(data):
    report = data.published()
    rows = csv_rows(render(report, "csv"))
    notes = [r for r in rows if r["table_id"] == "notes"]
    for table in report.tables():
        assert [r["value"] for r in notes if r["row"] == table.id and r["column"] == "note"] == list(table.notes)
    key = {r["row"]: r["value"] for r in notes if r["column"] == "symbol"}
    assert key == {f"[{symbol}]": meaning for symbol, meaning in report.symbols.items()}
    assert "[c]" in key and "[z]" in key
    assert [r["value"] for r in notes if not r["row"]] == list(report.notes)
    cells_only = [r for r in rows if r["table_id"] != "notes"]
    assert len(cells_only) == sum(len(t.rows) * (len(t.columns) - 1) for t in report.tables())


# 5 and 6. The PDF's tables are tagged Table > Caption, THead, TBody; a chart's alternative
# text holds its description.


def _structure(pdf: bytes) -> list[tuple[str, list[str], str]]:
    """Each structure element: its type, its children's types, and its /Alt."""
    found = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "keys") or "/S" not in node:
            return
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        kids = [k.get_object() for k in kids]
        kinds = [str(k["/S"]) for k in kids if hasattr(k, "keys") and "/S" in k]
        found.append((str(node["/S"]), kinds, str(node.get("/Alt", ""))))
        for kid in kids:
            walk(kid)

    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"]["/K"]
    for node in root if isinstance(root, list) else [root]:
        walk(node)
    return found


def test_the_pdf_tags_each_table_with_its_caption_and_each_chart_with_its_description(data):
    report = data.report()
    typed = next(t for t in report.tables() if t.id == "notifications-by-type")
    structure = _structure(render(with_tables(report, typed), "pdf"))
    tables = [kids for kind, kids, _ in structure if kind == "/Table"]
    assert tables == [["/Caption", "/THead", "/TBody"]]
    alts = [alt for kind, _, alt in structure if kind == "/Figure"]
    assert alts == [f"{typed.chart.title}. {typed.chart.description}"]


# 7. The base of a table's percentages with a thousands separator.


def test_the_base_note_writes_its_count_with_a_thousands_separator():
    ctx = Context(Period(calendar_year(2025).start, calendar_year(2025).end), lambda key: 1446, None)
    table = TYPE_TABLE.build(ctx, {})
    assert table.notes == ("Percentages are of all notifications (1,446).",)


# 8. Dates: GOV.UK words for people, ISO 8601 for machines.


def test_the_spreadsheet_cover_gives_the_period_in_words(data):
    _, sheets = ods_sheets(render(data.report(), "ods"))
    period = next(r for r in cell_texts(sheets["Cover"]) if r[0] == "Period")
    assert period[1] == "2020 (1 January 2020 to 31 December 2020)"


def test_the_machine_formats_give_compared_periods_as_iso_dates(data):
    report = data.report()
    compared = next(t for t in json.loads(render(report, "json"))["tables"] if t["id"] == "comparisons")
    periods = {(row[1], row[3]) for row in compared["rows"]}
    assert periods == {
        ("2020-04-01/2020-09-30", "2019-04-01/2019-09-30"),
        ("2020-01-01/2020-12-31", "2019-01-01/2019-12-31"),
    }
    in_csv = {r["value"] for r in csv_rows(render(report, "csv")) if r["table_id"] == "comparisons"}
    assert {"2020-04-01/2020-09-30", "2019-01-01/2019-12-31"} <= in_csv
    assert not any(re.search(r"\d \w+ \d{4}", v) for v in in_csv)
    data_file, _ = render_ees_files(report)
    characteristics = {r["characteristic"] for r in csv_rows(data_file) if r["breakdown"] == compared["title"]}
    assert all("2020-" in c and "January" not in c and "April 2020" not in c for c in characteristics)
    # People's formats keep the words.
    assert "1 April 2020 to 30 September 2020" in render(report, "html").decode()


# 9. The spreadsheet's properties: title and language.


def test_the_spreadsheet_says_its_title_and_language(data):
    report = data.report()
    doc, _ = ods_sheets(render(report, "ods"))
    meta = {(n.qname[0], n.qname[1]): str(n) for n in doc.meta.childNodes}
    assert meta[(DCNS, "title")] == report.title
    assert meta[(DCNS, "language")] == "en-GB"


# 10. No byte order mark inside the page's stylesheet.


def test_the_inline_stylesheet_has_no_byte_order_mark(data):
    assert not screen_css().startswith("\ufeff") and not print_css().startswith("\ufeff")
    assert "\ufeff" not in render(data.report(), "html").decode()
    assert cells.plain(1446) == "1446"
