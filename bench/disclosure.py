"""Benchmark: disclosure control on the whole ledger of the 2020 national report.

    uv run python bench/disclosure.py                      # a temporary SQLite file
    uv run python bench/disclosure.py --threshold 5 --runs 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python bench/disclosure.py

It loads the synthetic register `cspr synth --profile panel-2020 --seed 2020`,
counts `national_report("panel-annual", 2020)` once, and takes its ledger (every
figure the report shows, linked by every published sum: ADR 0022). Then, in
the same process, on that ledger:

1. baseline: the rule of ADR 0005 alone (smallest part by position, no
   look-ahead, nothing given back), the cheapest rule there is;
2. cspr: `disclosure.suppress`, every candidate pattern and the choice.

It prints each one's best time, the ratio, the children each hides beyond the
small counts (mass), the totals and margins it hides, and whether the grand
total of children is shown. The report page publishes on every cache miss, so
the target is suppress well under a second. A benchmark, never a timed unit test.
"""

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    from bench.report import setup as migrated  # the same throwaway database and settings

    migrated(None)
    from django.core.management import call_command

    call_command("synth", "--profile", "panel-2020", "--seed", "2020", "--load", stdout=io.StringIO(),
                 stderr=io.StringIO())


def best_of(runs: int, work):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=int, action="append", help="default: 4 and 5")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()

    from cspr.domain import disclosure
    from cspr.domain.measures import MEASURES, measure_quantity
    from cspr.domain.report_periods import calendar_year
    from cspr.stats.report import national_report

    period = calendar_year(2020)
    data = national_report("panel-annual", period=period)
    table, keys = data.ledger()
    children = (keys.index(measure_quantity(MEASURES["children.total"], period)), 0)
    margins = {line.total for line in table.relations}
    print(f"ledger: {len(keys)} figures, {len(table.relations)} sums; children.total = {table.value(children)}")

    def describe(hidden: set, primary: frozenset) -> str:
        secondary = hidden - primary
        return (f"mass {disclosure._mass(table, secondary):5d}, totals and margins hidden "
                f"{len(hidden & margins):2d}, children.total {'hidden' if children in hidden else 'shown'}")

    worst = 0.0
    for threshold in args.threshold or [4, 5]:
        primary = frozenset(c for c in table.cells() if 1 <= table.value(c) <= threshold)
        base_time, before = best_of(
            args.runs, lambda: disclosure._secondary(table, primary, margins, look_ahead=False)  # noqa: B023
        )
        cspr_time, published = best_of(args.runs, lambda: disclosure.suppress(table, threshold=threshold))  # noqa: B023
        if disclosure.recoverable_cells(published):
            sys.exit(f"threshold {threshold}: the auditor works out a hidden cell")
        worst = max(worst, cspr_time)
        print(f"threshold {threshold}, {len(primary)} small counts")
        print(f"  ADR 0005's rule alone: {base_time:6.3f} s   {describe(before, primary)}")
        print(f"  cspr suppress:         {cspr_time:6.3f} s   {describe(set(published.suppressed), primary)}"
              f"   suppress / rule {cspr_time / base_time:5.2f}x")
    print(f"absolute: slowest suppress {worst:.3f} s (target well under 1 s) - {'met' if worst < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
