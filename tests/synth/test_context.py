"""Which sibling groups have domestic abuse, so that a count of children holds (cspr/synth/context.py)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.synth.allocate import Resolver
from cspr.synth.context import fix_sibling_groups
from cspr.synth.profile import ProfileError, Target


def notifications(sizes: list[int]) -> list[dict]:
    return [{"category": "neglect", "children": [{}] * size, "_da": None} for size in sizes]


def children_count(value: int) -> Target:
    return Target("count", value, "test")


def fixed(items) -> list:
    return [i["_da"] for i in items]


def test_the_group_of_three_carries_domestic_abuse_when_the_children_need_it():
    items = notifications([3, 1, 1])
    r = Resolver(len(items), 5, True, "test")
    fix_sibling_groups(r, children_count(3), [(items, 1)], lambda c: 1.0, random.Random(1))
    assert fixed(items) == [True, None, None]  # 3 children; the one notification with it is the group


def test_a_count_of_children_no_choice_of_groups_reaches_is_refused_in_a_calibrated_block():
    items = notifications([3, 1, 1])
    r = Resolver(len(items), 5, True, "test")
    with pytest.raises(ProfileError, match="domestic_abuse_children"):
        # One notification with domestic abuse holds 1 child or 3, never 2.
        fix_sibling_groups(r, children_count(2), [(items, 1)], lambda c: 1.0, random.Random(1))


def test_elsewhere_the_nearest_reachable_count_is_taken():
    items = notifications([3, 1, 1])
    r = Resolver(len(items), 5, False, "test")
    fix_sibling_groups(r, children_count(2), [(items, 1)], lambda c: 1.0, random.Random(1))
    assert fixed(items) == [False, None, None]  # 1 and 3 are as near; the lower is taken


def test_a_side_that_must_keep_domestic_abuse_off_its_groups_does():
    # Serious harm (two groups, no domestic abuse allowed) and the rest (one group, one allowed).
    harmed, rest = notifications([2, 2]), notifications([4, 1])
    r = Resolver(4, 9, True, "test")
    fix_sibling_groups(r, children_count(4), [(harmed, 0), (rest, 1)], lambda c: 1.0, random.Random(1))
    assert fixed(harmed) == [False, False] and fixed(rest) == [True, None]


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.sampled_from([1, 1, 1, 2, 3, 4]), min_size=1, max_size=30),
    share=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_the_children_with_domestic_abuse_are_the_reachable_count_nearest_the_target(sizes, share, seed):
    items = notifications(sizes)
    da = round(share * len(items))
    wanted = round(share * sum(sizes))
    r = Resolver(len(items), sum(sizes), False, "test")
    fix_sibling_groups(r, children_count(wanted), [(items, da)], lambda c: 1.0, random.Random(seed))
    groups = [i for i in items if len(i["children"]) > 1]
    singles = [i for i in items if len(i["children"]) == 1]
    assert all(i["_da"] in (True, False) for i in groups) and all(i["_da"] is None for i in singles)
    with_da = [i for i in groups if i["_da"]]
    # The rest of the notifications with domestic abuse are single children, and there are enough.
    assert len(with_da) <= da and da - len(with_da) <= len(singles)
    children = sum(len(i["children"]) for i in with_da) + da - len(with_da)
    # Every (groups taken, extra children) pair, worked out apart: the count is the nearest of those allowed.
    pairs = {(0, 0)}
    for group in groups:
        pairs |= {(n + 1, extra + len(group["children"]) - 1) for n, extra in pairs}
    low, high = max(0, len(groups) - (len(items) - da)), min(len(groups), da)
    reachable = {da + extra for n, extra in pairs if low <= n <= high}
    assert children == min(reachable, key=lambda k: (abs(k - wanted), k))
