"""A review of the API's corrections: a corrected home authority ends the automatic share, a reference
another partnership holds is refused without saying a case has it, a correction the token may not make
is a 403, and PATCH types its values as POST does."""

import pytest
from django.urls import reverse

from cspr.cases import actions
from cspr.cases.models import CaseShare, Notification
from cspr.cases.scope import REF_UNUSABLE
from cspr.core.models import AuditEvent
from tests import factories
from tests.api.conftest import problem
from tests.api.test_notifications_write import sent

pytestmark = pytest.mark.django_db

CITY_OF_LONDON = "E09000001"


def patch(api, ref: str, **body):
    version = Notification.objects.get(ref=ref).version
    return api.patch(f"/api/v1/notifications/{ref}", {"version": version, "reason": "typed wrongly", **body})


# --- 1. A corrected home authority withdraws the automatic share -------------------------------------


def test_correcting_the_childs_home_authority_ends_the_other_partnerships_sight_of_the_case(people, token_for):
    factories.notification("HA-API", home_la_code=CITY_OF_LONDON)
    alice, bob = token_for("alice"), token_for("bob")
    assert bob.get("/api/v1/notifications/HA-API").status_code == 200  # shared automatically
    children = alice.get("/api/v1/notifications/HA-API").json()["children"]
    children[0]["home_la_code"] = None
    response = patch(alice, "HA-API", children=children)
    assert response.status_code == 200, response.content
    assert not CaseShare.objects.exists()
    assert problem(bob.get("/api/v1/notifications/HA-API"))["status"] == 404
    assert problem(bob.get("/api/v1/notifications/HA-API/~/children"))["status"] == 404
    assert "HA-API" not in bob.get("/api/v1/notifications").content.decode()
    assert "HA-API" not in bob.get("/api/v1/deadlines").content.decode()
    event = AuditEvent.objects.get(action="notification.share_withdraw", object_id="HA-API")
    assert event.changed_fields == {"partnership": "city-and-hackney"} and event.actor == alice.token.user


# --- 2. A reference held by a case the token cannot see ---------------------------------------------


def test_a_new_notification_with_another_partnerships_reference_does_not_learn_that_it_exists(cases, token_for):
    bob = token_for("bob")
    assert problem(bob.get("/api/v1/notifications/A-1"))["status"] == 404
    body = problem(bob.post("/api/v1/notifications", sent(notification_ref="A-1", la_code=CITY_OF_LONDON)))
    assert body["status"] == 422 and body["errors"] == [{"field": "notification_ref", "message": REF_UNUSABLE}]
    assert "exists" not in body["detail"] and "A-1" not in body["detail"]


def test_the_refusal_says_when_the_reference_begins_with_another_partnerships_authority(cases, token_for):
    factories.notification("E08000025-20200305-1")  # as the intake makes one, Birmingham's
    body = problem(
        token_for("bob").post(
            "/api/v1/notifications", sent(notification_ref="E08000025-20200305-1", la_code=CITY_OF_LONDON)
        )
    )
    [error] = body["errors"]
    assert error["field"] == "notification_ref" and "exists" not in error["message"]
    assert error["message"].startswith("this reference begins with E08000025, a local authority outside your")


def test_a_reference_the_token_can_see_is_still_said_to_exist(cases, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(notification_ref="A-1")))
    assert body["errors"] == [
        {"field": "notification_ref", "message": "a notification with reference A-1 already exists"}
    ]


def test_a_correction_to_another_partnerships_reference_does_not_learn_that_it_exists(cases, token_for):
    body = problem(patch(token_for("bob"), "B-1", changes={"notification_ref": "A-1"}))
    assert body["status"] == 422 and body["errors"] == [{"field": "notification_ref", "message": REF_UNUSABLE}]
    body = problem(patch(token_for("sam"), "B-1", changes={"notification_ref": "A-1"}))
    assert "a notification with reference A-1 already exists" in body["errors"][0]["message"]


# --- 3. A case the token sees but may not correct ------------------------------------------------------


def test_correcting_a_case_only_shared_with_the_token_is_403_and_the_page_stays_403(people, cases, token_for, client):
    actions.case_share(
        actor=people["sam"], notification_id=cases["A"].pk, partnership_id="city-and-hackney", reason="Partner"
    )
    bob = token_for("bob")
    assert bob.get("/api/v1/notifications/A-1").status_code == 200
    body = problem(patch(bob, "A-1", changes={"domestic_abuse": "no"}))
    assert body["status"] == 403 and body["type"] == "urn:cspr:problem:forbidden"
    assert "you cannot correct this notification" in body["detail"]
    assert Notification.objects.get(ref="A-1").version == cases["A"].version
    client.force_login(people["bob"])
    assert client.get(reverse("notification_amend", args=["A-1"])).status_code == 403


def test_a_case_the_panel_has_responded_to_is_403_with_who_can_correct_it(people, token_for):
    factories.notification("RESP-1", rr_submitted_date="2020-03-20", rr_panel_response_date="2020-04-01")
    body = problem(patch(token_for("alice"), "RESP-1", changes={"domestic_abuse": "no"}))
    assert body["status"] == 403 and "only the Panel secretariat can correct" in body["detail"]


# --- 4. PATCH types its values as POST does ------------------------------------------------------------


def test_an_age_given_as_text_is_refused_by_patch_as_by_post(cases, token_for):
    alice = token_for("alice")
    child = {"child_ref": "C1", "gender": "female", "age_years": "4", "ethnicity": "WBRI"}
    posted = problem(alice.post("/api/v1/notifications", sent(notification_ref="NEW-1", children=[child])))
    patched = problem(patch(alice, "A-1", children=[child]))
    assert patched["status"] == posted["status"] == 422
    assert (
        patched["errors"]
        == posted["errors"]
        == [
            {
                "field": "children[0].age_years",
                "message": "has the wrong type (str): give a whole number of years, e.g. 4",
            }
        ]
    )
    assert Notification.objects.get(ref="A-1").children.get().age_years == 0


def test_a_number_for_a_text_field_is_refused_by_patch_as_by_post(cases, token_for):
    alice = token_for("alice")
    posted = problem(alice.post("/api/v1/notifications", sent(notification_ref=7)))
    patched = problem(patch(alice, "A-1", changes={"notification_ref": 7}))
    assert (
        patched["errors"] == posted["errors"] == [{"field": "notification_ref", "message": "has the wrong type (int)"}]
    )
    assert problem(patch(alice, "A-1", changes={"aware_date": 20200304}))["errors"][0]["message"] == (
        "has the wrong type (int)"
    )
