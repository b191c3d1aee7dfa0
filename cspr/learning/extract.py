"""Text out of PDF, DOCX, HTML and plain-text review documents, or a clear refusal.

The format is decided by the file's content, not its name: a file called
`report.pdf` that is really a Word document is read as one, and a file whose
name and content disagree in a way we cannot read is refused with both named.

Refused, with a message a person can act on:

- scanned PDFs with no text layer (run OCR first; we never guess at text);
- PDFs that need a password to open (owner-password "permissions" PDFs, which
  open without one, are read normally);
- corrupt or truncated files, empty files, binary files posing as text;
- files over the size limit, and DOCX files that would inflate beyond it
  (zip bombs).

Nothing here touches the database; an import checks every file first and
writes nothing if any is refused (cspr/learning/ingest.py).
"""

import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from cspr.core import files
from cspr.domain.text import PAGE_BREAK, normalise, word_count

FORMATS = ("pdf", "docx", "html", "text")
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
# A page "has text" when it yields at least this many letters.
MIN_LETTERS_PER_PAGE = 40
MIN_LETTERS_PER_DOCUMENT = 200
# DOCX: refuse archives that would inflate past this multiple of the size limit.
MAX_INFLATION = 20


class ExtractionError(files.FileRefused):
    """The file cannot be read as a review document; the message says why and what to do."""


@dataclass(frozen=True)
class ExtractedDocument:
    file_name: str
    file_format: str
    sha256: str
    size_bytes: int
    pages: int | None
    text: str
    extractor: str

    @property
    def word_count(self) -> int:
        return word_count(self.text)


def max_bytes() -> int:
    return int(getattr(settings, "CSPR_LEARNING_MAX_FILE_MB", 100)) * 1024 * 1024


def extract(path: Path) -> ExtractedDocument:
    """Read one file and return its text, or raise ExtractionError."""
    path = Path(path)
    if not path.is_file():
        raise ExtractionError("not a file")
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("the file is empty")
    if size > max_bytes():
        raise ExtractionError(
            f"the file is {size / 1_048_576:.0f} MB, over the {max_bytes() // 1_048_576} MB limit "
            "(CSPR_LEARNING_MAX_FILE_MB)"
        )
    data = path.read_bytes()
    file_format = sniff(data, path.suffix.lower())
    readers = {"pdf": _read_pdf_guarded, "docx": _read_docx, "html": _read_html, "text": _read_text}
    try:
        raw, pages, extractor = readers[file_format](data)
    except ExtractionError:
        raise
    except RecursionError:
        raise ExtractionError(f"the {file_format.upper()} file is too deeply nested to read safely") from None
    except Exception as error:  # every library error means the same thing to the person importing
        raise ExtractionError(f"the file could not be read as {file_format.upper()} ({_describe(error)})") from None
    text = normalise(raw)
    if sum(c.isalpha() for c in text) < MIN_LETTERS_PER_DOCUMENT:
        if file_format == "pdf":
            raise ExtractionError(_no_text_layer_message(pages or 0, pages or 0))
        raise ExtractionError("the file has almost no text in it (fewer than 200 letters)")
    return ExtractedDocument(path.name, file_format, hashlib.sha256(data).hexdigest(), size, pages, text, extractor)


def sniff(data: bytes, suffix: str) -> str:
    """The document format from the file's first bytes, checked against its extension."""
    named = EXTENSIONS.get(suffix)
    if suffix and named is None:
        raise ExtractionError(f"{suffix} files are not supported: add PDF, DOCX, HTML or plain text (.txt) documents")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:1024].find(b"%PDF-") != -1:
        found = "pdf"
    elif data[:4] == b"PK\x03\x04":
        found = "docx"
    elif head[:1] == b"<" and re.search(rb"<\s*(?:!doctype\s+html|html|head|body|p|div|h1)\b", data[:4096], re.I):
        found = "html"
    elif _looks_binary(data):
        kind = "a legacy Word .doc file" if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" else "binary data"
        raise ExtractionError(f"the file is {kind}, not a PDF, DOCX, HTML or text document")
    else:
        found = "text"
    if named in (None, found) or (named == "text" and found == "html"):
        return found
    if named == "html" and found == "text":
        return "html"  # an HTML fragment without tags is still readable
    raise ExtractionError(f"the file is named {suffix} but its content is {found.upper()}; rename or re-export it")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) * 0.05


_describe = files.describe


# --- PDF --------------------------------------------------------------------------------


def _read_pdf(data: bytes):
    # Lazy: pypdf is slow to import and runs only in the guard's child (the forkserver preloads it).
    import pypdf
    from pypdf.errors import FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if b"%%EOF" not in data[-2048:] and b"%%EOF" not in data:
        raise ExtractionError("the PDF is truncated or corrupt (no end-of-file marker)")
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise ExtractionError(
                "the PDF is encrypted and needs a password to open: ask the publisher for an unprotected copy"
            )
    try:
        count = len(reader.pages)
    except FileNotDecryptedError:
        raise ExtractionError("the PDF is encrypted and needs a password to open") from None
    if count == 0:
        raise ExtractionError("the PDF has no pages")
    pages = [page.extract_text() or "" for page in reader.pages]
    with_text = sum(sum(c.isalpha() for c in page) >= MIN_LETTERS_PER_PAGE for page in pages)
    if with_text == 0 or with_text < count / 2:
        raise ExtractionError(_no_text_layer_message(count, count - with_text))
    return PAGE_BREAK.join(pages), count, f"pypdf {pypdf.__version__}"


def _read_pdf_guarded(data: bytes):
    """Read a PDF in a child process, under the shared time and memory limits (cspr/core/files.py)."""
    try:
        return files.run_guarded(_read_pdf, data, what="PDF", preload=["pypdf", "cspr.learning.extract"])
    except ExtractionError:
        raise
    except files.FileRefused as refused:
        raise ExtractionError(str(refused)) from None


def _no_text_layer_message(pages: int, empty: int) -> str:
    return (
        f"the PDF has no text layer on {empty} of its {pages} page(s): it looks scanned. "
        "Run it through OCR (for example `ocrmypdf in.pdf out.pdf`) and add the result"
    )


# --- DOCX -------------------------------------------------------------------------------


def _read_docx(data: bytes):
    import docx  # lazy: python-docx is slow to import and needed only when a Word document arrives

    try:
        archive = files.check_zip(data, what="DOCX", max_inflated=max_bytes() * MAX_INFLATION)
    except files.FileRefused as refused:
        raise ExtractionError(str(refused)) from None
    with archive:
        if "word/document.xml" not in archive.namelist():
            raise ExtractionError("the zip file is not a Word document (no word/document.xml)")
        _refuse_declared_entities(archive)
    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(" ".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t")))
                    blocks.append(" | ".join(c for c in cells if c.strip()))
    return "\n\n".join(b for b in blocks if b.strip()), None, f"python-docx {getattr(docx, '__version__', '')}".strip()


_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def _refuse_declared_entities(archive: zipfile.ZipFile) -> None:
    # Word never writes a DOCTYPE or an entity declaration. One in a DOCX is an XML external
    # entity (XXE) or entity-expansion attempt; python-docx would not resolve it, but the
    # unresolved entity then surfaces as an internal error, so refuse it here in plain words.
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        data = archive.read(info)
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            data = data.decode("utf-16", errors="replace").encode()
        if _DECLARATION.search(data):
            raise ExtractionError(
                "the DOCX file declares XML entities (a DOCTYPE), which Word never writes and which can be "
                "used to read files from the server; it was not read. Open it in Word and save it again"
            )


# --- HTML -------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr",
    "table", "blockquote", "pre", "header", "footer", "main", "dd", "dt", "hr", "figcaption",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg", "nav", "iframe", "object"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8", "cp1252"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ExtractionError("the text is in an unknown character encoding (save it as UTF-8)")


def _read_html(data: bytes):
    collector = _TextCollector()
    collector.feed(_decode(data))
    collector.close()
    return "".join(collector.parts), None, "html.parser"


# --- Plain text -------------------------------------------------------------------------


def _read_text(data: bytes):
    return _decode(data), None, "text"
