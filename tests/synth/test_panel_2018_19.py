"""panel-2018-19 reproduces the first annual report's figures, rounded as published.

Source: seed 004 (Nottingham City SCP's briefing on the Panel's first annual
report, March 2020) and shared/data/panel-annual-report-figures.csv. The report
covers the Panel's first 17 months of operation, taken as July 2018 to November
2019, and counts one child per rapid review (244 died + 294 harmed = 538).
"""

from collections import Counter
from datetime import date

import pytest

from tests.synth.data import notifications
from tests.synth.measures import children_of, notified_between, percent

SEEDS = [1, 2, 3, 20200301]


@pytest.fixture(params=SEEDS, scope="module")
def period(request):
    every = notifications("panel-2018-19", request.param)
    # seed 004: "the first 17 months of operation"; the Panel began in June/July 2018
    inside = notified_between(every, date(2018, 7, 1), date(2019, 11, 30))
    assert len(inside) == len(every)
    return inside


def reviews(period):
    return [n for n in period if n["rr_submitted_date"]]


def test_538_rapid_reviews(period):
    assert len(reviews(period)) == 538  # seed 004: 538 rapid reviews


def test_244_children_died_294_seriously_harmed(period):
    kids = children_of(reviews(period))
    assert Counter(c["outcome"] for c in kids) == {"died": 244, "seriously_harmed": 294}  # seed 004
    assert Counter(n["incident_type"] for n in period) == {"death": 244, "serious_harm": 294}


def test_77_near_misses_among_the_seriously_harmed(period):
    harmed = [n for n in period if n["incident_type"] == "serious_harm"]
    assert sum(n.yes("near_miss") for n in harmed) == 77  # seed 004: 77 were considered 'near misses'


def test_70_children_on_a_plan_13_percent_and_80_looked_after_15_percent(period):
    kids = children_of(period)
    on_plan = sum(c["cp_plan"] == "yes" for c in kids)
    looked_after = sum(c["looked_after"] == "yes" for c in kids)
    assert on_plan == 70 and percent(on_plan, 538) == 13  # seed 004: 13% (70) on a CP plan
    assert looked_after == 80 and percent(looked_after, 538) == 15  # seed 004: 15% (80) looked after


def test_childrens_social_care_working_with_54_percent(period):
    kids = children_of(period)
    assert percent(sum(c["known_to_csc"] == "yes" for c in kids), 538) == 54  # seed 004: in 54% of the cases


@pytest.mark.parametrize("theme, published", [
    ("optimism", 32),  # seed 004: 32% of rapid reviews overly optimistic in practice decisions
    ("risk_assessment", 41),  # seed 004: 41% weak risk assessment and poor decision making
    ("information_exchange", 40),  # seed 004: poor information exchange at critical points in 40% of cases
])
def test_practice_themes_of_the_rapid_reviews(period, theme, published):
    rr = reviews(period)
    assert percent(sum(theme in n["rr_themes"].split(";") for n in rr), len(rr)) == published


def test_domestic_abuse_a_feature_for_35_percent_of_children_notified(period):
    kids = [(n, c) for n in period for c in n.children]
    assert percent(sum(n.yes("domestic_abuse") for n, _ in kids), len(kids)) == 35  # seed 004


def test_home_educated_4_died_and_7_seriously_harmed_through_neglect(period):
    home = [n for n in period if any(c["home_educated"] == "yes" for c in n.children)]
    assert sum(n["incident_type"] == "death" for n in home) == 4  # seed 004: 4 having died
    assert sum(n["harm_category"] == "neglect" for n in home) == 7  # seed 004: 7 seriously harmed through neglect
    assert len(home) == 11


def test_49_children_previously_in_care_proceedings_and_36_whose_siblings_were_not_returned_to_court(period):
    kids = children_of(period)
    # seed 004: 49 children had previously been subject to care proceedings
    assert sum(c["previous_care_proceedings"] == "yes" for c in kids) == 49
    # seed 004: in 36 cases earlier children had been removed permanently and later siblings not returned to court
    assert sum(c["siblings_removed_not_returned"] == "yes" for c in kids) == 36
    assert not any(
        c["previous_care_proceedings"] == "yes" and c["siblings_removed_not_returned"] == "yes" for c in kids
    )


def test_the_incident_flag_says_what_its_children_say_about_home_education(period):
    for n in period:
        home = any(c["home_educated"] == "yes" for c in n.children)
        assert n["home_educated_incident"] == ("yes" if home else "no")
