"""The early-warning method: exact tails, the seasonal baseline, flags on injected surges, two periods compared."""

import random
from datetime import date

import pytest
from scipy import stats

from cspr.domain import surveillance as method
from cspr.domain.surveillance import MONTH, WEEK, Bin, bin_of, bins_between


@pytest.mark.parametrize("mean", [0.3, 2.5, 17.0, 240.0])
def test_the_poisson_and_negative_binomial_tails_are_exact(mean):
    for k in range(0, int(mean * 2) + 6):
        assert method.poisson_sf(k, mean) == pytest.approx(stats.poisson.sf(k - 1, mean), rel=1e-9, abs=1e-300)
        size = mean / (2.5 - 1)
        expected = stats.nbinom.sf(k - 1, size, size / (size + mean))
        assert method.negbin_sf(k, mean, 2.5) == pytest.approx(expected, rel=1e-9, abs=1e-300)


def test_weeks_run_monday_to_sunday_and_months_are_calendar_months():
    assert bin_of(date(2020, 3, 5), WEEK) == Bin(date(2020, 3, 2), date(2020, 3, 8))
    assert bin_of(date(2020, 2, 14), MONTH) == Bin(date(2020, 2, 1), date(2020, 2, 29))
    assert bin_of(date(2020, 12, 31), MONTH) == Bin(date(2020, 12, 1), date(2020, 12, 31))
    assert len(bins_between(date(2019, 1, 1), date(2019, 12, 31), MONTH)) == 12


def test_the_baseline_is_the_same_season_in_earlier_years_within_the_data():
    target = bin_of(date(2020, 5, 1), MONTH)
    base = method.baseline_bins(target, MONTH, data_from=date(2018, 1, 1))
    assert [b.start for b in base] == [date(y, m, 1) for y in (2018, 2019) for m in (4, 5, 6)]


def monthly(rate_by_month, years=range(2014, 2021), seed=1):
    rng = random.Random(seed)
    counts = {}
    for year in years:
        for month in range(1, 13):
            mean = rate_by_month(month)
            # Poisson by inversion: stdlib only
            k, p, u = 0, pow(2.718281828459045, -mean), rng.random()
            total = p
            while u > total:
                k += 1
                p *= mean / k
                total += p
            counts[bin_of(date(year, month, 1), MONTH)] = k
    return counts


def test_an_injected_surge_is_flagged_and_said_in_words():
    counts = monthly(lambda m: 30 + 8 * (m in (6, 7, 8)))  # a summer rise every year is no surprise
    surge = bin_of(date(2020, 3, 1), MONTH)
    counts[surge] = 58
    a = method.assess(counts, surge, MONTH, data_from=date(2014, 1, 1))
    assert a.flagged and a.observed == 58 and 25 < a.expected < 36
    words = method.flag_words("Serious harm", a, MONTH)
    assert words.startswith("Serious harm: 58 notifications in March 2020, against")
    assert "would come by chance about once in" in words


def test_a_seasonal_peak_is_not_flagged_but_the_same_count_out_of_season_is():
    counts = monthly(lambda m: 20 + 25 * (m == 8))  # every August is high
    august, march = bin_of(date(2020, 8, 1), MONTH), bin_of(date(2020, 3, 1), MONTH)
    counts[august] = counts[march] = 55
    in_season = method.assess(counts, august, MONTH, data_from=date(2014, 1, 1))
    assert not in_season.flagged and in_season.dispersion > 1, "earlier Augusts were as high"
    assert method.assess(counts, march, MONTH, data_from=date(2014, 1, 1)).flagged


def test_without_enough_history_a_period_is_not_assessed():
    counts = monthly(lambda m: 10, years=range(2020, 2021))
    a = method.assess(counts, bin_of(date(2020, 9, 1), MONTH), MONTH, data_from=date(2020, 1, 1))
    assert a.expected is None and not a.flagged


def test_a_single_notification_in_an_empty_season_is_not_a_flag():
    counts = {b: 0 for b in bins_between(date(2015, 1, 1), date(2020, 12, 31), MONTH)}
    target = bin_of(date(2020, 5, 1), MONTH)
    counts[target] = 1
    assert not method.assess(counts, target, MONTH, data_from=date(2015, 1, 1)).flagged


def test_two_periods_compare_as_a_percentage_with_an_exact_interval():
    change = method.compare(127, 365, 100, 365)
    interval = stats.binomtest(127, 227).proportion_ci(0.95, method="exact")
    assert change.ratio == pytest.approx(1.27)
    assert change.low == pytest.approx(interval.low / (1 - interval.low), rel=1e-6)
    assert change.high == pytest.approx(interval.high / (1 - interval.high), rel=1e-6)
    assert change.words().startswith("+27% (95% interval -3% to +67%)")


def test_periods_of_different_lengths_compare_per_day_and_an_empty_earlier_period_has_no_percentage():
    assert method.compare(62, 31, 60, 30).ratio == pytest.approx(1.0)
    assert "no percentage change" in method.compare(4, 30, 0, 30).words()
    assert method.compare(0, 30, 5, 30).words().startswith("-100% (95% interval -100% to ")
