"""How a table cell is written in the human-readable outputs (CSV, ODS, HTML, PDF).

GSS symbols in square brackets, as the Analysis Function's spreadsheet guidance
asks: `[c]` suppressed, `[x]` not available, `[z]` not applicable. JSON keeps
the spec's bare `"c"`.
"""

from cspr.domain.disclosure import NOT_APPLICABLE, SUPPRESSED


def marker(symbol: str) -> str:
    return f"[{symbol}]"


def text(value, kind: str = "count") -> str:
    """A cell as text: numbers with thousands separators, percentages to one place."""
    if value is None:
        return marker(NOT_APPLICABLE)
    if value == SUPPRESSED:
        return marker(SUPPRESSED)
    if isinstance(value, str):
        return value
    if kind == "percent":
        return f"{value:.1f}"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "change":
        return f"{value:+,}"
    return f"{value:,}"


def is_numeric(kind: str) -> bool:
    return kind in {"count", "percent", "ratio", "change"}
