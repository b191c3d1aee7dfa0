"""Attaching, listing and downloading a case's documents: scope, verbs, headers and audit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.documents import actions
from cspr.documents.models import CaseDocument
from tests.documents import files

pytestmark = pytest.mark.django_db


def attach(client, ref: str, content: bytes, name: str, kind: str = "rapid_review_report", title: str = ""):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("document_attach", args=[ref]), {"kind": kind, "title": title, "file": upload})


def given_a_document_on_case_a(people, cases) -> CaseDocument:
    return actions.case_document_attach(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        kind="rapid_review_report",
        title="Rapid review report",
        upload_name="rapid review.pdf",
        data=files.pdf(),
    )


def test_the_partnership_attaches_a_document_and_sees_it_on_the_case_page(cases, people, client_for):
    alice = client_for(people["alice"])
    response = attach(alice, "A-1", files.pdf(), "Rapid review (final).pdf", title="Rapid review report")
    assert response.status_code == 302 and response["Location"] == reverse("notification_detail", args=["A-1"])
    document = CaseDocument.objects.get()
    assert (document.file_format, document.file_name, document.uploaded_by) == (
        "pdf",
        "Rapid review (final).pdf",
        people["alice"],
    )
    page = alice.get(reverse("notification_detail", args=["A-1"])).content.decode()
    assert "Rapid review report" in page and reverse("document_download", args=["A-1", document.pk]) in page
    event = AuditEvent.objects.get(action="document.attach")
    assert event.changed_fields["sha256"] == document.sha256 and event.changed_fields["notification"] == "A-1"


def test_the_name_s_extension_follows_the_content_not_the_name(cases, people, client_for):
    attach(client_for(people["alice"]), "A-1", files.docx(), "minutes.pdf", kind="other")
    document = CaseDocument.objects.get()
    assert (document.file_format, document.file_name) == ("docx", "minutes.docx")


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (files.encrypted_pdf, "report.pdf", "encrypted and needs a password"),
        (files.windows_program, "report.pdf", "is a program"),
        (files.docx_with_macros, "letter.docx", "contains macros"),
    ],
    ids=["encrypted pdf", "renamed exe", "docx with macros"],
)
def test_a_hostile_file_is_refused_whole_with_a_message_naming_it(cases, people, client_for, make, name, message):
    response = attach(client_for(people["alice"]), "A-1", make(), name)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    # The file's name as it was given: the sentence's capital letter is not the name's first letter.
    assert f"The file ‘{name}’ was not attached" in html and message in html
    assert not CaseDocument.objects.exists() and not AuditEvent.objects.filter(action="document.attach").exists()


def test_the_same_file_twice_on_one_case_is_refused(cases, people, client_for):
    alice = client_for(people["alice"])
    attach(alice, "A-1", files.text(), "notes.txt", kind="other")
    html = attach(alice, "A-1", files.text(), "copy.txt", kind="other").content.decode()
    assert "already attached to the case" in html and CaseDocument.objects.count() == 1


def test_a_download_is_an_attachment_never_shown_inline_and_is_audited(cases, people, client_for):
    document = given_a_document_on_case_a(people, cases)
    response = client_for(people["sam"]).get(reverse("document_download", args=["A-1", document.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "rapid review.pdf" in response["Content-Disposition"]
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == files.pdf()
    event = AuditEvent.objects.get(action="document.download")
    assert (event.actor, event.object_type, event.object_id) == (people["sam"], "notification", "A-1")
    assert event.changed_fields["document"] == document.pk


@pytest.mark.parametrize("persona", ["bob", "ron", "ann", "adam"])
def test_people_who_cannot_see_the_case_get_404_and_nothing_is_audited(cases, people, client_for, persona):
    document = given_a_document_on_case_a(people, cases)
    client = client_for(people[persona])
    assert client.get(reverse("document_download", args=["A-1", document.pk])).status_code == 404
    assert client.get(reverse("document_attach", args=["A-1"])).status_code == 404
    assert not AuditEvent.objects.filter(action="document.download").exists()


def test_a_document_is_found_only_under_its_own_case(cases, people, client_for):
    document = given_a_document_on_case_a(people, cases)
    # Sam sees both cases, but case B has no such document: the URL must name the right case.
    assert client_for(people["sam"]).get(reverse("document_download", args=["B-1", document.pk])).status_code == 404


def test_a_partnership_the_case_is_shared_with_sees_the_case_but_not_its_documents(cases, people, client_for):
    from cspr.cases import actions as case_actions

    document = given_a_document_on_case_a(people, cases)
    case_actions.case_share(
        actor=people["alice"], notification_id=cases["A"].pk, partnership_id="city-and-hackney", reason="Moved"
    )
    bob = client_for(people["bob"])
    page = bob.get(reverse("notification_detail", args=["A-1"])).content.decode()
    assert "Attach a document" not in page and document.file_name not in page
    assert bob.get(reverse("document_download", args=["A-1", document.pk])).status_code == 403
