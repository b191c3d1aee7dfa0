"""The auditor of disclosure control: which hidden counts a reader can work out.

`disclosure.recoverable_cells` is its public face (the model of the reader and
its limits are described there); `disclosure.suppress` asks it, many times
over, whether a pattern is safe, so it is written to be quick on a report's
whole ledger (a few hundred cells in some forty linked sums): only the sums
holding a hidden cell are read, bounds are narrowed line by line as they move,
and the algebra is exact sparse elimination on whole numbers.
"""

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from math import gcd, inf

type Cell = tuple[int, int]  # (row, column) in the displayed grid, margins included
type Sum = tuple[Cell, tuple[Cell, ...]]  # a total and its parts (disclosure.Relation)


def worked_out(relations: Iterable[Sum], value: Callable[[Cell], int], hidden: set[Cell]) -> set[Cell]:
    """The hidden cells a reader who knows `relations`, every shown value and that each
    hidden count is at least 1 can work out exactly, attack after attack."""
    # Only the sums that hold a hidden cell can give one away.
    relations = [line for line in relations if not hidden.isdisjoint((line[0], *line[1]))]
    known = {cell: value(cell) for total, parts in relations for cell in (total, *parts) if cell not in hidden}
    found: set[Cell] = set()
    while new := _pinned_by_bounds(relations, known) | _solved_by_algebra(relations, known):
        found |= new
        known |= {cell: value(cell) for cell in new}  # as the reader now knows
    return found


def _pinned_by_bounds(relations: Sequence[Sum], known: Mapping[Cell, int]) -> set[Cell]:
    """Unknowns whose lowest and highest possible values meet.

    Sound because the bounds always contain the true value; it ends because
    each step tightens an integer bound towards it. A line with one unknown
    is the special case where both bounds are exact at once. A line is looked
    at again only when a bound on one of its cells has moved.
    """
    lines_of: dict[Cell, list[int]] = {}
    for i, (total, parts) in enumerate(relations):
        for cell in (total, *parts):
            lines_of.setdefault(cell, []).append(i)
    # A shown count's bounds are its value; a hidden one is at least 1 (zeros are shown).
    low: dict[Cell, float] = {cell: known.get(cell, 1) for cell in lines_of}
    high: dict[Cell, float] = {cell: known.get(cell, inf) for cell in lines_of}
    queue, queued = deque(range(len(relations))), set(range(len(relations)))

    def narrow(cell: Cell, floor: float, ceiling: float) -> None:
        moved = False
        if floor > low[cell]:
            low[cell], moved = floor, True
        if ceiling < high[cell]:
            high[cell], moved = ceiling, True
        if moved:
            for i in lines_of[cell]:
                if i not in queued:
                    queue.append(i)
                    queued.add(i)

    while queue:
        i = queue.popleft()
        queued.discard(i)
        total, parts = relations[i]
        lows, highs = [low[p] for p in parts], [high[p] for p in parts]
        least, unbounded = sum(lows), highs.count(inf)
        most = sum(h for h in highs if h != inf)
        if total not in known:
            narrow(total, least, inf if unbounded else most)
        for part, part_low, part_high in zip(parts, lows, highs):
            if part in known:
                continue
            # The other parts' highest sum: unbounded while any of them is.
            others_high = inf if unbounded - (part_high == inf) else most - (0 if part_high == inf else part_high)
            narrow(part, low[total] - others_high, high[total] - (least - part_low))
    return {cell for cell in lines_of if cell not in known and low[cell] == high[cell]}


def _solved_by_algebra(relations: Sequence[Sum], known: Mapping[Cell, int]) -> set[Cell]:
    """Unknowns fixed by the sums taken together: a row of the reduced echelon
    form with a single non-zero entry. Covers combinations that no one line
    gives, for two-way tables with margins and linked breakdowns.

    Exact, on whole numbers: rows are sparse ({unknown: coefficient}) and each
    elimination step cross-multiplies and divides by the gcd, so no fractions
    are needed and a row touches only the few cells its sum holds.
    """
    reduced: dict[Cell, dict[Cell, int]] = {}  # pivot cell -> its row; no pivot appears in another row
    for total, parts in relations:
        row: dict[Cell, int] = {}
        for cell, sign in ((total, 1), *((part, -1) for part in parts)):
            if cell not in known:
                row[cell] = row.get(cell, 0) + sign
        row = {cell: v for cell, v in row.items() if v}
        for pivot in [cell for cell in row if cell in reduced]:
            row = _eliminate(row, reduced[pivot], pivot)  # brings in no other pivot: rows hold only their own
        if not row:
            continue
        pivot = min(row)
        for other, other_row in reduced.items():
            if pivot in other_row:
                reduced[other] = _eliminate(other_row, row, pivot)
        reduced[pivot] = row
    return {pivot for pivot, row in reduced.items() if len(row) == 1}


def _eliminate(row: dict[Cell, int], by: dict[Cell, int], cell: Cell) -> dict[Cell, int]:
    """`row` with `cell` cancelled by a multiple of `by`, in lowest whole terms."""
    a, b = by[cell], row[cell]
    combined = {k: a * row.get(k, 0) - b * by.get(k, 0) for k in row.keys() | by.keys()}
    combined = {k: v for k, v in combined.items() if v}
    divisor = gcd(*combined.values()) if combined else 1
    return {k: v // divisor for k, v in combined.items()}
