"""Publishing an LCSPR from its page: the final report chosen from the case's documents, the report
in the learning repository, and the case and the review linked both ways."""

from datetime import date

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.documents.actions import case_document_attach
from cspr.learning.models import PublishedReview
from cspr.reviews import actions
from tests.documents import files

pytestmark = pytest.mark.django_db


def dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


@pytest.fixture
def sent(cases, people):
    """Case A's LCSPR with its final report attached and sent to the Panel on 1 September 2020."""
    review = cases["A"].practice_review
    actions.practice_review_send_final_report(
        actor=people["alice"], practice_review_id=review.pk, version=1, final_report_date=date(2020, 9, 1)
    )
    return case_document_attach(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        kind="lcspr_final_report",
        title="Final report",
        upload_name="Child A final report.pdf",
        data=files.pdf(),
    )


def answers(document, **extra) -> dict:
    return {
        **dated("published_date", date(2020, 9, 28)),
        "title": "Child A: a local child safeguarding practice review",
        "final_report": str(document.pk),
        "learning_summary": "Safe sleep advice was not revisited.",
        "version": 2,
        **extra,
    }


def test_the_page_offers_the_case_s_documents_and_asks_why_milestones_are_missing(sent, people, client_for):
    page = client_for(people["alice"]).get(reverse("lcspr_publish", args=["A-1"])).content.decode()
    assert "Final report (Child A final report.pdf)" in page
    assert "It is not attached: give the address where it is published" in page
    assert "Not recorded: Reviewer appointed" in page


def test_without_a_reason_for_outstanding_milestones_nothing_is_published(sent, people, client_for):
    response = client_for(people["alice"]).post(reverse("lcspr_publish", args=["A-1"]), answers(sent))
    assert response.status_code == 200
    assert "Enter why the review is published before its milestones were recorded" in response.content.decode()
    assert not PublishedReview.objects.exists()


def test_choosing_the_link_needs_the_address(sent, people, client_for):
    response = client_for(people["alice"]).post(
        reverse("lcspr_publish", args=["A-1"]), answers(sent, final_report="link", outstanding_reason="Urgent.")
    )
    assert "Enter the address where the report is published" in response.content.decode()


def test_publishing_adds_the_report_to_the_repository_linked_both_ways(sent, cases, people, client_for):
    alice = client_for(people["alice"])
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = alice.post(
        reverse("lcspr_publish", args=["A-1"]), answers(sent, outstanding_reason="Tracked on paper before.")
    )
    published = PublishedReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning_review_detail", args=[published.pk])
    assert list(AuditEvent.objects.filter(id__gt=last).values_list("action", flat=True)) == [
        "practice_review.publish",
        "learning.review.add",
        "learning.suggestions.generate",
    ]
    review_page = alice.get(response["Location"]).content.decode()
    assert reverse("notification_detail", args=["A-1"]) in review_page
    case_page = alice.get(reverse("notification_detail", args=["A-1"])).content.decode()
    assert reverse("learning_review_detail", args=[published.pk]) in case_page


def test_a_partnership_without_the_case_sees_the_published_review_but_no_link_to_the_case(sent, people, client_for):
    client_for(people["alice"]).post(reverse("lcspr_publish", args=["A-1"]), answers(sent, outstanding_reason="X."))
    published = PublishedReview.objects.get()
    bob = client_for(people["bob"])
    page = bob.get(reverse("learning_review_detail", args=[published.pk])).content.decode()
    assert published.title in page and reverse("notification_detail", args=["A-1"]) not in page
