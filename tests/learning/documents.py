"""Small review documents for tests, written here: PDF, DOCX, HTML and text, sound and broken.

Every sentence is the tests' own; nothing is copied from a published review.
"""

import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path

REVIEW_TEXT = [
    "Child Q: a local child safeguarding practice review",
    "Summary of learning",
    "Baby Q was nine weeks old when she died after co-sleeping with her mother on a sofa. "
    "Safe sleep advice had been given at the new birth visit but was not revisited when the family moved.",
    "The review found that information held by the police about domestic abuse was not shared with the "
    "health visitor, and that the father was never included in any assessment of the household.",
    "Recommendations",
    "The partnership should make sure that safer sleep conversations are repeated whenever circumstances change.",
]


def review_html(paragraphs=REVIEW_TEXT, extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<!DOCTYPE html><html><head><title>Review</title><style>p {{color: black}}</style></head><body>{body}{extra}</body></html>"


@lru_cache(maxsize=16)
def pdf_bytes(paragraphs: tuple[str, ...] = tuple(REVIEW_TEXT)) -> bytes:
    """A PDF with a real text layer, rendered by WeasyPrint."""
    import weasyprint

    return weasyprint.HTML(string=review_html(list(paragraphs))).write_pdf()


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF that is only pictures of text (no text layer), like a scan."""
    from PIL import Image, ImageDraw

    images = []
    for number in range(pages):
        image = Image.new("RGB", (850, 1100), "white")
        draw = ImageDraw.Draw(image)
        for line in range(30):
            draw.text((60, 60 + line * 32), f"Scanned page {number + 1}, line {line + 1}: review text", fill="black")
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def encrypted_pdf_bytes(user_password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs=REVIEW_TEXT, table: bool = True) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=2, cols=2)
        grid.cell(0, 0).text = "Agency"
        grid.cell(0, 1).text = "Action"
        grid.cell(1, 0).text = "Health visiting"
        grid.cell(1, 1).text = "Repeat safe sleep advice at every contact"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx_bytes(inflated_bytes: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"0" * inflated_bytes + b"</w:document>")
    return out.getvalue()


def metadata(**overrides) -> dict:
    data = {
        "title": "Child Q: local child safeguarding practice review",
        "review_type": "lcspr",
        "year": 2021,
        "publication_date": "2021-06-30",
        "child_age_band": "under_1",
        "incident_type": "death",
        "incident_categories": ["sudi"],
        "learning_summary": "Safe sleep advice was not revisited when the family's circumstances changed.",
        "recommendations": [
            {"text": "Repeat safer sleep conversations whenever circumstances change.", "owner_agency": "Health visiting",
             "due_date": "2022-03-31", "status": "open"},
        ],
        "themes": ["changing_risk"],
        "characteristics": ["sudi_unsafe_sleep"],
    }
    data.update(overrides)
    return data


def write(directory: Path, name: str, content: bytes | str, meta: dict | None = None) -> Path:
    path = directory / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    if meta is not None:
        path.with_suffix(".json").write_text(json.dumps(meta))
    return path
