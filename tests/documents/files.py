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
