"""Giving values to planned records so that totals are exact and joint rules hold.

Records are plain dicts. Each helper takes the exact number of records that must
get each value (worked out from the profile's targets) and a weight for each
(group of records, value): `integer_table` turns those into exact counts per
group, and within a group the values are dealt out in a random order.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection, Hashable, Sequence

from cspr.synth.numbers import Infeasible, apportion, counts_that_round_to, integer_table
from cspr.synth.profile import ProfileError, Target

__all__ = ["Resolver", "assign", "assign_families", "choose"]


def assign(items: Sequence[dict], attr: str, values: Sequence, totals: Sequence[int],
           key: Callable[[dict], Hashable], weights: Callable[[Hashable], Sequence[float]],
           rng: random.Random) -> None:
    """Set item[attr] so that exactly totals[j] items get values[j].

    Items are grouped by `key`; `weights(key)` gives the relative chance of each
    value in that group (0 = never). The exact count per group and value comes
    from `integer_table`; which items of the group get which value is random.
    """
    if sum(totals) != len(items):
        raise Infeasible(f"{attr}: totals {list(totals)} do not add up to {len(items)} records")
    groups: dict[Hashable, list[dict]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    keys = list(groups)
    table = integer_table([len(groups[k]) for k in keys], list(totals), [list(weights(k)) for k in keys], rng)
    for k, row in zip(keys, table):
        deck = [v for v, count in zip(values, row) for _ in range(count)]
        rng.shuffle(deck)
        for item, value in zip(groups[k], deck):
            item[attr] = value


def choose(items: Sequence[dict], attr: str, count: int, key: Callable[[dict], Hashable],
           odds: Callable[[Hashable], float], rng: random.Random) -> None:
    """Set item[attr] to True for exactly `count` items, False for the rest.

    odds(key) is the relative odds of True in a group: 0 never, math.inf always.
    """
    def weights(k):
        o = odds(k)
        return (1.0, 0.0) if o == math.inf else (float(o), 1.0)
    assign(items, attr, (True, False), (count, len(items) - count), key, weights, rng)


def assign_families(families: Sequence[dict], attr: str, values: Sequence, totals: Sequence[int],
                    key: Callable[[dict], Hashable], weights: Callable[[Hashable], Sequence[float]],
                    rng: random.Random) -> None:
    """Like `assign`, but one value per notification for all its children.

    `totals` count children. Notifications with several children (sibling groups)
    are placed first, each drawing a value in proportion to weight x what is left;
    single-child notifications then fill the exact remainder through `assign`.
    """
    remaining = list(totals)
    if sum(remaining) != sum(len(f["children"]) for f in families):
        raise Infeasible(f"{attr}: totals do not add up to the number of children")
    groups = [f for f in families if len(f["children"]) > 1]
    singles = [f for f in families if len(f["children"]) == 1]
    rng.shuffle(groups)
    for family in groups:
        size = len(family["children"])
        w = weights(key(family))
        options = [(j, w[j] * remaining[j]) for j in range(len(values)) if w[j] > 0 and remaining[j] >= size]
        if not options:
            raise Infeasible(f"{attr}: no value left for a sibling group of {size}")
        j = _pick(options, rng)
        remaining[j] -= size
        for child in family["children"]:
            child[attr] = values[j]
    leads = [f["children"][0] for f in singles]
    lead_key = {id(f["children"][0]): key(f) for f in singles}
    assign(leads, attr, values, remaining, lambda c: lead_key[id(c)], weights, rng)


def _pick(options: list[tuple[int, float]], rng: random.Random) -> int:
    """One index from (index, weight) pairs, in proportion to the weights."""
    left = rng.random() * sum(weight for _, weight in options)
    for index, weight in options:
        left -= weight
        if left <= 0:
            return index
    return options[-1][0]


class Resolver:
    """Turns a profile's targets into exact counts for one block of records.

    In a calibrated block (`strict`) a published percentage or count is a hard
    restriction: the count must round to the percentage (or equal the count).
    Elsewhere (another year, a profile that inherited the figure, a small remainder
    at a fractional scale) targets are only quotas.
    """

    def __init__(self, notifications: int, children: int, strict: bool, profile_name: str):
        self.notifications = notifications
        self.children = children
        self.strict = strict
        self.profile_name = profile_name

    def allowed_counts(self, target: Target, base: int):
        """The counts out of `base` that meet a target here, or None when any count will do."""
        if not (self.strict and target.strict):
            return None
        if target.kind == "percent":
            return counts_that_round_to(target.value, base, target.decimals) if base else range(0, 1)
        if target.kind == "count":
            return range(int(target.value), int(target.value) + 1)
        return None

    def partition(self, where: str, targets: dict[str, Target], names: Sequence[str], base: int,
                  fixed: dict[str, int] | None = None,
                  restrict: dict[str, Callable[[int], bool]] | None = None) -> list[int]:
        """Counts for `names` adding up to `base` (one partition of a population).

        `fixed` pins a count; `restrict[name]` filters the counts a name may take
        (used when a nested figure, such as 75% of the risk-taking notifications,
        must also be reachable from the count chosen here).
        """
        fixed, restrict = fixed or {}, restrict or {}
        quotas, allowed = [], []
        for name in names:
            target = targets.get(name)
            if not isinstance(target, Target):
                raise ProfileError(f"{self.profile_name}: [{where}] needs a target for '{name}'")
            if name in fixed:
                quotas.append(float(fixed[name]))
                ok = self.allowed_counts(target, base)
                value = fixed[name]
                allowed.append([value] if ok is None or value in ok else [])
            else:
                quotas.append(target.quota(base, self.notifications))
                ok = self.allowed_counts(target, base)
                if name in restrict:
                    ok = [k for k in (ok if ok is not None else range(base + 1)) if restrict[name](k)]
                allowed.append(ok)
        if base == 0:
            return [0] * len(names)
        try:
            return apportion(base, quotas, allowed)
        except Infeasible:
            raise ProfileError(f"{self.profile_name}: [{where}] no counts of {base} round to every published "
                               f"figure ({', '.join(names)})") from None

    def reachable(self, target: Target) -> Callable[[int], bool]:
        """Whether a population of a given size can hold `target` (for `restrict`)."""
        def ok(base: int) -> bool:
            if base == 0:
                return target.kind != "count" or target.value == 0
            allowed = self.allowed_counts(target, base)
            return allowed is None or len(allowed) > 0
        return ok

    def count(
        self,
        where: str,
        target: Target,
        base: int,
        *,
        at_least: int = 0,
        at_most: int | None = None,
        among: Collection[int] | None = None,
    ) -> int:
        """One exact count out of `base` for a single target (only `among` these, when given)."""
        at_most = base if at_most is None else at_most
        if base == 0:
            return 0
        allowed = self.allowed_counts(target, base)
        window = [k for k in range(at_least, at_most + 1) if allowed is None or k in allowed]
        if among is not None:
            window = [k for k in window if k in among]
        if not window:
            raise ProfileError(f"{self.profile_name}: [{where}] no count between {at_least} and {at_most} "
                               f"of {base} meets {target.kind} {target.value:g}")
        quota = target.quota(base, self.notifications)
        return min(window, key=lambda k: (abs(k - quota), k))

    def candidates(self, target: Target, base: int, spread: int = 4) -> list[int]:
        """Counts worth trying for a target that is solved jointly with others."""
        quota = target.quota(base, self.notifications)
        allowed = self.allowed_counts(target, base)
        if allowed is not None:
            return [k for k in allowed if 0 <= k <= base]
        low, high = max(0, math.floor(quota) - spread), min(base, math.ceil(quota) + spread)
        return list(range(low, high + 1))
