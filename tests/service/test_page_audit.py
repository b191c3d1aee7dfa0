"""Every form of the case pages, posted once, writes exactly one audit event: the action's.

Pages that show a child's record (the rapid review, the Panel's response page)
write one view event per visit, and so does a case's form shown again after a
failed or refused POST; question pages write none.
"""

from datetime import date

import pytest
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.reviews import actions
from cspr.reviews.models import NationalReview
from tests import factories
from tests.module_world import module_world
from tests.service.world import people_and_cases, world_people  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def build_world() -> int:
    """A-1 (submitted rapid review, LCSPR commissioned), A-2 (rapid review due), B-1, and a national review."""
    people, _ = people_and_cases()
    factories.notification("A-2")
    return actions.national_review_create(actor=people["sam"], title="Out of routine", topic="SUDI").pk


@pytest.fixture(scope="module")
def built(request):
    """Built once for the module (tests/module_world.py); each test's posts are rolled back to it."""
    yield from module_world(request, build_world)


@pytest.fixture
def world(db, built):
    """The records, fetched afresh for each test: a shared instance would carry one test's changes into the next."""
    found = Notification.objects.in_bulk(["A-1", "A-2", "B-1"], field_name="ref")
    return {**found, "NR": NationalReview.objects.get(pk=built)}


def dated(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def complete_narrative(people, world):
    review = Notification.objects.get(ref="A-2").rapid_review
    actions.rapid_review_save(
        actor=people["alice"],
        rapid_review_id=review.pk,
        version=review.version,
        changes={"facts": "F.", "agencies_involved": ["police"], "decision_reasons": "R.", "lcspr_recommended": "no"},
        themes=[],
    )


def send_final_report(people, world):
    review = Notification.objects.get(ref="A-1").practice_review
    actions.practice_review_send_final_report(
        actor=people["alice"], practice_review_id=review.pk, version=review.version, final_report_date=date(2020, 9, 1)
    )


def commission_national(people, world):
    actions.national_review_commission(
        actor=people["sam"], national_review_id=world["NR"].pk, version=1, commissioned_date=date(2020, 5, 1)
    )


def version_of(kind, ref):
    n = Notification.objects.get(ref=ref)
    return str(getattr(n, kind).version)


# (persona, url name, url args, setup, data (callable of people and world), expected audit action)
FORMS = [
    (
        "alice",
        "rapid_review_edit",
        ["A-2"],
        None,
        lambda p, w: {"facts": "F.", "lcspr_recommended": "no", "version": version_of("rapid_review", "A-2")},
        "rapid_review.save",
    ),
    (
        "alice",
        "rapid_review_submit",
        ["A-2"],
        complete_narrative,
        lambda p, w: {**dated("submitted_date", date(2020, 3, 20)), "version": version_of("rapid_review", "A-2")},
        "rapid_review.submit",
    ),
    (
        "pat",
        "panel_response_agree",
        ["A-1"],
        None,
        lambda p, w: {
            "national_review": "no",
            **dated("response_date", date(2020, 4, 9)),
            "version": version_of("rapid_review", "A-1"),
        },
        "rapid_review.respond",
    ),
    (
        "sam",
        "panel_response_query",
        ["A-1"],
        None,
        lambda p, w: {"question": "Which agencies?", "version": version_of("rapid_review", "A-1")},
        "rapid_review.query",
    ),
    (
        "sam",
        "case_national_review",
        ["A-1"],
        None,
        lambda p, w: {"national_review": str(w["NR"].pk)},
        "national_review.add_notifications",
    ),
    (
        "alice",
        "case_share",
        ["A-1"],
        None,
        lambda p, w: {"partnership": "city-and-hackney", "reason": "Home LA."},
        "notification.share",
    ),
    (
        "bob",
        "lcspr_commission",
        ["B-1"],
        None,
        lambda p, w: {**dated("decision_date", date(2020, 3, 25)), "reasons": "Recurrent themes."},
        "practice_review.commission",
    ),
    (
        "alice",
        "lcspr_reviewer",
        ["A-1"],
        None,
        lambda p, w: {"reviewer": p["ron"].pk, "version": version_of("practice_review", "A-1")},
        "practice_review.assign_reviewer",
    ),
    (
        "rita",
        "lcspr_milestone",
        ["A-1"],
        None,
        lambda p, w: {
            "kind": "draft_report",
            **dated("completed_date", date(2020, 8, 3)),
            "version": version_of("practice_review", "A-1"),
        },
        "practice_review.record_milestone",
    ),
    (
        "rita",
        "lcspr_delay",
        ["A-1"],
        None,
        lambda p, w: {"reasons": "A trial.", "version": version_of("practice_review", "A-1")},
        "practice_review.record_delay",
    ),
    (
        "alice",
        "lcspr_final_report",
        ["A-1"],
        None,
        lambda p, w: {**dated("final_report_date", date(2020, 9, 1)), "version": version_of("practice_review", "A-1")},
        "practice_review.send_final_report",
    ),
    # lcspr_publish writes three events (the publication, the review added to the learning
    # repository, its theme suggestions): tests/service/test_page_publication.py.
    (
        "alice",
        "lcspr_not_published",
        ["A-1"],
        send_final_report,
        lambda p, w: {"reasons": "It would identify the siblings.", "version": version_of("practice_review", "A-1")},
        "practice_review.not_published",
    ),
    (
        "sam",
        "national_review_create",
        [],
        None,
        lambda p, w: {"title": "T", "topic": "X", "refs": "A-1"},
        "national_review.create",
    ),
    (
        "sam",
        "national_review_commission",
        ["NR"],
        None,
        lambda p, w: {**dated("commissioned_date", date(2020, 5, 1)), "version": "1"},
        "national_review.commission",
    ),
    (
        "sam",
        "national_review_publish",
        ["NR"],
        commission_national,
        lambda p, w: {**dated("published_date", date(2020, 7, 1)), "version": "2"},
        "national_review.publish",
    ),
]


def url_for(name, args, world):
    return reverse(name, args=[world[a].pk if a == "NR" else a for a in args])


@pytest.mark.parametrize(("persona", "name", "args", "setup", "data", "action"), FORMS, ids=[f[1] for f in FORMS])
def test_each_form_writes_exactly_one_audit_event(world, people, client_for, persona, name, args, setup, data, action):
    if setup is not None:
        setup(people, world)
    client = client_for(people[persona])
    before = AuditEvent.objects.count()
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.post(url_for(name, args, world), data(people, world))
    assert response.status_code == 302, response.content.decode()[-3000:]
    new = list(AuditEvent.objects.filter(id__gt=last).values_list("action", "actor__username"))
    assert AuditEvent.objects.count() == before + 1
    assert new == [(action, persona)]


def test_recording_a_notification_writes_one_event_and_the_question_pages_none(world, people, client_for):
    client = client_for(people["alice"])
    session = client.session
    session["intake"] = {
        "notification_kind": "serious_incident",
        "la_code": "E08000025",
        "incident_date": "2020-03-02",
        "aware_date": "2020-03-03",
        "notified_date": "2020-03-05",
        "incident_type": "other",
        "harm_category": "young_person_harmed_others",
        "characteristics_done": True,
        "children": [{"child_ref": "C1", "gender": "male", "age_years": "16", "ethnicity": "BAFR"}],
        "children_done": True,
        "notification_ref": "",
        "reference_done": True,
    }
    session.save()
    before = AuditEvent.objects.count()
    # (alice's partnership has one local authority: its question redirects, unasked.)
    for name in ("intake_start", "intake_dates", "intake_children", "intake_check"):
        assert client.get(reverse(name)).status_code == 200
    client.post(reverse("intake_type"), {"incident_type": "other"})
    assert AuditEvent.objects.count() == before
    assert client.post(reverse("intake_check")).status_code == 302
    assert list(AuditEvent.objects.filter(id__gt=0).order_by("-id").values_list("action", flat=True)[:1]) == [
        "notification.record"
    ]
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.parametrize(
    ("persona", "name", "ref"),
    [
        ("alice", "rapid_review_edit", "A-2"),
        ("alice", "rapid_review_edit", "A-1"),  # read-only once sent: still the child's record
        ("pat", "panel_response", "A-1"),
        ("alice", "rapid_review_submit", "A-2"),
        ("sam", "notification_detail", "A-1"),
    ],
)
def test_pages_showing_a_childs_record_write_one_view_event(world, people, client_for, persona, name, ref):
    before = AuditEvent.objects.count()
    assert client_for(people[persona]).get(reverse(name, args=[ref])).status_code == 200
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_id, event.actor.username) == ("notification.view", ref, persona)


@pytest.mark.parametrize(
    ("persona", "name", "args"),
    [
        # Every page under a case, and every list of cases, writes one view event:
        # tests/service/test_every_read_is_audited.py covers each URL.
        ("sam", "national_review_list", []),
        ("sam", "national_review_create", []),
        ("sam", "national_review_commission", ["NR"]),
    ],
)
def test_pages_without_a_childs_record_write_none(world, people, client_for, persona, name, args):
    before = AuditEvent.objects.count()
    assert client_for(people[persona]).get(url_for(name, args, world)).status_code == 200
    assert AuditEvent.objects.count() == before


def test_a_form_that_fails_validation_writes_only_its_read(world, people, client_for):
    # Nothing is changed, but the page shown again is the case's: one read, as a GET of it writes.
    before = AuditEvent.objects.count()
    response = client_for(people["alice"]).post(reverse("lcspr_delay", args=["A-1"]), {"reasons": "", "version": 1})
    assert response.status_code == 200
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_id, event.actor.username) == ("notification.view", "A-1", "alice")
    assert NationalReview.objects.count() == 1


def test_a_refused_form_writes_only_its_read(world, people, client_for):
    # A version never issued (ahead of the record's): the action refuses and rolls its event back, and the
    # form is shown again with the case. Its one event is the read; a form the action accepts writes only
    # the action's.
    before = AuditEvent.objects.count()
    response = client_for(people["alice"]).post(
        reverse("lcspr_delay", args=["A-1"]), {"reasons": "A trial.", "version": 99}
    )
    assert response.status_code == 200 and "Version 99 was never issued" in response.content.decode()
    assert list(AuditEvent.objects.filter(id__gt=0).order_by("id").values_list("action", flat=True))[before:] == [
        "notification.view"
    ]
