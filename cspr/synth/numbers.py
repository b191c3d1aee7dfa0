"""Exact integer arithmetic for calibrated synthetic data.

Three tools, all deterministic for a given `random.Random`:

- `rounded_percent` / `counts_that_round_to`: the published-statistics rounding
  (100 x count / base, half-up) in integer arithmetic, and its inverse.
- `apportion`: split a total into integer counts as close as possible to their
  quotas, optionally restricted to counts that round to a published percentage.
  Without restrictions this is largest-remainder apportionment (it minimises the
  total absolute deviation from the quotas).
- `integer_table`: an integer table with given row and column sums that follows
  a table of relative weights, zero wherever a weight is zero. This is how a
  joint rule ("sudden unexpected deaths in infancy are babies under one") and an
  exact marginal ("35% of children were under one") hold at the same time.

`Sampler` draws many values from a fixed distribution quickly (random bytes
mapped through a lookup table) for the parts of the data that are not calibrated.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

__all__ = [
    "Infeasible",
    "Sampler",
    "apportion",
    "counts_that_round_to",
    "integer_table",
    "rounded_percent",
    "uniform_indices",
]


class Infeasible(ValueError):
    """No integer solution satisfies the targets and the joint rules together."""


# --- Published rounding ----------------------------------------------------------------

def rounded_percent(count: int, base: int, decimals: int = 0) -> float:
    """100 x count / base rounded half-up, as statistics publications round."""
    if base <= 0:
        raise ValueError("a percentage needs a positive base")
    scale = 10**decimals
    return ((200 * scale * count + base) // (2 * base)) / scale


def counts_that_round_to(percent: float, base: int, decimals: int = 0) -> range:
    """Every count k in 0..base with rounded_percent(k, base, decimals) == percent."""
    scale = 10**decimals
    target = round(percent * scale)
    step = 200 * scale
    # target <= (step*k + base) / (2*base) < target + 1, solved for integer k
    low = -((base - 2 * base * target) // step)  # ceil((2*base*target - base) / step)
    high = -((base - 2 * base * (target + 1)) // step) - 1
    return range(max(low, 0), min(high, base) + 1)


# --- Apportionment ------------------------------------------------------------------------

def apportion(total: int, quotas: Sequence[float], allowed: Sequence[Sequence[int] | None] | None = None) -> list[int]:
    """Integer counts summing to `total`, closest to `quotas` in total absolute deviation.

    `quotas` are rescaled to sum to `total`. `allowed[i]` restricts count i (e.g. to
    the counts that round to a published percentage); None leaves it free. Solved
    exactly by dynamic programming over a window around each quota, widened until
    a solution exists. Ties go to the earlier item, so the answer is deterministic.
    Raises Infeasible when the restrictions cannot all hold.
    """
    n = len(quotas)
    if total < 0 or any(q < 0 for q in quotas):
        raise ValueError("apportion needs a non-negative total and quotas")
    if n == 0:
        if total:
            raise Infeasible("nothing to apportion a positive total to")
        return []
    weight = sum(quotas)
    if weight <= 0:
        if total:
            raise Infeasible("all quotas are zero but the total is not")
        return [0] * n
    scaled = [q * total / weight for q in quotas]
    allowed = list(allowed) if allowed is not None else [None] * n
    if all(ok is None for ok in allowed):
        return _largest_remainder(total, scaled)
    window = 2
    while True:
        domains = []
        for q, ok in zip(scaled, allowed):
            low, high = max(0, math.floor(q) - window), min(total, math.ceil(q) + window)
            values = range(low, high + 1)
            domains.append([v for v in values if ok is None or v in ok])
        solution = _best_counts(total, scaled, domains)
        if solution is not None:
            return solution
        if window > total:
            raise Infeasible(f"no counts summing to {total} satisfy the restrictions")
        window *= 4


def _largest_remainder(total: int, quotas: list[float]) -> list[int]:
    counts = [math.floor(q) for q in quotas]
    short = total - sum(counts)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[:short]:
        counts[i] += 1
    return counts


def _best_counts(total: int, quotas: list[float], domains: list[list[int]]) -> list[int] | None:
    """Dynamic programme: minimal sum of |k_i - q_i| with k_i in domain_i and sum k_i = total."""
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    for q, domain in zip(quotas, domains):
        nxt: dict[int, tuple[float, tuple[int, ...]]] = {}
        for reached, (cost, chosen) in best.items():
            for v in domain:
                s = reached + v
                if s > total:
                    break
                c = cost + abs(v - q)
                known = nxt.get(s)
                if known is None or c < known[0] - 1e-12:
                    nxt[s] = (c, chosen + (v,))
        best = nxt
        if not best:
            return None
    found = best.get(total)
    return list(found[1]) if found else None


# --- Integer tables with structural zeros ----------------------------------------------------

def integer_table(rows: Sequence[int], cols: Sequence[int], weights: Sequence[Sequence[float]],
                  rng: random.Random) -> list[list[int]]:
    """Integers x[i][j] >= 0 with row sums `rows`, column sums `cols`, x = 0 where weight = 0.

    First iterative proportional fitting scales the weights to both margins; then
    each cell is rounded down and the units still missing are handed out in a
    random order that favours the largest remainders; any unit the greedy pass
    cannot place is placed along an augmenting path (moving units between cells
    that are allowed). Raises Infeasible when the zeros make the margins impossible.
    """
    if sum(rows) != sum(cols):
        raise Infeasible(f"row sums ({sum(rows)}) and column sums ({sum(cols)}) differ")
    n, m = len(rows), len(cols)
    allowed = [[w > 0 for w in row] for row in weights]
    for i in range(n):
        if rows[i] and not any(allowed[i]):
            raise Infeasible(f"row {i} needs {rows[i]} but allows no column")
    for j in range(m):
        if cols[j] and not any(allowed[i][j] for i in range(n)):
            raise Infeasible(f"column {j} needs {cols[j]} but no row allows it")
    frac = _fit(rows, cols, weights)
    table = [[math.floor(v + 1e-9) for v in row] for row in frac]
    row_need = [rows[i] - sum(table[i]) for i in range(n)]
    col_need = [cols[j] - sum(table[i][j] for i in range(n)) for j in range(m)]
    _trim_overshoot(table, row_need, col_need)
    candidates = []
    for i in range(n):
        for j in range(m):
            rest = frac[i][j] - table[i][j]
            if allowed[i][j] and rest > 1e-9:
                candidates.append((rng.random() ** (1.0 / rest), i, j))
    candidates.sort(reverse=True)
    for _, i, j in candidates:
        if row_need[i] > 0 and col_need[j] > 0:
            table[i][j] += 1
            row_need[i] -= 1
            col_need[j] -= 1
    for i in range(n):
        while row_need[i] > 0:
            _augment(i, table, allowed, row_need, col_need)
    return table


def _trim_overshoot(table, row_need, col_need) -> None:
    """Remove units where rounding went past a margin (only when the fit did not converge)."""
    n, m = len(table), len(table[0]) if table else 0

    def take(i: int, j: int) -> None:
        table[i][j] -= 1
        row_need[i] += 1
        col_need[j] += 1

    for i in range(n):
        for j in range(m):
            while table[i][j] > 0 and row_need[i] < 0 and col_need[j] < 0:
                take(i, j)
    for i in range(n):
        for j in range(m):
            while table[i][j] > 0 and row_need[i] < 0:
                take(i, j)
    for j in range(m):
        for i in range(n):
            while table[i][j] > 0 and col_need[j] < 0:
                take(i, j)


def _fit(rows, cols, weights, iterations: int = 1000, tolerance: float = 1e-10) -> list[list[float]]:
    n, m = len(rows), len(cols)
    x = [[float(w) if w > 0 else 0.0 for w in row] for row in weights]
    for _ in range(iterations):
        for i in range(n):
            s = sum(x[i])
            if s > 0:
                f = rows[i] / s
                x[i] = [v * f for v in x[i]]
        worst = 0.0
        for j in range(m):
            s = sum(x[i][j] for i in range(n))
            if s > 0:
                f = cols[j] / s
                for i in range(n):
                    x[i][j] *= f
            worst = max(worst, abs(s - cols[j]))
        if worst < tolerance:
            break
    return x


def _augment(start: int, table, allowed, row_need, col_need) -> None:
    """Give row `start` one more unit along a path row -> column -> row -> ... -> a column in need."""
    n, m = len(table), len(table[0])
    parent_col: dict[int, int] = {}  # column -> row that reaches it (cell to increase)
    parent_row: dict[int, int] = {start: -1}  # row -> column it was reached from (cell to decrease)
    frontier = [start]
    while frontier:
        nxt = []
        for i in frontier:
            for j in range(m):
                if not allowed[i][j] or j in parent_col:
                    continue
                parent_col[j] = i
                if col_need[j] > 0:
                    # Walk back: increase (i, j), decrease (k, j_prev), increase ...
                    col = j
                    while True:
                        row = parent_col[col]
                        table[row][col] += 1
                        back = parent_row[row]
                        if back == -1:
                            break
                        table[row][back] -= 1
                        col = back
                    row_need[start] -= 1
                    col_need[j] -= 1
                    return
                for k in range(n):
                    if k not in parent_row and table[k][j] > 0:
                        parent_row[k] = j
                        nxt.append(k)
        frontier = nxt
    raise Infeasible("the margins cannot be met with the allowed cells")


# --- Fast sampling ------------------------------------------------------------------------------

class Sampler:
    """Draw values from a fixed discrete distribution, many at a time.

    A table of 65,536 entries maps 16 random bits to a value, so a draw costs one
    list lookup (probabilities are exact to 1/65,536, ample for the timing
    distributions that use it). `spec` is a list of [low, high, weight] ranges,
    uniform within a range, e.g. [[0, 0, 40], [1, 14, 30]].
    """

    SIZE = 1 << 16

    def __init__(self, spec: Sequence[Sequence[float]]):
        values: list[int] = []
        weights: list[float] = []
        for low, high, weight in spec:
            low, high = int(low), int(high)
            if high < low or weight < 0:
                raise ValueError(f"bad range {[low, high, weight]}")
            for v in range(low, high + 1):
                values.append(v)
                weights.append(weight / (high - low + 1))
        total = sum(weights)
        if not values or total <= 0:
            raise ValueError("a distribution needs a positive weight")
        counts = apportion(self.SIZE, weights)
        table: list[int] = []
        for v, c in zip(values, counts):
            table.extend([v] * c)
        self.table = table
        self.values = values
        self.probabilities = [c / self.SIZE for c in counts]

    def draw(self, rng: random.Random, k: int) -> list[int]:
        if k <= 0:
            return []
        bits = memoryview(rng.randbytes(2 * k)).cast("H")
        return list(map(self.table.__getitem__, bits))

    def mean(self) -> float:
        return sum(v * p for v, p in zip(self.values, self.probabilities))


def uniform_indices(rng: random.Random, k: int, n: int) -> list[int]:
    """k independent indices in range(n), each from 32 random bits (bias below 1e-7)."""
    if k <= 0:
        return []
    bits = memoryview(rng.randbytes(4 * k)).cast("I")
    return [(b * n) >> 32 for b in bits]
