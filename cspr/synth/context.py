"""Dealing the family-context cells when domestic abuse has exact counts of its own.

`plan._family` fixes how many notifications fall in each cell of domestic abuse x parental
alcohol misuse x parental drug misuse (`CONTEXT_CELLS`). Two published readings of domestic abuse
count it on other bases as well, and both are held here:

- among serious-harm incidents (seed 002's 2020 figure read per incident: 114 of 267), by splitting
  each cell between serious harm and the rest before dealing it (`deal_by_side`);
- per child (the same 42.6% read per child: 219 of 514; ADR 0038), by choosing which sibling groups
  have domestic abuse before the cells are dealt (`fix_sibling_groups`). A notification's children
  share its flags, so the children on notifications with domestic abuse are those notifications
  plus the extra children of the sibling groups among them.

A record's cell is drawn by its `context_key`: its category, and its sibling group's domestic
abuse when that is fixed already (None otherwise); `weights` gives a fixed record no chance of a
cell that contradicts it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from cspr.synth.allocate import Resolver, assign, choose
from cspr.synth.numbers import integer_table
from cspr.synth.profile import Target

__all__ = ["CONTEXT_CELLS", "context_key", "deal_by_side", "fix_sibling_groups"]

CONTEXT_CELLS = tuple((da, al, dr) for da in (True, False) for al in (True, False) for dr in (True, False))

# (records, how many of them have domestic abuse): serious harm and the rest, or every record.
Side = tuple[Sequence[dict], int]


def context_key(item: dict) -> tuple[str, bool | None]:
    return item["category"], item["_da"]


def fix_sibling_groups(r: Resolver, target: Target, sides: Sequence[Side], odds: Callable[[str], float], rng) -> None:
    """Set `_da` on every notification with more than one child, so that the children on
    notifications with domestic abuse meet `target` (a count of children).

    Each side takes some of its groups of each size: no more than its domestic abuse count, and
    leaving no more groups without it than its records without it. Of the totals those choices can
    reach, the resolver picks the count (exact in a calibrated block); of the choices that reach it,
    the one nearest an even rate across sizes and sides holds it (ties go to the first in order).
    Which groups of a size: by their category's odds of domestic abuse. Single children keep
    `_da` None; the cells dealt next fill the rest of each count.
    """
    plans = []  # per side: groups by size, the sizes, and every allowed (extra children, counts by size)
    for group, with_da in sides:
        by_size: dict[int, list[dict]] = {}
        for item in group:
            if len(item["children"]) > 1:
                by_size.setdefault(len(item["children"]), []).append(item)
        sizes = sorted(by_size)
        groups = sum(len(v) for v in by_size.values())
        low, high = max(0, groups - (len(group) - with_da)), min(groups, with_da)
        # At most three sizes (2 to 4 children) and one block's groups: a few hundred choices.
        choices = [
            (sum(n * (s - 1) for n, s in zip(counts, sizes)), counts)
            for counts in itertools.product(*(range(len(by_size[s]) + 1) for s in sizes))
            if low <= sum(counts) <= high
        ]
        plans.append((by_size, sizes, choices))
    reachable = {0}
    for _, _, choices in plans:
        reachable = {a + e for a in reachable for e in {e for e, _ in choices}}
    da = sum(with_da for _, with_da in sides)
    k = r.count("family_context.domestic_abuse_children", target, r.children, among={da + e for e in reachable})
    extra = k - da
    possible = sum(len(members) * (s - 1) for by_size, _, _ in plans for s, members in by_size.items())
    rate = extra / possible if possible else 0.0
    best: dict[int, tuple[float, tuple]] = {0: (0.0, ())}
    for by_size, sizes, choices in plans:
        following: dict[int, tuple[float, tuple]] = {}
        for total, (cost, chosen) in best.items():
            for e, counts in choices:
                if total + e > extra:
                    continue
                option = (cost + sum(abs(n - rate * len(by_size[s])) for n, s in zip(counts, sizes)), (*chosen, counts))
                if total + e not in following or option < following[total + e]:
                    following[total + e] = option
        best = following
    for (by_size, sizes, _), counts in zip(plans, best[extra][1]):
        for s, n in zip(sizes, counts):
            choose(by_size[s], "_da", n, lambda i: i["category"], odds, rng)


def deal_by_side(sides: Sequence[Side], totals: dict, weights, rng) -> None:
    """The cells, with an exact count of domestic abuse among serious-harm incidents.

    Seed 002 reads 2020's domestic abuse as a share of the serious-harm incidents, beside the share
    of all incidents (seed 000): both hold. Each cell's total is first split between serious harm
    and the rest (domestic abuse cells so that serious harm gets exactly its count; the others the
    rest of serious harm), in proportion to the members' chances; then each side's cells go to its
    records as usual.
    """
    (harmed, k), (rest, _) = sides
    split: dict[tuple, list[int]] = {}
    for with_da, in_harm in ((True, k), (False, len(harmed) - k)):
        cells = [c for c in CONTEXT_CELLS if c[0] == with_da]
        columns = [CONTEXT_CELLS.index(c) for c in cells]
        table = integer_table(
            [in_harm, sum(totals[c] for c in cells) - in_harm],
            [totals[c] for c in cells],
            [_chances(harmed, columns, weights), _chances(rest, columns, weights)],
            rng,
        )
        split.update({c: [table[0][j], table[1][j]] for j, c in enumerate(cells)})
    for side, (group, _) in enumerate(sides):
        assign(group, "context", CONTEXT_CELLS, [split[c][side] for c in CONTEXT_CELLS], context_key, weights, rng)


def _chances(group, columns: list[int], weights) -> list[float]:
    """Each member's chance of each of these cells (its key's weights among them), added up."""
    out = [0.0] * len(columns)
    for item in group:
        w = [weights(context_key(item))[j] for j in columns]
        total = sum(w)
        for j, v in enumerate(w):
            out[j] += v / total if total else 0.0
    return out
