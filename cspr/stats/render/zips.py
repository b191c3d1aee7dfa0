"""Zip files that are the same bytes every time: the same report makes the same file.

A zip entry stores the time it was written, so two runs on one database would differ
in nothing but those stamps. Every zipped output (the EES pair, the spreadsheet, the
briefing's Word document) is written, or rewritten, through `zip_bytes`.
"""

import io
import zipfile
from collections.abc import Iterable

# The earliest time a zip can store: a fixed stamp rather than the moment of writing.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# OpenDocument's rule: the `mimetype` entry comes first and is stored uncompressed, so a
# reader can find the file's type at a fixed place in its first bytes.
MIMETYPE = "mimetype"


def zip_bytes(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, content) pairs in the order given (a `mimetype` entry first, stored),
    every entry with the same fixed time and permissions."""
    entries = sorted(entries, key=lambda entry: entry[0] != MIMETYPE)  # stable: others keep their order
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == MIMETYPE else zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it runs
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return out.getvalue()


def reproducible(content: bytes) -> bytes:
    """A zip another library wrote (odfpy, python-docx), rewritten by `zip_bytes`."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return zip_bytes((info.filename, archive.read(info)) for info in archive.infolist())
