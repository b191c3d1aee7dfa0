"""The child's home authority: a child who lives elsewhere shares the case with that partnership.

A notification is the partnership's of the authority where the incident happened (`la_code`).
A child's `home_la_code` names where they normally live; when its partnership is another, the
case is shared with it automatically (audited), both see it, and the Panel may withdraw the share.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from cspr.cases import actions
from cspr.cases.models import CaseShare, Notification
from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused
from tests import factories
from tests.cases.rows import csv_bytes, valid_row
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

BIRMINGHAM, CITY_OF_LONDON = "E08000025", "E09000001"


@pytest.fixture
def people(db):
    return personas()


def test_a_child_living_in_another_partnerships_area_shares_the_case_with_it(people, client):
    n = factories.notification("HA-1", home_la_code=CITY_OF_LONDON)
    assert n.partnership_id == "birmingham"
    share = CaseShare.objects.get(notification=n)
    assert share.partnership_id == "city-and-hackney" and "home authority" in share.reason
    event = AuditEvent.objects.get(action="notification.share", object_id="HA-1")
    assert event.changed_fields == {"partnership": "city-and-hackney"}
    # Both partnerships see it; bob's dashboard lists it among his.
    for person in ("alice", "bob"):
        client.force_login(people[person])
        assert client.get(reverse("notification_detail", args=["HA-1"])).status_code == 200
        assert "HA-1" in client.get(reverse("notification_list")).content.decode()


def test_a_child_living_in_the_notifying_partnerships_area_shares_nothing():
    factories.notification("HA-2", home_la_code=BIRMINGHAM)
    factories.notification("HA-3")
    assert not CaseShare.objects.exists()


def test_a_reimport_that_adds_a_home_authority_shares_once(tmp_path):
    path = tmp_path / "home.csv"
    path.write_bytes(csv_bytes([valid_row(notification_ref="HA-4")]))
    call_command("import", str(path), stdout=io.StringIO())
    path.write_bytes(csv_bytes([valid_row(notification_ref="HA-4", home_la_code=CITY_OF_LONDON)]))
    call_command("import", str(path), "--overwrite", stdout=io.StringIO())
    call_command("import", str(path), "--overwrite", stdout=io.StringIO())
    assert list(CaseShare.objects.values_list("partnership_id", flat=True)) == ["city-and-hackney"]
    assert Notification.objects.get().children.get().home_la_code == CITY_OF_LONDON


def test_the_panel_withdraws_a_share_and_the_partnership_no_longer_sees_the_case(people, client):
    n = factories.notification("HA-5", home_la_code=CITY_OF_LONDON)
    with pytest.raises(Refused, match="only the Panel secretariat"):
        actions.case_share_withdraw(
            actor=people["alice"], notification_id=n.pk, partnership_id="city-and-hackney", reason="Wrong"
        )
    actions.case_share_withdraw(
        actor=people["sam"], notification_id=n.pk, partnership_id="city-and-hackney", reason="Lives in Birmingham"
    )
    assert not CaseShare.objects.exists()
    assert AuditEvent.objects.filter(action="notification.share_withdraw", object_id="HA-5").count() == 1
    client.force_login(people["bob"])
    assert client.get(reverse("notification_detail", args=["HA-5"])).status_code == 404


def test_a_home_authority_that_did_not_exist_on_the_incident_date_is_refused(tmp_path):
    path = tmp_path / "home.csv"
    # Northamptonshire county (E10000021) was abolished in April 2021.
    path.write_bytes(
        csv_bytes(
            [
                valid_row(
                    incident_date="2022-03-02",
                    aware_date="2022-03-03",
                    notified_date="2022-03-05",
                    home_la_code="E10000021",
                )
            ]
        )
    )
    err = io.StringIO()
    with pytest.raises(Exception, match="nothing was imported"):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:2: home_la_code: child C1: E10000021" in err.getvalue()
    assert not Notification.objects.exists()
