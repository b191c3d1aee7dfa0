"""The export reads the register as sets (ADR 0035): a few queries whatever its size, no model
instances, within the reader's scope, and the same values as the record's own."""

import csv
import io
import math
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.cases import exporter
from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.domain.standard import format_value
from tests import factories
from tests.cases.rows import valid_row, varied_file
from tests.service.personas import personas

pytestmark = pytest.mark.django_db
NOTIFICATIONS = 40


@pytest.fixture
def register(tmp_path) -> bytes:
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(NOTIFICATIONS, seed=9, awkward_text=True))
    call_command("import", str(path), stdout=io.StringIO())
    return path.read_bytes()


def exported(write=exporter.write_csv, queryset=None) -> str:
    out = io.StringIO()
    write(out, queryset=Notification.objects.all() if queryset is None else queryset)
    return out.getvalue()


def test_csv_writer_writes_every_kind_of_stored_value_as_format_value_does():
    # write_csv hands the driver's values to csv.writer unformatted, which is right only while this holds.
    values = [None, "", "unknown", 'a, "quoted"\nline', 0, 17, date(2020, 2, 29)]
    raw, formatted = io.StringIO(), io.StringIO()
    csv.writer(raw, lineterminator="\n").writerow(values)
    csv.writer(formatted, lineterminator="\n").writerow([format_value(v) for v in values])
    assert raw.getvalue() == formatted.getvalue()


def test_chunks_change_the_number_of_queries_and_nothing_else(register, monkeypatch):
    whole_json = exported(exporter.write_json)
    monkeypatch.setattr(exporter, "CHUNK", 7)  # 40 notifications: five chunks of 7 and a short one of 5
    with CaptureQueriesContext(connection) as queries:
        assert exported().encode() == register
    # One query for the notifications; for each chunk, one for its children and one for its themes.
    assert len(queries) == 1 + 2 * math.ceil(NOTIFICATIONS / 7)
    assert exported(exporter.write_json) == whole_json


def test_the_export_makes_no_model_instances(register):
    made = []

    def instance_made(sender, **kwargs):
        made.append(sender)

    post_init.connect(instance_made)
    try:
        exported()
        exported(exporter.write_json)
    finally:
        post_init.disconnect(instance_made)
    assert made == []


def test_the_values_read_as_sets_are_the_records_own(register):
    # notification_columns reads one model instance (an amendment compares with it); both must agree.
    instances = (
        Notification.objects.canonical_order()
        .select_related("rapid_review", "practice_review")
        .prefetch_related("children", "rapid_review__themes")
    )
    read = list(exporter.records(Notification.objects.all()))
    assert len(read) == len(instances) == NOTIFICATIONS
    for (values, version, children), n in zip(read, instances, strict=True):
        own = exporter.notification_columns(n)
        assert [format_value(v) for v in values] == [format_value(own[column]) for column in exporter.COLUMNS]
        assert version == own["record_version"]
        assert [[format_value(v) for v in child] for child in children] == [
            [format_value(v) for v in exporter.child_columns(child).values()] for child in n.children.all()
        ]


def test_a_partnerships_export_holds_its_own_cases_and_those_shared_with_it_only(db):
    people = personas()
    factories.notifications(
        valid_row(notification_ref="BHM-1"),  # Birmingham: alice's partnership
        valid_row(notification_ref="CITY-1", la_code="E09000001"),  # City of London: bob's
        # The City's case of a child who lives in Birmingham: shared with alice's partnership.
        valid_row(notification_ref="CITY-2", la_code="E09000001", home_la_code="E08000025"),
    )

    def refs(user) -> list[str]:
        rows = exported(queryset=Notification.objects.visible_to(user)).splitlines()[1:]
        return [row.split(",")[0] for row in rows]

    assert refs(people["alice"]) == ["BHM-1", "CITY-2"]
    assert refs(people["bob"]) == ["CITY-1", "CITY-2"]
    # An analyst sees no child-level record: the header alone, without a query.
    with CaptureQueriesContext(connection) as queries:
        assert refs(people["ann"]) == []
    assert len(queries) == 0


def test_the_lists_download_streams_the_same_file_audited_before_it_leaves(register, client, monkeypatch):
    sam = personas()["sam"]  # the Panel secretariat: every case
    client.force_login(sam)
    monkeypatch.setattr(exporter, "CHUNK", 7)
    response = client.get(reverse("notification_list_csv"))
    event = AuditEvent.objects.filter(action="register.export").get()  # before a row is read
    assert event.actor == sam and event.changed_fields["notifications"] == NOTIFICATIONS
    pieces = list(exporter.csv_pieces(queryset=Notification.objects.all(), size=1000))
    assert len(pieces) > 1 and b"".join(response.streaming_content) == register == "".join(pieces).encode()
