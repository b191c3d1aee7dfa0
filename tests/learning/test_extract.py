"""Reading PDF, DOCX, HTML and text, and refusing broken or hostile files with a clear reason."""

import pytest

from cspr.learning.extract import ExtractionError, extract
from tests.learning import documents as docs


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_a_pdf_with_a_text_layer(tmp_path):
    document = extract(write(tmp_path, "review.pdf", docs.pdf_bytes()))
    assert document.file_format == "pdf" and document.pages >= 1
    assert "co-sleeping with her mother" in document.text
    assert document.extractor.startswith("pypdf")
    assert len(document.sha256) == 64


def test_a_docx_with_paragraphs_and_a_table(tmp_path):
    document = extract(write(tmp_path, "review.docx", docs.docx_bytes()))
    assert document.file_format == "docx"
    assert "was never included in any assessment" in document.text
    assert "Health visiting | Repeat safe sleep advice at every contact" in document.text


def test_html_keeps_text_and_drops_scripts_and_styles(tmp_path):
    page = docs.review_html(extra="<script>alert('x')</script><p>Fish &amp; chips &lt;b&gt;</p>")
    document = extract(write(tmp_path, "review.html", page))
    assert "alert" not in document.text and "color: black" not in document.text
    assert "Fish & chips <b>" in document.text
    assert "\n\nSummary of learning\n\n" in document.text


def test_plain_text_in_utf8_or_windows_1252(tmp_path):
    text = "\n\n".join(docs.REVIEW_TEXT) + "\n\nThe child’s voice – not heard."
    assert "child’s voice" in extract(write(tmp_path, "a.txt", text.encode("utf-8"))).text
    assert "child’s voice" in extract(write(tmp_path, "b.txt", text.encode("cp1252"))).text


def test_the_format_comes_from_the_content_not_the_name(tmp_path):
    assert extract(write(tmp_path, "notes.txt", docs.review_html())).file_format == "html"


def test_owner_password_pdfs_open_without_a_password(tmp_path):
    document = extract(write(tmp_path, "perms.pdf", docs.encrypted_pdf_bytes(user_password="")))
    assert "co-sleeping" in document.text


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("scan.pdf", lambda: docs.scanned_pdf_bytes(), "no text layer"),
        ("locked.pdf", lambda: docs.encrypted_pdf_bytes(), "needs a password"),
        ("truncated.pdf", lambda: docs.pdf_bytes()[: len(docs.pdf_bytes()) // 2], "truncated or corrupt"),
        ("garbage.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF", "could not be read as PDF"),
        ("empty.pdf", lambda: b"", "empty"),
        ("broken.docx", lambda: b"PK\x03\x04" + b"\x00" * 300, "corrupt"),
        ("not-word.docx", lambda: _zip({"hello.txt": "hi"}), "not a Word document"),
        ("report.pdf", lambda: docs.docx_bytes(), "named .pdf but its content is DOCX"),
        ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".doc files are not supported"),
        ("legacy.txt", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Word .doc"),
        ("binary.txt", lambda: bytes(range(256)) * 20, "binary data"),
        ("tiny.txt", lambda: b"Too short to be a review.", "almost no text"),
        ("image.png", lambda: b"\x89PNG\r\n\x1a\n", ".png files are not supported"),
        ("blank.html", lambda: "<html><body><script>var a = 1;</script></body></html>", "almost no text"),
    ],
)
def test_broken_and_hostile_files_are_refused_with_a_reason(tmp_path, name, content, message):
    with pytest.raises(ExtractionError, match=message):
        extract(write(tmp_path, name, content()))


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, settings):
    settings.CSPR_LEARNING_MAX_FILE_MB = 1
    with pytest.raises(ExtractionError, match="zip bomb"):
        extract(write(tmp_path, "bomb.docx", docs.zip_bomb_docx_bytes(25 * 1024 * 1024)))


def test_files_over_the_size_limit_are_refused(tmp_path, settings):
    settings.CSPR_LEARNING_MAX_FILE_MB = 1
    with pytest.raises(ExtractionError, match="over the 1 MB limit"):
        extract(write(tmp_path, "big.txt", "word " * 300_000))


def _zip(members: dict) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_pdf_that_takes_too_long_is_stopped_and_refused(tmp_path, settings):
    # Starting the reader's process alone takes longer than this limit, so the
    # guard must fire; a real hostile PDF would be stopped the same way.
    settings.CSPR_LEARNING_EXTRACT_SECONDS = 0.000001
    with pytest.raises(ExtractionError, match="took longer than 0 seconds, so it was stopped"):
        extract(write(tmp_path, "slow.pdf", docs.pdf_bytes()))



def test_a_reader_that_cannot_start_is_reported_as_the_server_s_problem(tmp_path, monkeypatch):
    import multiprocessing

    context = multiprocessing.get_context("forkserver")

    def no_process(*args, **kwargs):
        raise OSError("too many open files")

    monkeypatch.setattr(context, "Process", no_process, raising=False)
    with pytest.raises(ExtractionError, match="not a problem with the file"):
        extract(write(tmp_path, "fine.pdf", docs.pdf_bytes()))
