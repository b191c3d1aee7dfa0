"""A figure that cannot exist (a count with no base: "Local reviews commissioned" has no "Out
of" nor "Percentage") is marked not applicable the same way in every output: `"z"` in the JSON,
as the spec writes symbols bare, and `[z]` in the CSV, ODS and HTML (review of 8 December 2026).
A JSON null read as a missing figure, not as one that cannot exist."""

import csv
import io
import json
import re
from html import unescape

from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow

from cspr.stats.render import render
from cspr.stats.render.ods import sheet_name
from tests.stats.test_review_findings_2026_12_07 import register, report_data

ROW = "Local reviews commissioned"


def published():
    rows = register([{"rr_submitted_date": None}] * 20)
    return report_data("panel-annual", rows).published(4)


def test_a_cell_with_no_base_is_not_applicable_in_every_format():
    report = published()
    table = next(t for t in report.tables() if t.id == "rapid-reviews")
    headers = [c.header for c in table.columns]
    assert headers[2:] == ["Out of", "Percentage"]

    as_json = next(t for t in json.loads(render(report, "json", synthetic=False))["tables"] if t["id"] == table.id)
    json_row = next(r for r in as_json["rows"] if r[0] == ROW)

    rows = csv.DictReader(io.StringIO(render(report, "csv", synthetic=False).decode()))
    as_csv = {r["column"]: r["value"] for r in rows if r["table_id"] == table.id and r["row"] == ROW}

    doc = load_ods(io.BytesIO(render(report, "ods", synthetic=False)))
    name = sheet_name(report.tables().index(table) + 1, table.id)
    sheet = next(s for s in doc.spreadsheet.getElementsByType(Table) if s.getAttribute("name") == name)
    ods_row = next(
        cells
        for r in sheet.getElementsByType(TableRow)
        if (cells := [str(c) for c in r.getElementsByType(TableCell)])[0] == ROW
    )

    html = render(report, "html", synthetic=False).decode()
    html_row = re.search(rf"<tr[^>]*>\s*<th[^>]*>\s*{ROW}\s*</th>(.*?)</tr>", html, re.S)
    html_cells = [
        unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html_row[1], re.S)
    ]

    for j, header in enumerate(headers[2:], start=2):
        assert ods_row[j] == html_cells[j - 1] == as_csv[header] == "[z]", header
        assert json_row[j] == "z", header
    assert json_row[1] == int(as_csv["Number"])
