"""The output files' findings of 7 December 2026: a briefing's Word document is the same
bytes every time it is made from the same briefing."""

import io
import zipfile
from datetime import date

from docx import Document as open_docx

from cspr.briefings.document import Column, Document, Section, Table, p
from cspr.briefings.render import render

BRIEFING = Document(
    title="A briefing",
    caption="Partnership briefing",
    kind="partnership",
    audience="the partnership's leaders",
    summary=Section("summary", "Summary", (p("Two notifications."),)),
    sections=(
        Section(
            "figures",
            "Figures",
            (Table("Notifications by type", (Column("Type"), Column("Number", numeric=True)), (("Death", "1,446"),)),),
        ),
    ),
    notes=(),
    symbols={},
    made_on=date(2026, 12, 7),
)


def test_the_word_document_has_fixed_zip_times_and_is_the_same_bytes_every_time():
    content = render(BRIEFING, "docx")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None
    assert render(BRIEFING, "docx") == content
    word = open_docx(io.BytesIO(content))  # still a Word document python-docx opens
    assert word.core_properties.title == "A briefing" and word.tables[0].rows[1].cells[1].text == "1,446"
