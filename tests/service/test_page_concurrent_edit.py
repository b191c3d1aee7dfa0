"""Two people edit the same record from the same version: the second is told, the first's work stands.

Given alice and agnes both open A-2's rapid review (version 1), when alice saves
and then agnes saves, agnes sees GOV.UK's error summary with the conflict message
and nothing of hers is written: no lost update.
"""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.govuk.forms import STALE
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_case(cases):
    return factories.notification("A-2")


def given_two_people_open_the_same_form(people, url: str, *personas: str):
    clients = []
    for persona in personas:
        client = Client()
        client.force_login(people[persona])
        page = client.get(url).content.decode()
        version = re.search(r'name="version" value="(\d+)"', page)
        assert version, "the form carries the version it showed"
        clients.append((client, version.group(1)))
    return clients


def form(facts: str, version: str) -> dict:
    return {
        "facts": facts,
        "agencies_involved": ["police"],
        "immediate_actions": "",
        "learning": "",
        "lcspr_recommended": "unknown",
        "decision_reasons": "",
        "version": version,
    }


def test_the_second_save_of_a_rapid_review_is_refused_and_the_first_stands(due_case, people):
    url = reverse("rapid_review_edit", args=["A-2"])
    (alice, alice_version), (agnes, agnes_version) = given_two_people_open_the_same_form(people, url, "alice", "agnes")
    assert alice_version == agnes_version == "1"

    first = alice.post(url, form("Alice's account of the facts.", alice_version))
    assert first.status_code == 302
    second = agnes.post(url, form("Agnes's different account.", agnes_version))

    html = second.content.decode()
    assert second.status_code == 200
    assert "<title>Error: " in html and 'class="govuk-error-summary"' in html
    assert STALE.replace("'", "&#39;") in html or STALE in html
    assert "Agnes&#39;s different account." in html, "her text is still on the page to copy"
    review = Notification.objects.get(ref="A-2").rapid_review
    assert review.facts == "Alice's account of the facts."
    assert review.version == 2
    assert AuditEvent.objects.filter(action="rapid_review.save").count() == 1

    # Reloading shows alice's change and the new version, and agnes can then save.
    reloaded = agnes.get(url).content.decode()
    assert "Alice&#39;s account of the facts." in reloaded and 'name="version" value="2"' in reloaded
    assert agnes.post(url, form("Agnes's different account.", "2")).status_code == 302


def test_the_panel_cannot_respond_to_a_review_another_panel_member_already_answered(due_case, people):
    from cspr.reviews import actions

    review = due_case.rapid_review
    actions.rapid_review_save(
        actor=people["alice"],
        rapid_review_id=review.pk,
        version=1,
        changes={
            "facts": "Facts.",
            "agencies_involved": ["police"],
            "decision_reasons": "Why.",
            "lcspr_recommended": "no",
        },
        themes=[],
    )
    actions.rapid_review_submit(
        actor=people["alice"],
        rapid_review_id=review.pk,
        version=2,
        submitted_date=date(2020, 3, 20),
        lcspr_recommended="no",
        themes=[],
    )
    url = reverse("panel_response_query", args=["A-2"]) + "?version=3"
    (sam, v1), (pat, v2) = given_two_people_open_the_same_form(people, url, "sam", "pat")
    assert sam.post(url, {"question": "Which agencies?", "version": v1}).status_code == 302
    second = pat.post(url, {"question": "Was the GP involved?", "version": v2})
    # The review is no longer waiting for a response: pat is told so, and sam's question stands.
    assert second.status_code == 200 and "There is nothing to respond to" in second.content.decode()
    assert Notification.objects.get(ref="A-2").rapid_review.panel_query == "Which agencies?"


def test_two_milestones_recorded_from_the_same_version_do_not_both_go_through(cases, people):
    url = reverse("lcspr_milestone", args=["A-1"])
    (alice, v1), (rita, v2) = given_two_people_open_the_same_form(people, url, "alice", "rita")
    day = {"completed_date-day": "4", "completed_date-month": "5", "completed_date-year": "2020"}
    assert alice.post(url, {"kind": "terms_of_reference", **day, "note": "", "version": v1}).status_code == 302
    second = rita.post(url, {"kind": "terms_of_reference", **day, "note": "Rita's note", "version": v2})
    assert second.status_code == 200 and "Someone else changed this review" in second.content.decode()
    assert Notification.objects.get(ref="A-1").practice_review.milestones.get().note == ""
