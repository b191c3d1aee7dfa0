"""A corpus of broken cspr-2 files: each gives its FILE:LINE: column: message and changes nothing.

The cspr-1 corpus is tests/cases/test_broken_files.py; these are the new columns'
rules (flags, the reasons for delay, the incident's description, home education per
incident and per child) and the versions of the JSON form.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from tests import factories
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db


def rows(*overrides: dict) -> bytes:
    """A file with a good first notification (line 2), then one row per override (line 3 on)."""
    return csv_bytes(
        [valid_row(notification_ref="GOOD-1"), *[valid_row(notification_ref="N-2", **o) for o in overrides]]
    )


def two_children(first: dict, second: dict) -> bytes:
    """One notification, two children (lines 2 and 3)."""
    return csv_bytes([valid_row(**first), valid_row(child_ref="C2", **second)])


def json_doc(standard="cspr-2", child=None, **notification) -> bytes:
    base = {k: v for k, v in valid_row().items() if not k.startswith(("rr_", "lcspr_")) and v != ""}
    kid = {k: base.pop(k) for k in ["child_ref", "gender", "age_years", "ethnicity"]}
    kid["age_years"] = int(kid["age_years"])
    doc = {"standard": standard, "notifications": [{**base, "children": [kid | (child or {})], **notification}]}
    return json.dumps(doc, indent=1).encode()


N = "notifications[0]"
CASES = [
    # (name, content, line or JSON path, column, message fragment)
    ("flag-offending.csv", rows({"offending_adults": "Y"}), "3", "offending_adults", "'Y' is not one of yes, no"),
    ("flag-home-incident.csv", rows({"home_educated_incident": "true"}), "3", "home_educated_incident", "'true'"),
    ("flag-proceedings.csv", rows({"previous_care_proceedings": "1"}), "3", "previous_care_proceedings", "'1' is not"),
    (
        "flag-siblings-case.csv",
        rows({"siblings_removed_not_returned": "Yes"}),
        "3",
        "siblings_removed_not_returned",
        "'Yes' is not one of",
    ),
    (
        "late-reason.csv",
        rows({"late_notification_reason": "busy"}),
        "3",
        "late_notification_reason",
        "'busy' is not one of criteria_unclear",
    ),
    ("late-rr-reason.csv", rows({"late_rapid_review_reason": "LATE"}), "3", "late_rapid_review_reason", "not one of"),
    (
        "late-rr-reason-no-review.csv",
        rows({"late_rapid_review_reason": "other"}),
        "3",
        "late_rapid_review_reason",
        "needs rr_submitted_date",
    ),
    (
        "home-educated-child-not-incident.csv",
        rows({"home_educated": "yes", "home_educated_incident": "no"}),
        "3",
        "home_educated_incident",
        "child C1 is electively home educated",
    ),
    (
        "home-educated-second-child.csv",
        two_children({"home_educated_incident": "no"}, {"home_educated_incident": "no", "home_educated": "yes"}),
        "2",
        "home_educated_incident",
        "child C2",
    ),
    ("description-formula.csv", rows({"incident_description": "=1+1"}), "3", "incident_description", "formula"),
    ("description-at.csv", rows({"incident_description": "@SUM(A1)"}), "3", "incident_description", "formula"),
    (
        "description-too-long.csv",
        rows({"incident_description": "x" * 4001}),
        "3",
        "incident_description",
        "4001 characters long; the most is 4000",
    ),
    ("description-bell.csv", rows({"incident_description": "a\x07b"}), "3", "incident_description", "0x07"),
    ("description-cr.csv", rows({"incident_description": "one\r\ntwo"}), "3", "incident_description", "carriage"),
    # Half a character, which only a JSON escape can give and no database can store.
    (
        "description-surrogate.json",
        json_doc(incident_description="hello \ud800 world"),
        N,
        "incident_description",
        "contains '\\ud800' at character 7, half of a character (an unpaired surrogate)",
    ),
    (
        "description-disagrees.csv",
        two_children({"incident_description": "At home."}, {"incident_description": "At school."}),
        "3",
        "incident_description",
        "disagrees with line 2",
    ),
    (
        "offending-disagrees.csv",
        two_children({"offending_adults": "yes"}, {"offending_adults": "no"}),
        "3",
        "offending_adults",
        "disagrees with line 2",
    ),
    (
        "typo-offending.csv",
        csv_bytes([{**valid_row(), "offending_adult": "yes"}]),
        "1",
        "offending_adult",
        "did you mean offending_adults",
    ),
    (
        "typo-proceedings.csv",
        csv_bytes([{**valid_row(), "previous_care_proceeding": "yes"}]),
        "1",
        "previous_care_proceeding",
        "did you mean previous_care_proceedings",
    ),
    ("cspr1-with-new-field.json", json_doc("cspr-1", offending_adults="yes"), N, "offending_adults", "field of cspr-2"),
    (
        "cspr1-with-new-child-field.json",
        json_doc("cspr-1", child={"previous_care_proceedings": "no"}),
        f"{N}.children[0]",
        "previous_care_proceedings",
        "declare cspr-2",
    ),
    ("cspr3.json", json_doc("cspr-3"), "standard", "standard", '"standard": "cspr-2"'),
    ("flag-bool.json", json_doc(offending_adults=True), N, "offending_adults", 'true is not allowed: use "yes"'),
    ("description-number.json", json_doc(incident_description=5), N, "incident_description", "wrong type (int)"),
    ("description-list.json", json_doc(incident_description=["a"]), N, "incident_description", "wrong type (list)"),
    ("reason-case.json", json_doc(late_notification_reason="Other"), N, "late_notification_reason", "'Other'"),
    (
        "child-flag.json",
        json_doc(child={"siblings_removed_not_returned": "maybe"}),
        f"{N}.children[0]",
        "siblings_removed_not_returned",
        "'maybe' is not one of",
    ),
    (
        "home-educated.json",
        json_doc(home_educated_incident="no", child={"home_educated": "yes"}),
        N,
        "home_educated_incident",
        "electively home educated",
    ),
]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 20


@pytest.mark.parametrize(("name", "content", "where", "column", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_broken_cspr2_file_gives_its_error_and_changes_nothing(tmp_path, name, content, where, column, fragment):
    # A notification already in the register, which the failed import must leave as it was.
    kept = factories.notification("N-2", offending_adults="no")
    path = tmp_path / name
    path.write_bytes(content)
    audit_before = AuditEvent.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    expected = f"{path}:{where}: {column}: "
    matching = [line for line in lines if line.startswith(expected)]
    assert matching, f"no line starting {expected!r} in {lines}"
    assert any(fragment in line for line in matching), matching
    assert list(Notification.objects.values_list("ref", "version", "offending_adults")) == [("N-2", kept.version, "no")]
    assert AuditEvent.objects.count() == audit_before
