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


type Bounds = Callable[[Cell], tuple[float, float]]  # a hidden cell -> (lowest, highest) a reader knows


def at_least_one(cell: Cell) -> tuple[float, float]:
    """What any reader knows of a hidden count: zeros are shown, so it is at least 1."""
    return 1, inf


def worked_out(
    relations: Iterable[Sum], value: Callable[[Cell], int], hidden: set[Cell], bounds: Bounds = at_least_one
) -> set[Cell]:
    """The hidden cells a reader who knows `relations`, every shown value and `bounds` on
    each hidden count (at least 1 unless told more) can work out exactly, attack after attack.

    `bounds` is what the publication says of a hidden cell beyond the sums: a note saying
    "a count from 1 to 4" makes it (1, 4) (disclosure.SuppressedTable.labelled)."""
    # Only the sums that hold a hidden cell can give one away.
    relations = [line for line in relations if not hidden.isdisjoint((line[0], *line[1]))]
    known = {cell: value(cell) for total, parts in relations for cell in (total, *parts) if cell not in hidden}
    found: set[Cell] = set()
    while True:
        reduced = _reduce(relations, known)
        solved = {pivot for pivot, row in reduced.items() if len(row) == 1}
        # Bounds are narrowed through every sum and through what the sums give taken
        # together: [c, c, c, c | 29] and [c, c, c, c, c, c | 63] say the other two add up to
        # 8, which two counts from 1 to 4 can only make as 4 + 4 (ADR 0005, 2026-12-08).
        # A combination's constant is what the reader computes from the shown counts; the
        # true values satisfy it, so it is taken from them.
        rows = [_as_row(line, known) for line in relations]
        rows += [(row, sum(k * value(cell) for cell, k in row.items())) for row in reduced.values() if len(row) > 1]
        new = solved | _pinned_by_bounds([row for row in rows if row[0]], bounds)
        if not new:
            return found
        found |= new
        known |= {cell: value(cell) for cell in new}  # as the reader now knows


def _as_row(line: Sum, known: Mapping[Cell, int]) -> tuple[dict[Cell, int], int]:
    """A sum as `{unknown: coefficient}` and the constant they make: total - parts = 0."""
    row: dict[Cell, int] = {}
    constant = 0
    total, parts = line
    for cell, sign in ((total, 1), *((part, -1) for part in parts)):
        if cell in known:
            constant -= sign * known[cell]
        else:
            row[cell] = row.get(cell, 0) + sign
    return {cell: k for cell, k in row.items() if k}, constant


def _pinned_by_bounds(rows: Sequence[tuple[dict[Cell, int], int]], bounds: Bounds) -> set[Cell]:
    """Unknowns whose lowest and highest possible values meet.

    Each row says sum(k x) = constant over unknowns x. Sound because the bounds always
    contain the true value; it ends because each step tightens an integer bound towards
    it. A line with one unknown is the special case where both bounds are exact at once.
    A row is looked at again only when a bound on one of its cells has moved.
    """
    lines_of: dict[Cell, list[int]] = {}
    for i, (row, _) in enumerate(rows):
        for cell in row:
            lines_of.setdefault(cell, []).append(i)
    # What the reader is told of a hidden count: at least 1 (zeros are shown), at most the
    # threshold where a note says it is a small count.
    low: dict[Cell, float] = {}
    high: dict[Cell, float] = {}
    for cell in lines_of:
        low[cell], high[cell] = bounds(cell)
    queue, queued = deque(range(len(rows))), set(range(len(rows)))

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
        row, constant = rows[i]
        # The least and most each term k x can be; infinite ones counted apart, so that one
        # term can be taken out of a sum that holds it.
        terms = {cell: _term_range(k, low[cell], high[cell]) for cell, k in row.items()}
        least = sum(lo for lo, _ in terms.values() if lo != -inf)
        most = sum(hi for _, hi in terms.values() if hi != inf)
        least_inf = sum(lo == -inf for lo, _ in terms.values())
        most_inf = sum(hi == inf for _, hi in terms.values())
        for cell, k in row.items():
            lo, hi = terms[cell]
            others_least = -inf if least_inf - (lo == -inf) else least - (0 if lo == -inf else lo)
            others_most = inf if most_inf - (hi == inf) else most - (0 if hi == inf else hi)
            # k x = constant - (the others), so k x lies in [constant - others_most, constant - others_least].
            smallest, largest = constant - others_most, constant - others_least
            if k < 0:
                k, smallest, largest = -k, -largest, -smallest
            narrow(
                cell,
                -inf if smallest == -inf else -(-smallest // k),  # whole counts: round inwards
                inf if largest == inf else largest // k,
            )
    return {cell for cell in lines_of if low[cell] == high[cell]}


def _term_range(k: int, low: float, high: float) -> tuple[float, float]:
    return (k * low, k * high) if k > 0 else (k * high, k * low)


def _solved_by_algebra(relations: Sequence[Sum], known: Mapping[Cell, int]) -> set[Cell]:
    """Unknowns fixed by the sums taken together: a row of the reduced echelon
    form with a single non-zero entry. Covers combinations that no one line
    gives, for two-way tables with margins and linked breakdowns.

    Exact, on whole numbers: rows are sparse ({unknown: coefficient}) and each
    elimination step cross-multiplies and divides by the gcd, so no fractions
    are needed and a row touches only the few cells its sum holds.
    """
    return {pivot for pivot, row in _reduce(relations, known).items() if len(row) == 1}


def _reduce(relations: Sequence[Sum], known: Mapping[Cell, int]) -> dict[Cell, dict[Cell, int]]:
    """The sums over the unknowns in reduced echelon form: pivot cell -> its row."""
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
    return reduced


def _eliminate(row: dict[Cell, int], by: dict[Cell, int], cell: Cell) -> dict[Cell, int]:
    """`row` with `cell` cancelled by a multiple of `by`, in lowest whole terms."""
    a, b = by[cell], row[cell]
    combined = {k: a * row.get(k, 0) - b * by.get(k, 0) for k in row.keys() | by.keys()}
    combined = {k: v for k, v in combined.items() if v}
    divisor = gcd(*combined.values()) if combined else 1
    return {k: v // divisor for k, v in combined.items()}
