"""Who attaches which kind of document: each person only the kinds they send in the statutory process.

The rule lives in cspr/core/access.py (DOCUMENT_KIND_FILERS); the attach page offers only the
person's kinds and `case_document_attach` refuses any other, whoever calls it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cspr.core import access
from cspr.core.models import AuditEvent
from cspr.documents import actions
from cspr.documents.models import CaseDocument, DocumentKind
from cspr.domain.refusal import Refused
from tests.documents import files
from tests.service.cases import two_cases
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

# Who attaches what to case A (alice's partnership, agnes its agency user, rita its LCSPR's reviewer).
MAY = {
    "alice": {"rapid_review_report", "lcspr_final_report", "other"},
    "agnes": {"rapid_review_report", "lcspr_final_report", "other"},
    "rita": {"lcspr_final_report", "other"},
    "sam": {"panel_letter", "other"},
}


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def cases(people):
    return two_cases(people)


def attach(person, case, kind: str, data: bytes | None = None) -> CaseDocument:
    return actions.case_document_attach(
        actor=person,
        notification_id=case.pk,
        kind=kind,
        title="Reviewer claims panel letter",
        upload_name="notes.txt",
        data=data or files.text(),
    )


def test_every_kind_has_its_filers_in_the_access_rules():
    assert set(access.DOCUMENT_KIND_FILERS) == set(DocumentKind.values)


@pytest.mark.parametrize("who", sorted(MAY))
def test_each_person_is_offered_only_the_kinds_they_send(people, cases, who):
    assert set(access.document_kinds_attached_by(people[who], cases["A"])) == MAY[who]


@pytest.mark.parametrize(
    ("who", "kind", "filers"),
    [
        ("rita", "panel_letter", "only the Panel secretariat can attach a “Letter from the Panel”"),
        ("rita", "rapid_review_report", "only the case's own safeguarding partnership can attach a “Rapid review"),
        ("alice", "panel_letter", "only the Panel secretariat can attach"),
        ("agnes", "panel_letter", "only the Panel secretariat can attach"),
        ("sam", "rapid_review_report", "only the case's own safeguarding partnership can attach"),
        ("sam", "lcspr_final_report", "the independent reviewer of its local review can attach"),
    ],
)
def test_the_action_refuses_a_kind_the_person_does_not_send(people, cases, who, kind, filers):
    with pytest.raises(Refused) as refused:
        attach(people[who], cases["A"], kind)
    assert refused.value.field == "kind" and filers in refused.value.message
    assert not CaseDocument.objects.exists() and not AuditEvent.objects.filter(action="document.attach").exists()


@pytest.mark.parametrize(("who", "kind"), [(who, kind) for who, kinds in sorted(MAY.items()) for kind in sorted(kinds)])
def test_the_action_attaches_the_kinds_the_person_sends(people, cases, who, kind):
    document = attach(people[who], cases["A"], kind)
    assert (document.kind, document.uploaded_by) == (kind, people[who])


@pytest.mark.parametrize("who", ["pat", "ron", "ann", "adam", "bob"])
def test_someone_who_attaches_nothing_to_the_case_is_refused_by_the_action_too(people, cases, who):
    # The page answers 403 or 404 first; the action says no to any other caller.
    with pytest.raises(Refused) as refused:
        attach(people[who], cases["A"], "other")
    assert refused.value.field is None and "can attach documents to this case" in refused.value.message
    assert not CaseDocument.objects.exists()


def test_the_reviewer_s_page_offers_only_their_kinds(client, people, cases):
    client.force_login(people["rita"])
    page = client.get(reverse("document_attach", args=["A-1"])).content.decode()
    offered = {kind for kind in DocumentKind.values if f'value="{kind}"' in page}
    assert offered == {"lcspr_final_report", "other"}


def test_the_secretariat_s_page_offers_the_panel_s_letters(client, people, cases):
    client.force_login(people["sam"])
    page = client.get(reverse("document_attach", args=["A-1"])).content.decode()
    assert {kind for kind in DocumentKind.values if f'value="{kind}"' in page} == {"panel_letter", "other"}


def test_a_hand_made_post_of_another_kind_attaches_nothing(client, people, cases):
    client.force_login(people["rita"])
    upload = SimpleUploadedFile("notes.odt", files.text(), content_type="application/octet-stream")
    response = client.post(
        reverse("document_attach", args=["A-1"]),
        {"kind": "panel_letter", "title": "Reviewer claims panel letter", "file": upload},
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_a_reviewer_whose_review_closed_is_refused_by_the_action(people, cases):
    review = cases["A"].practice_review
    review.reviewer = people["ron"]  # rita is no longer the case's reviewer
    review.save(update_fields=["reviewer"])
    with pytest.raises(Refused):
        attach(people["rita"], cases["A"], "lcspr_final_report")
    assert not CaseDocument.objects.exists()
