"""Leftovers of the 2026-12-07 review of the data standard.

The JSON form's `rapid_review` and `practice_review` are an object or null, and the object must give
its review's date (the published schema's "required"; the date itself may be null). `{}` used to
import silently as no review at all.
"""

import json
from datetime import date

import pytest
from jsonschema import Draft202012Validator

from cspr.domain import codes
from cspr.domain.standard_json import parse_json
from cspr.domain.standard_schema import json_schema
from tests.cases.test_standard_findings_2026_12_07 import TODAY, found, json_file, no_la_problem

N = "notifications[0]"


def parsed(data: bytes):
    return parse_json(data, "f.json", today=TODAY, la_check=no_la_problem)


def schema_accepts(data: bytes) -> bool:
    return Draft202012Validator(json_schema()).is_valid(json.loads(data))


@pytest.mark.parametrize(
    ("key", "sent", "required"),
    [
        ("rapid_review", {}, "submitted_date"),
        ("rapid_review", {"lcspr_recommended": "unknown", "national_review": None}, "submitted_date"),
        ("practice_review", {}, "decision_date"),
        ("practice_review", {"final_report_date": None}, "decision_date"),
    ],
)
def test_a_review_object_without_its_date_is_refused_naming_the_field(key, sent, required):
    data = json_file(**{key: sent})
    assert not schema_accepts(data)
    _, problems = parsed(data)
    why = f'required field is missing: a {key} object must give {required}; give "{key}": null when there is none'
    assert (f"{N}.{key}", required, why) in found(problems)
    assert f"f.json:{N}.{key}: {required}: {why}" in [str(p) for p in problems]  # as `cspr import` prints it


@pytest.mark.parametrize(
    ("sent", "submitted"),
    [(None, None), ({"submitted_date": None}, None), ({"submitted_date": "2020-03-20"}, date(2020, 3, 20))],
)
def test_null_or_an_object_giving_its_date_is_read_as_before(sent, submitted):
    data = json_file(rapid_review=sent)
    assert schema_accepts(data)
    records, problems = parsed(data)
    assert problems == [] and len(records) == 1
    assert records[0].fields.get("rr_submitted_date") == submitted


def test_the_schema_and_the_import_require_the_same_field():
    defs = json_schema()["$defs"]
    assert {key: defs[key]["required"] for key in codes.NESTED_REQUIRED} == {
        key: [field] for key, field in codes.NESTED_REQUIRED.items()
    }
