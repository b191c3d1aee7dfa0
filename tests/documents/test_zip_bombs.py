"""A Word document or ODT that expands far beyond what any real document does is refused.

The absolute bound (the size limit times MAX_INFLATION, 400 MB) let through a 0.4 MB
DOCX holding a 390 MB part of zeros: 1,000 times its size. Real documents compress
about 10 times, and even a long report of one paragraph repeated stays near 100 times
(measured in cspr/core/files.py), so the bounds below refuse bombs and pass reports.
"""

import io
import random
import zipfile

import pytest

from cspr.core.files import FileRefused
from cspr.documents.checks import check
from tests.documents import files

MB = 1024 * 1024
WORDS = (
    "the child mother father partnership agency police health visitor school social worker referral "
    "assessment strategy meeting contact record family home plan review learning practice safeguarding"
).split()


def bomb(*member_sizes: int, padding: int = 0) -> bytes:
    """A DOCX-shaped archive whose document parts are zeros: tiny compressed, huge opened.

    `padding` bytes of noise (a picture, say) make the file larger, so its ratio lower.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/media/image1.png", random.Random(1).randbytes(padding))
        for number, size in enumerate(member_sizes):
            with archive.open(f"word/document{number or ''}.xml", "w", force_zip64=True) as member:
                for _ in range(size // MB):
                    member.write(b"0" * MB)
    return out.getvalue()


def long_report(paragraphs: int, *, varied: bool) -> bytes:
    """python-docx's document with its body replaced by `paragraphs` paragraphs as Word writes them."""
    rnd = random.Random(7)
    repeated = "The partnership reviewed the agencies' records of contact with the family over the period. " * 5

    def paragraph(number: int) -> str:
        text = " ".join(rnd.choices(WORDS, k=80)) if varied else repeated
        return (
            f'<w:p w:rsidR="00{number % 97:06X}" w:rsidRDefault="00{number % 89:06X}"><w:pPr><w:spacing w:after="120"/>'
            f'</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        )

    body = "".join(paragraph(number) for number in range(paragraphs))
    source = zipfile.ZipFile(io.BytesIO(files.docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            archive.writestr(info, part)
    return out.getvalue()


def expanded_mb(data: bytes) -> float:
    return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist()) / MB


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda: bomb(390 * MB), id="the reviewed file: 0.4 MB opening to 390 MB"),
        pytest.param(lambda: bomb(60 * MB, padding=MB), id="one part over 50 MB, 60 times the file"),
        pytest.param(lambda: bomb(10 * MB, 10 * MB, 10 * MB), id="parts under 50 MB, 1,000 times the file"),
    ],
)
def test_a_document_that_expands_far_beyond_its_size_is_refused(data):
    data = data()
    assert len(data) < 2 * MB and expanded_mb(data) < 400  # under the old bound: the new ones refuse it
    with pytest.raises(FileRefused, match=r"the file expands to \d+ MB when opened, from [01]\.\d MB") as refused:
        check(data)
    assert "zip bomb" in str(refused.value) and "attach that" in str(refused.value)


@pytest.mark.parametrize(
    ("paragraphs", "varied"),
    [(30_000, True), (40_000, False)],
    ids=["a 4,800-page report, 22 MB opened", "6,000 pages of one paragraph repeated, 70 times its size"],
)
def test_a_long_real_report_is_accepted(paragraphs, varied):
    data = long_report(paragraphs, varied=varied)
    assert expanded_mb(data) > 20  # above the floor where the ratio is checked
    assert check(data).file_format == "docx"
