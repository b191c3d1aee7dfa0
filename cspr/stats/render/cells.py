"""How a table cell is written: for people (ODS, HTML, PDF, briefings) and for machines (CSV).

GSS symbols in square brackets, as the Analysis Function's spreadsheet guidance
asks: `[c]` suppressed, `[x]` not available, `[z]` not applicable. JSON keeps
the spec's bare `"c"` (and `"x"`, and in its tables `"z"`).
"""

from cspr.domain.disclosure import FOOTNOTES, NOT_APPLICABLE, NOT_AVAILABLE, SUPPRESSED


def marker(symbol: str) -> str:
    return f"[{symbol}]"


def symbol_key(report) -> dict[str, str]:
    """The symbols every output explains: a published report's own; an unpublished one hides
    nothing ([c]) but may hold a period the register does not cover ([x]) and a percentage of 0 ([z])."""
    if report.published:
        return dict(report.symbols)
    return {symbol: FOOTNOTES[symbol] for symbol in (NOT_AVAILABLE, NOT_APPLICABLE)}


def text(value, kind: str = "count") -> str:
    """A cell as text: numbers with thousands separators, percentages to one place."""
    if value is None:
        return marker(NOT_APPLICABLE)
    if value in (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE):  # machine_rows gives "z" for None
        return marker(value)
    if isinstance(value, str):
        return value
    if kind == "percent":
        return f"{value:.1f}"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "change":
        return f"{value:+,}"
    return f"{value:,}"


def plain(value, kind: str = "count") -> str:
    """A cell for machines (the CSV): as `text` without thousands separators or a '+' sign,
    so "1446" and "-3" read as numbers; the symbols stay in square brackets."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and kind in ("count", "change"):
        return str(value)
    return text(value, kind)


def is_numeric(kind: str) -> bool:
    return kind in {"count", "percent", "ratio", "change"}


def head(columns) -> list[dict]:
    """govukTable's column headings: numeric columns right-aligned, as their cells are."""
    return [{"text": c.header, "format": "numeric" if is_numeric(c.kind) else ""} for c in columns]


def text_rows(table) -> list[list[str]]:
    """Every row of a report table as text, each cell written for its column's kind."""
    return [[text(value, column.kind) for value, column in zip(row, table.columns)] for row in table.rows]
