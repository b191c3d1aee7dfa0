"""Benchmark: children per second that `cspr synth` writes as CSV.

    UV_PYTHON_DOWNLOADS=never uv run python bench/synth.py [--profile national]
        [--years 2010-2029] [--scale 100] [--seed 1] [--repeat 3]

Generates the data set exactly as `cspr synth --out FILE` would (plan, deal,
dates, places, CSV) into a temporary file and reports children per second from
the start of the run (profile loaded, calendar built) to the file closed. For
scale it then times a baseline in the same process: plain `csv.writer` writing
the same number of pre-built rows (copies of the generated rows) to the same
kind of file. The ratio says what the generator costs on top of writing CSV at
all. Wall-clock and CPU time are both reported (best of --repeat runs): on a
machine shared with other work the CPU figure is the one that holds steady.
Target (issue 3): at least 100,000 children a second.

Not a test: a timed unit test fails on a slow or busy machine for no reason.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cspr.domain import codes  # noqa: E402
from cspr.synth import Synth, load_profile, write_csv  # noqa: E402

TARGET = 100_000


def run_synth(args, path: Path) -> tuple[float, float, int, int, list[tuple]]:
    start, cpu = time.perf_counter(), time.process_time()
    synth = Synth(load_profile(args.profile), seed=args.seed, as_of=args.as_of, years=args.years, scale=args.scale)
    sample: list[tuple] = []

    def chunks():
        for rows in synth.rows():
            if not sample:
                sample.extend(rows[:10_000])
            yield rows

    with open(path, "w", newline="", encoding="utf-8") as out:
        rows = write_csv(out, chunks())
    return time.perf_counter() - start, time.process_time() - cpu, synth.notifications, rows, sample


def run_baseline(sample: list[tuple], rows: int, path: Path) -> tuple[float, float]:
    prebuilt = (sample * (rows // len(sample) + 1))[:rows]
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(codes.STANDARD_COLUMNS)
        for i in range(0, rows, 20_000):
            writer.writerows(prebuilt[i:i + 20_000])
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="national")
    parser.add_argument("--years", default="2010-2029")
    parser.add_argument("--scale", type=float, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today(), dest="as_of")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    first, _, last = args.years.partition("-")
    args.years = list(range(int(first), int(last or first) + 1))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synth.csv"
        runs = []
        for _ in range(args.repeat):
            elapsed, cpu, notifications, rows, sample = run_synth(args, path)
            runs.append((elapsed, cpu))
        size = os.path.getsize(path)
        baselines = [run_baseline(sample, rows, path) for _ in range(args.repeat)]
    wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    base_wall, base_cpu = min(b[0] for b in baselines), min(b[1] for b in baselines)
    print(f"profile {args.profile}, years {args.years[0]}-{args.years[-1]}, scale {args.scale:g}, as of {args.as_of}")
    print(f"  {notifications:,} notifications, {rows:,} children, {size / 1e6:,.0f} MB of CSV")
    print("                        wall s   children/s    CPU s   children/s per CPU second")
    print(f"  cspr synth:           {wall:6.2f} {rows / wall:12,.0f}   {cpu:6.2f} {rows / cpu:12,.0f}")
    print(f"  csv.writer baseline:  {base_wall:6.2f} {rows / base_wall:12,.0f}   "
          f"{base_cpu:6.2f} {rows / base_cpu:12,.0f}   (pre-built rows, same file)")
    print(f"  ratio synth/baseline: wall {base_wall / wall:.2f}, CPU {base_cpu / cpu:.2f}")
    rate = rows / wall
    print(f"  target {TARGET:,} children/s: {'met' if rate >= TARGET else 'NOT met'} on the wall clock "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; on a busy machine read the CPU column)")


if __name__ == "__main__":
    main()
