"""Benchmark: the early warning page's work, its smallest flagged counts, against the old count-by-count search.

    uv run python bench/early_warning_speed.py                    # synthetic national series, no database
    uv run python bench/early_warning_speed.py --scale 8 --runs 5 --dispersion 20
    DATABASE_URL=sqlite:////tmp/cspr.sqlite3 uv run python bench/early_warning_speed.py --register
    uv run python bench/early_warning_speed.py --binning         # daily counts into weeks and months

Each period the page shows gets a threshold, the smallest count that would have been flagged.
The old search asked `negbin_sf` of each count from the expected count up, re-summing the whole
tail each time: at a national register's hundreds a month, hundreds of sums of hundreds of terms
for one period. `surveillance.flag_threshold` sums the tail once and walks it.

Without a database: eleven years of monthly and weekly counts shaped like the national profile's
serious incidents (about 430 a year at scale 1, with a seasonal swing and extra-Poisson variation,
variance --dispersion x the mean),
split over eight incident types as the page's default breakdown splits them; every series is
assessed over the page's periods (SHOWN), by cspr and by the baseline, the old search (kept here),
in the same process. With --register: `stats.surveillance.watch()` itself on the register in
DATABASE_URL (e.g. after `cspr synth --profile national --seed 7 --years 2014-2024 --scale 8
--load`), with the old search swapped in for the baseline. It checks that both give the same
thresholds and prints median times and the ratio. A benchmark, never a timed unit test.

With --binning: `stats.surveillance.binned`, which puts each series' daily counts into weeks or
months, against the old one `bin_of` a day (kept here), on eleven years of synthetic daily counts
for every series of the type and region breakdowns, days in no order (as a hash aggregate gives
them). It checks both give the same bins, counts and order, and prints the ratio.
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cspr.domain import surveillance as method  # noqa: E402

YEARS = (2014, 2024)
PER_YEAR = 430  # serious incidents a year in the national profile at scale 1
TYPE_SHARES = (0.34, 0.22, 0.14, 0.1, 0.08, 0.06, 0.04, 0.02)
SHOWN = {method.WEEK: 26, method.MONTH: 12}


def old_flag_threshold(mean: float, dispersion: float, alpha: float, start: int) -> int:
    """The baseline: the search as it was before flag_threshold, one whole tail sum per count."""
    threshold = start
    while method.negbin_sf(threshold, mean, dispersion) >= alpha:
        threshold += 1
    return threshold


def draw(rng: random.Random, mean: float, dispersion: float) -> int:
    """Gamma-Poisson, variance `dispersion` x mean; normal for the Poisson step (drawing, not testing)."""
    shape = mean / (dispersion - 1)
    rate = rng.gammavariate(shape, mean / shape)
    return max(0, round(rng.gauss(rate, math.sqrt(rate))))


def synthetic_series(rng: random.Random, scale: float, frequency: str, dispersion: float) -> list[dict]:
    bins = method.bins_between(date(YEARS[0], 1, 1), date(YEARS[1], 12, 31), frequency)
    series = []
    for share in (1.0, *TYPE_SHARES):
        counts = {}
        for b in bins:
            season = 1 + 0.15 * math.sin(2 * math.pi * (b.start.timetuple().tm_yday - 105) / 365)
            counts[b] = draw(rng, PER_YEAR * scale * share * b.days / 365.25 * season, dispersion)
        series.append(counts)
    return series


def assess_all(series, frequency: str) -> list[int | None]:
    bins = method.bins_between(date(YEARS[0], 1, 1), date(YEARS[1], 12, 31), frequency)[-SHOWN[frequency] :]
    out = []
    for counts in series:
        out += [a.threshold for a in method.assess_series(counts, bins, frequency, date(YEARS[0], 1, 1))]
    return out


def timed(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def compare(label: str, runs: int, work) -> None:
    """Times `work` with cspr's search, then with the old one swapped in; the same thresholds or stop."""
    ours, ours_result = timed(runs, work)
    new = method.flag_threshold
    method.flag_threshold = old_flag_threshold
    try:
        old, old_result = timed(runs, work)
    finally:
        method.flag_threshold = new
    assert ours_result == old_result, f"{label}: the thresholds differ"
    print(f"{label:46} cspr {ours:8.3f} s   old search {old:8.3f} s   ratio old/cspr {old / ours:6.1f}")


def register_watch(frequency: str, breakdown: str):
    from cspr.stats.surveillance import latest_day, watch

    last = latest_day()
    as_of = method.bin_of(last, frequency).end

    def work():
        result = watch(frequency=frequency, breakdown=breakdown, as_of=as_of)
        return [a.threshold for s in result.series for a in s.assessments]

    return work


def old_binned(days, frequency: str) -> dict:
    """The baseline: one `bin_of` a day, as `binned` was."""
    out = defaultdict(int)
    for day, n in days.items():
        out[method.bin_of(day, frequency)] += n
    return dict(out)


def synthetic_days(rng: random.Random, scale: float) -> list[dict]:
    """{day: count} for all serious incidents and each of the type and region breakdowns' series."""
    first, last = date(YEARS[0], 1, 1), date(YEARS[1], 12, 31)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    rate = PER_YEAR * scale / 365.25
    shares = (1.0, *TYPE_SHARES, 1.0, *(1 / 9,) * 9)  # all and the types; all and nine regions
    series = []
    for share in shares:
        counts = {}
        for day in days:
            # Poisson by inversion: a day with no notification has no row.
            n, p, u = 0, math.exp(-rate * share), rng.random()
            cumulative = p
            while u > cumulative:
                n += 1
                p *= rate * share / n
                cumulative += p
            if n:
                counts[day] = n
        items = list(counts.items())
        rng.shuffle(items)
        series.append(dict(items))
    return series


def compare_binning(scale: float, runs: int, seed: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    # No database is read (binned is pure), but its module imports the models: the settings
    # refuse to start without these.
    os.environ.setdefault("CSPR_SECRET_KEY", "bench-binning-throwaway-" + "k" * 40)
    os.environ.setdefault("CSPR_EMAIL_HOST", "localhost")
    import django

    django.setup()
    from cspr.stats.surveillance import binned

    series = synthetic_days(random.Random(seed), scale)
    for frequency in method.FREQUENCIES:
        ours, ours_result = timed(runs, lambda f=frequency: [list(binned(s, f).items()) for s in series])
        old, old_result = timed(runs, lambda f=frequency: [list(old_binned(s, f).items()) for s in series])
        assert ours_result == old_result, f"{frequency}: the bins differ"
        label = f"binned(), {len(series)} series, {sum(map(len, series))} days, {frequency}ly"
        print(f"{label:46} cspr {ours:8.3f} s   per day    {old:8.3f} s   ratio old/cspr {old / ours:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=8, help="volume against the national profile (default 8)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each, the median shown (default 3)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--dispersion",
        type=float,
        default=1.5,
        help="variance over mean of the synthetic counts (default 1.5; 10 or more: the long tails of a series "
        "whose earlier years were far apart, where the old search was slowest)",
    )
    parser.add_argument("--register", action="store_true", help="time watch() on the register in DATABASE_URL")
    parser.add_argument("--binning", action="store_true", help="time binned() against one bin_of a day")
    args = parser.parse_args()
    if args.binning:
        print(f"median of {args.runs} runs; bins checked equal")
        compare_binning(args.scale, args.runs, args.seed)
        return
    print(f"median of {args.runs} runs; thresholds checked equal")
    if args.register:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
        import django

        django.setup()
        for frequency in method.FREQUENCIES:
            for breakdown in ("type", "region"):
                compare(f"watch(), {frequency}ly, by {breakdown}", args.runs, register_watch(frequency, breakdown))
        return
    rng = random.Random(args.seed)
    for frequency in (method.MONTH, method.WEEK):
        series = synthetic_series(rng, args.scale, frequency, args.dispersion)
        compare(
            f"{len(series)} series, {frequency}ly, scale {args.scale:g}, dispersion {args.dispersion:g}",
            args.runs,
            lambda s=series, f=frequency: assess_all(s, f),
        )


if __name__ == "__main__":
    main()
