"""Recommendations -> actions -> impact: partnerships record what they did, the Panel sees everyone's.

Issue 16, item 3: for each recommendation of a local or national review a partnership
records actions (owning agency, owner, due date, status, evidence of completion) and
later their impact; every change is one audit event; a partnership sees only its own.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cspr.core.models import AuditEvent
from cspr.domain.deadlines import recommendation_action_overdue
from cspr.domain.refusal import Refused, StaleRecord
from cspr.learning import actions
from cspr.learning.models import RecommendationAction
from tests.service.personas import PARTNERSHIP_A, personas


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def local_recommendation(add_review):
    return add_review(partnership=PARTNERSHIP_A).recommendations.get()


@pytest.fixture
def national_recommendation(add_review):
    return add_review(
        review_type="national_review", title="National review: safeguarding infants"
    ).recommendations.get()


def _events(action):
    return list(AuditEvent.objects.filter(object_type="recommendationaction", object_id=str(action.pk)))


def _plan(person, recommendation, **overrides):
    fields = (
        dict(
            description="Safer sleep conversation added to every health visitor contact after a change of address.",
            owning_agency="Birmingham Community Healthcare",
            owner="Head of health visiting",
            due_date=timezone.localdate() + timedelta(days=90),
        )
        | overrides
    )
    return actions.recommendation_action_add(actor=person, recommendation_id=recommendation.pk, **fields)


def test_a_partnership_records_an_action_completes_it_with_evidence_and_records_its_impact(
    people, national_recommendation
):
    alice = people["alice"]
    action = _plan(alice, national_recommendation)
    assert action.partnership_id == PARTNERSHIP_A and action.status == "planned"
    assert len(_events(action)) == 1

    with pytest.raises(Refused, match="evidence"):
        actions.recommendation_action_update(
            actor=alice, action_id=action.pk, version=action.version, status="completed"
        )
    action = actions.recommendation_action_update(
        actor=alice,
        action_id=action.pk,
        version=action.version,
        status="completed",
        completion_evidence="Audit of 40 records in March: the conversation was recorded in 38.",
    )
    assert action.completed_on == timezone.localdate()
    action = actions.recommendation_action_impact_record(
        actor=alice,
        action_id=action.pk,
        version=action.version,
        impact="Unsafe sleep found at fewer visits",
        impact_measure="Quarterly audit of home visits, 2023 against 2022",
    )
    assert action.impact_recorded_on == timezone.localdate()
    events = _events(action)
    assert [e.action for e in events] == [
        "learning.recommendation_action.add",
        "learning.recommendation_action.update",
        "learning.recommendation_action.impact",
    ]
    assert events[1].changed_fields["status"] == ["planned", "completed"]


def test_impact_waits_for_completion_and_needs_both_what_changed_and_how_it_was_measured(
    people, national_recommendation
):
    alice = people["alice"]
    action = _plan(alice, national_recommendation)
    with pytest.raises(Refused, match="once the action is completed"):
        actions.recommendation_action_impact_record(
            actor=alice, action_id=action.pk, version=action.version, impact="x", impact_measure="y"
        )
    action = actions.recommendation_action_update(
        actor=alice,
        action_id=action.pk,
        version=action.version,
        status="completed",
        completion_evidence="Done, see audit.",
    )
    with pytest.raises(Refused, match="how the change was measured"):
        actions.recommendation_action_impact_record(
            actor=alice, action_id=action.pk, version=action.version, impact="Fewer cases", impact_measure="  "
        )


def test_each_field_is_required_and_a_stale_version_is_refused(people, national_recommendation):
    alice = people["alice"]
    with pytest.raises(Refused, match="agency that owns the action"):
        _plan(alice, national_recommendation, owning_agency="")
    with pytest.raises(Refused, match="due"):
        _plan(alice, national_recommendation, due_date="soon")
    action = _plan(alice, national_recommendation)
    actions.recommendation_action_update(actor=alice, action_id=action.pk, version=action.version, status="in_progress")
    with pytest.raises(StaleRecord):
        actions.recommendation_action_update(
            actor=alice, action_id=action.pk, version=action.version, owner="Someone else"
        )


def test_only_partnership_staff_record_actions_and_a_local_review_is_acted_on_by_its_own_partnership(
    people, local_recommendation, national_recommendation
):
    with pytest.raises(Refused, match="partnership's staff"):
        _plan(people["sam"], national_recommendation)
    with pytest.raises(Refused, match="its own partnership"):
        _plan(people["bob"], local_recommendation)
    assert _plan(people["alice"], local_recommendation).partnership_id == PARTNERSHIP_A
    # A national review's recommendations are every partnership's to act on.
    bobs = _plan(people["bob"], national_recommendation)
    with pytest.raises(Refused, match="only the partnership that recorded"):
        actions.recommendation_action_update(
            actor=people["alice"], action_id=bobs.pk, version=bobs.version, status="in_progress"
        )


def test_the_panel_sees_every_partnerships_actions_and_a_partnership_only_its_own(people, national_recommendation):
    alices = _plan(people["alice"], national_recommendation)
    bobs = _plan(people["bob"], national_recommendation)
    visible = {name: set(RecommendationAction.objects.visible_to(people[name])) for name in people}
    assert visible["sam"] == visible["pat"] == visible["ann"] == {alices, bobs}
    assert visible["alice"] == visible["agnes"] == {alices}
    assert visible["bob"] == {bobs}
    assert visible["rita"] == visible["adam"] == set()


def test_an_open_action_is_overdue_the_day_after_its_due_date():
    due = date(2026, 3, 31)
    assert not recommendation_action_overdue(due, closed=False, today=due)
    assert recommendation_action_overdue(due, closed=False, today=due + timedelta(days=1))
    assert not recommendation_action_overdue(due, closed=True, today=due + timedelta(days=30))
    assert not recommendation_action_overdue(None, closed=False, today=due)


def test_overdue_actions_are_on_the_dashboard_of_those_who_may_see_them(people, national_recommendation, client):
    late = _plan(people["alice"], national_recommendation, due_date=timezone.localdate() - timedelta(days=3))
    _plan(people["alice"], national_recommendation, description="Not due yet: a later audit")
    for persona, sees in (("alice", True), ("sam", True), ("bob", False)):
        client.force_login(people[persona])
        page = client.get("/").content.decode()
        assert ("Overdue actions on review recommendations" in page) is sees, persona
        assert (late.description in page) is sees, persona
        assert "Not due yet: a later audit" not in page


def test_partnership_managers_are_reminded_of_overdue_actions_once_a_day(people, national_recommendation, mailoutbox):
    from cspr.learning.reminders import send_action_reminders

    for person in people.values():
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    today = timezone.localdate()
    late = _plan(people["alice"], national_recommendation, due_date=today - timedelta(days=1))
    assert send_action_reminders(today=today - timedelta(days=1)) == 0  # due that day: not yet overdue
    assert send_action_reminders(today=today, base_url="https://cspr.example") == 1
    assert send_action_reminders(today=today) == 0  # once a day
    (email,) = mailoutbox
    assert email.to == ["alice@example.org"]  # Birmingham's manager; agnes is an agency user, bob another partnership
    assert late.description in email.body and f"https://cspr.example/learning/actions/{late.pk}/" in email.body
    actions.recommendation_action_update(
        actor=people["alice"], action_id=late.pk, version=late.version, status="completed", completion_evidence="Done"
    )
    assert send_action_reminders(today=today + timedelta(days=1)) == 0
