"""The smallest flagged count: found by walking one tail, and always the count the old count-by-count search found.

The old search (copied below as the reference, as it stood before the walk) asked negbin_sf of
each count from the start up, re-summing the whole tail each time: 33.8 s for the early
warning page at a national register's scale. The page's thresholds and flags must not change.
"""

import math
import random
from datetime import date

import pytest

from cspr.domain import surveillance as method
from cspr.domain.surveillance import MONTH, bin_of, bins_between

# --- The reference: the old implementation, verbatim ---------------------------------------------------------


def _old_upper_tail(log_pmf, k, mean):
    if k <= 0:
        return 1.0
    total, i = 0.0, k
    while True:
        term = math.exp(log_pmf(i))
        total += term
        if i > mean and term < 1e-16 * max(total, 1e-300):
            return min(total, 1.0)
        i += 1
        if i - k > 100_000:
            return min(total, 1.0)


def _old_poisson_sf(k, mean):
    if mean <= 0:
        return 1.0 if k <= 0 else 0.0
    log_mean = math.log(mean)
    return _old_upper_tail(lambda i: -mean + i * log_mean - math.lgamma(i + 1), k, mean)


def _old_negbin_sf(k, mean, dispersion):
    if dispersion <= 1:
        return _old_poisson_sf(k, mean)
    if mean <= 0:
        return 1.0 if k <= 0 else 0.0
    size = mean / (dispersion - 1)
    p = size / (size + mean)
    log_p, log_q = math.log(p), math.log1p(-p)

    def log_pmf(i):
        return math.lgamma(i + size) - math.lgamma(size) - math.lgamma(i + 1) + size * log_p + i * log_q

    return _old_upper_tail(log_pmf, k, mean)


def old_threshold(mean, dispersion, alpha, start):
    threshold = start
    while _old_negbin_sf(threshold, mean, dispersion) >= alpha:
        threshold += 1
    return threshold


# --- The tests ---------------------------------------------------------------------------------------------


def random_cases(seed, n, low, high):
    rng = random.Random(seed)
    for _ in range(n):
        mean = math.exp(rng.uniform(math.log(low), math.log(high)))
        dispersion = rng.choice([1.0, 0.7, rng.uniform(1.0, 1.05), rng.uniform(1.05, 2.0), rng.uniform(2.0, 6.0)])
        alpha = rng.choice([method.ALPHA, 0.05, 0.001, math.exp(rng.uniform(math.log(1e-7), math.log(0.3)))])
        start = rng.choice([max(int(mean), method.MIN_FLAG_COUNT), max(int(mean * rng.uniform(0, 1.5)), 0)])
        yield mean, dispersion, alpha, start


@pytest.mark.parametrize(
    ("seed", "n", "low", "high"),
    [(1, 400, 0.01, 60.0), (2, 80, 60.0, 400.0), (3, 12, 400.0, 4000.0)],
    ids=["small means", "hundreds a period", "thousands a period"],
)
def test_the_threshold_is_the_old_count_by_count_searchs(seed, n, low, high):
    for mean, dispersion, alpha, start in random_cases(seed, n, low, high):
        assert method.flag_threshold(mean, dispersion, alpha, start) == old_threshold(mean, dispersion, alpha, start), (
            mean,
            dispersion,
            alpha,
            start,
        )


@pytest.mark.parametrize(("mean", "dispersion"), [(7.3, 1.0), (45.0, 1.8), (820.0, 3.2), (2600.0, 1.0)])
def test_an_alpha_on_a_tail_to_the_last_bit_gives_the_old_threshold(mean, dispersion):
    # alpha equal to (or a bit either side of) a count's tail: the walk's rounding cannot decide,
    # so negbin_sf does, as the old search did.
    start = max(int(mean), method.MIN_FLAG_COUNT)
    for steps in (0, 1, 2, 5):
        tail = _old_negbin_sf(start + steps, mean, dispersion)
        for alpha in (tail, math.nextafter(tail, 0), math.nextafter(tail, 1), tail * (1 + 1e-13), tail * (1 - 1e-13)):
            assert method.flag_threshold(mean, dispersion, alpha, start) == old_threshold(
                mean, dispersion, alpha, start
            )


def test_a_national_months_threshold_sums_its_tail_a_few_times_not_once_a_count(monkeypatch):
    # Hundreds of notifications a month, varying as national counts do: the old search summed
    # the tail afresh for each count from the mean to the threshold, 267 times here.
    rng = random.Random(5)
    counts = {b: round(rng.gauss(900, 90)) for b in bins_between(date(2014, 1, 1), date(2024, 12, 31), MONTH)}
    target = bin_of(date(2024, 6, 1), MONTH)
    sums = []
    real = method._upper_tail
    monkeypatch.setattr(method, "_upper_tail", lambda *args: sums.append(args[1]) or real(*args))
    a = method.assess(counts, target, MONTH, data_from=date(2014, 1, 1))
    assert a.threshold > a.expected + 100 and a.dispersion > 1
    assert len(sums) <= 3, f"{len(sums)} tail sums for one period"
    monkeypatch.undo()
    assert a.threshold == old_threshold(a.expected, a.dispersion, a.alpha, max(int(a.expected), method.MIN_FLAG_COUNT))
