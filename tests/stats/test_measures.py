"""Every measure id of the spec, on a register worked out by hand (tests/stats/register.py)."""

import pytest

from cspr.domain import codes
from cspr.domain.measures import MEASURES, spec_measure_ids
from cspr.domain.report_periods import calendar_year
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db

# (count, base) by hand; every id not listed in a family below is 0 of that family's base.
EXPECTED = {
    "notifications.total": (7, None),
    "notifications.type.death": (2, 7),
    "notifications.type.serious_harm": (4, 7),
    "notifications.type.other": (1, 7),
    "notifications.non_fatal": (5, 7),
    "children.total": (9, None),
    "children.gender.male": (4, 9),
    "children.gender.female": (3, 9),
    "children.gender.transgender": (1, 9),
    "children.gender.not_known": (1, 9),
    "children.age.under_1": (1, 9),
    "children.age.1_to_4": (1, 9),
    "children.age.5_to_9": (1, 9),
    "children.age.10_to_14": (2, 9),
    "children.age.15_to_17": (3, 9),
    "children.age.not_known": (1, 9),
    "children.ethnic_group.white": (3, 9),
    "children.ethnic_group.mixed": (1, 9),
    "children.ethnic_group.asian": (2, 9),
    "children.ethnic_group.black": (1, 9),
    "children.ethnic_group.other": (1, 9),
    "children.ethnic_group.not_recorded": (1, 9),
    "children.ethnicity.white_british": (2, 9),
    "children.status.cp_plan": (1, 9),
    "children.status.looked_after": (1, 9),
    "children.status.child_in_need": (1, 9),
    "children.status.known_to_csc": (2, 9),
    "children.status.home_educated": (1, 9),
    "children.status.disability": (1, 9),
    "children.status.child_mental_ill_health": (1, 9),
    "deaths.category.sudi": (1, 2),
    "deaths.category.suicide": (1, 2),
    "non_fatal.category.physical_abuse": (1, 5),
    "non_fatal.category.neglect": (1, 5),
    "non_fatal.category.risk_taking_or_violence": (2, 5),
    "non_fatal.category.young_person_harmed_others": (1, 5),
    "non_fatal.risk_taking_or_violence.exploitation_background": (1, 2),
    "serious_harm.near_miss": (1, 4),
    "notifications.characteristic.near_miss": (1, 7),
    "notifications.characteristic.domestic_abuse": (3, 7),
    "notifications.characteristic.maternal_mental_ill_health": (1, 7),
    "notifications.characteristic.parental_alcohol_misuse": (1, 7),
    "notifications.characteristic.parental_drug_misuse": (1, 7),
    "notifications.characteristic.neglect_feature": (2, 7),
    "notifications.characteristic.previously_known": (1, 7),
    "notifications.characteristic.exploitation_background": (2, 7),
    "deaths.characteristic.neglect_feature": (1, 2),
    "non_fatal.characteristic.neglect_feature": (1, 5),
    "notifications.domestic_abuse_and_substance": (2, 7),
    "notifications.on_time": (5, 7),
    "rapid_reviews.total": (4, 7),
    "rapid_reviews.on_time": (2, 4),
    "rapid_reviews.theme.daily_life": (2, 4),
    "rapid_reviews.theme.critical_thinking": (1, 4),
    "rapid_reviews.theme.information_sharing": (1, 4),
    "rapid_reviews.theme.optimism": (1, 4),
    # Editions compared (the stored mapping): the review coded critical_thinking and the one coded
    # optimism both count under critical thinking; information_sharing;optimism counts once under each.
    "rapid_reviews.compared.daily_life": (2, 4),
    "rapid_reviews.compared.critical_thinking": (2, 4),
    "rapid_reviews.compared.information_sharing": (1, 4),
    "rapid_reviews.lcspr_recommended": (2, 4),
    "lcsprs.total": (3, None),
    "lcsprs.published": (2, 3),
    "lcsprs.published_on_time": (1, 2),
    "children.dfe_age.under_1": (1, 9),
    "children.dfe_age.1_to_5": (1, 9),
    "children.dfe_age.6_to_10": (1, 9),
    "children.dfe_age.11_to_15": (3, 9),
    "children.dfe_age.16_to_17": (2, 9),
    "children.dfe_age.not_known": (1, 9),
    "notifications.region.west_midlands": (6, 7),
    "notifications.region.london": (1, 7),
    # cspr-2 (the register sets none of the new fields): N4's home-educated child, outcome other;
    # N1 the one serious harm incident with domestic abuse; N2 and N5 late, with no reason given.
    "home_educated_children.outcome.other": (1, 1),
    "serious_harm.domestic_abuse": (1, 4),
    # N1 (two children), N3 and N4 have domestic abuse: 4 of the 9 children.
    "children.domestic_abuse": (4, 9),
    "late_notifications.reason.not_given": (2, 2),
    "late_rapid_reviews.reason.not_given": (2, 2),
    "notifications_received.kind.serious_incident": (7, 7),
}
# Families whose unlisted members are zero, with the base they share.
ZERO_FAMILIES = {
    "deaths.category.": 2,
    "non_fatal.category.": 5,
    "notifications.characteristic.": 7,
    "rapid_reviews.theme.": 4,
    "rapid_reviews.compared.": 4,
    "notifications.region.": 7,
    "children.status.": 9,
    "home_educated_children.outcome.": 1,
    "late_notifications.reason.": 2,
    "late_rapid_reviews.reason.": 2,
    "notifications_received.kind.": 7,
    "looked_after_deaths.": 0,
    "care_leaver_deaths.": 0,
}


def expected(measure_id: str) -> tuple[int, int | None]:
    if measure_id in EXPECTED:
        return EXPECTED[measure_id]
    family = next(prefix for prefix in ZERO_FAMILIES if measure_id.startswith(prefix))
    return 0, ZERO_FAMILIES[family]


@pytest.fixture
def report(load):
    load(all_rows())
    return national_report("panel-annual", period=calendar_year(2020), population=None).report()


def test_every_measure_of_the_spec_is_in_the_report(report):
    assert set(spec_measure_ids()) <= set(report.measures)
    # The spec's families, each complete.
    assert {f"rapid_reviews.theme.{c}" for c in codes.THEME_CODES} <= set(report.measures)
    assert {f"deaths.category.{c}" for c in codes.DEATH_CATEGORIES} <= set(report.measures)


def test_each_measure_matches_the_hand_count(report):
    wrong = {
        measure_id: ((report.measures[measure_id].count, report.measures[measure_id].base), expected(measure_id))
        for measure_id in MEASURES
        if (report.measures[measure_id].count, report.measures[measure_id].base) != expected(measure_id)
    }
    assert wrong == {}


def test_percentages_round_half_up_to_one_decimal(report):
    m = report.measures
    assert m["notifications.domestic_abuse_and_substance"].as_json() == {"count": 2, "base": 7, "percent": 28.6}
    assert m["notifications.on_time"].percent == 71.4  # 5 / 7 = 71.43
    assert m["lcsprs.published"].percent == 66.7  # 2 / 3 = 66.67
    assert m["children.gender.male"].percent == 44.4  # 4 / 9 = 44.44
    assert m["serious_harm.near_miss"].percent == 25.0


def test_a_measure_without_a_base_has_no_percent(report):
    assert report.measures["notifications.total"].as_json() == {"count": 7}
    assert report.measures["lcsprs.total"].as_json() == {"count": 3}


def test_an_empty_population_counts_zero_and_has_no_percent(db):
    report = national_report("panel-annual", period=calendar_year(2015)).report()
    assert report.measures["notifications.total"].as_json() == {"count": 0}
    assert report.measures["deaths.category.sudi"].as_json() == {"count": 0, "base": 0}
