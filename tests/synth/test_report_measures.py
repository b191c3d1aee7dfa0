"""The statistics engine's own measures reproduce the published figures from synth data.

Load a generated panel-2020 file through the import path, run `cspr report --year
2020`, and read each published figure from the report's JSON (docs/standard/measures.md),
rounded as published (whole percent, half-up, from the exact count and base).
Sources as in test_panel_2020.py (seeds 000 and 002).
"""

import io
import json

import pytest
from django.core.management import call_command

from tests.synth.data import AS_OF
from tests.synth.measures import percent

PUBLISHED_COUNTS = {
    "notifications.total": 482,  # seeds 000, 002
    "children.total": 514,
    "notifications.type.death": 206,  # seed 002
    "notifications.type.serious_harm": 267,
    "notifications.type.other": 9,
    "notifications.non_fatal": 276,  # seed 000
    "children.gender.male": 274,  # seed 002
    "children.gender.female": 238,
    "children.gender.transgender": 2,
    "notifications.characteristic.home_educated_incident": 15,  # seed 002: 15 incidents, home-educated children
    # seed 002: domestic abuse "a feature of 42.6% of incidents involving serious harm": of 267, no count
    # rounds to 42.6 (113 = 42.3%, 114 = 42.7%); the report holds the nearest (docs/synth.md)
    "serious_harm.domestic_abuse": round(42.6 * 267 / 100),
    # ... and the reading that does give 42.6: per child, 219 of the 514 (42.607%; ADR 0038)
    "children.domestic_abuse": 219,
}
PUBLISHED_PERCENTS = {
    "children.age.under_1": 35,  # seeds 000, 002
    "children.age.15_to_17": 30,  # seeds 000, 002
    "children.ethnicity.white_british": 69,  # seed 000
    "deaths.category.sudi": 31,  # seed 000, and the rest of the six causes of death
    "deaths.category.suicide": 20,
    "deaths.category.maltreatment_in_family": 17,
    "deaths.category.maltreatment_related": 10,
    "deaths.category.extra_familial_homicide": 8,
    "deaths.category.unrelated_or_unclear": 14,
    "non_fatal.category.physical_abuse": 38,  # seed 000, and the other nine forms of harm
    "non_fatal.category.neglect": 12,
    "non_fatal.category.sexual_abuse_in_family": 10,
    "non_fatal.category.sexual_abuse_extra_familial": 7,
    "non_fatal.category.sexual_exploitation": 2,
    "non_fatal.category.emotional_abuse": 2,
    "non_fatal.category.criminal_exploitation": 1,
    "non_fatal.category.risk_taking_or_violence": 18,
    "non_fatal.category.young_person_harmed_others": 3,
    "non_fatal.category.other_harm": 7,
    "non_fatal.risk_taking_or_violence.exploitation_background": 75,  # seed 000
    "notifications.characteristic.domestic_abuse": 42,  # seed 000
    "notifications.characteristic.maternal_mental_ill_health": 24,
    "notifications.characteristic.paternal_mental_ill_health": 7,
    "notifications.characteristic.parental_alcohol_misuse": 18,
    "notifications.characteristic.parental_drug_misuse": 24,
    "children.status.child_mental_ill_health": 16,  # seed 000, read per child
    "deaths.characteristic.neglect_feature": 35,  # seed 000
    "non_fatal.characteristic.neglect_feature": 34,  # seed 000
    "notifications.characteristic.neglect_feature": 35,  # seed 002
    "notifications.domestic_abuse_and_substance": 24,  # seed 002
}


@pytest.mark.django_db
def test_the_2020_report_from_synthetic_data_shows_every_published_figure():
    # One test, one load: the figures are compared as two dicts so a failure lists them all.
    call_command("synth", "--profile", "panel-2020", "--seed", "1", "--as-of", AS_OF.isoformat(), "--load",
                 stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("report", "--year", "2020", "--format", "json", stdout=out, stderr=io.StringIO())
    report = json.loads(out.getvalue())
    measures = report["measures"]

    counts = {k: measures[k]["count"] for k in PUBLISHED_COUNTS}
    assert counts == PUBLISHED_COUNTS
    assert measures["serious_harm.domestic_abuse"]["base"] == 267  # Cafcass's denominator: serious harm
    children_da = measures["children.domestic_abuse"]
    assert (children_da["base"], percent(children_da["count"], children_da["base"], 1)) == (514, 42.6)  # seed 002
    assert children_da["percent"] == 42.6  # as the report itself shows it
    # ... and in its case-characteristics table, which the CSV, ODS, HTML and PDF outputs are written from
    table = next(t for t in report["tables"] if t["id"] == "case-characteristics")
    assert ["Children in incidents where domestic abuse was a feature", 219, 514, 42.6] in table["rows"]
    percents = {k: percent(measures[k]["count"], measures[k]["base"]) for k in PUBLISHED_PERCENTS}
    assert percents == PUBLISHED_PERCENTS
    assert measures["notifications.characteristic.previously_known"]["count"] / 482 > 0.6  # seed 000: more than 60%
    comparison = report["comparisons"]["apr_to_sep_vs_previous_year"]
    this, previous = comparison["this"]["count"], comparison["previous"]["count"]
    assert percent(this - previous, previous) == 27  # seeds 000, 002: April-September 27% above 2019


FIRST_REPORT_COUNTS = {
    "rapid_reviews.total": 538,  # seed 004: 538 rapid reviews
    "notifications.type.death": 244,  # seed 004: 244 children having died
    "notifications.type.serious_harm": 294,  # seed 004: 294 reported with serious harm
    "serious_harm.near_miss": 77,  # seed 004: 77 near misses
    "children.status.cp_plan": 70,  # seed 004: 70 on a CP plan
    "children.status.looked_after": 80,  # seed 004: 80 looked after
    "children.status.previous_care_proceedings": 49,  # seed 004: 49 previously subject to care proceedings
    "children.status.siblings_removed_not_returned": 36,  # seed 004: 36, siblings not returned to court
    "home_educated_children.outcome.died": 4,  # seed 004: children educated at home, 4 having died
    "home_educated_children.outcome.seriously_harmed": 7,  # seed 004: and 7 suffering serious harm
}
FIRST_REPORT_PERCENTS = {
    "children.status.cp_plan": 13,  # seed 004: 13%
    "children.status.looked_after": 15,  # seed 004: 15%
    "children.status.known_to_csc": 54,  # seed 004: children's social care working with 54%
    "rapid_reviews.theme.optimism": 32,  # seed 004
    "rapid_reviews.theme.risk_assessment": 41,  # seed 004
    "rapid_reviews.theme.information_exchange": 40,  # seed 004
    "notifications.characteristic.domestic_abuse": 35,  # seed 004 (one child per notification here)
}


@pytest.mark.django_db
def test_the_first_report_period_from_synthetic_data_shows_its_published_figures():
    call_command("synth", "--profile", "panel-2018-19", "--seed", "1", "--as-of", AS_OF.isoformat(), "--load",
                 stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("report", "--from", "2018-07-01", "--to", "2019-11-30", "--format", "json",
                 stdout=out, stderr=io.StringIO())
    measures = json.loads(out.getvalue())["measures"]
    assert {k: measures[k]["count"] for k in FIRST_REPORT_COUNTS} == FIRST_REPORT_COUNTS
    assert {k: percent(measures[k]["count"], measures[k]["base"]) for k in FIRST_REPORT_PERCENTS} == FIRST_REPORT_PERCENTS
