"""Benchmark: `cspr import` of a national file, children per second, against plain sqlite3, and its memory.

    UV_PYTHON_DOWNLOADS=never uv run python bench/bulk_import.py [--children 1000000] [--small 100000]
        [--keep DIR]

Writes a valid cspr-2 CSV file of about N children with `cspr synth`'s machinery
(profile national, scaled to N), then, in a fresh process per size (so that peak
memory is that process's own): migrates a throwaway SQLite database, copies it
empty, imports the file through `import_files` (the command's code path: parse,
check, write, audit) and times it (wall and CPU). The same process then times the
baseline: a plain `sqlite3` connection inserting exactly the rows the import wrote,
table by table, with `executemany`, into the empty copy of the same tables (same
constraints, indexes, pragmas and page cache), in one transaction. Reading those rows
back is not timed.

Printed: children/s (wall and per CPU second), the import's time as a ratio of the
baseline's, and the peak resident memory of the import at --small children against
--children (issue 18: at least 25,000 children/s, within 5x of the baseline, memory
flat). Not a test: timings on a shared machine vary; the ratios are what to read.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATE, TARGET_RATIO = 25_000, 5.0
YEARS = list(range(2006, 2026))
AS_OF = date(2025, 12, 31)
# The tables an import writes, in an order their foreign keys allow.
TABLES = [
    "cases_notification",
    "cases_child",
    "cases_rapidreview",
    "cases_rapidreview_themes",
    "cases_practicereview",
    "cases_statusevent",
    "cases_caseshare",
    "core_auditevent",
]


def write_file(path: Path, children: int) -> tuple[int, int]:
    """A national synthetic file of about `children` children; (notifications, children) written."""
    from cspr.synth import Synth, load_profile, write_csv

    profile = load_profile("national")
    probe = Synth(profile, seed=1, as_of=AS_OF, years=YEARS, scale=1)
    for _ in probe.rows():
        pass
    synth = Synth(profile, seed=1, as_of=AS_OF, years=YEARS, scale=children / probe.children)
    with open(path, "w", newline="", encoding="utf-8") as out:
        write_csv(out, synth.rows())
    return synth.notifications, synth.children


def environment(work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DATABASE_URL"}
    return env | {
        "DATABASE_URL": f"sqlite:///{work / 'cspr.sqlite3'}",
        "CSPR_SECRET_KEY": "bench-only-" + "x" * 40,
        "CSPR_EMAIL_HOST": "localhost",
        "CSPR_CACHE": "local",
        "CSPR_DATA_DIR": str(work / "data"),
        "DJANGO_SETTINGS_MODULE": "cspr.settings",
    }


def measure(csv_path: Path, work: Path) -> dict:
    """In a fresh process: migrate, import (timed), then the sqlite3 baseline (timed). Returns the figures."""
    env = environment(work)
    subprocess.run([sys.executable, "-m", "cspr", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    shutil.copy(work / "cspr.sqlite3", work / "baseline.sqlite3")
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(csv_path), str(work)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"the measured process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(csv_path: Path, work: Path) -> None:
    """The measured process: import, peak memory, then the baseline into the empty copy."""
    import resource

    import django

    django.setup()
    from cspr.cases.importer import import_files
    from cspr.core.actors import system_actor

    actor = system_actor("bench")
    wall, cpu = time.perf_counter(), time.process_time()
    result = import_files([csv_path], actor=actor)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base_wall, base_cpu, rows = baseline(work / "cspr.sqlite3", work / "baseline.sqlite3")
    print(
        json.dumps(
            {
                "children": result.children,
                "notifications": result.created,
                "wall": wall,
                "cpu": cpu,
                "peak_mb": peak_mb,
                "baseline_wall": base_wall,
                "baseline_cpu": base_cpu,
                "rows": rows,
            }
        )
    )


def baseline(source: Path, target: Path) -> tuple[float, float, int]:
    """Insert the rows the import wrote into the empty copy with plain sqlite3 executemany; time only the inserts."""
    import sqlite3

    from django.db.backends.sqlite3._functions import _sqlite_regexp  # the CHECK on notification_ref needs REGEXP

    from cspr.core.bulk import SQLITE_CACHE_KIB

    read = sqlite3.connect(source)
    write = sqlite3.connect(target, isolation_level=None)
    write.create_function("REGEXP", 2, _sqlite_regexp, deterministic=True)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", f"cache_size=-{SQLITE_CACHE_KIB}"):
        write.execute(f"PRAGMA {pragma}")
    # The actor the rows name (made by the import; the copy was taken before it).
    users = read.execute("SELECT * FROM core_user").fetchall()
    write.executemany(f"INSERT OR IGNORE INTO core_user VALUES ({', '.join('?' * len(users[0]))})", users)
    wall = cpu = 0.0
    total = 0
    write.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        columns = [row[1] for row in read.execute(f"PRAGMA table_info({table})")]
        names, marks = ", ".join(f'"{c}"' for c in columns), ", ".join("?" * len(columns))
        cursor = read.execute(f"SELECT {names} FROM {table} ORDER BY id")
        while chunk := cursor.fetchmany(20_000):
            started, started_cpu = time.perf_counter(), time.process_time()
            write.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)
            wall += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
            total += len(chunk)
    started, started_cpu = time.perf_counter(), time.process_time()
    write.execute("COMMIT")
    return wall + time.perf_counter() - started, cpu + time.process_time() - started_cpu, total


def report(size: int, figures: dict) -> None:
    children, wall, cpu = figures["children"], figures["wall"], figures["cpu"]
    print(f"{children:,} children ({figures['notifications']:,} notifications; {figures['rows']:,} rows written)")
    print(
        f"  import:   {wall:7.1f} s wall {children / wall:9,.0f} children/s   {cpu:7.1f} s CPU "
        f"{children / cpu:9,.0f} children/CPU s   peak {figures['peak_mb']:,.0f} MB"
    )
    print(
        f"  sqlite3:  {figures['baseline_wall']:7.1f} s wall {children / figures['baseline_wall']:9,.0f} children/s"
        f"   {figures['baseline_cpu']:7.1f} s CPU (executemany of the same rows, same tables)"
    )
    print(
        f"  ratio import/baseline: wall {wall / figures['baseline_wall']:.2f}, CPU {cpu / figures['baseline_cpu']:.2f}"
        f" (target within {TARGET_RATIO:g}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="the smaller size, for memory (0: skip)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (files, databases)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="cspr-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = {}
        for size in [s for s in (args.small, args.children) if s]:
            folder = work / str(size)
            folder.mkdir(exist_ok=True)
            csv_path = folder / "national.csv"
            started = time.perf_counter()
            notifications, children = write_file(csv_path, size)
            print(
                f"wrote {children:,} children ({notifications:,} notifications, "
                f"{csv_path.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.0f} s"
            )
            results[size] = measure(csv_path, folder)
            report(size, results[size])
            (folder / "cspr.sqlite3").unlink()
            (folder / "baseline.sqlite3").unlink()
        big = results[args.children]
        rate = big["children"] / big["wall"]
        print(
            f"target {TARGET_RATE:,} children/s: {'met' if rate >= TARGET_RATE else 'NOT met'} on the wall clock "
            f"({big['children'] / big['cpu']:,.0f} per CPU second; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} CPUs)"
        )
        if args.small and args.small in results and args.small != args.children:
            small = results[args.small]
            print(
                f"peak memory: {small['peak_mb']:,.0f} MB at {small['children']:,} children, "
                f"{big['peak_mb']:,.0f} MB at {big['children']:,}: ratio {big['peak_mb'] / small['peak_mb']:.2f} "
                "(flat: near 1)"
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
