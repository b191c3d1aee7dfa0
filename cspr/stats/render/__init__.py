"""Every output of a report, from the one `Report` object.

    render(report, "json" | "csv" | "ods" | "html" | "pdf" | "ees") -> bytes

"ees" is Explore Education Statistics' data file and metadata file, zipped
(`render.ees.render_ees_files` gives them apart).

`synthetic` (default: demo mode, cspr/govuk/synthetic.py) puts a notice at the top of every
format that the figures are made up; EES's files have a fixed shape, so there it is a file in
the zip and the indicators' labels (render/ees.py).
"""

import csv
import io
import json

from cspr.domain.report_build import Report
from cspr.govuk.synthetic import OUTPUT_NOTICE, is_synthetic
from cspr.stats.render import cells
from cspr.stats.render.ees import render_ees
from cspr.stats.render.html import render_html

FORMATS = ("json", "csv", "ods", "html", "pdf", "ees")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "ees": "application/zip",
}
EXTENSIONS = {fmt: "zip" if fmt == "ees" else fmt for fmt in FORMATS}


def render_json(report: Report, *, synthetic: bool = False) -> bytes:
    found = report.as_json()
    if synthetic:
        # First in the file, so neither a person nor a program can miss it.
        found = {"synthetic": True, "synthetic_note": OUTPUT_NOTICE, **found}
    return (json.dumps(found, indent=1, ensure_ascii=False) + "\n").encode()


NOTES = ("notes", "Notes")  # the CSV's rows that are not table cells: table_id "notes"


def render_csv(report: Report, *, synthetic: bool = False) -> bytes:
    """Tidy CSV: one row per table cell, `table_id,table_title,row,column,value`, numbers plain.

    Then the rows a reader of the cells skips, `table_id` "notes": each table's notes (`row`
    the table's id, `column` "note"), the symbols' key (`row` the symbol, "[c]", `column`
    "symbol") and the report's notes (`row` empty, `column` "note"). Synthetic figures' notice is
    a report note too, but the first row after the header, where a reader opening the file sees it.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table_id", "table_title", "row", "column", "value"])
    if synthetic:
        writer.writerow([*NOTES, "", "note", OUTPUT_NOTICE])
    tables = report.tables()
    for table in tables:
        for row in report.machine_rows(table):
            for column, value in zip(table.columns[1:], row[1:]):
                writer.writerow([table.id, table.title, row[0], column.header, cells.plain(value, column.kind)])
    writer.writerows([*NOTES, table.id, "note", note] for table in tables for note in table.notes)
    symbols = cells.symbol_key(report)
    writer.writerows([*NOTES, cells.marker(s), "symbol", meaning] for s, meaning in symbols.items())
    writer.writerows([*NOTES, "", "note", note] for note in report.notes)
    return out.getvalue().encode()


def render(report: Report, fmt: str, *, synthetic: bool | None = None) -> bytes:
    # A report counted from this process's database: in demo mode, synthetic (cspr/govuk/synthetic.py).
    synthetic = is_synthetic() if synthetic is None else synthetic
    if fmt == "json":
        return render_json(report, synthetic=synthetic)
    if fmt == "csv":
        return render_csv(report, synthetic=synthetic)
    if fmt == "ods":
        # Here, not at the top: odfpy costs every `cspr report` and briefing its import otherwise.
        from cspr.stats.render.ods import render_ods

        return render_ods(report, synthetic=synthetic)
    if fmt == "html":
        return render_html(report, synthetic=synthetic).encode()
    if fmt == "ees":
        return render_ees(report, synthetic=synthetic)
    if fmt == "pdf":
        from cspr.stats.render.pdf import render_pdf  # lazy: WeasyPrint takes seconds to import

        return render_pdf(report, synthetic=synthetic)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
