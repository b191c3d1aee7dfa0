"""The audit trail outlives a case: retention deletes its documents' rows and files, never the events.
An upload's name often names the child ("Jane Smith DOB 2014-03-02 chronology.txt"), so no event
of a document (attached, downloaded) records it: the document's id and hash identify the file."""

import pytest
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.documents import actions
from tests.documents import files
from tests.service.cases import two_cases
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

NAMED = "Jane Smith DOB 2014-03-02 chronology.pdf"


def test_neither_attaching_nor_downloading_a_document_writes_its_name_to_the_audit_trail(client):
    people = personas()
    case = two_cases(people)["A"]
    document = actions.case_document_attach(
        actor=people["alice"], notification_id=case.pk, kind="rapid_review_report",
        title="Chronology", upload_name=NAMED, data=files.pdf(),
    )  # fmt: skip
    client.force_login(people["alice"])
    response = client.get(reverse("document_download", args=[case.ref, document.pk]))
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action__startswith="document.")
    assert {e.action for e in events} >= {"document.attach", "document.download"}
    for event in events:
        assert "Jane" not in str(event.changed_fields) and "Jane" not in event.reason, event.action
        assert event.changed_fields.get("sha256") == document.sha256
