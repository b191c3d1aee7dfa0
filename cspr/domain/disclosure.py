"""Disclosure control for published statistics: small-count cell suppression.

Implements "Disclosure control (published outputs)" in docs/standard/measures.md
and the DfE practice in shared/domain/process.md ("official statistics"): a
count from 1 to `threshold` (4 unless configured; DfE's 2020-21 release used 2)
is shown as `c`; further cells are suppressed so that no `c` can be worked out
from a total or from the rest of its row or column; zeros stay 0. Why cspr
writes its own, and the limits of the method: docs/adr/0005-disclosure-control.md.

    table = Table.one_way({"sudi": 20, "suicide": 3, "homicide": 12})
    published = suppress(table)
    assert not recoverable_cells(published)   # safety net before publishing
    published.column()  # {"sudi": 20, "suicide": "c", "homicide": "c", "Total": 35}
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from math import inf
from typing import Any, Final, Literal, NamedTuple, Self

from cspr.domain.disclosure_audit import Bounds, Cell, at_least_one, worked_out

SUPPRESSED: Final = "c"
NOT_AVAILABLE: Final = "x"
NOT_APPLICABLE: Final = "z"

# The GSS/DfE symbols. `x` and `z` are placed by the report code (a measure
# that the data cannot give, or that cannot exist); this module only makes `c`.
FOOTNOTES: Final = {
    SUPPRESSED: "suppressed to protect confidentiality: a small count, "
    "or a count that would let a small count be worked out",
    NOT_AVAILABLE: "not available",
    NOT_APPLICABLE: "not applicable",
}

DEFAULT_THRESHOLD: Final = 4
# A hidden cell's reason where saying which are small counts would give one away.
UNLABELLED: Final = "a count from 1 to {threshold}, or one hidden so that such a count cannot be worked out"
TOTAL: Final = "Total"

type Shown = int | Literal["c"]
type Percent = float | Literal["c"] | None


class Relation(NamedTuple):
    """`total` equals the sum of `parts`: a line a reader can subtract along."""

    total: Cell
    parts: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A grid of counts, with optional margins, as it will be published.

    `row_totals` adds a Total column (each row's sum); `column_totals` adds a
    Total row (each column's sum). Margins are cells like any other: they can
    be suppressed. `links` declare further sums a reader knows about, such as
    several breakdowns of the same children that each add up to one total
    (linked tables must be suppressed together, or one reveals the other).
    """

    rows: Sequence[str]
    columns: Sequence[str]
    counts: Sequence[Sequence[int]]
    row_totals: bool = False
    column_totals: bool = False
    links: Sequence[Relation] = ()

    def __post_init__(self) -> None:
        # Frozen, so normalise through object.__setattr__: callers may pass lists.
        for name in ("rows", "columns", "links"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "counts", tuple(tuple(row) for row in self.counts))
        if len(self.counts) != len(self.rows) or any(len(row) != len(self.columns) for row in self.counts):
            raise ValueError("counts need one row per row label, one value per column")
        if any(type(v) is not int or v < 0 for row in self.counts for v in row):
            raise ValueError("counts are whole numbers from 0 up")
        for labels in (self.row_labels, self.column_labels):
            if len(set(labels)) != len(labels):
                raise ValueError(f"labels must be unique: {labels}")
        height, width = self.shape
        for link in self.links:
            cells = (link.total, *link.parts)
            if not all(0 <= r < height and 0 <= c < width for r, c in cells):
                raise ValueError(f"link outside the table: {link}")
            if self.value(link.total) != sum(map(self.value, link.parts)):
                raise ValueError(f"linked cells do not add up to their total: {link}")

    @classmethod
    def one_way(
        cls,
        *breakdowns: Mapping[str, int],
        total_label: str | None = TOTAL,
        column: str = "Number",
    ) -> Self:
        """One column: every breakdown's categories, then a total row.

        Each breakdown must add up to the total (the first one's sum), so
        `one_way(by_gender, by_age)` links them: children.gender.* and
        children.age.* both sum to children.total. Labels must be unique across
        breakdowns (measure ids are). `total_label=None`: no total, no sums.
        """
        labels = [label for breakdown in breakdowns for label in breakdown]
        counts = [[n] for breakdown in breakdowns for n in breakdown.values()]
        if total_label is None:
            return cls(labels, [column], counts)
        totals = {sum(breakdown.values()) for breakdown in breakdowns} or {0}
        if len(totals) > 1:
            raise ValueError(f"linked breakdowns have different totals: {totals}")
        links, start = [], 0
        for breakdown in breakdowns:
            parts = tuple((row, 0) for row in range(start, start + len(breakdown)))
            links.append(Relation((len(labels), 0), parts))
            start += len(breakdown)
        return cls([*labels, total_label], [column], [*counts, [totals.pop()]], links=links)

    @cached_property
    def grid(self) -> tuple[tuple[int, ...], ...]:
        """Every count as displayed, margins included."""
        body = [list(row) for row in self.counts]
        if self.row_totals:
            for row in body:
                row.append(sum(row))
        if self.column_totals:
            width = len(self.columns) + self.row_totals
            body.append([sum(row[c] for row in body) for c in range(width)])
        return tuple(tuple(row) for row in body)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.column_labels)

    @property
    def row_labels(self) -> tuple[str, ...]:
        return (*self.rows, TOTAL) if self.column_totals else tuple(self.rows)

    @property
    def column_labels(self) -> tuple[str, ...]:
        return (*self.columns, TOTAL) if self.row_totals else tuple(self.columns)

    def value(self, cell: Cell) -> int:
        return self.grid[cell[0]][cell[1]]

    def cells(self) -> Iterator[Cell]:
        """Every cell, in reading order (the tie-break order for suppression)."""
        height, width = self.shape
        return ((r, c) for r in range(height) for c in range(width))

    def cell(self, row: str, column: str | None = None) -> Cell:
        """The position of a labelled cell; `column` may be left out of a one-column table."""
        if column is None and len(self.column_labels) != 1:
            raise ValueError("name the column: this table has more than one")
        c = 0 if column is None else self.column_labels.index(column)
        return self.row_labels.index(row), c

    @cached_property
    def relations(self) -> tuple[Relation, ...]:
        """Every sum a reader of the published table knows: margins, then links."""
        rows, cols = len(self.rows), len(self.columns)
        found = []
        if self.row_totals:
            for r in range(rows + self.column_totals):
                found.append(Relation((r, cols), tuple((r, c) for c in range(cols))))
        if self.column_totals:
            for c in range(cols + self.row_totals):
                found.append(Relation((rows, c), tuple((r, c) for r in range(rows))))
        return (*found, *self.links)

    def lines_through(self, cell: Cell) -> tuple[Relation, ...]:
        """Every sum `cell` is in, as its total or as a part."""
        return self._lines_of.get(cell, ())

    @cached_property
    def _lines_of(self) -> dict[Cell, tuple[Relation, ...]]:
        found: dict[Cell, dict[Relation, None]] = {}
        for line in self.relations:
            for cell in (line.total, *line.parts):
                found.setdefault(cell, {})[line] = None
        return {cell: tuple(lines) for cell, lines in found.items()}


@dataclass(frozen=True)
class SuppressedTable:
    """A table with the cells to hide: `primary` (small counts) and `secondary`.

    `labelled`: each hidden cell's reason is published (a report's notes say "a count
    from 1 to 4" or "hidden so that ... cannot be worked out"), so a reader knows a
    primary cell is at most the threshold and a secondary one of `subject` (every
    cell when None) is above it: it is not a small count, or it would be primary.
    The auditor is told so (`bounds`). Unlabelled, a reader knows only that a `c` is
    at least 1. ADR 0005, amendment of 2026-12-08.
    """

    table: Table
    primary: frozenset[Cell]
    secondary: frozenset[Cell]
    threshold: int = DEFAULT_THRESHOLD
    # Each secondary cell -> a hidden cell it protects (one on a line with it).
    reasons: Mapping[Cell, Cell] = field(default_factory=dict)
    labelled: bool = False
    subject: frozenset[Cell] | None = None

    @property
    def bounds(self) -> Bounds:
        """What a reader of the published table knows of each hidden count."""
        if not self.labelled:
            return at_least_one
        return _told(self.primary, self.subject, self.threshold)

    @property
    def suppressed(self) -> frozenset[Cell]:
        return self.primary | self.secondary

    def shown(self, cell: Cell) -> Shown:
        return SUPPRESSED if cell in self.suppressed else self.table.value(cell)

    def grid(self) -> list[list[Shown]]:
        height, width = self.table.shape
        return [[self.shown((r, c)) for c in range(width)] for r in range(height)]

    def column(self, label: str | None = None) -> dict[str, Shown]:
        """One column by row label: a one-way table as {measure id: count}."""
        labels = self.table.column_labels
        if label is None and len(labels) != 1:
            raise ValueError("name the column: this table has more than one")
        c = 0 if label is None else labels.index(label)
        return {row: self.shown((r, c)) for r, row in enumerate(self.table.row_labels)}

    def reason(self, cell: Cell) -> str | None:
        """Why a cell is hidden, in words, naming the cell it protects by its row label
        (when unlabelled, the same words for every hidden cell)."""
        if cell in self.suppressed and not self.labelled:
            return UNLABELLED.format(threshold=self.threshold)
        if cell in self.primary:
            return f"a count from 1 to {self.threshold}"
        if cell not in self.secondary:
            return None
        protected = self.reasons.get(cell)
        if protected is None:
            return "hidden so that no other hidden count can be worked out"
        row, column = protected
        name = self.table.row_labels[row]
        if len(self.table.column_labels) > 1:
            name = f"{name}, {self.table.column_labels[column]}"
        return f"hidden so that the count for {name} cannot be worked out from a total"

    def footnotes(self) -> dict[str, str]:
        """The footnote for `c`, when the table shows one."""
        if not self.suppressed:
            return {}
        return {
            SUPPRESSED: f"suppressed to protect confidentiality: counts from 1 to "
            f"{self.threshold}, and counts that would let one be worked out, are not shown"
        }


def suppress(
    table: Table, *, threshold: int = DEFAULT_THRESHOLD, subject: Iterable[Cell] | None = None
) -> SuppressedTable:
    """Primary then secondary suppression, until no hidden cell can be worked out,
    hiding as little as it can.

    Primary: every cell from 1 to `threshold`, totals included (or only those
    of `subject`, the cells a policy protects: the Panel's practice publishes
    national counts in full and protects only figures below national level). A
    zero is shown: "none" is not disclosive here (measures spec) and hiding
    zeros would hide most of a sparse table.

    Secondary, least loss first (ADR 0022). A few safe patterns are found;
    of those that hide no more children (the "mass") than the rule of ADR
    0005 did (as it stood: nothing given back), the one kept hides fewest
    totals and margins, then least mass:

    - ADR 0005's rule (the smallest part by position, no look-ahead) and a
      look-ahead one (while a line has exactly one hidden cell, or the auditor
      can work one out, hide the cell on a line through it whose hiding, with
      everything it then forces, loses least), each followed by offering
      every secondary cell back, largest first, and showing it if the table
      stays safe;
    - everything non-zero hidden, then every cell offered back: grand totals
      first, then the other totals and margins, then inner cells, largest
      first within each (so a total stays hidden only when showing it, with
      every inner cell still hidden, would give a count away); and the same
      offered largest first whatever the cell, which often loses least.
    """
    if threshold < 1:
        raise ValueError("the threshold is a count of at least 1")
    pool = set(table.cells()) if subject is None else set(subject)
    primary = frozenset(c for c in pool if 1 <= table.value(c) <= threshold)
    pool_ = None if subject is None else frozenset(pool)
    if not primary:
        return SuppressedTable(table, primary, frozenset(), threshold, {}, True, pool_)
    margins = {line.total for line in table.relations}
    grand = margins - {part for line in table.relations for part in line.parts}

    def largest_first(cell: Cell) -> tuple[int, Cell]:
        return -table.value(cell), cell

    def totals_first(cell: Cell) -> tuple[bool, bool, int, Cell]:
        return cell not in grand, cell not in margins, -table.value(cell), cell

    everything = {cell for cell in table.cells() if table.value(cell)}
    # Each hidden cell's reason is published, so the reader knows a small count's bounds
    # (ADR 0005, 2026-12-08). Where even with every count hidden those bounds give one away
    # ([c, c | c] as 4 + 4 = 5 + 1 + 1 + 1), the reasons are not told apart instead.
    labelled = not _recoverable(table, everything, bounds=_told(primary, pool_, threshold))
    told = _told(primary, pool_, threshold) if labelled else at_least_one
    previous = _secondary(table, primary, margins, look_ahead=False, bounds=told)
    found = [
        _secondary(table, primary, margins, look_ahead=True, bounds=told),
        previous,
    ]
    candidates = [
        *(_give_back(table, h, primary, largest_first, told) for h in found if h is not None),
        _give_back(table, everything, primary, totals_first, told),
        _give_back(table, everything, primary, largest_first, told),
    ]
    # Bounds can make the rule stop short (hiding a cell also says it is not small); then
    # the candidates from everything hidden are weighed without its ceiling.
    ceiling = inf if previous is None else _mass(table, previous - primary)
    hidden = min(
        (h for h in candidates if _mass(table, h - primary) <= ceiling),
        key=lambda h: (len(h & margins), _mass(table, h - primary)),
    )
    secondary = frozenset(hidden - primary)
    reasons = _reasons(table, primary, secondary)
    return SuppressedTable(table, primary, secondary, threshold, reasons, labelled, pool_)


def _told(primary: frozenset[Cell], subject: frozenset[Cell] | None, threshold: int) -> Bounds:
    """The bounds a reader takes from the hidden cells' reasons: a primary cell is from 1 to
    `threshold`; a secondary one that the rule would have made primary were it small (in
    `subject`, every cell when None) is above it; any other at least 1."""

    def bounds(cell: Cell) -> tuple[float, float]:
        if cell in primary:
            return 1, threshold
        if subject is None or cell in subject:
            return threshold + 1, inf
        return 1, inf

    return bounds


def _mass(table: Table, cells: Iterable[Cell]) -> int:
    """The information a set of hidden cells takes away: the children they count."""
    return sum(table.value(cell) for cell in cells)


def _secondary(
    table: Table, primary: frozenset[Cell], margins: set[Cell], *, look_ahead: bool, bounds: Bounds = at_least_one
) -> set[Cell] | None:
    """Hide complements until safe; None if every non-zero cell is hidden and it is not."""
    hidden = set(primary)
    while True:
        if look_ahead:
            open_line = next((line for line in table.relations if _hidden_on(line, hidden) == 1), None)
            if open_line is not None:
                options = _options(table, open_line, hidden)
                assert options, open_line  # a line's hidden cell is non-zero, so something is visible
                hidden.add(_cheapest(table, options, hidden, margins))
                continue
        else:
            _close_lines(table, hidden)
        exposed = _recoverable(table, hidden, bounds=bounds)
        if not exposed:
            return hidden
        if all(cell in hidden or not table.value(cell) for cell in table.cells()):
            return None
        if look_ahead:
            options = {
                cell
                for hidden_cell in exposed
                for line in table.lines_through(hidden_cell)
                for cell in _options(table, line, hidden)
            } or {  # every line through them has its cells hidden: reach further, along what they are linked to
                cell
                for line in _linked(table, hidden, exposed)
                for cell in (line.total, *line.parts)
                if cell not in hidden and table.value(cell)
            }
            hidden.add(_cheapest(table, sorted(options), hidden, margins))
        else:
            hidden.add(_complement_for(table, hidden, exposed))


def _hidden_on(line: Relation, hidden: set[Cell]) -> int:
    return sum(cell in hidden for cell in (line.total, *line.parts))


def _options(table: Table, line: Relation, hidden: set[Cell]) -> list[Cell]:
    """The line's non-zero visible cells: its parts, and its total only when no part will do."""
    parts = [p for p in line.parts if p not in hidden and table.value(p)]
    if parts:
        return parts
    return [line.total] if line.total not in hidden and table.value(line.total) else []


def _cheapest(table: Table, options: Sequence[Cell], hidden: set[Cell], margins: set[Cell]) -> Cell:
    """The option whose hiding, with the lines it then leaves open closed, loses least:
    fewest totals and margins hidden, then fewest children, then first by position."""

    def loss(cell: Cell) -> tuple[int, int, Cell]:
        after = hidden | {cell}
        _close_lines(table, after)
        added = after - hidden
        return len(added & margins), _mass(table, added), cell

    return min(options, key=loss)


def _give_back(
    table: Table, hidden: set[Cell], primary: frozenset[Cell], order: Callable[[Cell], Any], bounds: Bounds
) -> set[Cell]:
    """Offer each secondary cell back, in `order`, keeping it shown where the table stays safe."""
    hidden = set(hidden)
    for cell in sorted(hidden - primary, key=order):
        if cell in hidden and (trial := _without(table, hidden, cell, primary, bounds)) is not None:
            hidden = trial
    return hidden


def _without(table: Table, hidden: set[Cell], cell: Cell, primary: frozenset[Cell], bounds: Bounds) -> set[Cell] | None:
    """`hidden` with `cell` shown, if that is safe; else None.

    Showing a cell can leave a line with one hidden cell, which would then be
    worked out: that cell is shown with it (a total equal to its one non-zero
    part comes back with the part), unless it is primary. Only the hidden
    cells linked to what is shown are audited: the rest of the table did not
    change, and was safe.
    """
    trial, shown = hidden - {cell}, [cell]
    for given in shown:  # grows as lines left with one hidden cell give theirs too
        for line in table.lines_through(given):
            on = [c for c in (line.total, *line.parts) if c in trial]
            if len(on) == 1:
                if on[0] in primary:
                    return None
                trial.discard(on[0])
                shown.append(on[0])
    near = {c for given in shown for line in table.lines_through(given) for c in (line.total, *line.parts)}
    return None if _recoverable(table, trial, _linked(table, trial, near & trial), bounds) else trial


def _linked(table: Table, hidden: set[Cell], cells: set[Cell]) -> list[Relation]:
    """The sums a reader could use on `cells`: every line through them, then through the
    hidden cells on those lines, and so on."""
    found: dict[Relation, None] = {}
    todo, seen = list(cells), set(cells)
    while todo:
        for line in table.lines_through(todo.pop()):
            if line not in found:
                found[line] = None
                fresh = [c for c in (line.total, *line.parts) if c in hidden and c not in seen]
                seen.update(fresh)
                todo.extend(fresh)
    return list(found)


def _reasons(table: Table, primary: frozenset[Cell], secondary: frozenset[Cell]) -> dict[Cell, Cell]:
    """For each secondary cell, a hidden cell it protects: one on a line with it,
    a primary one where there is one."""
    reasons = {}
    for cell in sorted(secondary):
        near = [
            other
            for line in table.lines_through(cell)
            for other in (line.total, *line.parts)
            if other != cell and other in primary | secondary
        ]
        if near:
            reasons[cell] = min(near, key=lambda other: (other not in primary, other))
    return reasons


def _close_lines(table: Table, hidden: set[Cell]) -> None:
    """Hide complements until no line has exactly one hidden cell."""
    # Lines in table order, again and again, as ADR 0005's rule does; the
    # count of hidden cells on each line is kept rather than recounted.
    on = Counter(line for cell in hidden for line in table.lines_through(cell))
    changed = True
    while changed:
        changed = False
        for line in table.relations:
            if on[line] == 1:
                complement = _complement(table, line, hidden)
                # A line's hidden cell is non-zero, so its total, or if that is
                # the hidden one then some part, is a non-zero visible cell.
                assert complement is not None, line
                hidden.add(complement)
                for other in table.lines_through(complement):
                    on[other] += 1
                changed = True


def _complement(table: Table, line: Relation, hidden: set[Cell]) -> Cell | None:
    """The line's smallest non-zero visible part (first on a tie), else its total."""
    parts = [p for p in line.parts if p not in hidden and table.value(p)]
    if parts:
        return min(parts, key=lambda p: (table.value(p), p))
    if line.total not in hidden and table.value(line.total):
        return line.total
    return None


def _complement_for(table: Table, hidden: set[Cell], exposed: set[Cell]) -> Cell:
    for line in table.relations:
        if exposed.intersection((line.total, *line.parts)):
            if (complement := _complement(table, line, hidden)) is not None:
                return complement
    # Unreached on the tables tried; a last resort that still makes progress.
    visible = [cell for cell in table.cells() if cell not in hidden and table.value(cell)]
    return min(visible, key=lambda cell: (table.value(cell), cell))


def recoverable_cells(suppressed: SuppressedTable) -> set[Cell]:
    """The hidden cells a reader can work out exactly from what is shown.

    The auditor, used by the tests and before publishing. It models a reader
    who knows every sum in `table.relations` and that each `c` is at least 1
    (zeros are shown), or where the table is `labelled` the bounds its reasons
    give (`SuppressedTable.bounds`), and who repeats three attacks until nothing new falls:
    solving a line with one unknown (the standard check: iterative
    single-unknown elimination along rows, columns and totals); narrowing each
    unknown's bounds through the sums, so [c, c | 2 shown] is two 1s; and exact
    linear algebra over all the sums at once (Gauss-Jordan on whole numbers;
    the attacks are in disclosure_audit.py). It does not find partial
    disclosure (a `c` known to be 1 or 2) or everything an integer-programming
    attacker could; see the ADR.
    """
    return _recoverable(suppressed.table, set(suppressed.suppressed), bounds=suppressed.bounds)


def _recoverable(
    table: Table, hidden: set[Cell], relations: Sequence[Relation] | None = None, bounds: Bounds = at_least_one
) -> set[Cell]:
    """What the auditor works out, from `relations` (every sum unless told) and `bounds`."""
    return worked_out(table.relations if relations is None else relations, table.value, hidden, bounds)


def percent(count: int, base: int) -> float | None:
    """100 x count / base, rounded half-up to one decimal; None when base is 0.

    Decimal, not float round(): round(6.25, 1) is 6.2 (binary and half-even)
    where the spec wants 6.3. The quotient is exact to 28 digits, far closer
    than any count/base can come to a .x5 boundary without being on it.
    """
    if base == 0:
        return None
    exact = Decimal(100 * count) / Decimal(base)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def with_percentages(counts: Iterable[Shown], base: Shown) -> list[tuple[Shown, Percent]]:
    """Displayed (count, percent) pairs for counts out of `base`.

    A hidden count's percentage is hidden too, or the base would give it back;
    a hidden base hides every percentage, or count / percent would give it back.
    """
    if base == SUPPRESSED:
        return [(count, SUPPRESSED) for count in counts]
    return [(count, SUPPRESSED if count == SUPPRESSED else percent(count, base)) for count in counts]
