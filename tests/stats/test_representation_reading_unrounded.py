"""The representation reading is decided from the unrounded interval; only the output rounds it
(statistician's review). 94 of 126 white children aged 15 to 17 against the 2011 census: the
ratio's 95% interval is 0.8123 to 0.9965, wholly below 1, so "under-represented" by the rule in
docs/statistics.md; rounded first to 0.81 to 1.00 it read "within chance of the population".
"""

from cspr.domain.report_build import Context
from cspr.domain.report_parts import RECORDED_GROUPS, _represent
from cspr.domain.report_periods import calendar_year
from cspr.domain.reports import PANEL_ANNUAL
from cspr.stats.population import load_baseline


def test_an_interval_just_below_1_reads_under_represented():
    baseline = load_baseline(year=2011)
    band = "15_to_17"
    pop = baseline.by_age[(band, "white")]
    band_pop = sum(baseline.by_age.get((band, g), 0) for g in RECORDED_GROUPS)
    r = _represent(94, 126, pop, band_pop)
    assert r.reading == "under-represented"
    low, high = r.interval
    assert 0.81 < low and high < 1 and round(high, 2) == 1.0  # the case: rounds up to 1.00
    assert r.as_json()["ratio_95"] == [0.81, 1.0]  # the output still rounds to 2 places
    assert r.as_json()["reading"] == "under-represented"


def test_the_representation_tables_share_columns_carry_their_unit():
    table = next(t for _, tables in PANEL_ANNUAL.sections for t in tables if t.id == "representation")
    view = table.build(Context(calendar_year(2020), lambda key: 0, None), {"representation": {}})
    headers = [c.header for c in view.columns]
    assert "Share of children with a recorded ethnic group (%)" in headers
    assert "Share of the child population (%)" in headers
