"""The report as an OpenDocument spreadsheet, following the Analysis Function's
guidance on releasing statistics in spreadsheets:

- a cover sheet, a contents sheet and a notes sheet come first;
- one table per sheet, its title in cell A1, a line saying what the sheet holds
  in A2, the table starting in A3 with one header row;
- no merged cells, no blank rows or columns inside a table, no colour-only
  meaning; numbers are stored as numbers, and symbols in square brackets
  (`[c]` suppressed, `[z]` not applicable) as text, explained on the notes sheet.
"""

import io
import re
from dataclasses import dataclass

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import A, P

from cspr.domain.disclosure import SUPPRESSED
from cspr.domain.report_build import Report
from cspr.domain.report_labels import period_label
from cspr.stats.render import cells


def _styles(doc):
    title = Style(name="Title", family="table-cell")
    title.addElement(TextProperties(fontweight="bold", fontsize="14pt"))
    header = Style(name="Header", family="table-cell")
    header.addElement(TextProperties(fontweight="bold"))
    wide = Style(name="Wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="8cm"))
    narrow = Style(name="Narrow", family="table-column")
    narrow.addElement(TableColumnProperties(columnwidth="3.2cm"))
    for style in (title, header):
        doc.automaticstyles.addElement(style)
    for style in (wide, narrow):
        doc.automaticstyles.addElement(style)
    return {"title": title, "header": header, "wide": wide, "narrow": narrow}


@dataclass(frozen=True)
class Link:
    """A cell whose text goes to a sheet: the contents sheet's way to each table."""

    text: str
    sheet: str

    @property
    def href(self) -> str:
        # ODF's in-document reference: '#' then the cell address; sheet_name() keeps to
        # letters, digits and '_', so the name needs no quoting.
        return f"#{self.sheet}.A1"


def _cell(value, kind="count", style=None) -> TableCell:
    if isinstance(value, Link):
        cell = TableCell(valuetype="string")
        paragraph = P()
        paragraph.addElement(A(type="simple", href=value.href, text=value.text))
        cell.addElement(paragraph)
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and kind != "label":
        shown = cells.text(value, kind)
        cell = TableCell(valuetype="float", value=value)
        cell.addElement(P(text=shown))
    else:
        text = cells.text(value, kind) if value is None or value == SUPPRESSED else str(value)
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
    if style is not None:
        cell.setAttribute("stylename", style)
    return cell


def _row(values, kinds=None, style=None) -> TableRow:
    row = TableRow()
    for i, value in enumerate(values):
        row.addElement(_cell(value, (kinds or [])[i] if kinds else "label", style))
    return row


def _sheet(doc, styles, name: str, title: str, about: str, header: list[str], rows: list, kinds=None) -> None:
    sheet = Table(name=name)
    sheet.addElement(TableColumn(stylename=styles["wide"]))
    if len(header) > 1:
        sheet.addElement(TableColumn(stylename=styles["narrow"], numbercolumnsrepeated=len(header) - 1))
    sheet.addElement(_row([title], style=styles["title"]))
    sheet.addElement(_row([about]))
    sheet.addElement(_row(header, style=styles["header"]))
    for values in rows:
        sheet.addElement(_row(values, kinds))
    doc.spreadsheet.addElement(sheet)


def sheet_name(index: int, table_id: str) -> str:
    """Short, unique, spreadsheet-safe: 'T1_notifications_by_type' (31 characters at most)."""
    return f"T{index}_" + re.sub(r"[^A-Za-z0-9]+", "_", table_id)[:26]


def render_ods(report: Report) -> bytes:
    doc = OpenDocumentSpreadsheet()
    styles = _styles(doc)
    tables = report.tables()
    status = (
        f"Published figures: disclosure control applied (counts from 1 to {report.threshold} and counts that "
        "would reveal one are shown as [c])."
        if report.published
        else "Exact figures without disclosure control: not for publication."
    )
    _sheet(
        doc,
        styles,
        "Cover",
        report.title,
        "This spreadsheet holds the report's tables, one table per sheet.",
        ["Item", "Detail"],
        [
            ["Period", f"{period_label(report.period)} ({report.period.start} to {report.period.end})"],
            ["Basis", "Notifications by the date they reached the Panel, and the children they concern"],
            ["Status", status],
            ["Contents", "The contents sheet lists every table; the notes sheet explains symbols and definitions"],
            ["Source", "The cspr case register" + (f"; population baseline: {report.population_source}"
                                                    if report.population_source else "")],
        ],
    )
    _sheet(
        doc,
        styles,
        "Contents",
        "Contents",
        f"This worksheet contains one table, listing the {len(tables)} tables of the report.",
        ["Sheet name", "Table title"],
        [[Link(sheet_name(i, t.id), sheet_name(i, t.id)), t.title] for i, t in enumerate(tables, start=1)],
    )
    symbols = dict(report.symbols) if report.published else {"z": "not applicable"}
    notes = [[f"[{symbol}]", meaning] for symbol, meaning in symbols.items()]
    notes += [[f"Note {i}", note] for i, note in enumerate(report.notes, start=1)]
    notes += [[f"{sheet_name(i, t.id)}", note] for i, t in enumerate(tables, start=1) for note in t.notes]
    _sheet(doc, styles, "Notes", "Notes", "This worksheet contains one table of symbols and notes.",
           ["Symbol or note", "Meaning"], notes)
    for i, t in enumerate(tables, start=1):
        kinds = [c.kind for c in t.columns]
        about = "This worksheet contains one table." + (f" {t.description}" if t.description else "")
        _sheet(doc, styles, sheet_name(i, t.id), t.title, about, [c.header for c in t.columns],
               [list(r) for r in t.rows], kinds)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
