"""Publishing an LCSPR: what it needs, and the report joining the learning repository linked to its case."""

from datetime import date

import pytest

from cspr.core.models import AuditEvent
from cspr.documents.actions import case_document_attach
from cspr.domain.refusal import Refused
from cspr.learning.actions import lcspr_publish
from cspr.learning.models import PublishedReview, SuggestionStatus
from cspr.reviews import actions
from cspr.reviews.models import MilestoneKind, PracticeReview
from tests import factories
from tests.cases.rows import valid_row
from tests.documents import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(actor) -> PracticeReview:
    """An LCSPR whose final report went to the Panel and the Secretary of State on 1 September 2020."""
    made = factories.notifications(
        valid_row(
            notification_ref="P-1",
            rr_submitted_date="2020-03-20",
            lcspr_decision_date="2020-04-01",
            lcspr_final_report_date="2020-09-01",
        )
    )
    return made["P-1"].practice_review


def all_milestones(review, actor) -> None:
    for kind in MilestoneKind:
        review.refresh_from_db()
        actions.practice_review_record_milestone(
            actor=actor,
            practice_review_id=review.pk,
            version=review.version,
            kind=kind,
            completed_date=date(2020, 8, 1),
        )
    review.refresh_from_db()


def final_report(review, actor, data=None):
    return case_document_attach(
        actor=actor,
        notification_id=review.notification_id,
        kind="lcspr_final_report",
        upload_name="Child Q final report.pdf",
        data=data or files.pdf(),
    )


def publish(review, actor, **overrides):
    review.refresh_from_db()
    arguments = {
        "actor": actor,
        "practice_review_id": review.pk,
        "version": review.version,
        "published_date": date(2020, 9, 30),
        "title": "Child Q: a local child safeguarding practice review",
        "learning_summary": "Safe sleep advice was not revisited when the family moved.",
    }
    return lcspr_publish(**{**arguments, **overrides})


def test_publication_without_a_final_report_is_refused(review, actor):
    all_milestones(review, actor)
    with pytest.raises(Refused) as refused:
        publish(review, actor)
    assert refused.value.field == "final_report" and "choose a document attached to the case" in str(refused.value)
    assert not PublishedReview.objects.exists()


def test_a_document_from_another_case_is_not_a_final_report(review, actor):
    all_milestones(review, actor)
    other = factories.notification("OTHER-1")
    document = case_document_attach(
        actor=actor, notification_id=other.pk, kind="lcspr_final_report", upload_name="x.pdf", data=files.pdf()
    )
    with pytest.raises(Refused, match="not attached to this case"):
        publish(review, actor, final_report_document_id=document.pk)


def test_a_final_report_address_must_be_a_web_address(review, actor):
    all_milestones(review, actor)
    with pytest.raises(Refused) as refused:
        publish(review, actor, final_report_url="javascript:alert(1)")
    assert refused.value.field == "final_report_url"


def test_outstanding_milestones_refuse_publication_unless_a_reason_is_given(review, actor):
    with pytest.raises(Refused) as refused:
        publish(review, actor, final_report_url="https://example.org.uk/child-q")
    assert refused.value.field == "outstanding_reason"
    assert "Reviewer appointed" in str(refused.value) and "Safeguarding partners signed off" in str(refused.value)
    publish(
        review,
        actor,
        final_report_url="https://example.org.uk/child-q",
        outstanding_reason="The family asked that the review be published before the trial.",
    )
    review.refresh_from_db()
    assert review.status == "published"
    assert review.outstanding_milestones_reason.startswith("The family asked")


def test_publication_needs_the_date_the_final_report_went_to_the_panel(actor):
    made = factories.notifications(
        valid_row(notification_ref="P-2", rr_submitted_date="2020-03-20", lcspr_decision_date="2020-04-01")
    )
    review = made["P-2"].practice_review
    with pytest.raises(Refused) as refused:
        publish(review, actor, final_report_url="https://example.org.uk/r", outstanding_reason="Urgent.")
    assert refused.value.field == "final_report_date"


def test_the_published_report_joins_the_repository_linked_to_its_case_with_suggestions(review, actor):
    all_milestones(review, actor)
    document = final_report(review, actor)
    published = publish(review, actor, final_report_document_id=document.pk)

    review.refresh_from_db()
    assert (review.status, review.published_date, review.final_report_document) == (
        "published",
        date(2020, 9, 30),
        document,
    )
    assert published.notification_id == review.notification_id
    assert (published.review_type, published.year, published.is_published) == ("lcspr", 2020, True)
    assert published.partnership_id == review.notification.partnership_id
    assert published.source.sha256 == document.sha256 and "Safe sleep" in published.source.text
    pending = published.suggestions.filter(status=SuggestionStatus.PENDING)
    assert pending.exists() and not published.labels.exists()  # suggestions only, until a coder decides
    for action in ("practice_review.publish", "learning.review.add", "learning.suggestions.generate"):
        assert AuditEvent.objects.filter(action=action).count() == 1


def test_a_refusal_leaves_nothing_half_published(review, actor):
    all_milestones(review, actor)
    with pytest.raises(Refused):
        publish(review, actor, final_report_url="https://example.org.uk/r", title="")
    review.refresh_from_db()
    assert review.status == "final_report_sent" and not PublishedReview.objects.exists()


def test_a_report_whose_text_cannot_be_read_still_joins_the_repository(review, actor):
    all_milestones(review, actor)
    document = final_report(review, actor, data=files.odt())
    published = publish(review, actor, final_report_document_id=document.pk)
    assert published.notification_id == review.notification_id
    assert not hasattr(published, "source") or published.source is None
