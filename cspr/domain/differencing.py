"""Disclosure control against differencing: national figures shown beside a partnership's own.

A partnership's staff know their own cases exactly. Shown England's published
figures beside them, they could subtract and learn small counts about the rest
of England that the published figures hide, or work a hidden cell out.
`suppress_against_differencing` hides enough of the national table that neither
reader (with or without the partnership's figures) can (docs/statistics.md).
Pure Python, like the rest of cspr/domain.
"""

from cspr.domain import disclosure
from cspr.domain.disclosure import SuppressedTable, Table, recoverable_cells
from cspr.domain.report_build import DisclosureError

MAX_TRIES = 40  # candidate complements tried, smallest first, before the line rule


def suppress_against_differencing(whole: Table, rest: Table, *, threshold: int) -> frozenset:
    """The cells of `whole` to hide from a reader who knows `whole - rest` exactly.

    `whole` is the national table, `rest` the same table without the cases the
    reader may see (so the reader who sees a cell of `whole` sees that cell of
    `rest`). Hidden: every cell the national published figures hide; every cell
    whose `rest` is from 1 to `threshold`; then, one at a time, complements
    until the auditor (`recoverable_cells`) finds nothing to work out either in
    `whole` (a reader without the partnership's figures) or in `rest` (the
    partnership's reader). A hidden cell whose `rest` is 0 counts as known in
    the `rest` view: the auditor assumes every `c` is at least 1, and treating
    it as known gives the reader more, never less, than they have.
    """
    if whole.shape != rest.shape or whole.relations != rest.relations:
        raise ValueError("the rest of the table must have the whole table's shape and sums")
    if any(rest.value(cell) > whole.value(cell) for cell in whole.cells()):
        raise ValueError("the rest cannot exceed the whole")
    hidden = set(disclosure.suppress(whole, threshold=threshold).suppressed)
    hidden |= {cell for cell in rest.cells() if 1 <= rest.value(cell) <= threshold}
    views = (whole, rest)
    while True:
        for view in views:
            _close_lines(view, hidden)
        for view in views:
            exposed = _exposed(view, hidden, threshold)
            if exposed:
                hidden.add(_complement(view, hidden, exposed, threshold))
                break
        else:
            return frozenset(hidden)


def _unknown(view: Table, hidden: set) -> frozenset:
    """The hidden cells a reader of this view does not know (a hidden 0 of `rest` they are taken to know)."""
    return frozenset(cell for cell in hidden if view.value(cell) > 0)


def _exposed(view: Table, hidden: set, threshold: int) -> set:
    return recoverable_cells(SuppressedTable(view, _unknown(view, hidden), frozenset(), threshold))


def _candidates(view: Table, hidden: set, cells) -> list:
    return [cell for cell in cells if cell not in hidden and view.value(cell) > 0]


def _close_lines(view: Table, hidden: set) -> None:
    """Hide complements until no sum in this view has exactly one unknown cell."""
    changed = True
    while changed:
        changed = False
        unknown = _unknown(view, hidden)
        for line in view.relations:
            cells = (line.total, *line.parts)
            if sum(cell in unknown for cell in cells) == 1:
                hidden.add(_line_complement(view, hidden, line))
                unknown = _unknown(view, hidden)
                changed = True


def _line_complement(view: Table, hidden: set, line):
    """The line's smallest visible non-zero part (first on a tie), else its total."""
    parts = _candidates(view, hidden, line.parts)
    if parts:
        return min(parts, key=lambda cell: (view.value(cell), cell))
    if _candidates(view, hidden, [line.total]):
        return line.total
    raise DisclosureError("no figure left to hide on a line with one hidden figure")


def _complement(view: Table, hidden: set, exposed: set, threshold: int):
    """One more cell to hide when the auditor can work out `exposed` from this view.

    The smallest visible cell near the hidden ones (on a sum with one of them)
    whose hiding (with the complements its lines then need) stops at least one
    exposed cell being worked out; the sum an
    exposure comes through is often not one the exposed cell is on (deaths are
    all incidents minus non-fatal ones). Failing that, a complement on a line
    through an exposed cell, as `disclosure.suppress` does.
    """
    unknown = _unknown(view, hidden)
    near = {cell for line in view.relations if unknown.intersection((line.total, *line.parts))
            for cell in (line.total, *line.parts)}
    for cell in sorted(_candidates(view, hidden, near), key=lambda cell: (view.value(cell), cell))[:MAX_TRIES]:
        trial = hidden | {cell}
        _close_lines(view, trial)  # as the next round will
        if exposed - _exposed(view, trial, threshold):
            return cell
    for line in view.relations:
        if exposed.intersection((line.total, *line.parts)):
            try:
                return _line_complement(view, hidden, line)
            except DisclosureError:
                continue
    visible = _candidates(view, hidden, view.cells())
    if not visible:
        raise DisclosureError("a hidden figure can be worked out and nothing is left to hide")
    return min(visible, key=lambda cell: (view.value(cell), cell))
