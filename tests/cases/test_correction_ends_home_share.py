"""A correction of a child's home authority ends the automatic share it made, never one made by hand."""

import pytest
from django.urls import reverse

from cspr.cases import actions
from cspr.cases.actions.sharing import HOME_AUTHORITY_REASON
from cspr.cases.models import Amendment, CaseShare, Notification
from cspr.core.models import AuditEvent
from tests import factories
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

BIRMINGHAM, CITY_OF_LONDON = "E08000025", "E09000001"
CHILD = {"child_ref": "C1", "gender": "female", "age_years": "0", "ethnicity": "WBRI"}


@pytest.fixture
def people(db):
    return personas()


def correct(n, actor, children, **changes):
    n = Notification.objects.get(pk=n.pk)
    return actions.notification_amend(
        actor=actor,
        notification_id=n.pk,
        version=n.version,
        changes=changes,
        children=children,
        reason="The home authority was typed wrongly",
    )


def test_a_corrected_home_authority_ends_the_automatic_share_in_the_same_correction(people, client):
    n = factories.notification("HS-1", home_la_code=CITY_OF_LONDON)
    assert CaseShare.objects.get(notification=n).reason == HOME_AUTHORITY_REASON
    correct(n, people["alice"], [{**CHILD, "home_la_code": BIRMINGHAM}])
    assert not CaseShare.objects.filter(notification=n).exists()
    event = AuditEvent.objects.get(action="notification.share_withdraw", object_id="HS-1")
    assert event.changed_fields == {"partnership": "city-and-hackney"} and event.actor == people["alice"]
    assert "correction" in event.reason
    assert Amendment.objects.get(notification=n).changes["shares_withdrawn"] == ["city-and-hackney"]
    client.force_login(people["bob"])
    assert client.get(reverse("notification_detail", args=["HS-1"])).status_code == 404


def test_the_share_stays_while_another_child_lives_in_that_area(people):
    n = factories.notification("HS-2", home_la_code=CITY_OF_LONDON)
    others = [{**CHILD, "home_la_code": ""}, {**CHILD, "child_ref": "C2", "home_la_code": CITY_OF_LONDON}]
    correct(n, people["alice"], others)
    assert list(CaseShare.objects.values_list("partnership_id", flat=True)) == ["city-and-hackney"]
    assert "shares_withdrawn" not in Amendment.objects.get(notification=n).changes


def test_a_share_made_by_hand_is_never_withdrawn_by_a_correction(people):
    n = factories.notification("HS-3")
    actions.case_share(
        actor=people["sam"], notification_id=n.pk, partnership_id="city-and-hackney", reason="Agreed at the Panel"
    )
    correct(n, people["alice"], [{**CHILD, "home_la_code": ""}], domestic_abuse="no")
    assert CaseShare.objects.get(notification=n).reason == "Agreed at the Panel"
    assert not AuditEvent.objects.filter(action="notification.share_withdraw").exists()


def test_a_refused_correction_leaves_the_share(people):
    n = factories.notification("HS-4", home_la_code=CITY_OF_LONDON)
    with pytest.raises(actions.CorrectionRefused):
        correct(n, people["alice"], [{**CHILD, "gender": "girl", "home_la_code": ""}])
    assert CaseShare.objects.filter(notification=n).exists()
