"""Exact integer arithmetic: published rounding, apportionment and integer tables."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.synth.numbers import Infeasible, Sampler, apportion, counts_that_round_to, integer_table, rounded_percent


def published(count, base, decimals=0):
    step = Decimal(1).scaleb(-decimals)
    return float((Decimal(100 * count) / Decimal(base)).quantize(step, rounding=ROUND_HALF_UP))


@given(count=st.integers(0, 5000), base=st.integers(1, 5000), decimals=st.sampled_from([0, 1]))
def test_rounded_percent_rounds_half_up_like_a_publication(count, base, decimals):
    assert rounded_percent(count, base, decimals) == published(count, base, decimals)


@given(percent=st.integers(0, 100), base=st.integers(1, 3000))
def test_counts_that_round_to_is_exactly_the_inverse(percent, base):
    found = counts_that_round_to(percent, base)
    assert list(found) == [k for k in range(base + 1) if published(k, base) == percent]


def test_published_2020_examples():
    assert list(counts_that_round_to(18, 276)) == [49, 50, 51]  # risk-taking, of 276 non-fatal
    assert list(counts_that_round_to(75, 51)) == [38]  # 75% of 51 only as 38 (74.5% rounds up)
    assert list(counts_that_round_to(75, 50)) == []  # ... and never of 50
    assert rounded_percent(1, 2) == 50.0 and rounded_percent(1, 8) == 13.0  # 12.5 rounds up


def test_largest_remainder_when_nothing_is_restricted():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(206, [31, 20, 17, 10, 8, 14]) == [64, 41, 35, 21, 16, 29]


def test_restrictions_pick_the_nearest_counts_that_meet_them():
    quotas = [38, 12, 10, 7, 2, 2, 1, 18, 3, 7]
    allowed = [counts_that_round_to(p, 276) for p in quotas]
    allowed[7] = [51]  # risk-taking must also hold 75% exactly
    counts = apportion(276, quotas, allowed)
    assert sum(counts) == 276 and counts[7] == 51
    assert all(published(c, 276) == p for c, p in zip(counts, quotas))


def test_impossible_restrictions_raise():
    with pytest.raises(Infeasible):
        apportion(10, [1, 1], [[1], [1]])


@settings(max_examples=200)
@given(data=st.data())
def test_integer_table_meets_both_margins_and_every_zero(data):
    n = data.draw(st.integers(1, 6))
    m = data.draw(st.integers(1, 5))
    weights = data.draw(st.lists(st.lists(st.sampled_from([0, 0.5, 1, 3]), min_size=m, max_size=m),
                                 min_size=n, max_size=n))
    # margins from a random feasible table, so a solution exists
    truth = [[data.draw(st.integers(0, 6)) if w > 0 else 0 for w in row] for row in weights]
    rows = [sum(r) for r in truth]
    cols = [sum(truth[i][j] for i in range(n)) for j in range(m)]
    table = integer_table(rows, cols, weights, random.Random(data.draw(st.integers(0, 99))))
    assert [sum(r) for r in table] == rows
    assert [sum(table[i][j] for i in range(n)) for j in range(m)] == cols
    assert all(table[i][j] == 0 for i in range(n) for j in range(m) if weights[i][j] == 0)
    assert all(v >= 0 for r in table for v in r)


def test_integer_table_refuses_what_the_zeros_forbid():
    with pytest.raises(Infeasible):
        integer_table([5, 1, 1], [1, 1, 5], [[1, 0, 0], [1, 1, 1], [0, 0, 1]], random.Random(1))


def test_sampler_draws_the_distribution_it_was_given():
    sampler = Sampler([[0, 0, 40], [1, 4, 60]])
    draws = sampler.draw(random.Random(1), 100_000)
    assert set(draws) == {0, 1, 2, 3, 4}
    assert abs(draws.count(0) / 100_000 - 0.40) < 0.01
    assert abs(sampler.mean() - 0.6 * 2.5) < 0.001
