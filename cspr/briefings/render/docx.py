"""A briefing as a Word document (python-docx) that organisations can edit and brand.

Real headings (Heading 1 to 4), real tables with a repeating header row, bullet
lists, working hyperlinks, and the statistics' charts as pictures with their
description as alternative text. The document's language is set to en-GB and
its title in the file's properties.
"""

import io
from datetime import datetime, time

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cspr.briefings.document import Bullets, Chart, Document, Fig, Link, Para, Section, Table
from cspr.briefings.render.png import chart_pngs
from cspr.domain.dates import long_date
from cspr.govuk.charts import chart_description
from cspr.govuk.synthetic import OUTPUT_NOTICE
from cspr.stats.render.zips import reproducible

LINK_BLUE = RGBColor(0x1D, 0x70, 0xB8)
CHART_WIDTH = Cm(16)
MAX_HEADING = 4


def _set_language(style, lang: str) -> None:
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), lang)
    rpr.append(element)


def _hyperlink(paragraph, text: str, url: str) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(LINK_BLUE))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.extend([color, underline])
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _inline(paragraph, parts, *, in_table: bool = False) -> None:
    for part in parts:
        if isinstance(part, Fig):
            paragraph.add_run(part.text(in_table=in_table))
        elif isinstance(part, Link):
            if part.href:
                _hyperlink(paragraph, part.text, part.href)
            else:
                paragraph.add_run(part.text)
        else:
            paragraph.add_run(str(part))


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.out = new_docx()
        self.pictures = dict(zip((c.id for c in doc.charts()), chart_pngs(doc.charts())))
        self._styles()

    def _styles(self) -> None:
        styles = self.out.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        for style in styles:
            if style.type == 1:  # paragraph styles
                _set_language(style, self.doc.lang)
        props = self.out.core_properties
        props.title = self.doc.title
        props.subject = self.doc.caption
        props.author = "cspr"
        props.language = self.doc.lang
        props.keywords = "safeguarding; practice reviews; briefing"
        props.created = props.modified = datetime.combine(self.doc.made_on, time())
        props.last_modified_by = "cspr"
        props.revision = 1

    def heading(self, text: str, level: int) -> None:
        self.out.add_heading(text, level=min(level, MAX_HEADING))

    def block(self, block, level: int) -> None:
        if isinstance(block, Para):
            if block.style == "heading":
                paragraph = self.out.add_heading("", level=min(level, MAX_HEADING))
            else:
                paragraph = self.out.add_paragraph()
                if block.style == "lead":
                    paragraph.paragraph_format.space_after = Pt(10)
            _inline(paragraph, block.parts)
            if block.style == "lead":
                for run in paragraph.runs:
                    run.font.size = Pt(13)
            elif block.style == "small":
                for run in paragraph.runs:
                    run.font.size = Pt(9)
        elif isinstance(block, Bullets):
            style = "List Number" if block.numbered else "List Bullet"
            for item in block.items:
                _inline(self.out.add_paragraph(style=style), item.parts)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)

    def table(self, block: Table) -> None:
        caption = self.out.add_paragraph(style="Caption")
        caption.add_run(block.caption)
        table = self.out.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, column in zip(table.rows[0].cells, block.columns):
            run = cell.paragraphs[0].add_run(column.header)
            run.bold = True
            if column.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _repeat_header(table.rows[0])
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value, column in zip(cells, row, block.columns):
                _inline(cell.paragraphs[0], [value], in_table=True)
                if column.numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.out.add_paragraph()

    def chart(self, block: Chart) -> None:
        paragraph = self.out.add_paragraph()
        shape = paragraph.add_run().add_picture(io.BytesIO(self.pictures[block.id]), width=CHART_WIDTH)
        doc_pr = shape._inline.docPr
        doc_pr.set("title", block.view.title)
        doc_pr.set("descr", chart_description(block.view))
        note = self.out.add_paragraph(style="Caption")
        note.add_run(f"Chart: {block.view.title}. The table gives the same figures.")

    def section(self, section: Section, level: int) -> None:
        self.heading(section.title, level)
        for block in section.blocks:
            self.block(block, level + 1)
        for sub in section.subsections:
            self.section(sub, level + 1)

    def write(self) -> bytes:
        doc = self.doc
        self.heading(doc.title, 1)
        if doc.synthetic:
            self.out.add_paragraph().add_run(OUTPUT_NOTICE).bold = True
        intro = self.out.add_paragraph()
        made = long_date(doc.made_on)
        intro.add_run(f"{doc.caption}. For: {doc.audience}. Made on {made}.").italic = True
        self.section(doc.summary, 2)
        self.out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for section in doc.sections:
            self.section(section, 2)
        self.out.sections[0].start_type = WD_SECTION.NEW_PAGE
        buffer = io.BytesIO()
        self.out.save(buffer)
        # python-docx stamps each zip entry with the time of writing: the same briefing, the same bytes.
        return reproducible(buffer.getvalue())


def render_docx(doc: Document) -> bytes:
    return _Writer(doc).write()
