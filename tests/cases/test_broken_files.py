"""A corpus of broken files: each gives the right FILE:LINE: column error and loads nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db


def rows(*overrides: dict) -> bytes:
    """A file with a good first notification, then one row per override."""
    good = valid_row(notification_ref="GOOD-1")
    return csv_bytes([good, *[valid_row(**o) for o in overrides]])


def json_doc(**notification) -> bytes:
    base = {k: v for k, v in valid_row().items() if not k.startswith(("rr_", "lcspr_")) and v != ""}
    child = {k: base.pop(k) for k in ["child_ref", "gender", "age_years", "ethnicity"]}
    child["age_years"] = int(child["age_years"])
    doc = {
        "standard": "cspr-1",
        "notifications": [{**base, "children": [child], "rapid_review": None, "practice_review": None, **notification}],
    }
    return json.dumps(doc, indent=1).encode()


CASES = [
    # (name, content, line or JSON path, column, message fragment)
    ("empty.csv", b"", "1", "(file)", "empty"),
    ("only-bom.csv", b"\xef\xbb\xbf", "1", "(file)", "empty"),
    ("header-only.csv", csv_bytes([valid_row()]).split(b"\n")[0] + b"\n", "2", "(file)", "no rows"),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "3", "(file)", "binary"),
    ("latin1.csv", rows({"notification_ref": "N-2"}).replace(b"WBRI", b"WBRI\xe9", 1), "2", "(encoding)", "UTF-8"),
    ("unknown-column.csv", csv_bytes([{**valid_row(), "gendr": "x"}]), "1", "gendr", "did you mean gender"),
    (
        "missing-column.csv",
        csv_bytes([{k: v for k, v in valid_row().items() if k != "ethnicity"}]),
        "1",
        "ethnicity",
        "required column",
    ),
    ("duplicate-column.csv", b"notification_ref,notification_ref\nA,B\n", "1", "notification_ref", "twice"),
    ("short-row.csv", csv_bytes([valid_row()]) + b"N-2,E08000025\n", "3", "(row)", "fields"),
    ("bad-quotes.csv", csv_bytes([valid_row()]) + b'"N-3,oops\n', "3", "(file)", "malformed"),
    (
        "bad-gender.csv",
        rows({"notification_ref": "N-2", "gender": "M"}),
        "3",
        "gender",
        "'M' is not one of male, female, transgender, not_known",
    ),
    ("bad-ethnicity.csv", rows({"notification_ref": "N-2", "ethnicity": "wbri"}), "3", "ethnicity", "not one of"),
    (
        "bad-incident-type.csv",
        rows({"notification_ref": "N-2", "incident_type": "injury"}),
        "3",
        "incident_type",
        "not one of",
    ),
    (
        "bad-flag.csv",
        rows({"notification_ref": "N-2", "domestic_abuse": "Y"}),
        "3",
        "domestic_abuse",
        "not one of yes, no, unknown",
    ),
    ("bad-age.csv", rows({"notification_ref": "N-2", "age_years": "18"}), "3", "age_years", "0 to 17"),
    ("negative-age.csv", rows({"notification_ref": "N-2", "age_years": "-1"}), "3", "age_years", "0 to 17"),
    (
        "bad-theme.csv",
        rows({"notification_ref": "N-2", "rr_submitted_date": "2020-03-20", "rr_themes": "daily_life;optimisim"}),
        "3",
        "rr_themes",
        "'optimisim' is not a practice theme",
    ),
    ("bad-ref.csv", rows({"notification_ref": "N 2"}), "3", "notification_ref", "A-Z"),
    ("missing-ref.csv", rows({"notification_ref": ""}), "3", "notification_ref", "required"),
    ("missing-gender.csv", rows({"notification_ref": "N-2", "gender": ""}), "3", "gender", "required"),
    (
        "missing-death-category.csv",
        rows({"notification_ref": "N-2", "incident_type": "death", "harm_category": ""}),
        "3",
        "death_category",
        "required because incident_type is death",
    ),
    (
        "harm-category-on-death.csv",
        rows({"notification_ref": "N-2", "incident_type": "death", "death_category": "sudi"}),
        "3",
        "harm_category",
        "must be empty",
    ),
    (
        "missing-harm-category.csv",
        rows({"notification_ref": "N-2", "harm_category": ""}),
        "3",
        "harm_category",
        "required because incident_type is serious_harm",
    ),
    (
        "near-miss-on-death.csv",
        rows(
            {
                "notification_ref": "N-2",
                "incident_type": "death",
                "death_category": "sudi",
                "harm_category": "",
                "near_miss": "yes",
            }
        ),
        "3",
        "near_miss",
        "only for serious_harm",
    ),
    (
        "bad-date.csv",
        rows({"notification_ref": "N-2", "incident_date": "02/03/2020"}),
        "3",
        "incident_date",
        "YYYY-MM-DD",
    ),
    (
        "impossible-date.csv",
        rows({"notification_ref": "N-2", "incident_date": "2020-02-30"}),
        "3",
        "incident_date",
        "not a real date",
    ),
    (
        "future-date.csv",
        rows({"notification_ref": "N-2", "notified_date": "2099-01-01"}),
        "3",
        "notified_date",
        "in the future",
    ),
    (
        "aware-before-incident.csv",
        rows({"notification_ref": "N-2", "aware_date": "2020-03-01"}),
        "3",
        "aware_date",
        "before incident_date",
    ),
    (
        "notified-before-aware.csv",
        rows({"notification_ref": "N-2", "notified_date": "2020-03-02"}),
        "3",
        "notified_date",
        "before aware_date",
    ),
    (
        "published-before-final.csv",
        rows(
            {
                "notification_ref": "N-2",
                "rr_submitted_date": "2020-03-20",
                "lcspr_decision_date": "2020-03-25",
                "lcspr_final_report_date": "2020-09-01",
                "lcspr_published_date": "2020-08-01",
            }
        ),
        "3",
        "lcspr_published_date",
        "before lcspr_final_report_date",
    ),
    (
        "response-before-submission.csv",
        rows({"notification_ref": "N-2", "rr_submitted_date": "2020-03-20", "rr_panel_response_date": "2020-03-10"}),
        "3",
        "rr_panel_response_date",
        "before rr_submitted_date",
    ),
    (
        "themes-without-review.csv",
        rows({"notification_ref": "N-2", "rr_themes": "daily_life"}),
        "3",
        "rr_themes",
        "needs rr_submitted_date",
    ),
    (
        "published-without-decision.csv",
        rows({"notification_ref": "N-2", "lcspr_published_date": "2020-10-01"}),
        "3",
        "lcspr_published_date",
        "needs lcspr_decision_date",
    ),
    (
        "unknown-la.csv",
        rows({"notification_ref": "N-2", "la_code": "E06000999"}),
        "3",
        "la_code",
        "not a local authority",
    ),
    ("malformed-la.csv", rows({"notification_ref": "N-2", "la_code": "W06000015"}), "3", "la_code", "GSS code"),
    (
        "retired-la.csv",
        rows(
            {
                "notification_ref": "N-2",
                "la_code": "E10000006",
                "incident_date": "2023-05-02",
                "aware_date": "2023-05-02",
                "notified_date": "2023-05-03",
            }
        ),
        "3",
        "la_code",
        "use its successor",
    ),
    (
        "inconsistent-notification.csv",
        csv_bytes([valid_row(), valid_row(child_ref="C2", incident_date="2020-03-01")]),
        "3",
        "incident_date",
        "disagrees with line 2",
    ),
    (
        "duplicate-child.csv",
        csv_bytes([valid_row(), valid_row()]),
        "3",
        "child_ref",
        "appears twice in notification N-1 (also line 2)",
    ),
    ("not-json.json", b'{"standard": "cspr-1",\n "notifications": [\n}', "3", "(file)", "invalid JSON"),
    ("wrong-standard.json", b'{"standard": "cspr-0", "notifications": []}', "standard", "standard", "cspr-1"),
    (
        "json-bad-gender.json",
        json_doc(children=[{"child_ref": "C1", "gender": "M", "age_years": 3, "ethnicity": "WBRI"}]),
        "notifications[0].children[0]",
        "gender",
        "'M' is not one of",
    ),
    ("json-boolean-flag.json", json_doc(domestic_abuse=True), "notifications[0]", "domestic_abuse", 'use "yes"'),
    ("json-unknown-field.json", json_doc(colour="red"), "notifications[0]", "colour", "unknown field"),
    ("json-no-children.json", json_doc(children=[]), "notifications[0]", "children", "at least one child"),
    ("wrong-extension.xlsx", b"PK\x03\x04", "1", "(file)", "unknown file type"),
    # References a spreadsheet would read as a formula (CSV injection).
    ("formula-minus-ref.csv", rows({"notification_ref": "-2+3"}), "3", "notification_ref", "must not start with -"),
    ("formula-plus-ref.csv", rows({"notification_ref": "+N-2"}), "3", "notification_ref", "read as a formula"),
    ("formula-equals-ref.csv", rows({"notification_ref": "=HYPERLINK(1)"}), "3", "notification_ref", "formula"),
    ("formula-at-ref.csv", rows({"notification_ref": "@SUM"}), "3", "notification_ref", "formula"),
    ("formula-child-ref.csv", rows({"notification_ref": "N-2", "child_ref": "-C1"}), "3", "child_ref", "formula"),
    ("json-formula-ref.json", json_doc(notification_ref="=1+1"), "notifications[0]", "notification_ref", "formula"),
    # record_version: what cspr export wrote, a whole number, the same on every row of a notification.
    ("bad-version.csv", csv_bytes([valid_row(record_version="v2")]), "2", "record_version", "'v2'"),
    ("zero-version.csv", csv_bytes([valid_row(record_version="0")]), "2", "record_version", "from 1"),
    (
        "disagreeing-versions.csv",
        csv_bytes([valid_row(record_version="2"), valid_row(child_ref="C2", record_version="3")]),
        "3",
        "record_version",
        "disagrees with line 2",
    ),
    ("json-text-version.json", json_doc(record_version="2"), "notifications[0]", "record_version", "whole number"),
    ("json-negative-version.json", json_doc(record_version=-1), "notifications[0]", "record_version", "'-1'"),
    # Digits other than 0-9, which str.isdigit() took: "٣" read as 3, "²" refused in Python's words.
    ("arabic-age.csv", rows({"notification_ref": "N-2", "age_years": "٣"}), "3", "age_years", "'٣' is not a whole"),
    ("superscript-age.csv", rows({"notification_ref": "N-2", "age_years": "²"}), "3", "age_years", "'²' is not a"),
    ("long-age.csv", rows({"notification_ref": "N-2", "age_years": "9" * 5000}), "3", "age_years", "not a whole"),
    ("arabic-version.csv", csv_bytes([valid_row(record_version="٣")]), "2", "record_version", "'٣' is not a record"),
    ("superscript-version.csv", csv_bytes([valid_row(record_version="²")]), "2", "record_version", "'²' is not a"),
    ("arabic-date.csv", rows({"notification_ref": "N-2", "incident_date": "٢٠٢٠-٠٣-٠١"}), "3", "incident_date", "YYYY"),
    # Files that are not UTF-8 CSV or JSON text at all.
    (
        "utf16.csv",
        csv_bytes([valid_row()]).decode().encode("utf-16"),
        "1",
        "(encoding)",
        "UTF-16 text: save it as UTF-8",
    ),
    ("utf16-be.csv", b"\xfe\xff" + csv_bytes([valid_row()]).decode().encode("utf-16-be"), "1", "(encoding)", "UTF-16"),
    ("utf16.json", json_doc().decode().encode("utf-16"), "1", "(encoding)", "UTF-16 text: save it as UTF-8"),
    ("binary.json", b'{"standard":\n\x00}', "2", "(file)", "this is not a JSON text file"),
    ("semicolons.csv", csv_bytes([valid_row()]).replace(b",", b";"), "1", "(header)", "separated by semicolons"),
    (
        "second-bom.csv",
        b"\xef\xbb\xbf\xef\xbb\xbf" + csv_bytes([valid_row()]),
        "1",
        "'\\ufeffnotification_ref'",
        "unknown column (its name holds an invisible character, shown escaped; did you mean notification_ref?)",
    ),
    # JSON that json.loads reads with an exception other than JSONDecodeError, or reads wrongly.
    (
        "json-long-number.json",
        json_doc().replace(b'"age_years": 0', b'"age_years": ' + b"9" * 5000),
        str(json_doc().split(b'"age_years"')[0].count(b"\n") + 1),
        "(file)",
        "invalid JSON: a number of 5000 digits (column 19)",
    ),
    (
        "json-deep.json",
        b'{"standard": "cspr-1", "notifications": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "(document)",
        "(file)",
        "invalid JSON: nested too deeply",
    ),
    ("json-children-number.json", json_doc(children=5), "notifications[0]", "children", "must be a list"),
    ("json-children-true.json", json_doc(children=True), "notifications[0]", "children", "must be a list"),
    (
        "json-repeated-field.json",
        json_doc().replace(b'"la_code"', b'"la_code": "E08000025",\n  "la_code"', 1),
        "notifications[0]",
        "la_code",
        "is given twice in this object",
    ),
    (
        "json-repeated-child-field.json",
        json_doc().replace(b'"gender"', b'"gender": "male", "gender"', 1),
        "notifications[0].children[0]",
        "gender",
        "is given twice",
    ),
    (
        "json-repeated-standard.json",
        json_doc().replace(b'"standard"', b'"standard": "cspr-0", "standard"', 1),
        "(document)",
        "standard",
        "is given twice",
    ),
    (
        "json-repeated-review-field.json",
        json_doc(rapid_review={"submitted_date": "2020-03-20"}).replace(
            b'"submitted_date"', b'"submitted_date": "2020-03-21", "submitted_date"', 1
        ),
        "notifications[0].rapid_review",
        "submitted_date",
        "is given twice",
    ),
]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("name", "content", "where", "column", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_gives_its_error_and_loads_nothing(tmp_path, name, content, where, column, fragment):
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
    assert Notification.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_one_bad_file_among_good_ones_loads_nothing(tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([valid_row()]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(rows({"notification_ref": "N-2", "gender": "M"}))
    with pytest.raises(CommandError):
        call_command("import", str(good), str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    assert Notification.objects.count() == 0


def test_the_same_ref_in_two_files_is_refused(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes(csv_bytes([valid_row()]))
    second.write_bytes(csv_bytes([valid_row()]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(first), str(second), stdout=io.StringIO(), stderr=err)
    assert f"{second}:2: notification_ref: 'N-1' is also in {first}:2" in err.getvalue()


def test_every_problem_is_reported_at_once(tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(rows({"notification_ref": "N-2", "gender": "M"}, {"notification_ref": "N-3", "ethnicity": "X"}))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:3: gender:" in err.getvalue() and f"{path}:4: ethnicity:" in err.getvalue()


def import_errors(path) -> tuple[list[str], str]:
    """The lines `cspr import path` writes to stderr, and its closing message."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported") as failure:
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines(), str(failure.value)


@pytest.mark.parametrize("content", [b"\n\n  \n\t\n", b"\xef\xbb\xbf  \r\n \r\n"])
def test_a_file_of_blank_lines_is_empty_once(tmp_path, content):
    path = tmp_path / "blank.csv"
    path.write_bytes(content)
    lines, _ = import_errors(path)
    assert lines == [f"{path}:1: (file): the file is empty: expected a header row and at least one child row"]


def test_the_blank_rows_a_spreadsheet_leaves_are_not_data(tmp_path):
    path = tmp_path / "from-excel.csv"
    columns = len(csv_bytes([valid_row()]).splitlines()[0].split(b","))
    path.write_bytes(csv_bytes([valid_row()]) + (b"," * (columns - 1) + b"\r\n") * 3 + b" , ,\r\n")
    out = io.StringIO()
    call_command("import", str(path), stdout=out, stderr=io.StringIO())
    assert "1 notifications created" in out.getvalue()


def test_a_semicolon_separated_file_gets_one_problem_not_one_per_column(tmp_path):
    path = tmp_path / "semicolons.csv"
    path.write_bytes(csv_bytes([valid_row()]).replace(b",", b";"))
    lines, _ = import_errors(path)
    assert len(lines) == 1 and "save the file comma-separated" in lines[0]


@pytest.mark.parametrize(
    ("changes", "where", "column"),
    [
        ({"aware_date": 5}, "notifications[0]", "aware_date"),
        ({"aware_date": ...}, "notifications[0]", "aware_date"),
        ({"la_code": True}, "notifications[0]", "la_code"),
        ({"children": [{"child_ref": "C1", "gender": 1, "age_years": 3, "ethnicity": "WBRI"}]}, "", "gender"),
        ({"children": [{"child_ref": "C1", "age_years": 3, "ethnicity": "WBRI"}]}, "", "gender"),
    ],
)
def test_a_json_field_of_the_wrong_type_or_missing_gets_one_message(tmp_path, changes, where, column):
    doc = json.loads(json_doc())
    notification = doc["notifications"][0]
    notification.update(changes)
    for key in [k for k, v in changes.items() if v is ...]:
        del notification[key]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(doc))
    lines, _ = import_errors(path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:{where or 'notifications[0].children[0]'}: {column}: ")


def test_the_count_at_the_limit_says_there_may_be_more(tmp_path, settings):
    settings.CSPR_IMPORT_MAX_ERRORS = 5
    path = tmp_path / "many.csv"
    path.write_bytes(rows(*[{"notification_ref": f"N-{i}", "gender": "M"} for i in range(2, 30)]))
    lines, message = import_errors(path)
    assert lines[-1] == "(stopped after 5 problems)" and len(lines) == 6
    assert message == "5 or more problems found; nothing was imported"


def test_the_count_under_the_limit_is_exact(tmp_path, settings):
    settings.CSPR_IMPORT_MAX_ERRORS = 5
    path = tmp_path / "some.csv"
    path.write_bytes(rows(*[{"notification_ref": f"N-{i}", "gender": "M"} for i in range(2, 6)]))
    lines, message = import_errors(path)
    assert len(lines) == 4 and message == "4 problem(s) found; nothing was imported"
