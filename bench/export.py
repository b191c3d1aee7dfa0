"""Benchmark: `cspr export` of a register of about a million children.

    uv run python bench/export.py                     # 1,000,000 children, a temporary SQLite file
    uv run python bench/export.py --children 100000   # smaller
    uv run python bench/export.py --db /tmp/bench.sqlite3   # keep (and reuse) the database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python bench/export.py

It fills a register with bench/report.py's synthetic records, then, in the same
process, times writing the whole register as CSV to a file:

1. cspr: the `cspr export` command (the scoped queryset, the set-based reads of
   cspr/cases/exporter.py, the audit event);
2. the baseline: the database driver alone (`sqlite3`, or psycopg on PostgreSQL),
   on a connection of its own, running one hand-written query that joins the
   notifications, their reviews and their children in canonical order (themes
   aggregated in SQL), every row written with `csv.writer`.

It checks that both wrote the same number of rows and prints both times and their
ratio (target: cspr within 3x). Then it runs `cspr export` in a new process twice,
for the first tenth of the register (`--to`) and for all of it, and prints each
peak resident memory (Linux's VmHWM) and their ratio (target: flat, about 1x). A benchmark, never
a timed unit test.
"""

import argparse
import csv
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import best_of, fill, setup  # noqa: E402 - after the path is set


def baseline_sql(vendor: str) -> str:
    """The rows of the standard, hand-written: one query, ordered as the export orders them."""
    from cspr.domain import codes

    themes = "group_concat(t.practicetheme_id, ';')" if vendor == "sqlite" else "string_agg(t.practicetheme_id, ';')"
    notification = [
        "n.ref",
        "n.local_authority_id",
        "n.incident_date",
        "n.aware_date",
        "n.notified_date",
        "n.incident_type",
        "n.death_category",
        "n.harm_category",
        *(f"n.{flag}" for flag in codes.NOTIFICATION_FLAGS),
        "rr.submitted_date",
        f"(SELECT {themes} FROM cases_rapidreview_themes t WHERE t.rapidreview_id = rr.id)",
        "rr.lcspr_recommended",
        "rr.panel_response_date",
        "rr.national_review",
        "pr.decision_date",
        "pr.final_report_date",
        "pr.published_date",
        "n.notification_kind",
        "n.abuse_neglect_suspected",
        *(f"n.{flag}" for flag in codes.NOTIFICATION_FLAGS_2),
        "n.late_notification_reason",
        "n.late_rapid_review_reason",
        "n.incident_description",
    ]
    child = [f"c.{column}" for column in codes.CHILD_COLUMNS]
    computed = [
        "n.notification_due_date",
        "rr.due_date",
        "pr.publication_due_date",
        "n.version + rr.version + COALESCE(pr.version, 0)",
    ]
    return (
        f"SELECT {', '.join(notification + child + computed)} "
        "FROM cases_notification n "
        "LEFT JOIN cases_rapidreview rr ON rr.notification_id = n.id "
        "LEFT JOIN cases_practicereview pr ON pr.notification_id = n.id "
        "JOIN cases_child c ON c.notification_id = n.id "
        "ORDER BY n.notified_date, n.ref, c.child_ref"
    )


def driver_connection():
    """A connection of the driver's own, outside Django (no converters, no wrappers)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.connect(settings["NAME"])
    import psycopg

    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )


def baseline(path: Path) -> None:
    from django.db import connection

    from cspr.domain import codes

    with driver_connection() as db, open(path, "w", newline="", encoding="utf-8") as out:
        cursor = db.cursor()
        cursor.execute(baseline_sql(connection.vendor))
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(codes.ALL_COLUMNS)
        while rows := cursor.fetchmany(5000):
            writer.writerows(rows)


def cspr_export(path: Path) -> None:
    from django.core.management import call_command

    with open(path, "w", newline="", encoding="utf-8") as out:
        call_command("export", stdout=out, stderr=io.StringIO())


def lines(path: Path) -> int:
    """Rows written (the synthetic register's text has no line breaks of its own)."""
    with open(path, "rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))


# `cspr export` as the console script runs it, printing at exit the peak resident memory of its own
# address space (Linux's VmHWM). Not the child's ru_maxrss, which counts this process's memory too:
# the child starts as a copy of it before it executes Python afresh.
PEAK_OF_EXPORT = """
import atexit, sys
atexit.register(lambda: sys.stderr.write([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0]))
sys.argv = ["cspr", "export", *sys.argv[1:]]
from cspr.cli import main
main()
"""


def peak_memory(args: list[str], path: Path) -> tuple[float, int]:
    """`cspr export ARGS` in a new process: its peak resident memory (MB) and the rows it wrote."""
    with open(path, "w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-c", PEAK_OF_EXPORT, *args], stdout=out, stderr=subprocess.PIPE, text=True, cwd=ROOT
        )
    if done.returncode:
        sys.exit(f"cspr export {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    peak_kb = int(done.stderr.rpartition("VmHWM:")[2].split()[0])
    return peak_kb / 1024, lines(path) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--db", help="SQLite file to fill or reuse (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    setup(args.db)

    from django.db import connection

    from cspr.cases.models import Child, Notification

    fill(args.children)
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum keeps them for a register that grew over years:
        # without them a chunk's few thousand keys are planned as scans of whole tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Child.objects.count()
    print(f"{connection.vendor}: {Notification.objects.count():,} notifications, {total:,} children")

    work = Path(tempfile.mkdtemp(prefix="cspr-bench-export-"))
    base_time, _ = best_of(args.runs, lambda: baseline(work / "baseline.csv"))
    cspr_time, _ = best_of(args.runs, lambda: cspr_export(work / "cspr.csv"))
    base_rows, cspr_rows = lines(work / "baseline.csv") - 1, lines(work / "cspr.csv") - 1
    if base_rows != cspr_rows:
        sys.exit(f"cspr wrote {cspr_rows:,} rows and the baseline {base_rows:,}")
    ratio = cspr_time / base_time
    print(f"driver + csv.writer (1 query):     {base_time:6.2f} s  {base_rows / base_time:10,.0f} children/s")
    print(
        f"cspr export (CSV):                 {cspr_time:6.2f} s  {cspr_rows / cspr_time:10,.0f} children/s"
        f"   ratio {ratio:.2f}x (target <= 3x) - {'met' if ratio <= 3 else 'NOT met'}"
    )

    # Peak memory, each in a new process: the first tenth of the register, then all of it.
    tenth = Notification.objects.order_by("notified_date").values_list("notified_date", flat=True)[
        Notification.objects.count() // 10
    ]
    small_mb, small_rows = peak_memory(["--to", tenth.isoformat()], work / "tenth.csv")
    large_mb, large_rows = peak_memory([], work / "all.csv")
    print(f"peak memory, {small_rows:>9,} children: {small_mb:6.0f} MB")
    print(
        f"peak memory, {large_rows:>9,} children: {large_mb:6.0f} MB   ratio {large_mb / small_mb:.2f}x "
        f"for {large_rows / small_rows:.1f}x the rows (target: flat)"
    )
    for file in work.iterdir():
        file.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
