"""Withdrawing a case's document: another child's report attached to the wrong case.

The row stays (who, when and why, on the case's page and in its audit); the stored
file goes once the withdrawal is committed, so nobody can download it any more.
"""

import logging
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from cspr.cases import actions as case_actions
from cspr.core.models import AuditEvent
from cspr.documents import actions
from cspr.documents.models import CaseDocument
from cspr.domain.refusal import Refused
from tests.documents import files
from tests.learning.test_publication import all_milestones, final_report, publish, review  # noqa: F401 (fixture)
from tests.service.cases import two_cases
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

REASON = "Attached to the wrong case: it is about another child."


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def cases(people):
    return two_cases(people)


@pytest.fixture
def report(people, cases) -> CaseDocument:
    """Another child's report, attached to case A by mistake (its name names that child)."""
    return actions.case_document_attach(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        kind="rapid_review_report",
        title="Rapid review report for Child Z",
        upload_name="Child Z rapid review.pdf",
        data=files.pdf(),
    )


def withdraw(person, document, reason=REASON):
    return actions.case_document_withdraw(actor=person, document_id=document.pk, reason=reason)


# --- The action ---------------------------------------------------------------------------------


def test_the_row_stays_marked_and_the_file_goes_after_the_commit(people, report, django_capture_on_commit_callbacks):
    stored = Path(report.file.path)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        withdraw(people["sam"], report)
        assert stored.exists(), "the file stays until the withdrawal is committed"
    for callback in callbacks:
        callback()
    assert not stored.exists()
    report.refresh_from_db()
    assert (report.withdrawn_by, report.withdrawal_reason) == (people["sam"], REASON)
    assert report.withdrawn_at is not None


def test_the_withdrawal_is_audited_under_the_case_by_document_id_never_by_name(people, cases, report):
    withdraw(people["alice"], report)
    event = AuditEvent.objects.get(action=actions.WITHDRAW)
    assert (event.object_type, event.object_id, event.reason, event.actor) == (
        "notification",
        "A-1",
        REASON,
        people["alice"],
    )
    assert event.changed_fields["document"] == report.pk
    recorded = str(event.changed_fields)
    assert "Child Z" not in recorded and report.file_name not in recorded


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why the document is withdrawn"),
        ("   \n", "Enter why the document is withdrawn"),
        ("x" * 501, "The reason must be 500 characters or fewer"),
        ("wrong\x00case", "invisible control characters"),
    ],
    ids=["empty", "blank", "too long", "control character"],
)
def test_a_reason_is_required_plain_and_short(people, report, reason, message):
    with pytest.raises(Refused) as refused:
        withdraw(people["sam"], report, reason)
    assert refused.value.field == "reason" and message in refused.value.sentence
    report.refresh_from_db()
    assert not report.withdrawn and Path(report.file.path).exists()


def test_a_document_already_withdrawn_is_refused_the_second_time(people, report):
    withdraw(people["sam"], report)
    with pytest.raises(Refused) as refused:
        withdraw(people["alice"], report, "The same mistake, again.")
    assert "already withdrawn" in str(refused.value)
    report.refresh_from_db()
    assert (report.withdrawn_by, report.withdrawal_reason) == (people["sam"], REASON)
    assert AuditEvent.objects.filter(action=actions.WITHDRAW).count() == 1


@pytest.mark.parametrize("who", ["pat", "agnes", "rita", "bob"])
def test_only_the_secretariat_and_the_case_s_manager_may(people, cases, report, who):
    # bob's partnership has the case shared with it: it sees the case, not the right to withdraw.
    case_actions.case_share(
        actor=people["alice"], notification_id=cases["A"].pk, partnership_id="city-and-hackney", reason="Home area"
    )
    with pytest.raises(Refused):
        withdraw(people[who], report)
    report.refresh_from_db()
    assert not report.withdrawn


def test_a_published_review_s_final_report_is_refused_for_everyone(people, actor, review):  # noqa: F811
    all_milestones(review, actor)
    document = final_report(review, actor)
    publish(review, actor, final_report_document_id=document.pk)
    for who in ("sam", "alice"):
        with pytest.raises(Refused) as refused:
            withdraw(people[who], document)
        assert "must stay with the published review" in str(refused.value)
        assert "contact the Panel secretariat" in str(refused.value)
    document.refresh_from_db()
    assert not document.withdrawn and Path(document.file.path).exists()


def test_a_withdrawn_document_cannot_be_published_as_the_final_report(people, actor, review):  # noqa: F811
    all_milestones(review, actor)
    document = final_report(review, actor)
    withdraw(people["sam"], document)
    with pytest.raises(Refused) as refused:
        publish(review, actor, final_report_document_id=document.pk)
    assert "that document was withdrawn" in str(refused.value)
    review.refresh_from_db()
    assert review.status != "published" and review.final_report_document_id is None


def test_a_file_that_will_not_go_is_logged_for_the_operator_and_the_withdrawal_stands(
    people, report, caplog, django_capture_on_commit_callbacks
):
    # A real failure, no stand-in: a non-empty folder where the stored file was cannot be removed.
    stored = Path(report.file.path)
    stored.unlink()
    (stored / "inside").mkdir(parents=True)
    try:
        with caplog.at_level(logging.ERROR, logger="cspr.documents"):
            with django_capture_on_commit_callbacks(execute=True):
                withdraw(people["sam"], report)
        assert f"case document {report.pk} was withdrawn, but its stored file {report.file.name}" in caplog.text
        assert "Child Z" not in caplog.text
        report.refresh_from_db()
        assert report.withdrawn
    finally:
        shutil.rmtree(stored)


def test_a_withdrawn_file_can_be_attached_again(people, cases, report):
    """Withdrawn by mistake: the same file attaches again rather than "already attached"."""
    withdraw(people["sam"], report)
    again = actions.case_document_attach(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        kind="rapid_review_report",
        upload_name="rapid review.pdf",
        data=files.pdf(),
    )
    assert again.sha256 == report.sha256 and not again.withdrawn


# --- The pages ----------------------------------------------------------------------------------


def case_page(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("notification_detail", args=["A-1"])).content.decode()


@pytest.mark.parametrize(("who", "shown"), [("sam", True), ("alice", True), ("agnes", False), ("pat", False)])
def test_the_withdraw_link_is_shown_only_to_those_who_may(client, people, report, who, shown):
    page = case_page(client, people[who])
    link = reverse("document_withdraw", args=["A-1", report.pk])
    assert (link in page) is shown
    if shown:
        assert 'Withdraw<span class="govuk-visually-hidden"> Rapid review report for Child Z' in page


def test_withdrawing_from_the_case_page(client, people, report, django_capture_on_commit_callbacks):
    client.force_login(people["alice"])
    url = reverse("document_withdraw", args=["A-1", report.pk])
    confirm = client.get(url).content.decode()
    assert "Withdraw a document" in confirm and report.file_name in confirm
    assert "The file will be deleted. Everyone who can see this case will see that a document was withdrawn" in confirm
    assert "Withdraw document" in confirm
    # The confirmation page shows the case: its read is audited, as every case page's is.
    assert AuditEvent.objects.filter(
        action="notification.view", object_id="A-1", changed_fields__page="document_withdraw"
    ).exists()

    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 200 and "Enter why the document is withdrawn" in missing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": REASON}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("notification_detail", args=["A-1"])
    assert "govuk-notification-banner--success" in page and "Document withdrawn" in page

    download = reverse("document_download", args=["A-1", report.pk])
    assert download not in page and url not in page
    listed = case_page(client, people["pat"])
    assert "Withdrawn on " in listed and REASON in listed
    assert download not in listed and "Child Z" not in listed, "no link, no description, no file name"


def test_a_withdrawn_document_is_not_downloaded_and_nothing_is_audited(client, people, report):
    withdraw(people["sam"], report)
    client.force_login(people["alice"])
    response = client.get(reverse("document_download", args=["A-1", report.pk]))
    assert response.status_code == 404 and "The document was withdrawn" in response.content.decode()
    assert not AuditEvent.objects.filter(action=actions.DOWNLOAD).exists()


def test_the_page_of_a_document_already_withdrawn_says_so(client, people, report):
    withdraw(people["sam"], report)
    client.force_login(people["alice"])
    page = client.get(reverse("document_withdraw", args=["A-1", report.pk])).content.decode()
    assert "The document has already been withdrawn" in page and REASON in page


def test_the_page_of_a_published_final_report_says_why_it_stays(client, people, actor, review):  # noqa: F811
    all_milestones(review, actor)
    document = final_report(review, actor)
    publish(review, actor, final_report_document_id=document.pk)
    client.force_login(people["sam"])
    response = client.get(reverse("document_withdraw", args=["P-1", document.pk]))
    page = response.content.decode()
    assert "This document cannot be withdrawn" in page and "must stay with the published review" in page
    assert "<textarea" not in page
