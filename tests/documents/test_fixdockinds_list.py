"""The case page lists a document by its kind and its description; a withdrawn one marked, with who, when and why."""

import re

import pytest
from django.urls import reverse

from cspr.documents import actions
from tests.documents import files
from tests.service.cases import two_cases
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

REASON = "Attached to the wrong case."


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def cases(people):
    return two_cases(people)


def documents_listed(client, person) -> str:
    """The case page's documents table, as text (tags stripped, spaces collapsed)."""
    client.force_login(person)
    page = client.get(reverse("notification_detail", args=["A-1"])).content.decode()
    table = page.split('id="documents"', 1)[1].split("</table>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


def letter(people, cases, title="Agreeing the rapid review"):
    return actions.case_document_attach(
        actor=people["sam"],
        notification_id=cases["A"].pk,
        kind="panel_letter",
        title=title,
        upload_name="letter.pdf",
        data=files.pdf(),
    )


def test_a_document_in_force_is_listed_by_its_kind_and_its_description(client, people, cases):
    letter(people, cases)
    listed = documents_listed(client, people["alice"])
    assert "Letter from the Panel: Agreeing the rapid review" in listed


def test_a_description_that_only_repeats_the_kind_is_not_said_twice(client, people, cases):
    letter(people, cases, title="letter from the panel")
    listed = documents_listed(client, people["pat"])  # who has no withdraw link, which names it as typed
    assert "Letter from the Panel" in listed and "letter from the panel" not in listed


def test_a_withdrawn_document_is_marked_with_who_withdrew_it_when_and_why(client, people, cases):
    document = letter(people, cases, title="Letter about Child Z")
    actions.case_document_withdraw(actor=people["alice"], document_id=document.pk, reason=REASON)
    listed = documents_listed(client, people["pat"])
    assert "Letter from the Panel Withdrawn" in listed
    assert f"by {people['alice']}: {REASON}" in listed
    # Its description may name another child (ADR 0019): the page says it is no longer shown.
    assert "Child Z" not in listed and "Its description is no longer shown" in listed
