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

from odf.dc import Language, Title
from odf.element import Element
from odf.namespaces import nsdict
from odf.number import Number, NumberStyle
from odf.number import Text as NumberText
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Map, Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import A, P

from cspr.domain.dates import date_range
from cspr.domain.disclosure import NOT_AVAILABLE, SUPPRESSED
from cspr.domain.report_build import Report
from cspr.domain.report_labels import period_label
from cspr.govuk.synthetic import OUTPUT_NOTICE
from cspr.stats.render import cells
from cspr.stats.render.zips import reproducible

# Each numeric column kind's number format, as the HTML and PDF write its cells (cells.text):
# whole numbers with a thousands separator, percentages to one place, ratios to two, changes signed.
DECIMALS = {"count": 0, "percent": 1, "ratio": 2, "change": 0}


def _number_styles(doc) -> dict[str, Style]:
    """A cell style per numeric column kind, each naming its number format."""
    found = {}
    for kind, places in DECIMALS.items():
        name = f"N_{kind}"
        number = NumberStyle(name=name)
        if kind == "change":
            # '+' before a positive change; a negative one carries its own '-'.
            positive = NumberStyle(name=f"{name}_positive", volatile="true")
            positive.addElement(NumberText(text="+"))
            positive.addElement(Number(decimalplaces=places, minintegerdigits=1, grouping="true"))
            doc.styles.addElement(positive)
            number.addElement(Number(decimalplaces=places, minintegerdigits=1, grouping="true"))
            number.addElement(Map(condition="value()>0", applystylename=positive.getAttribute("name")))
        else:
            number.addElement(Number(decimalplaces=places, minintegerdigits=1, grouping="true"))
        # Common styles (styles.xml): odfpy writes an automatic style only if an element names it,
        # and a style:map's apply-style-name is not among the names it looks for.
        doc.styles.addElement(number)
        cell = Style(name=f"Cell_{kind}", family="table-cell", datastylename=name)
        doc.automaticstyles.addElement(cell)
        found[kind] = cell
    return found


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
    return {"title": title, "header": header, "wide": wide, "narrow": narrow, "numbers": _number_styles(doc)}


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


def _cell(value, kind="count", style=None, numbers=None) -> TableCell:
    if isinstance(value, Link):
        cell = TableCell(valuetype="string")
        paragraph = P()
        paragraph.addElement(A(type="simple", href=value.href, text=value.text))
        cell.addElement(paragraph)
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and kind != "label":
        shown = cells.text(value, kind)
        cell = TableCell(valuetype="float", value=value)
        cell.addElement(P(text=shown))
        if style is None and numbers and kind in numbers:
            style = numbers[kind]
    else:
        text = cells.text(value, kind) if value is None or value in (SUPPRESSED, NOT_AVAILABLE) else str(value)
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
    if style is not None:
        cell.setAttribute("stylename", style)
    return cell


def _row(values, kinds=None, style=None, numbers=None) -> TableRow:
    row = TableRow()
    for i, value in enumerate(values):
        row.addElement(_cell(value, (kinds or [])[i] if kinds else "label", style, numbers))
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
        sheet.addElement(_row(values, kinds, numbers=styles["numbers"]))
    doc.spreadsheet.addElement(sheet)


def sheet_name(index: int, table_id: str) -> str:
    """Short, unique, spreadsheet-safe: 'T1_notifications_by_type' (31 characters at most)."""
    return f"T{index}_" + re.sub(r"[^A-Za-z0-9]+", "_", table_id)[:26]


def _period_words(report: Report) -> str:
    """'2025 (1 January 2025 to 31 December 2025)': the period's name and its dates, GOV.UK style."""
    name, dates = period_label(report.period), date_range(report.period.start, report.period.end)
    return dates if name == dates else f"{name} ({dates})"


def _fixed_namespaces() -> None:
    """odfpy declares on each file's root every namespace any of the process's documents has
    used (a dict shared by all its elements), in the order first used, so the same report would
    differ by what the process did before. With all of odfpy's known namespaces declared, in its
    own order, the declarations are the same every time (rewritten once, on the first call)."""
    known = Element.namespaces
    if list(known)[: len(nsdict)] != list(nsdict):
        extra = {namespace: prefix for namespace, prefix in known.items() if namespace not in nsdict}
        known.clear()
        known.update(nsdict)
        known.update(extra)


def render_ods(report: Report, *, synthetic: bool = False) -> bytes:
    _fixed_namespaces()
    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(Title(text=report.title))
    doc.meta.addElement(Language(text="en-GB"))
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
            # Demo data's notice first on the cover, the sheet a reader opens on.
            *([["Synthetic data", OUTPUT_NOTICE]] if synthetic else []),
            ["Period", _period_words(report)],
            ["Basis", "Notifications by the date they reached the Panel, and the children they concern"],
            ["Status", status],
            ["Contents", "The contents sheet lists every table; the notes sheet explains symbols and definitions"],
            [
                "Source",
                "The cspr case register"
                + (f"; population baseline: {report.population_source}" if report.population_source else ""),
            ],
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
    symbols = cells.symbol_key(report)
    notes = [[f"[{symbol}]", meaning] for symbol, meaning in symbols.items()]
    notes += [[f"Note {i}", note] for i, note in enumerate(report.notes, start=1)]
    notes += [[f"{sheet_name(i, t.id)}", note] for i, t in enumerate(tables, start=1) for note in t.notes]
    _sheet(
        doc,
        styles,
        "Notes",
        "Notes",
        "This worksheet contains one table of symbols and notes.",
        ["Symbol or note", "Meaning"],
        notes,
    )
    for i, t in enumerate(tables, start=1):
        kinds = [c.kind for c in t.columns]
        about = "This worksheet contains one table." + (f" {t.description}" if t.description else "")
        _sheet(
            doc,
            styles,
            sheet_name(i, t.id),
            t.title,
            about,
            [c.header for c in t.columns],
            [list(r) for r in t.rows],
            kinds,
        )
    out = io.BytesIO()
    doc.write(out)
    # odfpy stamps each zip entry with the time of writing: the same report, the same bytes.
    return reproducible(out.getvalue())
