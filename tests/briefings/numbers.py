"""Reading numbers out of a briefing, and out of the report JSON, to compare them.

Dates and years are not figures ("31 December 2020", "2020"), so they are taken
out first; every other number in the text must be a number of the report JSON
(its values, or the words of its labels and notes such as "Under 1").
"""

import io
import re
from decimal import Decimal
from html.parser import HTMLParser

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b(?:{MONTHS}) \d{{4}}\b")
YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?!\d|[.,]\d|%)")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
MD_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def numbers_in(text: str) -> list[Decimal]:
    text = DATE.sub(" ", text)
    text = YEAR.sub(" ", text)
    return [Decimal(m.replace(",", "")) for m in NUMBER.findall(text)]


def json_numbers(value) -> set[Decimal]:
    """Every number anywhere in a JSON value: numbers themselves, and numbers written inside strings."""
    found: set[Decimal] = set()
    if isinstance(value, bool) or value is None:
        return found
    if isinstance(value, (int, float)):
        found.add(abs(Decimal(str(value))))
    elif isinstance(value, str):
        found.update(numbers_in(value))
    elif isinstance(value, dict):
        for v in value.values():
            found |= json_numbers(v)
    elif isinstance(value, list):
        for v in value:
            found |= json_numbers(v)
    return found


def normal(number: Decimal) -> Decimal:
    """45.0 and 45 are the same number."""
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text a reader (or a screen reader) gets, SVG <text>, <title> and <desc> included; no attributes."""
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def md_text(md: str) -> str:
    return MD_LINK_TARGET.sub("]", md)


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def at(report_json: dict, path: tuple):
    """The value at a Fig's path in a report's JSON (`tables` are looked up by id)."""
    node = report_json
    for i, key in enumerate(path):
        if key == "tables" and i == 0:
            node = {t["id"]: t["rows"] for t in report_json["tables"]}
            continue
        if isinstance(node, dict):
            node = node.get(key)
        else:
            node = node[key]
    return node
