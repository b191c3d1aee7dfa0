"""Files for the documents tests, built here: sound ones and a hostile corpus.

Nothing is copied from a real document; the hostile files are made the way an
attacker (or an unlucky export) would make them, so the checks meet the real thing.
"""

import io
import zipfile

from tests.learning import documents as learning_docs

pdf = learning_docs.pdf_bytes
docx = learning_docs.docx_bytes
encrypted_pdf = learning_docs.encrypted_pdf_bytes


def corrupt_pdf() -> bytes:
    """A PDF cut off half-way, as a failed download leaves it."""
    data = pdf()
    return data[: len(data) // 2]


def garbled_pdf() -> bytes:
    """A PDF whose end is intact but whose body is noise."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\ntrailer\n<< /Root 99 0 R >>\n%%EOF\n"


def pdf_with_javascript() -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.add_open_action(JavaScript("app.alert('hello');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with_macros() -> bytes:
    """A DOCX (really a .docm) carrying a VBA project, as Word saves a document with macros."""
    source = zipfile.ZipFile(io.BytesIO(docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return out.getvalue()


def zip_bomb(inflated_bytes: int = 600 * 1024 * 1024) -> bytes:
    """A small DOCX-shaped archive that inflates to hundreds of megabytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(inflated_bytes // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def odt(text: str = "The Panel's letter about the rapid review.") -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def odt_with_macros() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(odt()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    return out.getvalue()


def windows_program() -> bytes:
    """The start of a Windows executable (an "MZ" header and PE stub), named report.pdf by the tests."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 400


def text(words: str = "Notes of the partners' meeting about the case.\n") -> bytes:
    return words.encode("utf-8")


# --- PDFs written by hand, object by object, as a hostile tool writes them ------------------------


def hand_built_pdf(*objects: bytes) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalog) with a classic xref table."""
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def pdf_with_compressed_objects(*objects: bytes, compressed: bytes) -> bytes:
    """A PDF whose last object (`compressed`) sits in a Flate-compressed object stream, found by an
    xref stream: its names are nowhere in the file's bytes as written."""
    import zlib

    number = len(objects) + 1
    header = b"%d 0 " % number
    stream = zlib.compress(header + compressed)
    out, offsets = b"%PDF-1.7\n", []
    for index, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (index, body)
    container, xref_number = number + 1, number + 2
    offsets_container = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        container,
        len(header),
        len(stream),
    )
    out += stream + b"\nendstream\nendobj\n"
    xref = len(out)
    rows = [bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    rows += [bytes([1]) + offset.to_bytes(4, "big") + (0).to_bytes(2, "big") for offset in offsets]
    rows.append(bytes([2]) + container.to_bytes(4, "big") + (0).to_bytes(2, "big"))
    rows.append(bytes([1]) + offsets_container.to_bytes(4, "big") + (0).to_bytes(2, "big"))
    rows.append(bytes([1]) + xref.to_bytes(4, "big") + (0).to_bytes(2, "big"))
    table = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    return out


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE_WITH_ANNOTATION = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>"


def pdf_with_annotation(annotation: bytes) -> bytes:
    """One page carrying one annotation (object 4)."""
    return hand_built_pdf(CATALOG, PAGES, PAGE_WITH_ANNOTATION, annotation)


def docx_with(parts: dict[str, bytes], settings_xml: tuple[bytes, bytes] | None = None) -> bytes:
    """The sound DOCX with parts added (or replaced), and optionally word/settings.xml edited."""
    source = zipfile.ZipFile(io.BytesIO(docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename in parts:
                continue
            content = source.read(info)
            if settings_xml and info.filename == "word/settings.xml":
                content = content.replace(*settings_xml, 1)
            archive.writestr(info, content)
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def relationships(*rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + b"".join(rows)
        + b"</Relationships>"
    )


def odt_with(parts: dict[str, bytes], content_edit: tuple[bytes, bytes] | None = None) -> bytes:
    """The sound ODT with parts added, and optionally content.xml edited."""
    source = zipfile.ZipFile(io.BytesIO(odt()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if content_edit and info.filename == "content.xml":
                assert content_edit[0] in content
                content = content.replace(*content_edit, 1)
            archive.writestr(info, content)
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


# --- A chart in a DOCX: Word keeps its data as a workbook tied to the chart part -------------------

REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def workbook(extra: dict[str, bytes] | None = None) -> bytes:
    """A small workbook as Word keeps a chart's data, with parts added (or replaced) by name."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "xl/workbook.xml": b"<workbook><sheets><sheet name='Sheet1' sheetId='1' r:id='rId1'/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels": relationships(
            b'<Relationship Id="rId1" Type="' + REL + b'worksheet" Target="worksheets/sheet1.xml"/>'
        ),
        "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c r='A1'><v>42</v></c></row></sheetData></worksheet>",
    }
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_with_chart(data: bytes, name: str = "Microsoft_Excel_Worksheet.xlsx") -> bytes:
    """A DOCX with one chart whose data is the workbook `data`, tied to it as Word ties it."""
    return docx_with(
        {
            "word/charts/chart1.xml": b"<c:chartSpace><c:externalData r:id='rId1'/></c:chartSpace>",
            "word/charts/_rels/chart1.xml.rels": relationships(
                b'<Relationship Id="rId1" Type="' + REL + b'package" Target="../embeddings/' + name.encode() + b'"/>'
            ),
            f"word/embeddings/{name}": data,
        }
    )
