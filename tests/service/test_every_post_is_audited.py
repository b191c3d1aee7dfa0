"""A POST to a case's page is a read like a GET when its answer shows the case.

A form re-shown with errors, a "cannot do that now" page or a read-only page answers a POST
with the case on it, as much as a GET does. Every URL of a case, POSTed an empty form (with a
valid CSRF token) by each persona who can read it, must either not show a page (a redirect,
403, 404, 405) or write an audit event naming the case. The URLs and who reads them are the
authorisation matrix's (tests/service/test_authorisation_matrix.py); that every URL of a case
is in it is checked here.
"""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from cspr.core import audit
from cspr.core.models import AuditEvent
from cspr.documents.actions import case_document_attach
from cspr.domain.refusal import Refused
from cspr.reviews.models import NationalReview
from tests.documents import files
from tests.module_world import module_world
from tests.service.test_authorisation_matrix import DOCUMENT_PAGES, MATRIX, build_world, resolve
from tests.service.test_every_read_is_audited import CASE_DATA, classified_patterns
from tests.service.world import world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# The pages of one case: those whose first argument is a case's reference.
CASE_URLS = sorted(name for name, (_, keys) in CASE_DATA.items() if keys and keys[0] in ("A", "B"))
# Where the authorisation matrix has no row (a document's pages need a document: DOCUMENT_PAGES).
ROWS = [(name, args, expected) for name, args, expected in MATRIX if name in CASE_URLS] + [
    (page, (case, "DOC"), expected) for page, case, expected in DOCUMENT_PAGES
]


@pytest.fixture(scope="module")
def world(request):
    yield from module_world(request, build_world)


@pytest.fixture
def national_review(db, world):
    return NationalReview.objects.get(pk=world["NR"])


@pytest.fixture
def document(cases, people, settings):
    """A factory of a plain-text document on a case, kept in memory."""
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}

    def attach(case):
        return case_document_attach(
            actor=people["sam"],
            notification_id=cases[case].pk,
            kind="panel_letter",
            upload_name="letter.txt",
            data=files.text(f"The Panel's letter about case {case}.\n"),
        ).pk

    return attach


def test_every_url_of_a_case_is_posted_to():
    # Every page under a case (".../~/...") shows it: each must be among the rows posted to below.
    # (The API's routes answer tokens, not browsers' forms: tests/api/.)
    under_a_case = {name for name, route in classified_patterns() if "/~/" in route}
    assert under_a_case <= set(CASE_URLS)
    assert set(CASE_URLS) == {name for name, _, _ in ROWS}


def signed_in_with_csrf(person) -> tuple[Client, str]:
    """A browser that enforces CSRF, as the service's does, holding a valid token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    token = get_random_string(32)  # a CSRF secret: 32 letters and digits
    client.cookies["csrftoken"] = token
    return client, token


@pytest.mark.parametrize(("name", "args", "expected"), ROWS, ids=[f"{row[0]}{list(row[1])}" for row in ROWS])
def test_a_post_that_shows_a_case_is_audited(cases, people, national_review, document, name, args, expected):
    ref = cases[args[0]].ref
    url = reverse(name, args=[document(args[0]) if a == "DOC" else resolve(a, cases, national_review) for a in args])
    wrong = {}
    for persona in (p for p, status in expected.items() if status == 200):
        client, token = signed_in_with_csrf(people[persona])
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.post(url, {"csrfmiddlewaretoken": token})
        assert response.status_code != 403 or b"CSRF" not in response.content, "the CSRF token was refused"
        if response.status_code != 200:
            continue
        new = AuditEvent.objects.filter(id__gt=last)
        named = new.filter(object_type="notification", object_id=ref, actor=people[persona])
        if not named.exists():
            wrong[persona] = f"200 and no audit event naming {ref}: {list(new.values_list('action', flat=True))}"
        elif new.count() != 1:
            wrong[persona] = f"more than one audit event: {list(new.values_list('action', flat=True))}"
        elif named.get().action != audit.CASE_VIEW:
            wrong[persona] = f"an empty form written as {named.get().action}"
    assert not wrong, f"POST {url}: {wrong}"


def test_a_post_to_a_read_only_rapid_review_is_sent_to_its_page(cases, people):
    # Case A's rapid review has been sent to the Panel: its page is read-only, and a form sent to
    # it (from before it was sent, or by hand) changes nothing and is not answered with the review.
    client, token = signed_in_with_csrf(people["alice"])
    url = reverse("rapid_review_edit", args=[cases["A"].ref])
    before = AuditEvent.objects.count()
    response = client.post(url, {"csrfmiddlewaretoken": token, "facts": "Changed."})
    assert (response.status_code, response["Location"]) == (302, url)
    assert AuditEvent.objects.count() == before
    page = client.get(url)
    assert "it can no longer be changed here" in page.content.decode()
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, AuditEvent.objects.count()) == (audit.CASE_VIEW, cases["A"].ref, before + 1)


def test_a_page_after_a_kept_write_is_not_also_a_read(people, rf):
    # The request's own action event is its one; an action's event rolled back (a refusal) is not.
    def page(request, ref, *, write: bool, refuse: bool):
        if write:
            try:
                with transaction.atomic():
                    audit.record(actor=request.user, action="test.write", object_id=ref, request=request)
                    if refuse:
                        raise Refused("", "refused")
            except Refused:
                pass
        return HttpResponse("the case")

    seen = audit.reads_case(page)
    for write, refuse in ((False, False), (True, False), (True, True)):
        request = rf.post("/")
        request.user, request.request_id = people["alice"], "r"
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        seen(request, ref="A-1", write=write, refuse=refuse)
        new = list(AuditEvent.objects.filter(id__gt=last).values_list("action", flat=True))
        assert new == (["test.write"] if write and not refuse else [audit.CASE_VIEW]), (write, refuse)
