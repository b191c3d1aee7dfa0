"""`--publish`: no count from 1 to the threshold, and no suppressed cell that can be worked out.

A property test over random registers (pure Python, evaluated with the
catalogue's reference semantics) and checks of the published outputs of the
hand-worked register.
"""

import json
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspr.domain import codes
from cspr.domain.calendar import england_calendar
from cspr.domain.deadlines import working_days_late
from cspr.domain.disclosure import recoverable_cells, suppress
from cspr.domain.measures import CHILD, NOTIFICATION, REGIONS, THEME, count_matching
from cspr.domain.report_build import ReportData, plan
from cspr.domain.report_lateness import LATENESS, Late, late_quantity
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.domain.reports import DEFINITIONS
from cspr.stats.population import parse_baseline
from cspr.stats.render import render
from tests.stats.register import BASELINE_BY_AGE_CSV

CALENDAR = england_calendar()


def random_register(seed: int, size: int) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    rows = {NOTIFICATION: [], CHILD: [], THEME: []}
    for _ in range(size):
        notified = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 800))
        kind = rng.choice(codes.INCIDENT_TYPES)
        n = {
            "notified_date": notified,
            "notification_due_date": notified + timedelta(days=rng.choice([-3, 0, 2, -9])),
            "incident_type": kind,
            "death_category": rng.choice(codes.DEATH_CATEGORIES) if kind == "death" else None,
            "harm_category": rng.choice(codes.HARM_CATEGORIES) if kind != "death" else None,
            "region": rng.choice(REGIONS[:3]),
            **{flag: rng.choice(codes.FLAG_VALUES) for flag in codes.NOTIFICATION_FLAGS},
            "rr_submitted_date": None,
            "lcspr_decision_date": None,
            "lcspr_published_date": None,
        }
        if kind != "serious_harm":
            n["near_miss"] = "no"
        themes = []
        if rng.random() < 0.7:
            submitted = notified + timedelta(days=rng.randrange(5, 40))
            n |= {
                "rr_submitted_date": submitted,
                "rr_due_date": notified + timedelta(days=21),
                "rr_lcspr_recommended": rng.choice(codes.FLAG_VALUES),
            }
            themes = rng.sample(codes.THEME_CODES, rng.randrange(0, 3))
            if rng.random() < 0.4:
                decision = submitted + timedelta(days=10)
                n |= {"lcspr_decision_date": decision, "lcspr_due_date": decision + timedelta(days=182)}
                if rng.random() < 0.6:
                    n["lcspr_published_date"] = decision + timedelta(days=rng.randrange(120, 260))
        rows[NOTIFICATION].append(n)
        for _ in range(rng.choice([1, 1, 2, 3])):
            rows[CHILD].append(
                n
                | {
                    "gender": rng.choice(codes.GENDERS),
                    "age_years": rng.choice([None, *range(18)]),
                    "ethnicity": rng.choice(codes.ETHNICITIES),
                    **{flag: rng.choice(codes.FLAG_VALUES) for flag in codes.CHILD_FLAGS},
                    # Every child has an outcome (the register gives the incident's when a file leaves it
                    # empty), so the home-educated children's outcomes add up to them.
                    "outcome": codes.DEFAULT_OUTCOME[kind],
                }
            )
        rows[THEME] += [n | {"theme": t} for t in themes]
    return rows


def evaluate(rows, keys) -> dict:
    """What the database would give, from the reference semantics."""
    # Each notification's working days late, as every writer stores them (ADR 0036).
    notifications = [
        r
        | {
            rule.days_field: working_days_late(r.get(rule.due_field), r.get(rule.done_field), CALENDAR)
            for rule in LATENESS.values()
        }
        for r in rows[NOTIFICATION]
    ]
    return {
        key: count_matching(notifications, late_quantity(key))
        if isinstance(key, Late)
        else count_matching(rows[key.level], key)
        for key in keys
    }


def shown_counts(report) -> list:
    """Every count a published report shows: measures, comparisons, timeliness, table cells."""
    document = report.as_json()
    found = []
    for m in document["measures"].values():
        found += [m["count"], m.get("base", 0)]
    for c in document["comparisons"].values():
        found += [c["this"]["count"], c["previous"]["count"]]
    for t in document["timeliness"].values():
        found += [t["late"]["count"], *t["working_days_late"].values()]
    for table in report.tables():
        for row in table.rows:
            found += [v for v, col in zip(row, table.columns) if col.kind == "count"]
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    size=st.integers(0, 120),
    threshold=st.integers(1, 5),
    which=st.sampled_from(["panel-annual", "dfe-official"]),
)
def test_published_reports_show_no_small_count_and_nothing_recoverable(seed, size, threshold, which):
    definition = DEFINITIONS[which]
    period = calendar_year(2020) if which == "panel-annual" else financial_year("2020-21")
    baseline = parse_baseline(BASELINE_BY_AGE_CSV) if definition.representation else None
    rows = random_register(seed, size)
    data = ReportData(definition, period, evaluate(rows, plan(definition, period, baseline).keys), baseline)
    table, keys = data.ledger()
    suppressed = suppress(table, threshold=threshold)
    assert not recoverable_cells(suppressed)
    published = data.published(threshold)
    counts = shown_counts(published)
    assert not [v for v in counts if isinstance(v, int) and 1 <= v <= threshold]
    # What is shown is exact.
    exact = data.report()
    for mid, m in published.measures.items():
        assert m.count in ("c", exact.measures[mid].count)


@pytest.mark.django_db
def test_published_outputs_of_the_small_register_hide_every_small_count(load):
    from cspr.stats.report import national_report
    from tests.stats.register import all_rows

    load(all_rows())
    published = national_report("panel-annual", period=calendar_year(2020)).published(4)
    document = json.loads(render(published, "json"))
    # Seven notifications in seven different months, each month a [c]: showing the total 7 would
    # tell a reader that every [c] month is 1, so the total is hidden too.
    assert document["measures"]["notifications.total"] == {"count": "c"}
    assert document["measures"]["notifications.type.death"] == {"count": "c", "base": "c", "percent": "c"}
    assert document["measures"]["deaths.category.maltreatment_in_family"] == {"count": 0, "base": "c", "percent": "c"}
    assert not [v for v in shown_counts(published) if isinstance(v, int) and 1 <= v <= 4]
    assert document["symbols"]["c"].startswith("suppressed")
    csv_text = render(published, "csv").decode()
    assert "[c]" in csv_text


def test_the_threshold_is_configurable():
    rows = random_register(3, 60)
    definition, period = DEFINITIONS["dfe-official"], financial_year("2020-21")
    data = ReportData(definition, period, evaluate(rows, plan(definition, period).keys))
    loose = sum(1 for v in shown_counts(data.published(1)) if v == "c")
    strict = sum(1 for v in shown_counts(data.published(5)) if v == "c")
    assert loose < strict
