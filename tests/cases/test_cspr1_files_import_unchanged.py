"""cspr-2 still reads cspr-1: a file written before cspr-2 imports unchanged, its new columns empty."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from cspr.cases.models import Child, Notification
from cspr.domain import codes
from tests.cases.rows import csv_bytes, valid_row, varied_file

pytestmark = pytest.mark.django_db


def export(fmt="csv") -> str:
    out = io.StringIO()
    call_command("export", "--format", fmt, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_cspr1_csv_file_imports_and_exports_as_cspr2_with_the_new_columns_empty(tmp_path):
    old = varied_file(60, seed=11, standard="cspr-1")
    assert not set(codes.CSPR2_ONLY_COLUMNS) & set(old.decode().splitlines()[0].split(","))
    path = tmp_path / "old.csv"
    path.write_bytes(old)
    call_command("import", str(path), stdout=io.StringIO())
    assert Notification.objects.count() == 60
    rows = list(csv.DictReader(io.StringIO(export())))
    old_rows = list(csv.DictReader(io.StringIO(old.decode())))
    assert [{c: r[c] for c in old_rows[0]} for r in rows] == old_rows
    assert {r["offending_adults"] for r in rows} == {"unknown"}
    assert {r["previous_care_proceedings"] for r in rows} == {"unknown"}
    assert {r["late_notification_reason"] + r["incident_description"] for r in rows} == {""}


def test_a_cspr1_json_document_imports(tmp_path):
    row = valid_row()
    child = {k: row.pop(k) for k in codes.CSPR1_CHILD_COLUMNS}
    child["age_years"] = int(child["age_years"])
    notification = {k: v or None for k, v in row.items() if k in codes.CSPR1_NOTIFICATION_COLUMNS}
    notification = {k: v for k, v in notification.items() if not k.startswith(("rr_", "lcspr_"))}
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"standard": "cspr-1", "notifications": [{**notification, "children": [child]}]}))
    call_command("import", str(path), stdout=io.StringIO())
    assert Child.objects.get().previous_care_proceedings == "unknown"


def test_a_cspr1_json_document_may_not_carry_a_cspr2_field(tmp_path):
    row = valid_row()
    child = {k: row.pop(k) for k in ("child_ref", "gender", "ethnicity")} | {"age_years": 3}
    notification = {k: v for k, v in row.items() if k in codes.CSPR1_NOTIFICATION_COLUMNS and v}
    path = tmp_path / "mixed.json"
    path.write_text(
        json.dumps(
            {"standard": "cspr-1", "notifications": [{**notification, "offending_adults": "yes", "children": [child]}]}
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:notifications[0]: offending_adults: is a field of cspr-2" in err.getvalue()
    assert Notification.objects.count() == 0


def test_a_cspr2_csv_file_round_trips_byte_for_byte(tmp_path):
    data = varied_file(200, seed=12, awkward_text=True)
    assert b"siblings_removed_not_returned" in data and b'""concerns""' in data
    path = tmp_path / "new.csv"
    path.write_bytes(data)
    call_command("import", str(path), stdout=io.StringIO())
    assert export().encode() == data


def test_a_description_with_line_breaks_quotes_and_commas_survives_csv_and_json(tmp_path):
    text = 'Line one, with a comma.\nLine "two"\tand a tab.'
    path = tmp_path / "one.csv"
    path.write_bytes(csv_bytes([valid_row(incident_description=text)]))
    call_command("import", str(path), stdout=io.StringIO())
    assert Notification.objects.get().incident_description == text
    as_json = export("json")
    assert json.loads(as_json)["notifications"][0]["incident_description"] == text
    Notification.objects.all().delete()
    again = tmp_path / "one.json"
    again.write_text(as_json)
    call_command("import", str(again), stdout=io.StringIO())
    assert Notification.objects.get().incident_description == text
