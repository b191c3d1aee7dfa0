"""A briefing as data: sections of paragraphs, lists, tables and charts.

Every renderer (HTML, PDF, DOCX, Markdown) reads this one structure, so the
formats cannot disagree. A figure is never typed into the text: it is a `Fig`
that carries its value *and where it came from* in the published report's JSON
(`report` "national" or "partnership", `path` into `Report.as_json()`), which
is how the tests check every number against the report.
"""

from dataclasses import dataclass, field
from datetime import date

from cspr.domain.disclosure import SUPPRESSED
from cspr.domain.report_build import ChartView
from cspr.stats.render import cells


@dataclass(frozen=True)
class Fig:
    """A figure from a published report. `kind`: count, percent or change."""

    value: object
    kind: str = "count"
    report: str = "national"
    path: tuple = ()

    @property
    def suppressed(self) -> bool:
        return self.value == SUPPRESSED

    def text(self, *, in_table: bool = False) -> str:
        shown = cells.text(self.value, self.kind)
        if self.kind == "percent" and isinstance(self.value, (int, float)) and not in_table:
            return shown + "%"
        return shown


@dataclass(frozen=True)
class Link:
    text: str
    href: str


type Inline = str | Fig | Link


@dataclass(frozen=True)
class Para:
    parts: tuple[Inline, ...]
    style: str = "body"  # body | lead | small | heading (a minor heading one level below its section)


@dataclass(frozen=True)
class Bullets:
    items: tuple[Para, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Column:
    header: str
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Chart:
    """A chart the statistics renderers draw (cspr/govuk/charts/)."""

    view: ChartView
    id: str


type Block = Para | Bullets | Table | Chart


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    caption: str
    kind: str
    audience: str
    summary: Section
    sections: tuple[Section, ...]
    notes: tuple[str, ...]
    symbols: dict[str, str]
    made_on: date
    source: str = ""
    lang: str = "en-GB"
    parameters: dict = field(default_factory=dict)
    # Made from demo data (cspr/govuk/synthetic.py): every renderer says so at the top.
    synthetic: bool = False

    def all_sections(self):
        def walk(section):
            yield section
            for sub in section.subsections:
                yield from walk(sub)

        for section in (self.summary, *self.sections):
            yield from walk(section)

    def blocks(self):
        for section in self.all_sections():
            yield from section.blocks

    def figures(self) -> list[Fig]:
        found = []

        def inline(parts):
            found.extend(p for p in parts if isinstance(p, Fig))

        for block in self.blocks():
            if isinstance(block, Para):
                inline(block.parts)
            elif isinstance(block, Bullets):
                for item in block.items:
                    inline(item.parts)
            elif isinstance(block, Table):
                for row in block.rows:
                    inline(row)
        return found

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks() if isinstance(b, Chart)]


def p(*parts: Inline, style: str = "body") -> Para:
    return Para(tuple(parts), style)


def bullets(*items, numbered: bool = False) -> Bullets:
    return Bullets(tuple(i if isinstance(i, Para) else p(*(i if isinstance(i, tuple) else (i,))) for i in items),
                   numbered)
