"""Deaths of looked-after children and of care leavers: volumes, rules, import, export and report.

Volumes as `[other_kinds]` of panel-2020 gives them (docs/synth.md): 44 deaths of looked-after
children a year (DfE's answer to written question 196033: 440 in the ten years to March 2022),
those on serious incidents included; 99 care leavers' deaths a year (DfE's "Care leaver death
notifications": 91 and 106 in its two published years) from 15 December 2023, when Working
Together 2023 brought in their notification.
"""

import csv
import io
import json
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command

from cspr.domain import codes, workflow
from tests.synth.data import AS_OF, notifications, text
from tests.synth.measures import notified_between

SEEDS = [1, 2, 3]
OTHER = ("looked_after_death", "care_leaver_death")


def kinds(ns):
    return Counter((n["notification_kind"], n["abuse_neglect_suspected"]) for n in ns)


@pytest.mark.parametrize("seed", SEEDS)
def test_2020_has_44_deaths_of_looked_after_children_those_on_serious_incidents_included(seed):
    year = notified_between(notifications("panel-2020", seed, every_kind=True), date(2020, 1, 1), date(2020, 12, 31))
    counts = kinds(year)
    suspected, none_suspected = counts["looked_after_death", "yes"], counts["looked_after_death", "no"]
    assert suspected + none_suspected == 44  # DfE (PQ 196033): 440 deaths in ten years
    assert suspected and none_suspected
    # every death of a looked-after child on a serious incident is notified as one, abuse or neglect suspected
    deaths = [n for n in year if n["incident_type"] == "death" and n["abuse_neglect_suspected"] == "yes"]
    looked_after = [n for n in deaths if n.children[0]["looked_after"] == "yes"]
    assert len(looked_after) == suspected
    assert {n["notification_kind"] for n in looked_after} == {"looked_after_death"}
    assert not any(n["notification_kind"] == "care_leaver_death" for n in year)  # before the 2023 duty


@pytest.mark.parametrize("seed", SEEDS)
def test_the_other_notifications_need_no_rapid_review_and_have_none(seed):
    every = notifications("national", seed, (2023, 2024, 2025), every_kind=True)
    others = [n for n in every if not workflow.rapid_review_required(n["notification_kind"],
                                                                      n["abuse_neglect_suspected"])]
    assert {n["notification_kind"] for n in others} == set(OTHER)
    for n in others:
        assert n["incident_type"] == "death" and n["death_category"] and not n["harm_category"]
        assert all(n[c] == "" for c in ("rr_submitted_date", "rr_themes", "lcspr_decision_date"))
        (child,) = n.children
        assert child["outcome"] == "died" and child["known_to_csc"] == "yes"
        age = int(child["age_years"])
        if n["notification_kind"] == "care_leaver_death":
            assert 16 <= age <= codes.CARE_LEAVER_MAX_AGE and child["looked_after"] == "no"  # DfE: 16 to 24
            assert n.date("notified_date") >= date(2023, 12, 15)  # Working Together 2023
        else:
            assert 0 <= age <= codes.MAX_AGE and child["looked_after"] == "yes"
        assert n["death_category"] != "sudi" or age == 0  # the plan's age rules hold here too
        assert n["death_category"] not in ("suicide", "extra_familial_homicide") or age >= 10


def test_care_leavers_deaths_99_a_year_from_15_december_2023():
    every = notifications("national", 5, (2023, 2024), every_kind=True)
    by_year = Counter(n["notified_date"][:4] for n in every if n["notification_kind"] == "care_leaver_death")
    assert by_year == {"2023": round(99 * 17 / 365.25), "2024": 99}


def test_scale_multiplies_the_other_kinds_too():
    one = notifications("national", 6, (2024,), every_kind=True)
    three = notifications("national", 6, (2024,), 3.0, every_kind=True)
    # Each count is rounded from the block's fractional volume (2024 has 366 days: 99.2 care
    # leavers at scale 1, 297.7 at scale 3), so three times the rounded one is within one.
    for kind in OTHER:
        at_one = sum(n["notification_kind"] == kind for n in one)
        assert abs(sum(n["notification_kind"] == kind for n in three) - 3 * at_one) <= 1


@pytest.mark.django_db
def test_loaded_they_export_back_unchanged_and_the_report_counts_them_apart():
    call_command("synth", "--profile", "national", "--seed", "7", "--years", "2024", "--as-of", AS_OF.isoformat(),
                 "--load", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("export", stdout=out, stderr=io.StringIO())

    def standard(data):
        return [[row[c] for c in codes.STANDARD_COLUMNS] for row in csv.DictReader(io.StringIO(data))]

    generated = text("national", 7, "csv", (2024,))
    assert standard(out.getvalue()) == standard(generated)

    out = io.StringIO()
    call_command("report", "--year", "2024", "--format", "json", stdout=out, stderr=io.StringIO())
    measures = json.loads(out.getvalue())["measures"]
    assert measures["notifications.total"]["count"] == 426  # serious incidents only: DfE's mean volume
    assert measures["notifications_received.kind.care_leaver_death"]["count"] == 99
    suspected = measures["looked_after_deaths.abuse_neglect_suspected.yes"]["count"]
    assert suspected + measures["looked_after_deaths.abuse_neglect_suspected.no"]["count"] == 44
    assert measures["notifications_received.kind.serious_incident"]["count"] + suspected == 426
