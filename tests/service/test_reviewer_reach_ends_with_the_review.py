"""An independent reviewer reaches a case only while their review of it is open (cspr/core/access.py).

Case A (alice's partnership) has an LCSPR commissioned on 1 April 2020 with rita as its
reviewer, and is gathered into a national review to which ron is appointed. Once the partners
publish the LCSPR (or decide not to) rita sees nothing of case A; once the Panel publishes the
national review ron sees nothing of it or of its cases. Until then both keep what they had,
rita also between the final report and publication (she may still answer the partners'
questions). Nobody appoints a reviewer to a closed LCSPR: that would open the finished case
to them again.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.documents.models import CaseDocument
from cspr.domain.refusal import Refused
from cspr.reviews import actions
from cspr.reviews.models import NationalReview, PracticeReview
from tests.module_world import module_world
from tests.reviews.closing import (
    CLOSE,
    given_the_final_report_was_sent,
    given_the_review_was_published,
    the_review,
)
from tests.reviews.national import pool, take, topic
from tests.service.world import people_and_cases, world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def build_world() -> dict[str, int]:
    people, cases = people_and_cases()
    review = actions.national_review_create(
        actor=people["sam"], title="Out of routine", programme_topic_id=topic(people, "SUDI").pk
    )
    take(people, review, cases["A"])
    pool(people)
    actions.national_review_appoint_reviewer(
        actor=people["sam"],
        national_review_id=review.pk,
        version=None,
        reviewer_id=people["ron"].pk,
        confirmed_date=date(2020, 5, 4),
    )
    return {"NR": review.pk}


@pytest.fixture(scope="module")
def world(request):
    yield from module_world(request, build_world)


def when_rita_attaches_a_note(client):
    upload = SimpleUploadedFile("late.txt", b"A late note about the child.\n", content_type="text/plain")
    return client.post(
        reverse("document_attach", args=["A-1"]), {"kind": "other", "title": "Late note", "file": upload}
    )


def cases_seen_by(user) -> set[str]:
    return set(Notification.objects.visible_to(user).values_list("ref", flat=True))


# --- The LCSPR's reviewer ----------------------------------------------------------------------


def test_the_reviewer_keeps_the_case_between_the_final_report_and_publication(world, people, client_for):
    given_the_final_report_was_sent(people)
    rita = client_for(people["rita"])
    for name in ("notification_detail", "lcspr_detail", "rapid_review_read", "document_attach"):
        assert rita.get(reverse(name, args=["A-1"])).status_code == 200, name
    response = when_rita_attaches_a_note(rita)
    assert response.status_code == 302
    assert CaseDocument.objects.filter(notification__ref="A-1", title="Late note").exists()


@pytest.mark.parametrize("closed", list(CLOSE))
def test_once_the_review_is_closed_its_reviewer_no_longer_sees_the_case(world, people, cases, client_for, closed):
    assert "A-1" in cases_seen_by(people["rita"])
    CLOSE[closed](people)
    rita = people["rita"]
    assert "A-1" not in cases_seen_by(rita)
    assert not PracticeReview.objects.visible_to(rita).exists()
    case = Notification.objects.get(ref="A-1")
    for perm in ("cases.read_rapid_review", "cases.track_lcspr", "documents.read_documents"):
        assert not rita.has_perm(perm, case), perm
    page = client_for(rita).get(reverse("notification_list")).content.decode()
    assert "A-1" not in page


@pytest.mark.parametrize("closed", list(CLOSE))
def test_once_the_review_is_closed_its_reviewer_cannot_attach_a_document(world, people, cases, client_for, closed):
    CLOSE[closed](people)
    response = when_rita_attaches_a_note(client_for(people["rita"]))
    assert response.status_code == 404
    assert not CaseDocument.objects.filter(notification__ref="A-1", title="Late note").exists()


# --- Appointing a reviewer to a closed LCSPR ---------------------------------------------------


@pytest.mark.parametrize("closed", list(CLOSE))
@pytest.mark.parametrize("reviewer", ["ron", None])
def test_nobody_appoints_or_removes_the_reviewer_of_a_closed_review(world, people, cases, closed, reviewer):
    CLOSE[closed](people)
    review = the_review()
    with pytest.raises(Refused) as refused:
        actions.practice_review_assign_reviewer(
            actor=people["alice"],
            practice_review_id=review.pk,
            version=review.version,
            reviewer=people[reviewer] if reviewer else None,
        )
    assert refused.value.field == "reviewer"
    assert the_review().reviewer == people["rita"]


def test_the_closed_review_offers_no_appointment_and_its_page_says_why(world, people, cases, client_for):
    alice = client_for(people["alice"])
    url = reverse("lcspr_reviewer", args=["A-1"])
    assert url in alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode(), "offered while open"
    given_the_review_was_published(people)
    assert url not in alice.get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    page = alice.get(url).content.decode()
    assert "The review is finished" in page and 'name="reviewer"' not in page
    review = the_review()
    alice.post(url, {"reviewer": people["ron"].pk, "version": review.version})
    assert the_review().reviewer == people["rita"]


# --- A national review's appointed reviewer ----------------------------------------------------


def test_once_the_panel_publishes_a_national_review_its_reviewers_see_none_of_it(world, people, cases, client_for):
    ron = people["ron"]
    review = NationalReview.objects.get(pk=world["NR"])
    assert cases_seen_by(ron) == {"A-1"}
    assert client_for(ron).get(reverse("national_review_detail", args=[review.pk])).status_code == 200
    actions.national_review_publish(
        actor=people["sam"], national_review_id=review.pk, version=None, published_date=date(2021, 3, 1)
    )
    assert cases_seen_by(ron) == set()
    assert not NationalReview.objects.visible_to(ron).exists()
    case = Notification.objects.get(ref="A-1")
    for perm in ("cases.read_case_characteristics", "cases.read_rapid_review", "documents.read_documents"):
        assert not ron.has_perm(perm, case), perm
    ron_pages = client_for(ron)
    assert ron_pages.get(reverse("national_review_detail", args=[review.pk])).status_code == 404
    assert ron_pages.get(reverse("notification_detail", args=["A-1"])).status_code == 404
    assert "Out of routine" not in ron_pages.get(reverse("national_review_list")).content.decode()


def test_the_panel_and_the_partnership_keep_the_published_national_review(world, people, cases, client_for):
    review = NationalReview.objects.get(pk=world["NR"])
    actions.national_review_publish(
        actor=people["sam"], national_review_id=review.pk, version=None, published_date=date(2021, 3, 1)
    )
    for persona in ("sam", "pat", "alice", "agnes"):
        assert client_for(people[persona]).get(reverse("national_review_detail", args=[review.pk])).status_code == 200
