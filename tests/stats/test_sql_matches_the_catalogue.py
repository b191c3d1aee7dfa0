"""The conditional aggregates count what the catalogue's conditions say.

Each condition also evaluates a plain row (`Condition.matches`); here the
register is read back row by row (test-only) and every quantity of every report
is counted both ways. Runs on SQLite and PostgreSQL alike.
"""

import io

import pytest
from django.core.management import call_command

from cspr.cases.exporter import child_columns, notification_columns
from cspr.cases.models import Notification
from cspr.domain.measures import CHILD, NOTIFICATION, THEME, count_matching
from cspr.domain.report_build import plan
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.domain.reports import DEFINITIONS
from cspr.stats import engine
from cspr.stats.population import load_baseline
from tests.cases.rows import varied_file

pytestmark = pytest.mark.django_db


def rows_by_level() -> dict[str, list[dict]]:
    rows = {NOTIFICATION: [], CHILD: [], THEME: []}
    for n in Notification.objects.select_related("local_authority", "rapid_review").prefetch_related(
        "children", "rapid_review__themes"
    ):
        values = notification_columns(n) | {"region": n.local_authority.region}
        rows[NOTIFICATION].append(values)
        rows[CHILD] += [values | child_columns(child) for child in n.children.all()]
        rows[THEME] += [values | {"theme": code} for code in values["rr_themes"]]
    return rows


def test_every_quantity_counts_the_same_in_sql_and_in_python(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(400, seed=11))
    call_command("import", str(path), stdout=io.StringIO())
    rows = rows_by_level()
    for definition, period in (
        (DEFINITIONS["panel-annual"], calendar_year(2020)),
        (DEFINITIONS["dfe-official"], financial_year("2021-22")),
    ):
        quantities = plan(definition, period, load_baseline()).quantities
        counted = engine.count_quantities(quantities, Notification.objects.all())
        expected = {q: count_matching(rows[q.level], q) for q in quantities}
        assert counted == expected
        assert sum(counted.values()) > 1000  # a real register, not a table of zeros
