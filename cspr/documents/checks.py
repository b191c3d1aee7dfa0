"""What a case's document is, from its content alone, or why it is refused.

A document is stored as it came and served only as a download, so unlike the
learning repository (cspr/learning/extract.py) nothing here needs its text. It
must still be a sound PDF, DOCX, ODT or plain-text file, because the people who
download it open it on their own machines. Refused whole, with a message a
person can act on:

- anything whose content is not one of the four formats, whatever its name says
  (a renamed program, a legacy .doc, an unknown zip archive, binary data);
- empty files, and files over CSPR_DOCUMENTS_MAX_MB;
- PDFs that need a password, are corrupt or truncated, or carry JavaScript, launch
  actions or embedded files; they are opened in a child process under the time and
  memory limits of cspr/core/files.py, as the learning repository's are;
- DOCX and ODT files that are corrupt, would inflate past a safe size (zip bombs),
  or carry macros (a VBA project, ActiveX controls, OpenDocument Basic scripts);
- text that is not UTF-8.

Nothing here touches the database.
"""

import hashlib
import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings

from cspr.core import files
from cspr.core.files import FileRefused
from cspr.domain.refusal import Refused


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    content_type: str


FORMATS = {
    "pdf": Format("PDF", ".pdf", "application/pdf"),
    "docx": Format("Word document", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": Format("OpenDocument text", ".odt", "application/vnd.oasis.opendocument.text"),
    "text": Format("Plain text", ".txt", "text/plain; charset=utf-8"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A DOCX or ODT may inflate to this multiple of the size limit (the learning repository's rule).
MAX_INFLATION = 20
_SUPPORTED = "a PDF, Word (DOCX), OpenDocument text (ODT) or plain text file"


@dataclass(frozen=True)
class CheckedFile:
    file_format: str
    sha256: str
    size_bytes: int
    pages: int | None

    @property
    def format(self) -> Format:
        return FORMATS[self.file_format]


def max_bytes() -> int:
    return int(getattr(settings, "CSPR_DOCUMENTS_MAX_MB", 20)) * 1024 * 1024


def check(data: bytes) -> CheckedFile:
    """The file's format and facts, or FileRefused saying why it cannot be attached."""
    size = len(data)
    if size == 0:
        raise FileRefused("the file is empty")
    if size > max_bytes():
        raise FileRefused(
            f"the file is {size / 1_048_576:.1f} MB, over the {max_bytes() // 1_048_576} MB limit for a document"
        )
    file_format = sniff(data)
    pages = None
    if file_format == "pdf":
        pages = files.run_guarded(_check_pdf, data, what="PDF", preload=["pypdf", "cspr.documents.checks"])
    elif file_format in ("docx", "odt"):
        _check_package(data, file_format)
    else:
        _check_text(data)
    return CheckedFile(file_format, hashlib.sha256(data).hexdigest(), size, pages)


def check_upload(data: bytes, upload_name: str) -> CheckedFile:
    """`check`, refused as the page says it: naming the file and that it was not attached."""
    try:
        return check(data)
    except FileRefused as refused:
        # The sentence starts with fixed words: a page capitalises its first letter, which must not be the file's name.
        named = f"The file ‘{upload_name}’" if upload_name else "The file"
        raise Refused("file", f"{named} was not attached: {refused}") from None


def sniff(data: bytes) -> str:
    """The format from the file's first bytes (and, for a zip, what is inside it)."""
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        archive = files.check_zip(data, what="zip", max_inflated=max_bytes() * MAX_INFLATION)
        with archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "word/document.xml" in names:
                return "docx"
        raise FileRefused(f"the file is a zip archive, not {_SUPPORTED}")
    if data[:2] == b"MZ" or data[:4] in (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        raise FileRefused(f"the file is a program, not {_SUPPORTED}")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused("the file is a legacy Office document (.doc): save it as DOCX or PDF and attach that")
    if _looks_binary(data):
        raise FileRefused(f"the file is binary data, not {_SUPPORTED}")
    return "text"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) * 0.05


# --- PDF (in the guarded child) -------------------------------------------------------------------

# What a PDF can do when opened, beyond showing pages: run JavaScript, launch a program, carry files.
_ACTIVE_NAMES = ("/JavaScript", "/EmbeddedFiles")
_ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm")
_ACTIVE_BYTES = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile)\b")


def _check_pdf(data: bytes) -> int:
    """In the guarded child: the PDF opens without a password, has pages and nothing active in it."""
    # Lazy: pypdf is slow to import and runs only in the guard's child (the forkserver preloads it).
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if b"%%EOF" not in data[-2048:] and b"%%EOF" not in data:
        raise FileRefused("the PDF is truncated or corrupt (no end-of-file marker)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    except Exception as error:  # every library error means the same thing to the person attaching
        raise FileRefused(f"the PDF is corrupt ({files.describe(error)})") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise FileRefused(
                "the PDF is encrypted and needs a password to open: attach an unprotected copy "
                "(the service keeps documents safe itself)"
            )
    try:
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 (reading every page object is the check that the file is whole)
        root = reader.trailer["/Root"].get_object()
    except FileRefused:
        raise
    except Exception as error:  # every library error means the same thing to the person attaching
        raise FileRefused(f"the PDF is corrupt ({files.describe(error)})") from None
    if pages == 0:
        raise FileRefused("the PDF has no pages")
    if _is_active(root) or (not reader.is_encrypted and _ACTIVE_BYTES.search(data)):
        raise FileRefused(
            "the PDF contains JavaScript, a launch action or embedded files, which a report never needs: "
            "print it to a new PDF and attach that"
        )
    return pages


def _is_active(root) -> bool:
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if any(key in names for key in _ACTIVE_NAMES) or "/AA" in root:
        return True
    action = root.get("/OpenAction")
    action = action.get_object() if action is not None else None
    return isinstance(action, dict) and action.get("/S") in _ACTIVE_ACTIONS


# --- DOCX and ODT ---------------------------------------------------------------------------------

_DOCX_MACROS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|^word/activeX/", re.I)
_ODT_MACROS = re.compile(r"^(Basic|Scripts)/", re.I)


def _check_package(data: bytes, file_format: str) -> None:
    name = FORMATS[file_format].name
    archive = files.check_zip(data, what=name, max_inflated=max_bytes() * MAX_INFLATION)
    with archive:
        names = archive.namelist()
        pattern = _DOCX_MACROS if file_format == "docx" else _ODT_MACROS
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        if any(pattern.search(member) for member in names) or b"macroEnabled" in types:
            raise FileRefused(
                f"the {name} contains macros, which can run programs when it is opened: save it as a "
                f"document without macros ({FORMATS[file_format].extension}) or as a PDF, and attach that"
            )


# --- Text -----------------------------------------------------------------------------------------


def _check_text(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused("the text is not in UTF-8: save it as UTF-8 text, or as a PDF, and attach that") from None
