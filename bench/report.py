"""Benchmark: every measure of the annual report over about a million children.

    uv run python bench/report.py                    # 1,000,000 children, a temporary SQLite file
    uv run python bench/report.py --children 100000  # smaller
    uv run python bench/report.py --db /tmp/bench.sqlite3   # keep (and reuse) the database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python bench/report.py

It fills a register with synthetic records (random but valid; not calibrated:
that is `cspr synth`'s job), then times, in the same process:

1. cspr: `national_report("panel-annual", 2020)` — the report's conditional
   aggregates through the ORM, the late-date pairs, and the report object;
2. the baseline: one hand-written SQL scan per table (notifications,
   children, theme codings) computing the same counts with SUM(CASE ...),
   written here without the ORM.

It checks that both give the same numbers and prints both times and their ratio
(target: cspr within 2x of the baseline, and under 10 s on SQLite). A benchmark,
never a timed unit test.
"""

import argparse
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
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(children: int, seed: int = 1) -> None:
    """Random valid records, in notified-date order, from December 2019 to December 2020."""
    from django.db import transaction

    from cspr.cases.models import Child
    from cspr.core.models import LocalAuthority, PracticeTheme
    from cspr.reviews.models import RapidReview

    if Child.objects.count() >= children:
        print(f"reusing a register of {Child.objects.count():,} children")
        return
    rng = random.Random(seed)
    las = list(LocalAuthority.objects.filter(valid_to__isnull=True).prefetch_related("partnerships"))
    partnership = {la.gss_code: la.partnerships.all()[0].code for la in las}
    themes = list(PracticeTheme.objects.values_list("code", flat=True))
    through = RapidReview.themes.through
    global _TOTAL
    _TOTAL = max(1, round(children / 1.08))  # notifications
    made = 0
    started = time.perf_counter()
    while made < children:
        with transaction.atomic():
            made += _batch(rng, las, partnership, themes, through)
        print(f"\r  filled {made:,} children in {time.perf_counter() - started:.0f} s", end="", flush=True)
    print()


def _batch(rng, las, partnership, themes, through) -> int:
    from cspr.cases.models import Child, Notification
    from cspr.domain import codes
    from cspr.reviews.models import PracticeReview, RapidReview

    global _REF
    batch_n, batch_rr, batch_pr, batch_t = [], [], [], []
    for _ in range(5000):
        _REF += 1
        ref = _REF
        # A register grows in date order, so rows sit on disk roughly in notified-date order.
        notified = FIRST_DAY + timedelta(days=min(_REF * DAYS // _TOTAL, DAYS - 1))
        aware = notified - timedelta(days=rng.choice([0, 1, 2, 3, 5, 8, 12]))
        kind = rng.choices(codes.INCIDENT_TYPES, weights=[43, 55, 2])[0]
        la = rng.choice(las)
        flags = {f: rng.choice(codes.FLAG_VALUES) for f in codes.NOTIFICATION_FLAGS}
        if kind != "serious_harm":
            flags["near_miss"] = "no"
        batch_n.append(Notification(
            ref=f"B{ref}", local_authority_id=la.gss_code, partnership_id=partnership[la.gss_code],
            incident_date=aware, aware_date=aware, notified_date=notified, incident_type=kind,
            death_category=rng.choice(codes.DEATH_CATEGORIES) if kind == "death" else "",
            harm_category=rng.choice(codes.HARM_CATEGORIES) if kind != "death" else "",
            notification_due_date=aware + timedelta(days=7), **flags,
        ))
        submitted = notified + timedelta(days=rng.randrange(5, 40)) if rng.random() < 0.9 else None
        batch_rr.append((submitted, aware + timedelta(days=21), rng.sample(themes, rng.randrange(0, 3))))
        decided = submitted + timedelta(days=20) if submitted and rng.random() < 0.2 else None
        batch_pr.append((decided, decided + timedelta(days=rng.randrange(120, 260)) if decided else None))
    Notification.objects.bulk_create(batch_n, batch_size=2500)
    reviews = []
    for n, (submitted, due, _) in zip(batch_n, batch_rr):
        reviews.append(RapidReview(
            notification=n, status="submitted" if submitted else "due", due_date=due, due_rule="wt2018",
            due_counted_from="aware_date", submitted_date=submitted,
            lcspr_recommended=rng.choice(codes.FLAG_VALUES), national_review="no",
        ))
    RapidReview.objects.bulk_create(reviews, batch_size=2500)
    for review, (_, _, chosen) in zip(reviews, batch_rr):
        batch_t += [through(rapidreview_id=review.pk, practicetheme_id=code) for code in chosen]
    through.objects.bulk_create(batch_t, batch_size=5000)
    PracticeReview.objects.bulk_create([
        PracticeReview(
            notification=n, status="published" if published else "commissioned", decision_date=decided,
            publication_due_date=decided + timedelta(days=182), final_report_due_date=decided + timedelta(days=170),
            published_date=published,
        )
        for n, (decided, published) in zip(batch_n, batch_pr) if decided
    ], batch_size=2500)
    kids = []
    for n in batch_n:
        for c in range(rng.choice([1] * 13 + [2, 3])):  # 1.08 children a notification, as in 2020
            kids.append(Child(
                notification=n, child_ref=f"C{c + 1}", gender=rng.choice(codes.GENDERS),
                age_years=rng.choice([None, *range(18)]), ethnicity=rng.choice(codes.ETHNICITIES),
                outcome="other", **{f: rng.choice(codes.FLAG_VALUES) for f in codes.CHILD_FLAGS},
            ))
    Child.objects.bulk_create(kids, batch_size=5000)
    return len(kids)


_REF = 0
_TOTAL = 1
FIRST_DAY, DAYS = date(2019, 12, 1), 397  # December 2019 to December 2020: 92% of the register in 2020


# --- The baseline: hand-written SQL, no ORM ----------------------------------------------------------

TABLES = {
    "notification": ('"cases_notification" n LEFT JOIN "cases_rapidreview" rr ON rr.notification_id = n.id '
                     'LEFT JOIN "cases_practicereview" pr ON pr.notification_id = n.id '
                     'JOIN "core_localauthority" la ON la.gss_code = n.local_authority_id'),
    "child": ('"cases_child" c JOIN "cases_notification" n ON n.id = c.notification_id'),
    "theme": ('"cases_rapidreview_themes" t JOIN "cases_rapidreview" rr ON rr.id = t.rapidreview_id '
              'JOIN "cases_notification" n ON n.id = rr.notification_id'),
}
COLUMNS = {
    "region": "la.region", "rr_submitted_date": "rr.submitted_date", "rr_due_date": "rr.due_date",
    "rr_lcspr_recommended": "rr.lcspr_recommended", "lcspr_decision_date": "pr.decision_date",
    "lcspr_published_date": "pr.published_date", "lcspr_due_date": "pr.publication_due_date", "theme": "t.practicetheme_id",
}
CHILD_COLUMNS = {"gender", "age_years", "ethnicity", "disability", "cp_plan", "looked_after", "child_in_need",
                 "known_to_csc", "home_educated", "child_mental_ill_health"}


def sql_condition(condition, level: str) -> str:
    from cspr.domain import measures as m

    def col(name):
        if level == "child" and name in CHILD_COLUMNS:
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
        case m.Missing(field=f):
            return f"({col(f)} IS NULL OR {col(f)} = '')" if f.endswith("category") else f"{col(f)} IS NULL"
        case m.Present(field=f):
            return f"{col(f)} IS NOT NULL"
        case m.NotAfter(field=f, other=o):
            return f"{col(f)} <= {col(o)}"
        case m.HasTheme(code=code):
            return f"t.practicetheme_id = '{code}'"
        case m.All(parts=ps):
            return "(" + " AND ".join(sql_condition(p, level) for p in ps) + ")"
        case m.AnyOf(parts=ps):
            return "(" + " OR ".join(sql_condition(p, level) for p in ps) + ")"
    raise TypeError(condition)


def baseline(quantities) -> dict:
    """One scan per table: SUM(CASE WHEN period AND condition THEN 1 ELSE 0 END) for each quantity."""
    from django.db import connection

    found = {}
    for level in ("notification", "child", "theme"):
        wanted = [q for q in quantities if q.level == level]
        if not wanted:
            continue
        low = min(q.period.start for q in wanted).isoformat()
        high = max(q.period.end for q in wanted).isoformat()
        sums = ", ".join(
            f"SUM(CASE WHEN n.notified_date BETWEEN '{q.period.start}' AND '{q.period.end}' AND "
            f"{sql_condition(q.condition, level)} THEN 1 ELSE 0 END)"
            for q in wanted
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sums} FROM {TABLES[level]} WHERE n.notified_date BETWEEN '{low}' AND '{high}'")
            row = cursor.fetchone()
        found.update({q: int(v or 0) for q, v in zip(wanted, row)})
    return found


def best_of(runs: int, work):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--db", help="SQLite file to fill or reuse (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup(args.db)

    from django.db import connection

    from cspr.domain.report_build import plan
    from cspr.domain.report_periods import calendar_year
    from cspr.domain.reports import DEFINITIONS
    from cspr.stats.population import load_baseline
    from cspr.stats.report import national_report

    fill(args.children)
    period = calendar_year(2020)
    definition = DEFINITIONS["panel-annual"]
    quantities = plan(definition, period, load_baseline()).quantities
    from cspr.cases.models import Child

    in_period = Child.objects.filter(notification__notified_date__year=2020).count()
    print(f"{connection.vendor}: {Child.objects.count():,} children, {in_period:,} in 2020; "
          f"{len(quantities)} counts in the report")

    base_time, base_counts = best_of(args.runs, lambda: baseline(quantities))
    cspr_time, data = best_of(args.runs, lambda: national_report("panel-annual", period=period))
    publish_time, _ = best_of(1, data.published)
    mismatched = [q for q in quantities if data.values[q] != base_counts[q]]
    if mismatched:
        sys.exit(f"cspr and the hand-written SQL disagree on {len(mismatched)} counts, e.g. {mismatched[0]}")
    ratio = cspr_time / base_time
    print(f"hand-written SQL scan (3 queries):  {base_time:6.2f} s")
    print(f"cspr national_report (7 queries):   {cspr_time:6.2f} s   ratio {ratio:.2f}x (target <= 2x)")
    print(f"disclosure control (--publish):     {publish_time:6.2f} s")
    print(f"absolute: {cspr_time:.2f} s (target <= 10 s on SQLite) - "
          f"{'met' if ratio <= 2 and (cspr_time <= 10 or connection.vendor != 'sqlite') else 'NOT met'}")


if __name__ == "__main__":
    main()
