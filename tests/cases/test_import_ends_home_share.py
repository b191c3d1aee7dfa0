"""`cspr import` updating a case withdraws the automatic home-authority share the file makes stale, as a
correction does (cspr/cases/actions/sharing.py), and the timeline says so for a correction."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from cspr.cases import actions
from cspr.cases.actions.sharing import HOME_AUTHORITY_REASON
from cspr.cases.models import Amendment, CaseShare, Notification
from cspr.cases.timeline import amendment_details
from cspr.core.models import AuditEvent, Partnership
from tests import factories
from tests.cases.commands import imported as _import
from tests.cases.rows import csv_bytes, valid_row
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

BIRMINGHAM, CITY_OF_LONDON = "E08000025", "E09000001"


@pytest.fixture
def people(db):
    return personas()


def _exported_with(**changes) -> str:
    """The register exported (so with each row's record_version), with `changes` made to every row."""
    out = io.StringIO()
    call_command("export", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    return csv_bytes([row | changes for row in rows], columns=list(rows[0])).decode()


@pytest.mark.parametrize("how", ["overwrite", "record_version"])
def test_a_reimport_correcting_the_home_authority_ends_the_other_partnerships_sight_of_the_case(
    people, client, tmp_path, how
):
    path = tmp_path / "home.csv"
    path.write_bytes(csv_bytes([valid_row(notification_ref="HI-1", home_la_code=CITY_OF_LONDON)]))
    _import(path)
    assert CaseShare.objects.get().reason == HOME_AUTHORITY_REASON
    client.force_login(people["bob"])
    assert client.get(reverse("notification_detail", args=["HI-1"])).status_code == 200

    if how == "overwrite":
        path.write_bytes(csv_bytes([valid_row(notification_ref="HI-1", home_la_code=BIRMINGHAM)]))
        assert "1 updated" in _import(path, "--overwrite")
    else:
        path.write_text(_exported_with(home_la_code=BIRMINGHAM))
        assert "1 updated" in _import(path)

    assert Notification.objects.get().children.get().home_la_code == BIRMINGHAM
    assert not CaseShare.objects.exists()
    assert client.get(reverse("notification_detail", args=["HI-1"])).status_code == 404
    assert "HI-1" not in client.get(reverse("notification_list")).content.decode()
    event = AuditEvent.objects.get(action="notification.share_withdraw", object_id="HI-1")
    assert event.changed_fields == {"partnership": "city-and-hackney"}
    assert event.reason.startswith("no child of the case normally lives in this partnership's area now (imported from")
    update = AuditEvent.objects.get(action="notification.import_update", object_id="HI-1")
    assert update.changed_fields["shares_withdrawn"] == ["city-and-hackney"]


def test_a_reimport_leaves_a_share_made_by_hand_and_one_another_child_still_calls_for(people, tmp_path):
    path = tmp_path / "home.csv"
    two = [
        valid_row(notification_ref="HI-2", home_la_code=CITY_OF_LONDON),
        valid_row(notification_ref="HI-2", child_ref="C2", home_la_code=CITY_OF_LONDON),
    ]
    path.write_bytes(csv_bytes(two))
    _import(path)
    two[0]["home_la_code"] = ""
    path.write_bytes(csv_bytes(two))
    _import(path, "--overwrite")
    assert list(CaseShare.objects.values_list("reason", flat=True)) == [HOME_AUTHORITY_REASON]

    path.write_bytes(csv_bytes([valid_row(notification_ref="HI-3")]))
    _import(path)
    n = Notification.objects.get(ref="HI-3")
    actions.case_share(actor=people["sam"], notification_id=n.pk, partnership_id="city-and-hackney", reason="Agreed")
    path.write_bytes(csv_bytes([valid_row(notification_ref="HI-3", gender="male")]))
    _import(path, "--overwrite")
    assert CaseShare.objects.get(notification=n).reason == "Agreed"
    assert not AuditEvent.objects.filter(action="notification.share_withdraw").exists()


def test_the_timeline_says_a_correction_stopped_sharing_the_case(people, client):
    n = factories.notification("HI-4", home_la_code=CITY_OF_LONDON)
    child = {"child_ref": "C1", "gender": "female", "age_years": "0", "ethnicity": "WBRI", "home_la_code": BIRMINGHAM}
    actions.notification_amend(
        actor=people["alice"],
        notification_id=n.pk,
        version=n.version,
        changes={},
        children=[child],
        reason="The home authority was typed wrongly",
    )
    name = Partnership.objects.get(code="city-and-hackney").name
    said = (
        f"Stopped sharing the case with {name}: after this correction no child of the case normally lives in its area"
    )
    assert said in amendment_details(Amendment.objects.get(notification=n))
    client.force_login(people["alice"])
    assert escape(said) in client.get(reverse("notification_detail", args=["HI-4"])).content.decode()
