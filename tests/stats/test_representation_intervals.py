"""Representation ratios come with a 95% interval, and the report says
"over-represented" only when the whole interval is above 1 (issue 17)."""

import pytest

from cspr.domain.report_build import Representation, round_half_up
from cspr.domain.report_parts import _represent, wilson


def test_wilsons_interval_matches_newcombes_worked_examples():
    # Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605.
    assert wilson(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert wilson(15, 148) == pytest.approx((0.0624, 0.1605), abs=1e-4)
    assert wilson(0, 20) == pytest.approx((0.0, 0.1611), abs=1e-4)


def test_a_large_excess_reads_over_represented_and_a_small_one_within_chance():
    # 40 of 200 children (20%) against 10% of the population: interval wholly above 1.
    strong = _represent(40, 200, 1_000, 10_000)
    assert strong.ratio == 2.0 and strong.interval[0] > 1 and strong.reading == "over-represented"
    # Kept unrounded for the reading; the output rounds it to two places.
    assert strong.as_json()["ratio_95"] == [round_half_up(bound, 2) for bound in strong.interval] == [1.5, 2.61]
    # 3 of 20 (15%) against 10%: the ratio is 1.5 but chance could give it.
    weak = _represent(3, 20, 1_000, 10_000)
    assert weak.ratio == 1.5 and weak.interval[0] < 1 < weak.interval[1]
    assert weak.reading == "within chance of the population"
    assert _represent(2, 400, 1_000, 10_000).reading == "under-represented"


def test_a_hidden_count_has_no_interval():
    hidden = _represent("c", 200, 1_000, 10_000)
    assert hidden.interval is None and hidden.reading is None
    assert "ratio_95" not in Representation("c", 10.0, "c", "c").as_json()
