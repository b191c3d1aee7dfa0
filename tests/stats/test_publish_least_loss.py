"""Least-loss suppression on whole reports (issue 17): on a partial financial year the
grand total stays shown where the previous rule hid it; never more is hidden than the
previous rule hid; each table's notes name its hidden cells and why; and under the
Panel's practice the 2020 tables show every figure the Panel published."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from cspr.domain.measures import MEASURES, measure_quantity
from cspr.domain.report_build import Hidden, ReportData, plan
from cspr.domain.report_periods import financial_year
from cspr.domain.reports import DEFINITIONS
from tests.domain.test_disclosure_least_loss import mass, previous_rule
from tests.stats.test_panel_2020 import COUNTS
from tests.stats.test_publish import evaluate, random_register


def partial_year(seed: int, size: int) -> ReportData:
    """Financial year 2020-21 as of 30 September 2020: October to March has nothing yet."""
    rows = random_register(seed, size)
    rows = {level: [r for r in found if r["notified_date"] <= date(2020, 9, 30)] for level, found in rows.items()}
    definition, period = DEFINITIONS["dfe-official"], financial_year("2020-21")
    return ReportData(definition, period, evaluate(rows, plan(definition, period).keys))


def test_a_partial_financial_year_shows_its_grand_total():
    data = partial_year(36, 80)
    table, keys = data.ledger()
    # The catalogue's grand total (serious incident notifications: ADR 0028).
    total = (keys.index(measure_quantity(MEASURES["notifications.total"], data.period)), 0)
    assert total in previous_rule(table, 4)  # the bug: the grand total was shown as c

    report = data.published(4)

    assert report.measures["notifications.total"].count == table.value(total)
    suppressed, _ = data.suppressed(4)
    assert mass(table, suppressed.secondary) < mass(table, previous_rule(table, 4) - suppressed.primary)


@pytest.mark.parametrize("seed", range(8))
def test_whole_reports_never_hide_more_than_the_previous_rule(seed):
    for data in (partial_year(seed, 60), partial_year(seed + 100, 20)):
        table, _ = data.ledger()
        suppressed, _ = data.suppressed(4)
        assert mass(table, suppressed.secondary) <= mass(table, previous_rule(table, 4) - suppressed.primary)


def test_each_table_names_its_hidden_cells_and_why():
    report = partial_year(36, 80).published(4)

    for table in report.tables():
        hidden = [
            (row[0], column.header)
            for row in table.rows
            for value, column in zip(row, table.columns)
            if isinstance(value, Hidden) and column.kind == "count"
        ]
        notes = [note for note in table.notes if note.startswith("[c] ")]
        assert len(notes) == len(hidden), table.id
        for note, (label, _) in zip(notes, hidden):
            assert note.startswith(f"[c] {label}")
            assert ": a count from 1 to 4." in note or ": hidden so that " in note
    assert any(note.startswith("[c] ") for t in report.tables() for note in t.notes)


def test_the_policy_is_checked():
    with pytest.raises(ValueError, match="unknown disclosure policy 'none'"):
        partial_year(1, 10).published(4, "none")


@pytest.mark.django_db
def test_under_the_panels_practice_the_2020_report_shows_every_figure_the_panel_published():
    call_command(
        "synth", "--profile", "panel-2020", "--seed", "2020", "--load", stdout=io.StringIO(), stderr=io.StringIO()
    )

    def published(*policy):
        out = io.StringIO()
        call_command(
            "report", "--year", "2020", "--format", "json", "--publish", *policy, stdout=out, stderr=io.StringIO()
        )
        return json.loads(out.getvalue())["measures"]

    panel = published("--policy", "panel")
    assert {k: panel[k]["count"] for k in COUNTS} == COUNTS  # "two were transgender"
    default = published()
    assert default["children.gender.transgender"]["count"] == "c"
    assert default["children.total"]["count"] == COUNTS["children.total"]
