"""Benchmark: the early warning's detection delay and false alarms, on synthetic series with injected surges.

    uv run python bench/early_warning.py               # 100 runs of each series
    uv run python bench/early_warning.py --runs 400 --seed 7

No database: `cspr.domain.surveillance` is pure. Each series is seven years of counts with a
seasonal swing (+-15%, highest in summer) and extra-Poisson variation (a gamma-Poisson
mixture, variance 1.5 x the mean, as monthly notification counts show); the first five years
are history, the last two are watched period by period. It measures, per series:

- **false alarms per series per year**: flags in the two watched years of a run with no surge;
- **detection**: a surge (+50% or +100% of the expected level for three months, or eight
  weeks) starts at a random watched period; the delay is the number of periods from its start
  to its first flag (0: flagged in its first period); a surge never flagged counts as missed.

It runs the same series through a baseline in the same process, a plain Poisson test against
the mean of the same month (or week) in earlier years, without the seasonal window or the
dispersion, and prints the ratios. A benchmark, never a timed unit test.
"""

import argparse
import math
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cspr.domain import surveillance as method  # noqa: E402

# (name, frequency, mean count per period): England's monthly and weekly totals (about 540 a
# year), one type, one region, one category of harm.
SERIES = (
    ("England, monthly", method.MONTH, 45.0),
    ("Serious harm, monthly", method.MONTH, 25.0),
    ("A region, monthly", method.MONTH, 5.0),
    ("A category, monthly", method.MONTH, 2.0),
    ("England, weekly", method.WEEK, 10.4),
    ("A region, weekly", method.WEEK, 1.2),
)
YEARS = range(2014, 2021)
WATCHED = (2019, 2020)
DISPERSION = 1.5
SURGES = (1.5, 2.0)
SURGE_PERIODS = {method.MONTH: 3, method.WEEK: 8}


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 60:  # normal approximation is plenty for drawing (not for testing)
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    k, p = 0, math.exp(-mean)
    total, u = p, rng.random()
    while u > total:
        k += 1
        p *= mean / k
        total += p
    return k


def draw(rng, mean: float) -> int:
    """Gamma-Poisson: variance DISPERSION x mean."""
    shape = mean / (DISPERSION - 1)
    return poisson(rng, rng.gammavariate(shape, mean / shape))


def seasonal(b: method.Bin, mean: float) -> float:
    day = b.start.timetuple().tm_yday
    return mean * b.days / (30.4 if b.days > 7 else 7) * (1 + 0.15 * math.sin(2 * math.pi * (day - 105) / 365))


def simulate(rng, frequency: str, mean: float, surge: float | None):
    bins = method.bins_between(date(YEARS[0], 1, 1), date(YEARS[-1], 12, 31), frequency)
    watched = [b for b in bins if b.start.year in WATCHED and b.end.year in WATCHED]
    start = rng.randrange(len(watched) - SURGE_PERIODS[frequency]) if surge else None
    surged = set(watched[start : start + SURGE_PERIODS[frequency]]) if surge else set()
    counts = {b: draw(rng, seasonal(b, mean) * (surge if b in surged else 1)) for b in bins}
    return counts, watched, (watched[start : start + SURGE_PERIODS[frequency]] if surge else [])


def plain_poisson(counts, target, frequency, data_from):
    """The baseline method: the same period in earlier years, Poisson, no window, no dispersion."""
    same = [
        b
        for b in (method.bin_of(method._shift_years(target.start, y), frequency) for y in range(1, 6))
        if b.start >= data_from
    ]
    if len(same) < 3:
        return False
    mean = max(sum(counts[b] for b in same) / len(same), 0.5 / len(same))
    observed = counts[target]
    return observed >= method.MIN_FLAG_COUNT and method.poisson_sf(observed, mean) < method.ALPHA


def cspr_method(counts, target, frequency, data_from):
    return method.assess(counts, target, frequency, data_from, with_threshold=False).flagged


def run(rng, runs: int, check) -> list[dict]:
    results = []
    for name, frequency, mean in SERIES:
        data_from = date(YEARS[0], 1, 1)
        false_alarms = []
        for _ in range(runs):
            counts, watched, _ = simulate(rng, frequency, mean, None)
            false_alarms.append(sum(check(counts, b, frequency, data_from) for b in watched) / len(WATCHED))
        detection = {}
        for surge in SURGES:
            delays, missed = [], 0
            for _ in range(runs):
                counts, _, surged = simulate(rng, frequency, mean, surge)
                flagged = [i for i, b in enumerate(surged) if check(counts, b, frequency, data_from)]
                if flagged:
                    delays.append(flagged[0])
                else:
                    missed += 1
            detection[surge] = (1 - missed / runs, statistics.median(delays) if delays else None)
        results.append({"name": name, "false_alarms": statistics.mean(false_alarms), "detection": detection})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    timings, outcomes = {}, {}
    for label, check in (("cspr", cspr_method), ("plain Poisson", plain_poisson)):
        started = time.perf_counter()
        outcomes[label] = run(random.Random(args.seed), args.runs, check)
        timings[label] = time.perf_counter() - started
    head = f"{'series':24} {'method':14} {'false alarms/yr':>15}"
    for surge in SURGES:
        head += f" {f'+{round((surge - 1) * 100)}%: found':>12} {'delay':>6}"
    print(
        f"{args.runs} runs per series; surges last {SURGE_PERIODS[method.MONTH]} months or "
        f"{SURGE_PERIODS[method.WEEK]} weeks; delay = median periods from a surge's start to its first flag"
    )
    print(head)
    for i, (name, _, _) in enumerate(SERIES):
        for label in outcomes:
            r = outcomes[label][i]
            line = f"{name:24} {label:14} {r['false_alarms']:15.2f}"
            for surge in SURGES:
                found, delay = r["detection"][surge]
                line += f" {found:12.0%} {'-' if delay is None else f'{delay:g}':>6}"
            print(line)
    for i, (name, _, _) in enumerate(SERIES):
        ours, theirs = outcomes["cspr"][i]["false_alarms"], outcomes["plain Poisson"][i]["false_alarms"]
        ratio = f"{ours / theirs:.2f}" if theirs else "n/a"
        print(f"false alarms, cspr / plain Poisson, {name}: {ratio}")
    print(
        f"time: cspr {timings['cspr']:.1f} s, plain Poisson {timings['plain Poisson']:.1f} s, "
        f"ratio {timings['cspr'] / timings['plain Poisson']:.1f}"
    )


if __name__ == "__main__":
    main()
