"""A published table's notes on its hidden cells: which are hidden, and why.

`Hidden` is a suppressed count as shown ("c") that remembers why; `suppression_notes` words
those reasons for a table (ADR 0005, and its amendment of 2026-12-08: the reader is assumed to
know what these notes say). Split from report_build.py, which builds the reports that carry them.
Pure Python, like the rest of cspr/domain.
"""

from typing import TYPE_CHECKING

from cspr.domain import disclosure
from cspr.domain.disclosure import SUPPRESSED
from cspr.domain.measures import Quantity
from cspr.domain.report_lateness import Late

if TYPE_CHECKING:
    from cspr.domain.report_build import TableView

# What a figure of a report counts: a measure's quantity, or a lateness (report_lateness).
type Key = Quantity | Late


class Hidden(str):
    """A suppressed count as shown ("c"), carrying its key, why it is hidden and the
    hidden count it protects, so each table can say in its notes which of its cells are
    hidden and why. It is a str equal to "c" everywhere else (JSON, CSV, templates)."""

    key: Key
    primary: bool | None  # None: its reason is not told (disclosure.SuppressedTable.labelled)
    protects: Key | None

    def __new__(cls, key: Key, primary: bool | None, protects: Key | None = None) -> "Hidden":
        hidden = super().__new__(cls, SUPPRESSED)
        hidden.key, hidden.primary, hidden.protects = key, primary, protects
        return hidden

    def __reduce__(self):
        # Pickled with its fields: the statistics page caches built reports (cspr/stats/cache.py).
        return (Hidden, (self.key, self.primary, self.protects))


def suppression_notes(table: "TableView", threshold: int) -> tuple[str, ...]:
    """Which cells of a table are hidden and why: each hidden count, naming the cell each
    secondary one protects, with the percentages, ratios and changes in its row it hides;
    then the percentages and ratios hidden because the count they are a share of, which the
    table does not show (representation's children with a recorded ethnic group in an age
    band), is hidden. Such a cell carries that count's `Hidden` (report_parts._represent)."""

    def why(value: Hidden) -> str:
        if value.primary is None:
            return disclosure.UNLABELLED.format(threshold=threshold)
        if value.primary:
            return f"a count from 1 to {threshold}"
        if value.protects in name:
            return f"hidden so that {name[value.protects]} cannot be worked out from the total"
        return "hidden so that a small count in another table cannot be worked out from a total"

    cells, derived = [], []
    for row in table.rows:
        counts = [v for v, c in zip(row, table.columns) if isinstance(v, Hidden) and c.kind == "count"]
        for value, column in zip(row, table.columns):
            if isinstance(value, Hidden) and column.kind == "count":
                where = str(row[0]) if len(table.columns) == 2 else f"{row[0]} ({column.header})"
                cells.append((where, value))
            elif column.kind not in ("label", "count") and value == SUPPRESSED:
                # Hidden by a count in its row (either would give the other back), else by the one it carries.
                if isinstance(value, Hidden) and value.key not in {c.key for c in counts}:
                    derived.append((row[0], column.header, value, False))
                elif counts:
                    derived.append((row[0], column.header, counts[0], True))
    name = {value.key: where for where, value in cells}
    beside: dict[Key, list[str]] = {}
    for _, header, cause, in_row in derived:
        if in_row:
            beside.setdefault(cause.key, []).append(header)
    notes = []
    for where, value in cells:
        note = f"[c] {where}: {why(value)}."
        if headers := beside.pop(value.key, None):
            note += f" Its {' and '.join(headers)} {'is' if len(headers) == 1 else 'are'} hidden with it."
        notes.append(note)
    # The rest, one note for each hidden count (usually one the table does not show) that hides them.
    shares: dict[Key, tuple[Hidden, dict[str, list[str]]]] = {}
    for label_, header, cause, in_row in derived:
        if not in_row:
            shares.setdefault(cause.key, (cause, {}))[1].setdefault(str(label_), []).append(header)
    for cause, rows in shares.values():
        headers = ", ".join(dict.fromkeys(h for hs in rows.values() for h in hs))
        of = name.get(cause.key, "a count this table does not show")
        notes.append(
            f"[c] {'; '.join(rows)} ({headers}): hidden because they would give back the count they are a share "
            f"of, {of}, which is {why(cause)}."
        )
    return tuple(notes)
