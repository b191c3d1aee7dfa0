"""Briefings in the service: who may list, make and download them (Given/When/Then).

alice manages Birmingham's partnership, bob City and Hackney's: bob must not see
or make alice's partnership briefings. The register is empty here: these tests
are about the pages, not the figures (test_panel_2020.py checks those).
"""

from html import escape

import pytest
from django.urls import reverse

from cspr.briefings.actions import briefing_generate
from cspr.briefings.models import Briefing, PracticeContent
from cspr.core.models import AuditEvent
from tests.service.personas import PARTNERSHIP_A, PARTNERSHIP_B

pytestmark = pytest.mark.django_db


def make(person, kind="national", partnership=None, fmt="md"):
    return briefing_generate(actor=person, kind=kind, year=2020, fmt=fmt, partnership_code=partnership)


def when_i_ask_for_a_briefing(client, **fields):
    data = {"year": "2020", "kind": "national", "format": "md", "partnership": ""} | fields
    return client.post(reverse("briefing_new"), data)


def test_the_panel_makes_a_briefing_and_sees_who_made_it_when_and_for_whom(people, client_for):
    sam = client_for(people["sam"])
    assert "No briefings have been made yet" in sam.get(reverse("briefing_list")).content.decode()
    assert "Make a briefing" in sam.get(reverse("briefing_new")).content.decode()

    response = when_i_ask_for_a_briefing(sam, kind="partnership", partnership=PARTNERSHIP_B, format="md")
    assert response.status_code == 302 and response["Location"] == reverse("briefing_list")

    briefing = Briefing.objects.get()
    assert (briefing.kind, briefing.partnership_id, briefing.format, briefing.created_by) == (
        "partnership", PARTNERSHIP_B, "md", people["sam"])
    assert briefing.parameters["year"] == 2020 and briefing.parameters["practice_content"]
    event = AuditEvent.objects.get(action="briefing.generate")
    assert event.actor == people["sam"] and event.object_id == str(briefing.pk)
    assert event.changed_fields["sha256"] == briefing.content_sha256

    page = sam.get(reverse("briefing_list")).content.decode()
    assert "is ready to download" in page
    for text in (escape(briefing.title), "Partnership briefing", "1 January 2020 to 31 December 2020", "Sam", "MD"):
        assert text in page, text

    download = sam.get(reverse("briefing_download", args=[briefing.pk]))
    assert download.status_code == 200 and download.content == bytes(briefing.content)
    assert download["Content-Type"].startswith("text/markdown")
    assert f'filename="briefing-partnership-{PARTNERSHIP_B}-2020.md"' in download["Content-Disposition"]


def test_a_partnership_briefing_needs_a_partnership(people, client_for):
    response = when_i_ask_for_a_briefing(client_for(people["ann"]), kind="partnership")
    assert response.status_code == 200
    assert "Choose the partnership the briefing is for" in response.content.decode()
    assert not Briefing.objects.exists()


def test_a_partnership_manager_makes_their_own_partnership_s_briefing_only(people, client_for):
    alice = client_for(people["alice"])
    form = alice.get(reverse("briefing_new")).content.decode()
    assert f'value="{PARTNERSHIP_A}"' in form and f'value="{PARTNERSHIP_B}"' not in form
    assert when_i_ask_for_a_briefing(alice, kind="partnership", partnership=PARTNERSHIP_A).status_code == 302
    assert when_i_ask_for_a_briefing(alice, kind="national").status_code == 302
    assert when_i_ask_for_a_briefing(alice, kind="partnership", partnership=PARTNERSHIP_B).status_code == 403
    assert Briefing.objects.filter(partnership_id=PARTNERSHIP_B).count() == 0


def test_another_partnership_s_manager_cannot_see_or_download_its_briefing(people, client_for):
    theirs = make(people["alice"], "partnership", PARTNERSHIP_A)
    national = make(people["alice"])
    bob = client_for(people["bob"])
    page = bob.get(reverse("briefing_list")).content.decode()
    assert escape(national.title) in page and escape(theirs.title) not in page
    assert bob.get(reverse("briefing_download", args=[theirs.pk])).status_code == 404
    assert bob.get(reverse("briefing_download", args=[national.pk])).status_code == 200
    assert client_for(people["pat"]).get(reverse("briefing_download", args=[theirs.pk])).status_code == 200


@pytest.mark.parametrize("who", ["agnes", "rita", "adam"])
def test_people_without_briefings_in_their_role_are_refused(people, client_for, who):
    briefing = make(people["sam"])
    client = client_for(people[who])
    assert client.get(reverse("briefing_list")).status_code == 403
    assert client.get(reverse("briefing_new")).status_code == 403
    assert when_i_ask_for_a_briefing(client).status_code == 403
    assert client.get(reverse("briefing_download", args=[briefing.pk])).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(reverse("briefing_list")).status_code == 302


def test_an_administrator_edits_practice_content_and_sees_its_versions(people, client_for):
    content = PracticeContent.objects.get(kind="characteristic", code="neglect")
    adam = client_for(people["adam"])
    assert content.title in adam.get(reverse("practice_content_list")).content.decode()
    form = adam.get(reverse("practice_content_edit", args=[content.pk])).content.decode()
    assert "Save a new version" in form and "Loaded from the seed file" in form

    data = {
        "version": "1",
        "title": content.title,
        "summary": content.summary,
        "practice_points": "\n".join([*content.practice_points, "Use a chronology in every neglect case."]),
        "reflective_questions": "\n".join(content.reflective_questions),
        "resources": "\n".join(f"{r['title']} | {r['publisher']} | {r['url']}" for r in content.resources),
        "reason": "Learning from a local review",
    }
    response = adam.post(reverse("practice_content_edit", args=[content.pk]), data)
    assert response.status_code == 302
    content.refresh_from_db()
    assert content.version == 2 and content.practice_points[-1] == "Use a chronology in every neglect case."
    history = adam.get(reverse("practice_content_edit", args=[content.pk])).content.decode()
    assert "Learning from a local review" in history

    stale = adam.post(reverse("practice_content_edit", args=[content.pk]), data | {"title": "Neglect again"})
    assert "Someone else changed this" in stale.content.decode()
    bad = adam.post(reverse("practice_content_edit", args=[content.pk]),
                    data | {"version": "2", "resources": "A page | Someone | http://example.com"})
    assert bad.status_code == 200 and "Check this resource" in bad.content.decode()

    for who in ("sam", "alice", "ann"):
        assert client_for(people[who]).get(reverse("practice_content_list")).status_code == 403
