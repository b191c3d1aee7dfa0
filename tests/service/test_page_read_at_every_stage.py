"""Reading a case at every stage: the rapid review with the Panel's response and the LCSPR, and the summary PDF."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cspr.core.models import AuditEvent
from cspr.domain.dates import long_date
from cspr.reviews import actions

pytestmark = pytest.mark.django_db


# The partners answer the Panel's question, and the Panel responds, on the day it asked (an answer
# cannot be dated before its question: domain/rapid_review_dates.py).
ANSWERED = timezone.localdate()


def read_url(ref):
    return f"/notifications/{ref}/~/rapid-review/read/"


def pdf_url(ref):
    return f"/notifications/{ref}/~/summary.pdf"


@pytest.fixture
def responded(cases, people):
    """Case A's rapid review, written by alice and sent, then answered by the Panel."""
    review = cases["A"].rapid_review
    review.refresh_from_db()
    actions.rapid_review_query(
        actor=people["sam"], rapid_review_id=review.pk, version=review.version, reason="Which school?"
    )
    review.refresh_from_db()
    actions.rapid_review_save(
        actor=people["alice"],
        rapid_review_id=review.pk,
        version=review.version,
        changes={"facts": "The school raised a concern in February."},
        themes=[],
    )
    review.refresh_from_db()
    actions.rapid_review_submit(
        actor=people["alice"],
        rapid_review_id=review.pk,
        version=review.version,
        submitted_date=ANSWERED,
        lcspr_recommended="yes",
        themes=[],
        reason="The school knew.",  # the answer to the Panel's question
    )
    review.refresh_from_db()
    actions.rapid_review_respond(
        actor=people["sam"], rapid_review_id=review.pk, version=review.version, response_date=ANSWERED
    )
    return cases


@pytest.mark.parametrize("who", ["sam", "pat", "alice", "agnes", "rita"])
def test_everyone_in_scope_re_reads_the_rapid_review_after_the_panel_responded(responded, client_for, people, who):
    page = client_for(people[who]).get(read_url("A-1"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "The school raised a concern in February." in text and "Which school?" in text
    assert long_date(ANSWERED) in text  # the Panel's response
    assert "Local child safeguarding practice review" in text and "Decision to commission" in text


def test_a_draft_is_the_partnerships_until_it_is_sent(cases, client_for, people):
    review = cases["B"].rapid_review
    actions.rapid_review_save(
        actor=people["bob"],
        rapid_review_id=review.pk,
        version=review.version,
        changes={"facts": "Draft words"},
        themes=[],
    )
    assert "Draft words" in client_for(people["bob"]).get(read_url("B-1")).content.decode()
    panel = client_for(people["sam"]).get(read_url("B-1")).content.decode()
    assert "Draft words" not in panel and "has not been sent to the Panel yet" in panel


def test_a_partnership_the_case_is_shared_with_reads_the_sent_rapid_review(responded, client_for, people):
    from cspr.cases import actions as case_actions

    case_actions.case_share(
        actor=people["alice"], notification_id=responded["A"].pk, partnership_id="city-and-hackney", reason="Home LA"
    )
    assert "The school raised a concern" in client_for(people["bob"]).get(read_url("A-1")).content.decode()


def test_reading_is_one_audited_view_and_outsiders_get_404(responded, client_for, people):
    client_for(people["pat"]).get(read_url("A-1"))
    assert AuditEvent.objects.filter(action="notification.view", object_id="A-1", actor=people["pat"]).count() == 1
    assert client_for(people["bob"]).get(read_url("A-1")).status_code == 404


def test_the_summary_pdf_is_tagged_and_audited_as_an_export(responded, client_for, people):
    before = AuditEvent.objects.count()
    response = client_for(people["sam"]).get(pdf_url("A-1"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="case-summary-A-1.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root
    assert reader.metadata.title == "Case summary: notification A-1"
    text = "".join(page.extract_text() for page in reader.pages)
    assert "The school raised a concern in February." in text and "Timeline" in text
    [event] = AuditEvent.objects.filter(pk__gt=0).order_by("-id")[: AuditEvent.objects.count() - before]
    assert (event.action, event.object_id, event.changed_fields["format"]) == ("notification.export", "A-1", "pdf")
