"""Import then export gives back the same bytes; re-import changes nothing."""

import io
import json

import pytest
from django.core.management import call_command

from cspr.cases.models import Child, Notification
from cspr.core.models import AuditEvent
from tests.cases.rows import varied_file

pytestmark = pytest.mark.django_db


def export(fmt="csv", *args) -> str:
    out = io.StringIO()
    call_command("export", "--format", fmt, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_then_export_reproduces_a_500_notification_file_byte_for_byte(tmp_path):
    data = varied_file(500)
    path = tmp_path / "register.csv"
    path.write_bytes(data)
    call_command("import", str(path), stdout=io.StringIO())
    assert Notification.objects.count() == 500
    assert export().encode() == data


def test_json_export_imports_back_to_the_same_register(tmp_path):
    source = tmp_path / "register.csv"
    source.write_bytes(varied_file(120, seed=7))
    call_command("import", str(source), stdout=io.StringIO())
    as_json = export("json")
    document = json.loads(as_json)
    assert document["standard"] == "cspr-2" and len(document["notifications"]) == 120
    Notification.objects.all().delete()
    json_path = tmp_path / "register.json"
    json_path.write_text(as_json)
    call_command("import", str(json_path), stdout=io.StringIO())
    assert export().encode() == source.read_bytes()
    assert export("json") == as_json


def test_reimporting_the_same_file_changes_nothing_and_writes_no_record_events(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(50, seed=3))
    call_command("import", str(path), stdout=io.StringIO())
    events = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("import", str(path), stdout=out)
    assert "0 notifications created, 0 updated, 50 unchanged" in out.getvalue()
    # Only the import's own summary event is added.
    assert AuditEvent.objects.count() == events + 1


def test_reimporting_a_ref_updates_that_notification(tmp_path):
    path = tmp_path / "register.csv"
    data = varied_file(5, seed=4).decode()
    path.write_text(data)
    call_command("import", str(path), stdout=io.StringIO())
    first = Notification.objects.order_by("notified_date", "ref").first()
    lines = data.splitlines()
    header = lines[0].split(",")
    changed = []
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == first.ref:
            cells[header.index("domestic_abuse")] = "yes" if first.domestic_abuse != "yes" else "no"
            cells[header.index("child_ref")] = cells[header.index("child_ref")] + "X"
        changed.append(",".join(cells))
    path.write_text("\n".join([lines[0], *changed]) + "\n")
    out = io.StringIO()
    call_command("import", str(path), stdout=out)
    assert "0 notifications created, 1 updated, 4 unchanged" in out.getvalue()
    first.refresh_from_db()
    assert first.version == 2
    assert all(c.child_ref.endswith("X") for c in Child.objects.filter(notification=first))
    event = AuditEvent.objects.filter(action="notification.import_update").get()
    assert event.object_id == first.ref
    assert event.changed_fields["notification"] == ["domestic_abuse"]
    assert event.changed_fields["children"]["added"] and event.changed_fields["children"]["removed"]


def test_export_filters_by_notified_date(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(100, seed=5))
    call_command("import", str(path), stdout=io.StringIO())
    rows = export("csv", "--from", "2020-01-01", "--to", "2020-12-31").splitlines()[1:]
    expected = Notification.objects.filter(notified_date__year=2020)
    assert {row.split(",")[0] for row in rows} == set(expected.values_list("ref", flat=True))
    assert all(row.split(",")[4].startswith("2020-") for row in rows)


def test_every_export_is_audited(tmp_path):
    export()
    assert AuditEvent.objects.filter(action="register.export").count() == 1
