"""A briefing as Markdown (GitHub-flavoured tables), for intranets and wikis.

Charts are described in words (their accessible description): the table after
each one gives the same figures.
"""

import re

from cspr.briefings.document import Bullets, Chart, Document, Fig, Link, Para, Section, Table
from cspr.domain.dates import long_date
from cspr.govuk.charts import chart_description
from cspr.govuk.synthetic import OUTPUT_NOTICE

_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def inline(parts, *, in_table: bool = False) -> str:
    out = []
    for part in parts:
        if isinstance(part, Fig):
            out.append(_escape(part.text(in_table=in_table)))
        elif isinstance(part, Link):
            out.append(f"[{_escape(part.text)}]({part.href})" if part.href else _escape(part.text))
        else:
            out.append(_escape(str(part)))
    return "".join(out)


def _block(block, level: int) -> str:
    if isinstance(block, Para):
        text = inline(block.parts)
        if block.style == "heading":
            return f"{'#' * level} {text}"
        return f"*{text}*" if block.style == "small" else text
    if isinstance(block, Bullets):
        return "\n".join(
            f"{n}. {inline(item.parts)}" if block.numbered else f"- {inline(item.parts)}"
            for n, item in enumerate(block.items, start=1)
        )
    if isinstance(block, Table):
        head = "| " + " | ".join(_escape(c.header) for c in block.columns) + " |"
        rule = "| " + " | ".join("---:" if c.numeric else "---" for c in block.columns) + " |"
        rows = ["| " + " | ".join(inline([cell], in_table=True) for cell in row) + " |" for row in block.rows]
        return "\n".join([f"**{_escape(block.caption)}**", "", head, rule, *rows])
    if isinstance(block, Chart):
        return f"*Chart: {_escape(block.view.title)}.* {_escape(chart_description(block.view))}"
    raise TypeError(block)


def _section(section: Section, level: int) -> list[str]:
    out = [f"{'#' * level} {_escape(section.title)}"]
    out += [_block(b, level + 1) for b in section.blocks]
    for sub in section.subsections:
        out += _section(sub, level + 1)
    return out


def render_md(doc: Document) -> str:
    made = long_date(doc.made_on)
    parts = [f"# {_escape(doc.title)}", f"*{_escape(doc.caption)}. For: {_escape(doc.audience)}. Made on {made}.*"]
    if doc.synthetic:
        parts.insert(1, f"**{_escape(OUTPUT_NOTICE)}**")
    parts += _section(doc.summary, 2)
    for section in doc.sections:
        parts += _section(section, 2)
    return "\n\n".join(parts) + "\n"
