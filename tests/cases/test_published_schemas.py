"""The published schemas (docs/standard/) are the ones cspr builds, and every export validates against them."""

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from cspr.domain import codes, standard, standard_schema
from tests.cases.rows import varied_file

DOCS = Path(__file__).resolve().parents[2] / "docs" / "standard"


def command(*args) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def published(name: str) -> dict:
    return json.loads((DOCS / name).read_text())


def table_problems(data: str, schema: dict) -> list[str]:
    """Check a CSV against a Frictionless Table Schema (the constraints the schema uses)."""
    fields = schema["fields"]
    rows = list(csv.reader(io.StringIO(data, newline="")))
    problems = []
    if rows[0] != [f["name"] for f in fields]:
        problems.append(f"header {rows[0]} is not the schema's fields")
    for line, row in enumerate(rows[1:], start=2):
        for field, cell in zip(fields, row, strict=True):
            where = f"{line}: {field['name']}: {cell!r}"
            rules = field.get("constraints", {})
            if cell in schema["missingValues"]:
                if rules.get("required"):
                    problems.append(f"{where} is required")
                continue
            if field["type"] == "date":
                try:
                    date.fromisoformat(cell)
                except ValueError:
                    problems.append(f"{where} is not a date")
            if field["type"] == "integer":
                if not re.fullmatch(r"-?\d+", cell):
                    problems.append(f"{where} is not an integer")
                    continue
                if int(cell) < rules.get("minimum", int(cell)) or int(cell) > rules.get("maximum", int(cell)):
                    problems.append(f"{where} is out of range")
            if "enum" in rules and cell not in rules["enum"]:
                problems.append(f"{where} is not in the enum")
            if "pattern" in rules and not re.fullmatch(rules["pattern"], cell):
                problems.append(f"{where} does not match {rules['pattern']}")
            if len(cell) > rules.get("maxLength", len(cell)):
                problems.append(f"{where} is too long")
    return problems


def test_the_published_files_are_what_cspr_builds():
    assert (DOCS / standard_schema.JSON_SCHEMA_FILE).read_text() == command("--schema", "--format", "json")
    assert (DOCS / standard_schema.TABLE_SCHEMA_FILE).read_text() == command("--schema", "--format", "csv")
    jsonschema.Draft202012Validator.check_schema(published(standard_schema.JSON_SCHEMA_FILE))


def test_the_schemas_require_what_the_import_requires():
    assert standard_schema.REQUIRED == standard.REQUIRED_VALUES
    assert [f["name"] for f in published(standard_schema.TABLE_SCHEMA_FILE)["fields"]] == list(codes.ALL_COLUMNS)


@pytest.mark.django_db
def test_every_export_validates_against_the_published_schemas(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(300, seed=21, awkward_text=True))
    call_command("import", str(path), stdout=io.StringIO())
    as_json = json.loads(command("--format", "json"))
    validator = jsonschema.Draft202012Validator(published(standard_schema.JSON_SCHEMA_FILE))
    assert [e.message for e in validator.iter_errors(as_json)] == []
    assert table_problems(command("--format", "csv"), published(standard_schema.TABLE_SCHEMA_FILE)) == []


def test_the_schemas_refuse_what_the_standard_refuses():
    """The checks above can fail: values the import refuses break the published schemas too."""
    table = published(standard_schema.TABLE_SCHEMA_FILE)
    good = varied_file(3, seed=2).decode()
    assert table_problems(good, table) == []
    header, first, *rest = good.splitlines()
    cells = first.split(",")
    names = header.split(",")
    for column, bad in (("gender", "M"), ("offending_adults", "Y"), ("late_notification_reason", "busy")):
        broken = list(cells)
        broken[names.index(column)] = bad
        problems = table_problems("\n".join([header, ",".join(broken), *rest]) + "\n", table)
        assert len(problems) == 1 and f": {column}: '{bad}'" in problems[0]

    document = {
        "standard": codes.STANDARD,
        "notifications": [
            {
                "notification_ref": "N-1",
                "la_code": "E08000025",
                "incident_date": "2020-03-02",
                "aware_date": "2020-03-03",
                "notified_date": "2020-03-05",
                "incident_type": "serious_harm",
                "harm_category": "physical_abuse",
                "incident_description": '=HYPERLINK("x")',
                "children": [
                    {
                        "child_ref": "C1",
                        "gender": "female",
                        "age_years": 25,
                        "ethnicity": "WBRI",
                        "previous_care_proceedings": True,
                    }
                ],
            }
        ],
    }
    validator = jsonschema.Draft202012Validator(published(standard_schema.JSON_SCHEMA_FILE))
    paths = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(document))
    assert paths == [
        "notifications/0/children/0/age_years",
        "notifications/0/children/0/previous_care_proceedings",
        "notifications/0/incident_description",
    ]
