"""axe-core finds no accessibility violations on the case pages, as they are and with errors showing.

Served by the live server with the real middleware (CSP on), in Debian's
Chromium; skipped where it is not installed.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cspr.reviews import actions
from tests import factories
from tests.axe import axe_report, with_axe
from tests.cases.rows import valid_row
from tests.service.personas import personas

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]

DRAFT = {
    "notification_kind": "serious_incident",
    "la_code": "E08000025",
    "incident_date": "2020-03-02",
    "aware_date": "2020-03-03",
    "notified_date": "2020-03-05",
    "incident_type": "serious_harm",
    "harm_category": "neglect",
    "near_miss": "no",
    "characteristics_done": True,
    "children": [{"child_ref": "C1", "gender": "male", "age_years": "", "ethnicity": "BAFR", "cp_plan": "yes"}],
    "children_done": True,
    "notification_ref": "",
    "reference_done": True,
}


@pytest.fixture
def world(reference_data):
    people = personas()
    made = factories.notifications(
        valid_row(notification_ref="A-1", rr_submitted_date="2020-03-20", lcspr_decision_date="2020-04-01"),
        valid_row(notification_ref="A-2"),
    )
    national = actions.national_review_create(actor=people["sam"], title="Out of routine", topic="SUDI")
    a1 = made["A-1"]
    actions.practice_review_assign_reviewer(
        actor=people["alice"], practice_review_id=a1.practice_review.pk, version=None, reviewer=people["rita"]
    )
    return people, national


@pytest.fixture
def sessions(world):
    """Signed-in sessions, made with Django's test client and handed to the browser as cookies."""
    people, _ = world
    made = {}
    for persona, draft in (("alice", DRAFT), ("sam", None)):
        client = Client()
        client.force_login(people[persona])
        if draft is not None:
            session = client.session
            session["intake"] = draft
            session.save()
        made[persona] = client.cookies["sessionid"].value
    return made


@pytest.fixture
def browser(chromium, live_server, settings, sessions):
    """The module's Chromium (tests/conftest.py); each signed-in page gets a context of its own."""
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    return chromium


def signed_in_page(browser, live_server, session_key: str):
    context = with_axe(browser.new_context())
    context.add_cookies([{"name": "sessionid", "value": session_key, "url": live_server.url}])
    return context.new_page()


def check(page, live_server, path: str, *, submit_empty: bool = False) -> list[str]:
    found = []
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{path}: {response.status}"
    report = axe_report(page)
    if report:
        found.append(f"{path}\n{report}")
    if submit_empty:
        for box in page.locator("main form input[type=text], main form textarea").all():
            box.fill("")
        page.locator("main form button").first.click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1, f"{path}: no error summary after an empty submit"
        report = axe_report(page)
        if report:
            found.append(f"{path} (with errors)\n{report}")
    return found


# Forms whose prefilled answers are valid as they stand: checked without an error state.
NO_ERROR_STATE = {"rapid_review_edit", "lcspr_reviewer"}


def test_the_partnership_pages_have_no_accessibility_violations(world, sessions, browser, live_server):
    page = signed_in_page(browser, live_server, sessions["alice"])
    found = []
    for name in ("intake_start", "intake_kind", "intake_children", "intake_check"):
        found += check(page, live_server, reverse(name))
    for name in ("intake_local_authority", "intake_type", "intake_category", "intake_characteristics"):
        found += check(page, live_server, reverse(name))
    for name in ("intake_dates", "intake_child_add"):
        found += check(page, live_server, reverse(name), submit_empty=True)
    found += check(page, live_server, reverse("intake_child_remove", args=[1]), submit_empty=True)
    found += check(page, live_server, reverse("intake_reference"))
    # Asked only about a looked-after child's death: the draft's kind is changed to that, as a person would.
    page.goto(live_server.url + reverse("intake_kind"))
    page.check("input[name='notification_kind'][value='looked_after_death']")
    with page.expect_navigation():
        page.locator("main form button").first.click()
    assert page.url.endswith(reverse("intake_abuse_neglect")), page.url
    found += check(page, live_server, reverse("intake_abuse_neglect"), submit_empty=True)
    for name, ref in (
        ("notification_detail", "A-2"),
        ("rapid_review_edit", "A-1"),
        ("rapid_review_submit", "A-2"),
        ("lcspr_detail", "A-1"),
        ("lcspr_publish", "A-1"),
    ):
        found += check(page, live_server, reverse(name, args=[ref]))
    for name, ref in (
        ("rapid_review_edit", "A-2"),
        ("case_share", "A-2"),
        ("lcspr_commission", "A-2"),
        ("lcspr_reviewer", "A-1"),
        ("lcspr_milestone", "A-1"),
        ("lcspr_delay", "A-1"),
        ("lcspr_final_report", "A-1"),
    ):
        found += check(page, live_server, reverse(name, args=[ref]), submit_empty=name not in NO_ERROR_STATE)
    assert not found, "\n\n".join(found)


def test_the_panel_pages_have_no_accessibility_violations(world, sessions, browser, live_server):
    from cspr.cases import actions as case_actions
    from cspr.cases.models import Notification

    people, national = world
    # A-1 shared with another partnership, so that the secretariat has a share to withdraw.
    case_actions.case_share(
        actor=people["alice"],
        notification_id=Notification.objects.get(ref="A-1").pk,
        partnership_id="city-and-hackney",
        reason="The child's home authority",
    )
    page = signed_in_page(browser, live_server, sessions["sam"])
    found = []
    for path in (
        reverse("national_review_list"),
        reverse("national_review_detail", args=[national.pk]),
        reverse("panel_response", args=["A-2"]),  # nothing to respond to yet
        reverse("case_share_withdraw", args=["A-2"]),  # shared with no one: nothing to withdraw
    ):
        found += check(page, live_server, path)
    for path in (
        reverse("panel_response", args=["A-1"]),
        reverse("panel_response_agree", args=["A-1"]),
        reverse("panel_response_query", args=["A-1"]),
        reverse("case_national_review", args=["A-1"]),
        reverse("case_share_withdraw", args=["A-1"]),
        reverse("national_review_create"),
        reverse("national_review_commission", args=[national.pk]),
    ):
        found += check(page, live_server, path, submit_empty=True)
    assert not found, "\n\n".join(found)
