"""A DOCX that declares an XML external entity (XXE) is refused in plain words, never with internal error text."""

import io
import zipfile

import pytest

from cspr.learning.extract import ExtractionError, extract
from tests.learning import documents as docs

ENTITY = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def docx_with_declaration(declaration: str, member: str = "word/document.xml", encoding: str = "utf-8") -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docs.docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                text = data.decode()
                end_of_prolog = text.index("?>") + 2
                text = text[:end_of_prolog] + declaration + text[end_of_prolog:]
                text = text.replace("<w:t>", "<w:t>&xxe;", 1) if member == "word/document.xml" else text
                data = text.encode(encoding) if encoding == "utf-8" else b"\xff\xfe" + text.encode("utf-16-le")
            archive.writestr(info, data)
    return out.getvalue()


def test_a_docx_with_an_external_entity_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "review.docx"
    path.write_bytes(docx_with_declaration(ENTITY))
    with pytest.raises(ExtractionError) as refused:
        extract(path)
    message = str(refused.value)
    assert message.startswith("the DOCX file declares XML entities (a DOCTYPE)")
    assert "Open it in Word and save it again" in message
    for internal in ("cython", "attribute", "lxml", "Traceback", "/etc/passwd"):
        assert internal not in message


@pytest.mark.parametrize(
    "member,encoding",
    [("word/styles.xml", "utf-8"), ("[Content_Types].xml", "utf-8"), ("word/document.xml", "utf-16")],
)
def test_a_declaration_in_any_part_or_encoding_is_refused(tmp_path, member, encoding):
    path = tmp_path / "review.docx"
    path.write_bytes(docx_with_declaration('<!DOCTYPE x [<!ENTITY xxe "boom">]>', member, encoding))
    with pytest.raises(ExtractionError, match="declares XML entities"):
        extract(path)


def test_an_ordinary_docx_is_still_read(tmp_path):
    path = tmp_path / "review.docx"
    path.write_bytes(docs.docx_bytes())
    assert "was never included in any assessment" in extract(path).text
