"""What a case's document is, from its content alone, or why it is refused.

A document is stored as it came and served only as a download, so unlike the
learning repository (cspr/learning/extract.py) nothing here needs its text. It
must still be a sound PDF, DOCX, ODT or plain-text file, because the people who
download it open it on their own machines. Refused whole, with a message a
person can act on:

- anything whose content is not one of the four formats, whatever its name says
  (a renamed program, a legacy .doc, an unknown zip archive, binary data);
- empty files, and files over CSPR_DOCUMENTS_MAX_MB;
- PDFs that need a password, are corrupt or truncated, or carry JavaScript, launch or
  form-submitting actions, embedded files, XFA forms, links or actions that open another file,
  or sound, video, 3D or rich media anywhere in the parsed document; they are opened in a child
  process under the time and memory limits of cspr/core/files.py, as the learning repository's are;
- DOCX and ODT files that are corrupt, would inflate past a safe size (zip bombs), carry
  macros (a VBA project, ActiveX controls, OpenDocument Basic scripts or script events, in the
  document or in an object embedded in it), embedded OLE objects or embedded documents and
  spreadsheets (other than a DOCX chart's own data, which must itself be plain), load a
  template, frame, object, section, picture or data from elsewhere, or carry DDE links, fields that
  load a file (INCLUDETEXT, INCLUDEPICTURE) or links to anything but a website or an email address;
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
from cspr.documents import package_checks
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
# A DOCX or ODT may inflate to this multiple of the size limit (the learning repository's rule);
# files.check_zip also refuses a part over 50 MB, or a file opening to over 100 times its size.
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
        words = {"name": FORMATS[file_format].name, "extension": FORMATS[file_format].extension}
        package_checks.check_package(
            data, odt=file_format == "odt", words=words, max_inflated=max_bytes() * MAX_INFLATION
        )
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

# What a PDF can do beyond showing pages, as parsed: pypdf decodes #-escaped names (`/Java#53cript`)
# and reads objects out of compressed object streams, which no search of the raw bytes can see.
# Every object reachable from the trailer is looked at, not only the catalog: the same action can hang
# off a page's /AA, an annotation's /A, a form field, an outline item or another action's /Next.
# GoTo, URI (to a website or an email address), Hide and ResetForm stay allowed: reports link to their
# own pages and to websites, and none of them runs code. What opens another file is refused (GoToR, or a
# "web" link to file: or a network share): a network path sends the reader's Windows password hash to
# whoever runs the share (CVE-2018-4993). Sound, video and 3D content is refused too: it hands the file
# to a media player or 3D engine (a long line of exploits), and a report never needs it.
_EMBEDDED = "embedded files"
_OTHER_FILE = "a link or action that opens another file"
_MEDIA = "sound, video or 3D content"
_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that launches a program",
    "/ImportData": "a form action that sends or loads data",
    "/SubmitForm": "a form action that sends or loads data",
    "/RichMediaExecute": "interactive media that can run scripts",
    "/GoToE": _EMBEDDED,
    "/GoToR": _OTHER_FILE,
    "/Sound": _MEDIA,
    "/Movie": _MEDIA,
    "/Rendition": _MEDIA,
}
_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",  # the document's JavaScript name tree
    "/EF": _EMBEDDED,  # a file specification carrying the file itself
    "/EmbeddedFiles": _EMBEDDED,
    "/XFA": "an XFA form, which can run scripts",
    "/RichMediaContent": "interactive media that can run scripts",
}
_ACTIVE_SUBTYPES = {
    "/FileAttachment": _EMBEDDED,
    "/RichMedia": "interactive media that can run scripts",
    "/Screen": _MEDIA,
    "/Movie": _MEDIA,
    "/Sound": _MEDIA,
    "/3D": _MEDIA,
}
# A URI action's address when it names a file rather than a website: file:, a network share (\\server,
# //server or smb:), or a path (absolute, ./ or ../, or a drive letter).
_URI_TO_FILE = re.compile(r"^\s*(?:file:|smb:|[\\/]|\.\.?[\\/]|[a-z]:[\\/])", re.I)
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
        active = _active_content(reader.trailer)
    except FileRefused:
        raise
    except Exception as error:  # every library error means the same thing to the person attaching
        raise FileRefused(f"the PDF is corrupt ({files.describe(error)})") from None
    if pages == 0:
        raise FileRefused("the PDF has no pages")
    if active is None and "/AA" in root:
        active = "actions that run when it is opened, saved or printed"
    if active is None and not reader.is_encrypted and _ACTIVE_BYTES.search(data):
        active = "JavaScript, a launch action or embedded files"
    if active is not None:
        raise FileRefused(
            f"the PDF contains {active}, which a report never needs: print it to a new PDF and attach that"
        )
    return pages


def _active_content(trailer) -> str | None:
    """What active content the parsed document holds (in plain English), or None.

    A walk with its own stack, each indirect object once: a hostile file's cycles and deep
    nesting cost it no recursion, and the guard's time and memory limits bound the rest.
    Streams are looked at by their dictionaries only (an embedded file's is /Type /EmbeddedFile);
    page content is drawing instructions, which cannot hold an action.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            reason = _active_dictionary(item)
            if reason is not None:
                return reason
            stack.extend(dict.values(item))  # unresolved: references are resolved (once) above
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return None


def _active_dictionary(item) -> str | None:
    for key, reason in _ACTIVE_KEYS.items():
        if key in item:
            return reason
    if _name(item, "/Type") == "/EmbeddedFile":
        return _EMBEDDED
    action = _name(item, "/S")
    if action == "/URI" and _URI_TO_FILE.match(_text(item, "/URI")):
        return _OTHER_FILE
    return _ACTIVE_ACTIONS.get(action) or _ACTIVE_SUBTYPES.get(_name(item, "/Subtype"))


def _name(item, key: str) -> str:
    value = dict.get(item, key)
    value = value.get_object() if value is not None else None  # a name may itself be given by reference
    return value if isinstance(value, str) else ""


def _text(item, key: str) -> str:
    """A string value as text: a URI is an ASCII byte string, which pypdf may hand back as bytes."""
    value = dict.get(item, key)
    value = value.get_object() if value is not None else None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


# --- Text -----------------------------------------------------------------------------------------


def _check_text(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused("the text is not in UTF-8: save it as UTF-8 text, or as a PDF, and attach that") from None
