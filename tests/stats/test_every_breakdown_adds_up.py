"""Every exhaustive breakdown in the measure catalogue is a sum disclosure control knows.

The reviewer's finding of 7 December 2026 (eighth session): the home-educated children's
outcomes were left out of a hand-typed list of sums, so a published report showed died 5,
seriously harmed 7 and "other" [c] out of 13, and "other" was 13 - 5 - 7 = 1.
"""

from datetime import date, timedelta

import pytest

from cspr.domain.measures import ALWAYS, BREAKDOWNS, CHILD, NOTIFICATION, quantity
from cspr.domain.report_build import ReportData, plan
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.domain.reports import DEFINITIONS
from tests.stats.test_publish import evaluate, random_register

YEAR = calendar_year(2020)


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_every_exhaustive_breakdown_is_declared_as_a_sum(definition):
    period = financial_year("2020-21") if DEFINITIONS[definition].period_kind == "financial_year" else YEAR
    relations = plan(DEFINITIONS[definition], period).relations
    for population, dimension in BREAKDOWNS:
        parts = tuple(quantity(population, c.condition, period) for c in dimension.categories)
        assert (quantity(population, ALWAYS, period), parts) in relations, (population, dimension.id)


def _in_2020(notification: dict, day: int) -> dict:
    """The notification moved, with every date of it, to be notified on the `day`th of 2020."""
    shift = YEAR.start + timedelta(days=day) - notification["notified_date"]
    return {k: v + shift if isinstance(v, date) else v for k, v in notification.items()}


def test_a_hidden_outcome_of_home_educated_children_is_not_the_total_less_the_others():
    rows = random_register(7, 13)
    rows[NOTIFICATION] = [_in_2020(n, day) for day, n in enumerate(rows[NOTIFICATION])]
    outcomes = ["died"] * 5 + ["seriously_harmed"] * 7 + ["other"]
    rows[CHILD] = [
        n
        | {
            "notified_date": YEAR.start,
            "home_educated": "yes",
            "outcome": outcome,
            "gender": "female",
            "age_years": 9,
            "ethnicity": "WBRI",
        }
        for n, outcome in zip(rows[NOTIFICATION], outcomes, strict=True)
    ]
    definition = DEFINITIONS["panel-annual"]
    data = ReportData(definition, YEAR, evaluate(rows, plan(definition, YEAR).keys))
    m = data.published(4).measures
    other, died, harmed = (m[f"home_educated_children.outcome.{o}"] for o in ("other", "died", "seriously_harmed"))
    assert other.count == "c"
    assert "c" in (died.count, harmed.count, other.base), "other = base - died - seriously harmed"


def test_themes_compared_with_a_year_the_register_does_not_hold_are_x_not_0():
    """The reviewer's second finding: "2024: rapid reviews" was 0 for every theme (and its
    percentage [z]) in a register that starts in 2025, and its bars were drawn as zeros."""
    rows = random_register(7, 13)
    rows[NOTIFICATION] = [_in_2020(n, day) for day, n in enumerate(rows[NOTIFICATION])]
    rows[CHILD] = [n | {"gender": "female", "age_years": 9, "ethnicity": "WBRI"} for n in rows[NOTIFICATION]]
    definition = DEFINITIONS["panel-annual"]
    for earliest, available in ((date(2020, 1, 1), False), (date(2018, 1, 1), True)):
        keys = plan(definition, YEAR, earliest=earliest).keys
        data = ReportData(definition, YEAR, evaluate(rows, keys), earliest=earliest)
        for report in (data.report(), data.published(4)):
            table = next(t for t in report.tables() if t.id == "themes-compared")
            earlier = [cell for row in table.rows for cell in row[3:5]]
            if available:
                assert "x" not in earlier and len(table.chart.series) == 2
                continue
            assert set(earlier) == {"x"}
            assert [s[0] for s in table.chart.series] == ["2020"] and table.chart.kind == "bar"
            assert "the register does not cover 2019" in table.chart.description
            assert any(
                note.startswith("[x] The register holds notifications from January 2020") for note in table.notes
            )
