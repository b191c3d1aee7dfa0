"""Representation against a child-population baseline, overall and by age band."""

import pytest

from cspr.domain.report_periods import calendar_year
from cspr.stats.population import DEFAULT_BASELINE, BaselineError, load_baseline, parse_baseline
from cspr.stats.report import national_report
from tests.stats.register import BASELINE_BY_AGE_CSV, BASELINE_CSV, all_rows

pytestmark = pytest.mark.django_db


def point(group: dict) -> dict:
    """The figures themselves; the 95% interval and its reading are test_representation_intervals.py's."""
    return {key: group[key] for key in ("share", "population_share", "ratio")}


def test_shares_are_of_children_with_a_recorded_ethnic_group(load):
    load(all_rows())
    report = national_report("panel-annual", period=calendar_year(2020), population=parse_baseline(BASELINE_CSV))
    representation = report.report().as_json()["representation"]
    # 8 children with a recorded group (N2's was refused); baseline of 1,000.
    assert point(representation["white"]) == {"share": 37.5, "population_share": 80.0, "ratio": 0.47}
    assert point(representation["mixed"]) == {"share": 12.5, "population_share": 5.0, "ratio": 2.5}
    assert point(representation["asian"]) == {"share": 25.0, "population_share": 10.0, "ratio": 2.5}
    assert point(representation["black"]) == {"share": 12.5, "population_share": 4.0, "ratio": 3.13}  # 3.125 half up
    assert point(representation["other"]) == {"share": 12.5, "population_share": 1.0, "ratio": 12.5}


def test_by_age_band_when_the_baseline_has_ages(load):
    load(all_rows())
    baseline = parse_baseline(BASELINE_BY_AGE_CSV)
    report = national_report("panel-annual", period=calendar_year(2020), population=baseline).report()
    black = report.as_json()["representation"]["black"]["by_age"]["15_to_17"]
    # Aged 15-17 with a recorded group: N3 (Black African), N4 (Indian), N5 C1 (other): 1 of 3 = 33.3%
    # against 8 of 200 = 4.0%: ratio (1/3) / (8/200) = 8.33.
    assert point(black) == {"share": 33.3, "population_share": 4.0, "ratio": 8.33}
    # Aged 0-4: N1's two children, White British and mixed: 1 of 2. The file has no 0-4 baseline: no ratio.
    assert report.as_json()["representation"]["white"]["by_age"]["0_to_4"] == {
        "share": 50.0, "population_share": None, "ratio": None,
    }


def test_the_shipped_baseline_loads_and_cites_its_source():
    baseline = load_baseline()
    assert set(baseline.groups) == {"white", "mixed", "asian", "black", "other"}
    assert "Census 2011 table LC2101EW" in baseline.source and "England (E92000001)" in baseline.source
    assert DEFAULT_BASELINE.exists()


def test_the_2011_census_has_every_age_band_and_adds_up_to_englands_children():
    baseline = load_baseline(year=2020)
    assert {band for band, _ in baseline.by_age} == {"0_to_4", "5_to_9", "10_to_14", "15_to_17"}
    # LC2101EW's England under-18s, summed from its bands; the groups are the sums of their bands.
    assert sum(baseline.by_age.values()) == sum(baseline.groups.values()) == 11_336_960
    assert baseline.by_age[("15_to_17", "black")] == 87_445


@pytest.mark.parametrize(
    "year, census", [(2000, "Census 2001"), (2005, "Census 2001"), (2011, "Census 2011"), (2020, "Census 2011"),
                     (2024, "Census 2011")]
)
def test_the_year_of_the_data_picks_the_census(year, census):
    assert census in load_baseline(year=year).source


@pytest.mark.parametrize(
    "text, message",
    [
        ("group,number\nwhite,1\n", "group,count"),
        ("group,count\npurple,1\n", "'purple' is not one of"),
        ("group,count\nwhite,many\n", "not a whole number"),
        ("group,count,age_band\nwhite,5,0_to_9\n", "age_band"),
    ],
)
def test_a_bad_population_file_says_what_is_wrong(text, message):
    with pytest.raises(BaselineError, match=message):
        parse_baseline(text)
