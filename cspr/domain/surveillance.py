"""Early warning: is this week's or month's count of notifications more than its season leads us to expect?

Pure Python, no Django: the counts come in, assessments and words come out.

The method (docs/statistics.md, "Early warning"), a simplified Farrington (Farrington et al.
1996, "A statistical algorithm for the early detection of outbreaks of infectious disease",
JRSS A 159:547-563), the method the UK Health Security Agency's exceedance reporting grew from:

1. **Expectation.** A period's baseline is the same period and its neighbours (a month either
   side, or two weeks either side) in each of up to five earlier years, counting only periods
   wholly inside the register's data. Its mean is the expected count; with fewer than
   MIN_BASELINE baseline periods the period is not assessed ("not enough history").
2. **Dispersion.** Counts of serious incidents vary more than a Poisson count (reporting comes in
   waves); the baseline's variance over its mean, when above 1, is the dispersion phi, and the
   tail is a negative binomial's with that mean and variance phi x mean; otherwise Poisson's.
3. **Exceedance.** The exact upper tail P(X >= observed) under that distribution (summed term by
   term, not a normal approximation) is the period's p-value; a period is flagged when it is below
   ALPHA and at least MIN_FLAG_COUNT notifications came in (a zero baseline would otherwise flag a
   single notification). `threshold` is the smallest count that would have been flagged.

Comparing two periods ("+27%"): the ratio of the two rates (counts per day), with an exact 95%
interval by the conditional method: given the total a + b, a is binomial with p = R d_a /
(R d_a + d_b), and Clopper and Pearson's (1934) interval for p gives R's (Armitage, Berry and
Matthews, Statistical Methods in Medical Research, 4th ed., 3.8).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ALPHA = 0.005
MIN_BASELINE = 4
MIN_FLAG_COUNT = 3
YEARS_BACK = 5
WEEK = "week"
MONTH = "month"
FREQUENCIES = (WEEK, MONTH)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True)
class Bin:
    """One week (Monday to Sunday) or one calendar month."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self, frequency: str) -> str:
        if frequency == MONTH:
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        return f"Week of {self.start.day} {MONTH_NAMES[self.start.month - 1][:3]} {self.start.year}"


def bin_of(day: date, frequency: str) -> Bin:
    if frequency == WEEK:
        start = day - timedelta(days=day.weekday())
        return Bin(start, start + timedelta(days=6))
    if frequency == MONTH:
        start = day.replace(day=1)
        following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return Bin(start, following - timedelta(days=1))
    raise ValueError(f"unknown frequency {frequency!r}: use one of {', '.join(FREQUENCIES)}")


def bins_between(first: date, last: date, frequency: str) -> list[Bin]:
    """Every bin from the one holding `first` to the one holding `last`."""
    out, current = [], bin_of(first, frequency)
    while current.start <= last:
        out.append(current)
        current = bin_of(current.end + timedelta(days=1), frequency)
    return out


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def baseline_bins(target: Bin, frequency: str, data_from: date) -> list[Bin]:
    """The same season in earlier years: the target's bin and its neighbours, wholly within the data."""
    half_window = 1 if frequency == MONTH else 2
    found = []
    for years in range(1, YEARS_BACK + 1):
        centre = bin_of(_shift_years(target.start, years), frequency)
        window = [centre]
        before = after = centre
        for _ in range(half_window):
            before = bin_of(before.start - timedelta(days=1), frequency)
            after = bin_of(after.end + timedelta(days=1), frequency)
            window += [before, after]
        found += [b for b in window if b.start >= data_from and b.end < target.start]
    return sorted(set(found))


# --- Exact tails -----------------------------------------------------------------------------------------


def _upper_tail(log_pmf, k: int, mean: float) -> float:
    """sum_{i >= k} pmf(i), term by term from k until the terms stop mattering."""
    if k <= 0:
        return 1.0
    total, i = 0.0, k
    while True:
        term = math.exp(log_pmf(i))
        total += term
        if i > mean and term < 1e-16 * max(total, 1e-300):
            return min(total, 1.0)
        i += 1
        if i - k > 100_000:  # far beyond any count cspr sees; the remaining terms are negligible
            return min(total, 1.0)


def poisson_sf(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean), exactly."""
    if mean <= 0:
        return 1.0 if k <= 0 else 0.0
    return _upper_tail(_poisson_log_pmf(mean), k, mean)


def _poisson_log_pmf(mean: float):
    log_mean = math.log(mean)
    return lambda i: -mean + i * log_mean - math.lgamma(i + 1)


def _negbin_log_pmf(mean: float, dispersion: float):
    size = mean / (dispersion - 1)
    p = size / (size + mean)  # probability of "success" in the Pascal parameterisation
    log_p, log_q = math.log(p), math.log1p(-p)

    def log_pmf(i: int) -> float:
        return math.lgamma(i + size) - math.lgamma(size) - math.lgamma(i + 1) + size * log_p + i * log_q

    return log_pmf


def negbin_sf(k: int, mean: float, dispersion: float) -> float:
    """P(X >= k) for a negative binomial with this mean and variance dispersion x mean (> 1)."""
    if dispersion <= 1:
        return poisson_sf(k, mean)
    if mean <= 0:
        return 1.0 if k <= 0 else 0.0
    return _upper_tail(_negbin_log_pmf(mean, dispersion), k, mean)


def flag_threshold(mean: float, dispersion: float, alpha: float, start: int) -> int:
    """The first count from `start` up whose negbin_sf is below alpha: the smallest flagged count.

    Asking negbin_sf of each count in turn re-sums the whole tail every time (at a national
    register's hundreds a month, a hundred sums of hundreds of terms for one period). Instead the
    tail is summed once, at `start`, and walked up: P(X >= k + 1) = P(X >= k) - pmf(k), taking
    away the very terms negbin_sf adds. The walk and negbin_sf then differ only by rounding, under
    one part in 10^15 of the first tail a step; where the walk ends closer to alpha than that
    allows, negbin_sf itself decides, so the count is always the one the count-by-count search gives.
    """
    first = negbin_sf(start, mean, dispersion)
    if first < alpha:
        return start
    if mean <= 0 or start < 0:  # never from assess (mean > 0, start >= MIN_FLAG_COUNT)
        return _threshold_by_count(mean, dispersion, alpha, start)
    log_pmf = _negbin_log_pmf(mean, dispersion) if dispersion > 1 else _poisson_log_pmf(mean)
    k, tail, previous = start, first, first
    while tail >= alpha:
        term = math.exp(log_pmf(k))
        if k > mean and term < 1e-15 * first:  # only rounding left to take away: alpha is tiny
            return _threshold_by_count(mean, dispersion, alpha, start, near=k)
        previous, tail = tail, tail - term
        k += 1
    margin = 1e-9 * alpha + (k - start + 10) * 1e-15 * first
    if tail < alpha - margin and previous >= alpha + margin:
        return k
    return _threshold_by_count(mean, dispersion, alpha, start, near=k)


def _threshold_by_count(mean: float, dispersion: float, alpha: float, start: int, near: int | None = None) -> int:
    """The first count from `start` whose negbin_sf is below alpha, asked count by count from `near`."""
    k = start if near is None else max(start, near)
    while negbin_sf(k, mean, dispersion) >= alpha:
        k += 1
    while k > start and negbin_sf(k - 1, mean, dispersion) < alpha:
        k -= 1
    return k


# --- Assessing a series ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    bin: Bin
    observed: int
    expected: float | None  # None: not enough history
    dispersion: float = 1.0
    p_value: float | None = None
    threshold: int | None = None
    baseline_periods: int = 0
    alpha: float = ALPHA

    @property
    def flagged(self) -> bool:
        return self.p_value is not None and self.p_value < self.alpha and self.observed >= MIN_FLAG_COUNT


def expectation(counts: Mapping[Bin, int], target: Bin, frequency: str, data_from: date) -> tuple[float, float, int]:
    """(expected count, dispersion, how many baseline periods) for `target`; expected is NaN without history."""
    base = baseline_bins(target, frequency, data_from)
    values = [counts.get(b, 0) * target.days / b.days for b in base]  # months differ in length
    if len(values) < MIN_BASELINE:
        return math.nan, 1.0, len(values)
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    dispersion = max(1.0, variance / mean) if mean > 0 else 1.0
    # Half a notification over the whole baseline: a season that has always been empty
    # still expects a little, so the tail is finite and MIN_FLAG_COUNT decides.
    return max(mean, 0.5 / len(values)), dispersion, len(values)


def assess(
    counts: Mapping[Bin, int],
    target: Bin,
    frequency: str,
    data_from: date,
    alpha: float = ALPHA,
    *,
    with_threshold: bool = True,
) -> Assessment:
    """`with_threshold=False` skips working out the smallest flagged count (the bench's many runs)."""
    observed = counts.get(target, 0)
    mean, dispersion, n = expectation(counts, target, frequency, data_from)
    if math.isnan(mean):
        return Assessment(target, observed, None, baseline_periods=n, alpha=alpha)
    p_value = negbin_sf(observed, mean, dispersion)
    smallest = None
    if with_threshold:
        smallest = flag_threshold(mean, dispersion, alpha, start=max(int(mean), MIN_FLAG_COUNT))
    return Assessment(target, observed, mean, dispersion, p_value, smallest, n, alpha)


def assess_series(
    counts: Mapping[Bin, int], bins: Sequence[Bin], frequency: str, data_from: date, alpha: float = ALPHA
) -> list[Assessment]:
    return [assess(counts, b, frequency, data_from, alpha) for b in bins]


def one_in(p_value: float) -> str:
    """A p-value in words a reader can weigh: 'about once in 400 weeks' style, rounded to 2 figures."""
    if p_value <= 0:
        return "less than once in a million"
    n = 1 / p_value
    if n >= 1_000_000:
        return "less than once in a million"
    return f"about once in {int(float(f'{n:.2g}')):,}"


def flag_words(series: str, a: Assessment, frequency: str) -> str:
    """'Serious harm: 41 notifications in March 2020 against 30.2 expected ...' for a flagged period."""
    periods = "weeks" if frequency == WEEK else "months"
    noun = "notification" if a.observed == 1 else "notifications"
    return (
        f"{series}: {a.observed} {noun} in {a.bin.label(frequency)}, against {a.expected:.1f} expected from the "
        f"same time of year in earlier years. A count of {a.observed} or more would come by chance "
        f"{one_in(a.p_value)} {periods} at that expectation, so it is flagged (flagged from {a.threshold})."
    )


# --- Comparing two periods --------------------------------------------------------------------------------


def _binomial_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    lp, lq = math.log(p), math.log1p(-p)
    return min(
        1.0,
        sum(
            math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
            for i in range(k, n + 1)
        ),
    )


def _solve(f, target: float) -> float:
    """p in (0, 1) with f(p) = target, for f increasing in p (bisection, to 1e-12)."""
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if f(middle) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@dataclass(frozen=True)
class Change:
    """Period A against period B: counts, days, the rate ratio and its exact 95% interval."""

    a: int
    a_days: int
    b: int
    b_days: int
    ratio: float | None
    low: float | None
    high: float | None

    @staticmethod
    def percent(ratio: float) -> str:
        value = math.floor(100 * (ratio - 1) + 0.5)
        return f"{value:+d}%" if value else "0%"

    def words(self) -> str:
        if self.ratio is None:
            return "No notifications in the earlier period: no percentage change can be given."
        high = "no upper limit" if self.high is None else self.percent(self.high)
        return (
            f"{self.percent(self.ratio)} (95% interval {self.percent(self.low)} to {high}), "
            f"per day: {self.a} notifications in {self.a_days} days against {self.b} in {self.b_days} days."
        )


def compare(a: int, a_days: int, b: int, b_days: int, confidence: float = 0.95) -> Change:
    """Rate ratio of A to B (notifications per day) with Clopper-Pearson's exact interval."""
    if b == 0:
        return Change(a, a_days, b, b_days, None, None, None)
    ratio = (a / a_days) / (b / b_days)
    n, tail = a + b, (1 - confidence) / 2
    # p = share of the n notifications that fall in A; R = p/(1-p) x d_b/d_a.
    p_low = 0.0 if a == 0 else _solve(lambda p: _binomial_sf(a, n, p), tail)
    # P(X <= a) = tail at the upper limit, i.e. P(X >= a + 1) = 1 - tail.
    p_high = _solve(lambda p: _binomial_sf(a + 1, n, p), 1 - tail) if a < n else 1.0

    def to_ratio(p: float) -> float | None:
        return None if p >= 1 else p / (1 - p) * b_days / a_days

    return Change(a, a_days, b, b_days, ratio, to_ratio(p_low) or 0.0, to_ratio(p_high))
