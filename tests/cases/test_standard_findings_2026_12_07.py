"""Findings of the 2026-12-07 review of the data standard against ../shared/spec/.

A CSV row with a bad child cell still has its notification's rules checked (all problems at
once); the JSON form names a rapid review's or local review's field by its JSON path and name;
JSON refuses the types its own schema refuses; the published standard states every rule
between fields the import applies, and has a row for every column.
"""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from cspr.domain import codes, standard_rules
from cspr.domain.standard import parse_csv
from cspr.domain.standard_json import parse_json
from tests.cases.rows import csv_bytes, valid_row

TODAY = date(2026, 12, 7)
STANDARD_DOC = Path(__file__).resolve().parents[2] / "docs" / "standard" / "data-standard.md"


def no_la_problem(code: str, on: date) -> None:
    return None


def found(problems) -> set[tuple[str, str, str]]:
    return {(p.location, p.column, p.message) for p in problems}


def json_file(child=None, **notification) -> bytes:
    """One valid notification in the JSON form, with `notification`'s fields on top."""
    base = {k: v for k, v in valid_row().items() if not k.startswith(("rr_", "lcspr_")) and v != ""}
    kid = {k: base.pop(k) for k in ["child_ref", "gender", "age_years", "ethnicity"]}
    kid["age_years"] = int(kid["age_years"])
    doc = {"standard": codes.STANDARD, "notifications": [{**base, "children": [kid | (child or {})], **notification}]}
    return json.dumps(doc).encode()


def json_problems(data: bytes) -> set[tuple[str, str, str]]:
    records, problems = parse_json(data, "f.json", today=TODAY, la_check=no_la_problem)
    assert problems, "expected the file to be refused"
    return found(problems)


# --- 1. A bad child cell does not hide the notification's rules -------------------------

DEATH_WITHOUT_CATEGORY = {
    "incident_type": "death",
    "harm_category": "",
    "death_category": "",
    "incident_date": "2020-03-04",
    "aware_date": "2020-03-03",
}


def test_a_csv_row_with_a_bad_child_cell_reports_its_notifications_problems_too():
    data = csv_bytes([valid_row(gender="M", **DEATH_WITHOUT_CATEGORY)])
    _, problems = parse_csv(data, "f.csv", today=TODAY, la_check=no_la_problem)
    assert found(problems) == {
        ("2", "gender", "'M' is not one of male, female, transgender, not_known"),
        ("2", "death_category", "required because incident_type is death"),
        ("2", "aware_date", "2020-03-03 is before incident_date 2020-03-04"),
    }


def test_the_csv_and_json_forms_report_the_same_problems():
    csv_data = csv_bytes([valid_row(gender="M", **DEATH_WITHOUT_CATEGORY)])
    _, csv_found = parse_csv(csv_data, "f.csv", today=TODAY, la_check=no_la_problem)
    fields = {k: v or None for k, v in DEATH_WITHOUT_CATEGORY.items()}
    json_found = json_problems(json_file(child={"gender": "M"}, **fields))
    assert {(c, m) for _, c, m in found(csv_found)} == {(c, m) for _, c, m in json_found}


# --- 2. JSON names a nested field by its path and its JSON name --------------------------

N = "notifications[0]"


def test_a_rapid_review_field_is_named_by_its_json_path_in_a_rule_between_fields():
    data = json_file(rapid_review={"submitted_date": "2020-03-01"})
    assert json_problems(data) == {
        (f"{N}.rapid_review", "submitted_date", "2020-03-01 is before aware_date 2020-03-03"),
    }


def test_a_rapid_review_field_is_named_by_its_json_path_when_its_value_is_wrong():
    assert json_problems(json_file(rapid_review={"submitted_date": "2020-3-21"})) == {
        (f"{N}.rapid_review", "submitted_date", "'2020-3-21' is not a date in the form YYYY-MM-DD"),
    }
    assert json_problems(json_file(rapid_review={"submitted_date": "2020-03-21", "lcspr_recommended": True})) == {
        (f"{N}.rapid_review", "lcspr_recommended", 'true is not allowed: use "yes", "no" or "unknown"'),
    }


def test_a_local_review_field_and_the_field_a_rule_needs_are_named_as_json_names_them():
    data = json_file(practice_review={"decision_date": None, "final_report_date": "2020-05-01"})
    assert json_problems(data) == {
        (
            f"{N}.practice_review",
            "final_report_date",
            "needs practice_review.decision_date (no local review was commissioned)",
        ),
    }


def test_a_notification_field_whose_rule_needs_a_rapid_review_names_it_as_json_does():
    assert json_problems(json_file(late_rapid_review_reason="other")) == {
        (
            N,
            "late_rapid_review_reason",
            "needs rapid_review.submitted_date (a reason for a late rapid review is given when it is submitted)",
        ),
    }


def test_a_value_holding_a_column_name_is_quoted_as_the_sender_wrote_it():
    data = json_file(rapid_review={"submitted_date": "2020-03-21", "themes": ["rr_submitted_date"]})
    ((where, column, message),) = json_problems(data)
    assert (where, column) == (f"{N}.rapid_review", "themes") and message.startswith("'rr_submitted_date'")


# --- 6. JSON refuses what its schema refuses ---------------------------------------------


def test_an_age_given_as_text_is_refused_in_json():
    assert json_problems(json_file(child={"age_years": "4"})) == {
        (f"{N}.children[0]", "age_years", "has the wrong type (str): give a whole number of years, e.g. 4"),
    }


def test_themes_given_as_text_are_refused_in_json():
    data = json_file(rapid_review={"submitted_date": "2020-03-21", "themes": "daily_life"})
    assert json_problems(data) == {
        (f"{N}.rapid_review", "themes", 'has the wrong type (str): give a list of theme codes, e.g. ["daily_life"]'),
    }


def test_an_age_as_a_number_and_themes_as_a_list_still_import():
    data = json_file(child={"age_years": 4}, rapid_review={"submitted_date": "2020-03-21", "themes": ["daily_life"]})
    records, problems = parse_json(data, "f.json", today=TODAY, la_check=no_la_problem)
    assert problems == []
    assert records[0].children[0]["age_years"] == 4 and records[0].fields["rr_themes"] == ("daily_life",)


# --- 3 and 5. The published standard states what the import applies ---------------------


def standard_rows() -> dict[str, str]:
    """Each column of the published tables and its 'values and rules' cell."""
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$", STANDARD_DOC.read_text(), re.MULTILINE)
    return dict(rows)


def test_the_published_standard_has_a_row_for_every_column():
    assert set(codes.STANDARD_COLUMNS) - set(standard_rows()) == set()


@pytest.mark.parametrize(("later", "earlier"), standard_rules.DATE_ORDER)
def test_the_published_standard_states_each_order_of_dates(later, earlier):
    assert f"≥ `{earlier}`" in standard_rows()[later]


@pytest.mark.parametrize(
    ("column", "needs"),
    [
        *[(c, "rr_submitted_date") for c in standard_rules.RAPID_REVIEW_DEPENDENTS],
        ("rr_lcspr_recommended", "rr_submitted_date"),
        ("rr_national_review", "rr_submitted_date"),
        ("late_rapid_review_reason", "rr_submitted_date"),
        *[(c, "lcspr_decision_date") for c in standard_rules.PRACTICE_REVIEW_DEPENDENTS],
    ],
)
def test_the_published_standard_states_what_each_field_needs(column, needs):
    assert f"needs `{needs}`" in standard_rows()[column]


def test_the_published_standard_states_the_near_miss_rule():
    assert "`yes` only when `incident_type` is `serious_harm`" in standard_rows()["near_miss"]
