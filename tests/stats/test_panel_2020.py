"""Acceptance: on `cspr synth --profile panel-2020`, `cspr report --year 2020 --format json`
reproduces every figure the seeds publish for 2020, rounded as published (whole percent).

Sources: shared/domain/published-figures.md and the seeds (NSPCC CASPAR summary
"000", Cafcass Knowledge Bite "002") of the Panel's annual report 2020.
"""

import io
import json
from fractions import Fraction

import pytest
from django.core.management import call_command

from cspr.domain.report_build import round_half_up

pytestmark = pytest.mark.django_db

COUNTS = {
    "notifications.total": 482,
    "children.total": 514,
    "notifications.type.death": 206,
    "notifications.type.serious_harm": 267,
    "notifications.type.other": 9,
    "notifications.non_fatal": 276,
    "children.gender.male": 274,
    "children.gender.female": 238,
    "children.gender.transgender": 2,
}
PERCENTAGES = {
    "children.gender.male": 53,
    "children.gender.female": 46,
    "children.age.under_1": 35,
    "children.age.15_to_17": 30,
    "children.ethnicity.white_british": 69,
    "deaths.category.sudi": 31,
    "deaths.category.suicide": 20,
    "deaths.category.maltreatment_in_family": 17,
    "deaths.category.maltreatment_related": 10,
    "deaths.category.extra_familial_homicide": 8,
    "deaths.category.unrelated_or_unclear": 14,
    "non_fatal.category.physical_abuse": 38,
    "non_fatal.category.neglect": 12,
    "non_fatal.category.sexual_abuse_in_family": 10,
    "non_fatal.category.sexual_abuse_extra_familial": 7,
    "non_fatal.category.sexual_exploitation": 2,
    "non_fatal.category.emotional_abuse": 2,
    "non_fatal.category.criminal_exploitation": 1,
    "non_fatal.category.risk_taking_or_violence": 18,
    "non_fatal.category.young_person_harmed_others": 3,
    "non_fatal.category.other_harm": 7,
    "non_fatal.risk_taking_or_violence.exploitation_background": 75,
    "notifications.characteristic.domestic_abuse": 42,
    "notifications.characteristic.maternal_mental_ill_health": 24,
    "notifications.characteristic.paternal_mental_ill_health": 7,
    "children.status.child_mental_ill_health": 16,
    "notifications.characteristic.parental_alcohol_misuse": 18,
    "notifications.characteristic.parental_drug_misuse": 24,
    "non_fatal.characteristic.neglect_feature": 34,
    "deaths.characteristic.neglect_feature": 35,
    "notifications.domestic_abuse_and_substance": 24,
}


def whole_percent(count: int, base: int) -> int:
    return int(round_half_up(Fraction(100 * count, base), 0))


def test_the_report_reproduces_every_published_2020_figure():
    from cspr.domain.measures import spec_measure_ids

    call_command("synth", "--profile", "panel-2020", "--seed", "2020", "--load", stdout=io.StringIO(),
                 stderr=io.StringIO())
    out = io.StringIO()
    call_command("report", "--year", "2020", "--format", "json", stdout=out, stderr=io.StringIO())
    report = json.loads(out.getvalue())
    measures = report["measures"]

    assert set(spec_measure_ids()) <= set(measures)
    assert {k: measures[k]["count"] for k in COUNTS} == COUNTS
    assert {k: whole_percent(measures[k]["count"], measures[k]["base"]) for k in PERCENTAGES} == PERCENTAGES
    # "In more than 60% of incidents ... previously identified the children as vulnerable".
    assert measures["notifications.characteristic.previously_known"]["percent"] > 60
    # "April to September 2020 were 27% higher than the same period in 2019".
    comparison = report["comparisons"]["apr_to_sep_vs_previous_year"]
    assert whole_percent(comparison["change"], comparison["previous"]["count"]) == 27
    # "Against the 2011 census child population, Black teenagers and children of mixed
    # ethnicity of all ages were over-represented, Asian children under-represented in all
    # age groups" (seed 002): the year 2020 picks the 2011 Census (cspr/stats/population.py).
    representation = report["representation"]
    assert "2011" in report["report"]["population_source"]
    assert representation["black"]["by_age"]["15_to_17"]["reading"] == "over-represented"
    assert representation["mixed"]["reading"] == "over-represented"
    assert all(band["ratio"] > 1 for band in representation["mixed"]["by_age"].values())
    assert representation["asian"]["reading"] == "under-represented"
    assert all(band["ratio"] < 1 for band in representation["asian"]["by_age"].values())
