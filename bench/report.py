"""Benchmark: every measure of the annual report over about a million children.

    uv run --group bench python bench/report.py                  # 1,000,000 children, a temporary SQLite file
    uv run --group bench python bench/report.py --children 100000            # smaller
    uv run --group bench python bench/report.py --db /tmp/bench.sqlite3      # keep (and reuse) the database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run --group bench python bench/report.py

(`--group bench` installs DuckDB, which only this benchmark uses; without it the
DuckDB baseline is skipped and said so.)

It fills a register with synthetic records (random but valid; not calibrated:
that is `cspr synth`'s job), with the statutory due dates and the working days
late every writer stores (ADR 0036), written with plain `executemany` so that a
million children take a minute or two, not twenty. Then, in the same process:

1. cspr: `national_report("panel-annual", 2020)`: three queries through the ORM
   (notifications, carrying their theme codings; children; the register's first notified
   date), each row's columns
   reduced in SQL to a few packed integer codes and every condition tested by numpy
   on chunks of rows (cspr/stats/columnar.py), and the report object;
2. baseline 1: one hand-written SQL scan per table computing the same counts
   with SUM(CASE ...), written here without the ORM, on the same database;
3. baseline 2: DuckDB running that same SQL on the same rows, which are copied
   from the register's tables into DuckDB's own tables (through a CSV file)
   *before* the timing starts: only the query is timed.

It checks that all three give the same numbers and prints the times and the
ratios (targets: cspr within 2x of the hand-written SQL and of DuckDB, and under
10 s on SQLite). A benchmark, never a timed unit test.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(db: str | None) -> None:
    if "DATABASE_URL" not in os.environ:
        path = db or os.path.join(tempfile.mkdtemp(prefix="cspr-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    # Only a throwaway synthetic register: the settings refuse to start without these.
    os.environ.setdefault("CSPR_SECRET_KEY", "bench-report-throwaway-" + "k" * 40)
    os.environ.setdefault("CSPR_EMAIL_HOST", "localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- The register: plain executemany of valid rows -------------------------------------------------


class Table:
    """Rows of one model written with one INSERT per batch; a column the row does not give takes
    the field's default, so every NOT NULL column is filled as the ORM would fill it."""

    def __init__(self, model):
        from django.db import connection
        from django.utils import timezone

        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.generated]  # the database computes those
        now = timezone.now()
        self.defaults = {
            f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            for f in self.fields
        }
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.sql = (
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            f"VALUES ({', '.join(['%s'] * len(self.fields))})"
        )
        self.next_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def write(self, rows: list[dict]) -> None:
        from django.db import connection

        prepared = [
            [f.get_db_prep_save(row.get(f.attname, self.defaults[f.attname]), connection) for f in self.fields]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, prepared)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


def fill(children: int, seed: int = 1) -> None:
    """Random valid records, in notified-date order, from December 2019 to December 2020."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from cspr.cases.models import Child, Notification
    from cspr.core import clock
    from cspr.core.models import LocalAuthority, PracticeTheme
    from cspr.reviews.models import PracticeReview, RapidReview

    if Child.objects.count() >= children:
        print(f"reusing a register of {Child.objects.count():,} children")
        return
    global _REF
    _REF = Notification.objects.count()  # a register filled part of the way goes on from there
    rng = random.Random(seed)
    las = list(LocalAuthority.objects.filter(valid_to__isnull=True).prefetch_related("partnerships"))
    partnership = {la.gss_code: la.partnerships.all()[0].code for la in las}
    themes = list(PracticeTheme.objects.values_list("code", flat=True))
    models = (Notification, RapidReview, RapidReview.themes.through, PracticeReview, Child)
    tables = {model: Table(model) for model in models}
    global _TOTAL
    _TOTAL = max(1, round(children / 1.08))  # notifications
    made = 0
    started = time.perf_counter()
    with clock.memoised():  # each due date and each day-count once per distinct date, as an import does
        while made < children:
            with transaction.atomic():
                made += _batch(rng, las, partnership, themes, tables)
            print(f"\r  filled {made:,} children in {time.perf_counter() - started:.0f} s", end="", flush=True)
    print()
    with connection.cursor() as cursor:  # ids were given explicitly: PostgreSQL's sequences catch up
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


def _batch(rng, las, partnership, themes, tables) -> int:
    from cspr.cases.models import Child, Notification
    from cspr.core import clock
    from cspr.domain import codes
    from cspr.reviews.models import PracticeReview, RapidReview

    global _REF
    rows = {model: [] for model in tables}
    for _ in range(5000):
        _REF += 1
        # A register grows in date order, so rows sit on disk roughly in notified-date order.
        notified = FIRST_DAY + timedelta(days=min(_REF * DAYS // _TOTAL, DAYS - 1))
        aware = notified - timedelta(days=rng.choice([0, 1, 2, 3, 5, 8, 12]))
        kind = rng.choices(codes.INCIDENT_TYPES, weights=[43, 55, 2])[0]
        la = rng.choice(las)
        flags = {f: rng.choice(codes.FLAG_VALUES) for f in codes.NOTIFICATION_FLAGS}
        if kind != "serious_harm":
            flags["near_miss"] = "no"
        notification_id = tables[Notification].new_id()
        notification_due = clock.notification_due(aware)
        rows[Notification].append(
            dict(
                id=notification_id,
                ref=f"B{_REF}",
                local_authority_id=la.gss_code,
                partnership_id=partnership[la.gss_code],
                incident_date=aware,
                aware_date=aware,
                notified_date=notified,
                incident_type=kind,
                death_category=rng.choice(codes.DEATH_CATEGORIES) if kind == "death" else "",
                harm_category=rng.choice(codes.HARM_CATEGORIES) if kind != "death" else "",
                notification_due_date=notification_due,
                notification_days_late=clock.working_days_late(notification_due, notified),
                **flags,
            )
        )
        submitted = notified + timedelta(days=rng.randrange(5, 40)) if rng.random() < 0.9 else None
        rr_due = clock.rapid_review_due(aware_date=aware, notified_date=notified)
        review_id = tables[RapidReview].new_id()
        rows[RapidReview].append(
            dict(
                id=review_id,
                notification_id=notification_id,
                status="submitted" if submitted else "due",
                due_date=rr_due.due,
                due_rule=rr_due.edition.value,
                due_counted_from=rr_due.counted_from,
                submitted_date=submitted,
                days_late=clock.working_days_late(rr_due.due, submitted),
                lcspr_recommended=rng.choice(codes.FLAG_VALUES),
                national_review="no",
            )
        )
        rows[RapidReview.themes.through] += [
            dict(id=tables[RapidReview.themes.through].new_id(), rapidreview_id=review_id, practicetheme_id=code)
            for code in rng.sample(themes, rng.randrange(0, 3))
        ]
        decided = submitted + timedelta(days=20) if submitted and rng.random() < 0.2 else None
        if decided:
            published = decided + timedelta(days=rng.randrange(120, 260)) if rng.random() < 0.5 else None
            due = clock.practice_review_due(decided)
            rows[PracticeReview].append(
                dict(
                    id=tables[PracticeReview].new_id(),
                    notification_id=notification_id,
                    status="published" if published else "commissioned",
                    decision_date=decided,
                    publication_due_date=due.publication,
                    final_report_due_date=due.final_report,
                    published_date=published,
                    publication_days_late=clock.working_days_late(due.publication, published),
                )
            )
        for c in range(rng.choice([1] * 13 + [2, 3])):  # 1.08 children a notification, as in 2020
            rows[Child].append(
                dict(
                    id=tables[Child].new_id(),
                    notification_id=notification_id,
                    child_ref=f"C{c + 1}",
                    gender=rng.choice(codes.GENDERS),
                    age_years=rng.choice([None, *range(18)]),
                    ethnicity=rng.choice(codes.ETHNICITIES),
                    outcome="other",
                    **{f: rng.choice(codes.FLAG_VALUES) for f in codes.CHILD_FLAGS},
                )
            )
    for model, table in tables.items():
        table.write(rows[model])
    return len(rows[Child])


_REF = 0
_TOTAL = 1
FIRST_DAY, DAYS = date(2019, 12, 1), 397  # December 2019 to December 2020: 92% of the register in 2020


# --- The baselines: hand-written SQL, no ORM, on the register and in DuckDB -----------------------

TABLES = {
    "notification": (
        '"cases_notification" n LEFT JOIN "cases_rapidreview" rr ON rr.notification_id = n.id '
        'LEFT JOIN "cases_practicereview" pr ON pr.notification_id = n.id '
        'JOIN "core_localauthority" la ON la.gss_code = n.local_authority_id'
    ),
    "child": ('"cases_child" c JOIN "cases_notification" n ON n.id = c.notification_id'),
    "theme": (
        '"cases_rapidreview_themes" t JOIN "cases_rapidreview" rr ON rr.id = t.rapidreview_id '
        'JOIN "cases_notification" n ON n.id = rr.notification_id'
    ),
}
COLUMNS = {
    "region": "la.region",
    "rr_submitted_date": "rr.submitted_date",
    "rr_due_date": "rr.due_date",
    "rr_lcspr_recommended": "rr.lcspr_recommended",
    "lcspr_decision_date": "pr.decision_date",
    "lcspr_published_date": "pr.published_date",
    "lcspr_due_date": "pr.publication_due_date",
    "theme": "t.practicetheme_id",
    "rr_days_late": "rr.days_late",
    "lcspr_days_late": "pr.publication_days_late",
    # A child's place among its notification's children by child_ref (domain/measures.py CHILD_NUMBER).
    "child_number": (
        '(1 + (SELECT COUNT(*) FROM "cases_child" c2 '
        "WHERE c2.notification_id = c.notification_id AND c2.child_ref < c.child_ref))"
    ),
}


def sql_condition(condition, level: str, coded: dict) -> str:
    """`coded` names the column of `codings` (see `baseline`) that holds each set of themes."""
    from cspr.domain import measures as m
    from cspr.stats.columnar import BLANK_IS_MISSING  # text "" is missing
    from cspr.stats.engine import CHILD_FIELDS  # the child's own columns

    def col(name):
        if level == "child" and name in CHILD_FIELDS:
            return f"c.{name}"
        return COLUMNS.get(name, f"n.{name}")

    def lit(value):
        return str(value) if isinstance(value, int) else f"'{value}'"

    match condition:
        case m.Always():
            return "1=1"
        case m.Eq(field=f, value=v):
            return f"{col(f)} = {lit(v)}"
        case m.In(field=f, values=vs):
            return f"{col(f)} IN ({', '.join(lit(v) for v in vs)})"
        case m.Between(field=f, low=lo, high=hi):
            return f"{col(f)} BETWEEN {lit(lo)} AND {lit(hi)}"
        case m.AtLeast(field=f, low=lo):
            return f"{col(f)} >= {lit(lo)}"
        case m.Missing(field=f):
            return f"({col(f)} IS NULL OR {col(f)} = '')" if f in BLANK_IS_MISSING else f"{col(f)} IS NULL"
        case m.Present(field=f):
            return f"({col(f)} IS NOT NULL AND {col(f)} <> '')" if f in BLANK_IS_MISSING else f"{col(f)} IS NOT NULL"
        case m.NotAfter(field=f, other=o):
            return f"{col(f)} <= {col(o)}"
        case m.After(field=f, other=o):
            return f"{col(f)} > {col(o)}"
        case m.HasTheme(code=code):
            return f"t.practicetheme_id = '{code}'"
        case m.CodedWithAny(codes=codes):
            return f"ct.{coded[codes]} = 1"
        case m.All(parts=ps):
            return "(" + " AND ".join(sql_condition(p, level, coded) for p in ps) + ")"
        case m.AnyOf(parts=ps):
            return "(" + " OR ".join(sql_condition(p, level, coded) for p in ps) + ")"
    raise TypeError(condition)


def theme_sets(condition) -> list:
    from cspr.domain import measures as m

    if isinstance(condition, m.CodedWithAny):
        return [condition.codes]
    return [codes for part in getattr(condition, "parts", ()) for codes in theme_sets(part)]


def baseline(quantities, execute) -> dict:
    """One scan per table: SUM(CASE WHEN period AND condition THEN 1 ELSE 0 END) for each quantity.
    `execute(sql)` runs a statement and returns its one row (the register's connection, or DuckDB's)."""
    found = {}
    for level in ("notification", "child", "theme"):
        wanted = [q for q in quantities if q.level == level]
        if not wanted:
            continue
        low = min(q.period.start for q in wanted).isoformat()
        high = max(q.period.end for q in wanted).isoformat()
        # "Coded with any of these themes": each review's codings, grouped once and joined,
        # rather than a correlated EXISTS per count (which DuckDB runs as a join each).
        coded = {
            codes: f"k{i}"
            for i, codes in enumerate(dict.fromkeys(codes for q in wanted for codes in theme_sets(q.condition)))
        }
        tables = TABLES[level]
        if coded:
            flags = ", ".join(
                f"MAX(CASE WHEN practicetheme_id IN ({', '.join(repr(c) for c in codes)}) THEN 1 ELSE 0 END) AS {name}"
                for codes, name in coded.items()
            )
            tables += (
                f' LEFT JOIN (SELECT rapidreview_id, {flags} FROM "cases_rapidreview_themes" '
                "GROUP BY rapidreview_id) ct ON ct.rapidreview_id = rr.id"
            )
        sums = ", ".join(
            f"SUM(CASE WHEN n.notified_date BETWEEN '{q.period.start}' AND '{q.period.end}' AND "
            f"{sql_condition(q.condition, level, coded)} THEN 1 ELSE 0 END)"
            for q in wanted
        )
        row = execute(f"SELECT {sums} FROM {tables} WHERE n.notified_date BETWEEN '{low}' AND '{high}'")
        found.update({q: int(v or 0) for q, v in zip(wanted, row)})
    return found


def on_the_register(sql: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def duckdb_copy(folder: Path):
    """A DuckDB database holding the tables the baseline reads, copied from the register (through
    a CSV file per table, with each column's type from its model field) before anything is timed."""
    import duckdb
    from django.db import connection

    from cspr.cases.models import Child, Notification
    from cspr.core.models import LocalAuthority
    from cspr.reviews.models import PracticeReview, RapidReview

    types = {"DateField": "DATE", "BooleanField": "BOOLEAN", "DateTimeField": "TIMESTAMP"}
    duck = duckdb.connect()
    for model in (Notification, RapidReview, RapidReview.themes.through, PracticeReview, LocalAuthority, Child):
        fields = [f for f in model._meta.concrete_fields if f.get_internal_type() != "TextField"]
        names = [f.column for f in fields]
        path = folder / f"{model._meta.db_table}.csv"
        with open(path, "w", newline="") as out, connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(connection.ops.quote_name(c) for c in names)} "
                f"FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            writer = csv.writer(out)
            writer.writerow(names)
            while chunk := cursor.fetchmany(50_000):
                writer.writerows(chunk)
        columns = {
            f.column: types.get(f.get_internal_type(), "BIGINT" if "Integer" in f.get_internal_type() else "VARCHAR")
            for f in fields
        }
        duck.execute(
            f"CREATE TABLE {model._meta.db_table} AS SELECT * FROM read_csv(?, header = true, columns = {columns!r})",
            [str(path)],
        )
        path.unlink()
    return duck


CPU = {}  # work -> its least CPU time (this process, every thread), steadier than wall on a shared machine


def best_of(runs: int, work, name: str = ""):
    times, cpu, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU[name] = min(cpu)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--db", help="SQLite file to fill or reuse (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup(args.db)

    from django.db import connection

    from cspr.cases.models import Child
    from cspr.domain.report_build import plan
    from cspr.domain.report_lateness import Late, late_quantity
    from cspr.domain.report_periods import calendar_year
    from cspr.domain.reports import DEFINITIONS
    from cspr.stats.population import load_baseline
    from cspr.stats.report import earliest_notified, national_report

    fill(args.children)
    period = calendar_year(2020)
    # The same counts national_report asks for: none of a period the register does not cover.
    keys = plan(DEFINITIONS["panel-annual"], period, load_baseline(), earliest_notified()).keys
    counted = {key: late_quantity(key) if isinstance(key, Late) else key for key in keys}
    quantities = list(dict.fromkeys(counted.values()))
    in_period = Child.objects.filter(notification__notified_date__year=2020).count()
    print(
        f"{connection.vendor}: {Child.objects.count():,} children, {in_period:,} in 2020; "
        f"{len(quantities)} counts in the report"
    )

    base_time, base_counts = best_of(args.runs, lambda: baseline(quantities, on_the_register), "sql")
    cspr_time, data = best_of(args.runs, lambda: national_report("panel-annual", period=period), "cspr")
    publish_time, _ = best_of(1, data.published, "publish")
    mismatched = [k for k, q in counted.items() if data.values[k] != base_counts[q]]
    if mismatched:
        sys.exit(f"cspr and the hand-written SQL disagree on {len(mismatched)} counts, e.g. {mismatched[0]}")
    ratio = cspr_time / base_time
    print(f"hand-written SQL scan (3 queries):   {base_time:6.2f} s")
    from cspr.stats import engine

    cspr_threads = engine._threads(connection.alias)  # as the report decided: split between threads or not
    print(
        f"cspr national_report (3 queries):    {cspr_time:6.2f} s   cspr / SQL    {ratio:5.2f}x (target <= 2x)"
        f"; read by {cspr_threads} thread{'s' if cspr_threads > 1 else ''}"
    )
    duck_ratio = None
    try:
        import duckdb
    except ImportError:
        print("DuckDB: not installed, baseline skipped (uv run --group bench python bench/report.py)")
    else:
        with tempfile.TemporaryDirectory(prefix="cspr-bench-duckdb-") as folder:
            started = time.perf_counter()
            duck = duckdb_copy(Path(folder))
            copy_time = time.perf_counter() - started
        threads = duck.execute("SELECT current_setting('threads')").fetchone()[0]
        in_duckdb = lambda sql: duck.execute(sql).fetchone()  # noqa: E731
        duck_time, duck_counts = best_of(args.runs, lambda: baseline(quantities, in_duckdb), "duckdb")
        wrong = [q for q in quantities if duck_counts[q] != base_counts[q]]
        if wrong:
            sys.exit(f"DuckDB and the hand-written SQL disagree on {len(wrong)} counts, e.g. {wrong[0]}")
        duck_ratio = cspr_time / duck_time
        print(
            f"DuckDB {duckdb.__version__}, same SQL, {threads} threads: {duck_time:6.2f} s   cspr / DuckDB "
            f"{duck_ratio:5.2f}x (target <= 2x); rows loaded into DuckDB tables before timing "
            f"({copy_time:.1f} s, not timed)"
        )
    print(f"disclosure control (--publish):      {publish_time:6.2f} s")
    print(
        "CPU seconds (best run): "
        + ", ".join(f"{name} {seconds:.2f}" for name, seconds in CPU.items())
        + (f"; cspr / DuckDB {CPU['cspr'] / CPU['duckdb']:.2f}x on CPU" if "duckdb" in CPU else "")
    )
    # Each target's own verdict: one line for all three read as if the absolute time had failed.
    absolute = cspr_time <= 10 or connection.vendor != "sqlite"
    print(f"absolute: {cspr_time:.2f} s (target <= 10 s on SQLite) - {'met' if absolute else 'NOT met'}")
    met = ratio <= 2 and absolute and (duck_ratio is None or duck_ratio <= 2)
    print(f"all targets (<= 2x SQL, <= 2x DuckDB, <= 10 s): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
