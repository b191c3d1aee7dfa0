"""The type comes from the content, never the name; hostile or broken files are refused whole."""

import pytest

from cspr.core.files import FileRefused
from cspr.documents.checks import check
from tests.documents import files


@pytest.mark.parametrize(
    ("make", "file_format"),
    [(files.pdf, "pdf"), (files.docx, "docx"), (files.odt, "odt"), (files.text, "text")],
)
def test_each_supported_format_is_recognised_from_its_content(make, file_format):
    data = make()
    checked = check(data)
    assert checked.file_format == file_format
    assert len(checked.sha256) == 64 and checked.size_bytes == len(data)


def test_a_pdf_s_pages_are_counted():
    assert check(files.pdf()).pages == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (files.encrypted_pdf, "encrypted and needs a password"),
        (files.corrupt_pdf, "truncated or corrupt"),
        (files.garbled_pdf, "corrupt"),
        (files.pdf_with_javascript, "contains JavaScript"),
        (files.docx_with_macros, "contains macros"),
        (files.odt_with_macros, "contains macros"),
        (files.zip_bomb, "zip bomb"),
        (files.windows_program, "is a program"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Office document"),
        (lambda: "Caf\xe9 notes".encode("latin-1") * 10, "not in UTF-8"),
        (lambda: b"", "empty"),
    ],
    ids=[
        "encrypted pdf",
        "truncated pdf",
        "garbled pdf",
        "pdf with javascript",
        "docx with vbaProject.bin",
        "odt with basic macros",
        "zip bomb",
        "renamed exe",
        "legacy doc",
        "latin-1 text",
        "empty",
    ],
)
def test_a_hostile_or_broken_file_is_refused_with_a_clear_message(make, message):
    with pytest.raises(FileRefused, match=message):
        check(make())


def test_a_zip_that_is_not_a_document_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    with pytest.raises(FileRefused, match="zip archive, not a PDF, Word"):
        check(out.getvalue())


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.CSPR_DOCUMENTS_MAX_MB = 1
    with pytest.raises(FileRefused, match="over the 1 MB limit"):
        check(b"a" * (1024 * 1024 + 1))
