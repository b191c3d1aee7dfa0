"""Refused requests change nothing and reveal nothing: every case page's POST, by people it refuses.

The authorisation matrix checks GET. Here each case page is posted to by one
person outside the case (404) and one who can see it but may not act (403):
the answer is the same as for GET, no audit event or status event is written,
no record's version moves, and the refusal page names neither the case nor its
local authority.
"""

import re

import pytest
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.reviews.models import NationalReview, StatusEvent
from tests.module_world import module_world
from tests.service.cases import two_cases
from tests.service.personas import personas
from tests.service.test_authorisation_matrix import MATRIX, national_review_of, resolve
from tests.service.world import world_cases, world_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# GET only: a POST is 405 whoever asks, so it reveals nothing either.
READ_ONLY = {"lcspr_detail", "national_review_list", "national_review_detail", "rapid_review_read", "case_summary_pdf"}


def refusals():
    seen = set()
    for name, args, expected in MATRIX:
        if name in READ_ONLY or not name.startswith(("rapid_review", "panel_", "case_", "lcspr_", "national_review_")):
            continue
        for status in (404, 403):
            persona = next((p for p, s in expected.items() if s == status), None)
            if persona and (name, args, persona) not in seen:
                seen.add((name, args, persona))
                yield pytest.param(name, args, persona, status, id=f"{name}{list(args)}-{persona}-{status}")


def build_world():
    # The authorisation matrix's own national review (case A taken in, ron appointed), so its
    # expected answers hold here: ron reads the review, and so may be refused with a 403.
    people = personas()
    return national_review_of(people, two_cases(people)).pk


@pytest.fixture(scope="module")
def world(request):
    """The personas, cases A and B and a national review, built once for the module (tests/module_world.py).

    Every test refuses a request and checks nothing changed; a write that got through is rolled back.
    """
    yield from module_world(request, build_world)


@pytest.fixture
def national_review(db, world):
    return NationalReview.objects.get(pk=world)


def state():
    return (
        AuditEvent.objects.count(),
        StatusEvent.objects.count(),
        sorted(Notification.objects.values_list("ref", "version", "rapid_review__version", "practice_review__version")),
        sorted(NationalReview.objects.values_list("pk", "version", "status")),
    )


@pytest.mark.parametrize(("name", "args", "persona", "status"), list(refusals()))
def test_a_refused_post_changes_and_reveals_nothing(
    cases, people, client_for, national_review, name, args, persona, status
):
    url = reverse(name, args=[resolve(a, cases, national_review) for a in args])
    before = state()
    # A plausible form: every field any case page asks for, so only authorisation can stop it.
    data = {
        "version": "1",
        "facts": "Leaked?",
        "question": "Q",
        "national_review": "new",
        "response": "agree",
        "partnership": "city-and-hackney",
        "reason": "R",
        "reasons": "R",
        "title": "T",
        "topic": "X",
        "kind": "draft_report",
        **{
            f"{d}-{part}": v
            for d in (
                "submitted_date",
                "response_date",
                "decision_date",
                "completed_date",
                "final_report_date",
                "published_date",
                "commissioned_date",
            )
            for part, v in (("day", "1"), ("month", "6"), ("year", "2020"))
        },
    }
    response = client_for(people[persona]).post(url, data)
    assert response.status_code == status
    assert state() == before
    # The page's CSP nonces are random text that can hold "A-1" by chance: they reveal nothing.
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())
    for case in cases.values():
        assert case.ref not in html
        assert case.local_authority.name not in html
