"""A JSON number with nothing after the point is an integer to the published schema, and so to the import.

JSON Schema (Draft 2020-12) counts 3.0 as an integer, so a file the schema accepts
must import: `"age_years": 3.0` is read as 3. A number with a fraction (3.5) breaks
both, and the import says it must be a whole number.
"""

import json

import jsonschema
import pytest
from django.utils import timezone

from cspr.core.reference import AreaIndex
from cspr.domain import codes, standard_schema
from cspr.domain.standard_json import parse_json
from tests.cases.test_published_schemas import published

pytestmark = pytest.mark.django_db


def _document(age, version=None) -> dict:
    notification = {
        "notification_ref": "F-1",
        "la_code": "E08000025",
        "incident_date": "2020-03-02",
        "aware_date": "2020-03-03",
        "notified_date": "2020-03-05",
        "incident_type": "serious_harm",
        "harm_category": "physical_abuse",
        "children": [{"child_ref": "C1", "gender": "female", "age_years": age, "ethnicity": "WBRI"}],
    }
    if version is not None:
        notification["record_version"] = version
    return {"standard": codes.STANDARD, "notifications": [notification]}


def _schema_errors(document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(published(standard_schema.JSON_SCHEMA_FILE))
    return ["/".join(map(str, e.absolute_path)) for e in validator.iter_errors(document)]


def _parsed(document: dict):
    return parse_json(
        json.dumps(document).encode(),
        "f.json",
        today=timezone.localdate(),
        la_check=AreaIndex.from_database().problem,
    )


@pytest.mark.parametrize(("age", "version"), [(3.0, None), (3, 2.0), (0.0, 1.0), (17.0, None)])
def test_a_whole_number_written_with_a_point_is_read_as_that_number(age, version):
    document = _document(age, version)
    assert _schema_errors(document) == []
    records, problems = _parsed(document)
    assert [str(p) for p in problems] == []
    (record,) = records
    assert record.children[0]["age_years"] == int(age)
    assert isinstance(record.children[0]["age_years"], int)
    assert record.version == (None if version is None else int(version))


@pytest.mark.parametrize(("age", "version", "field"), [(3.5, None, "age_years"), (3, 2.5, "record_version")])
def test_a_number_with_a_fraction_is_refused_by_the_schema_and_the_import(age, version, field):
    document = _document(age, version)
    assert len(_schema_errors(document)) == 1
    records, problems = _parsed(document)
    (problem,) = problems
    assert problem.column == field
    assert "whole number" in problem.message and str(age if field == "age_years" else version) in problem.message
