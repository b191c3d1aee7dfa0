"""Correcting a notification and its children: who may when, what is recorded, what is recomputed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cspr.cases.actions import CorrectionRefused, notification_amend
from cspr.cases.models import Amendment, Notification
from cspr.core.models import AuditEvent
from cspr.domain.deadlines import rule_for_rapid_review
from cspr.domain.refusal import Refused, StaleRecord
from tests import factories
from tests.cases.rows import valid_row
from tests.service.personas import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return personas()


def case(ref="A-1", **cells) -> Notification:
    factories.notification(ref, **cells)
    return Notification.objects.select_related("rapid_review").get(ref=ref)


def amend(n, actor, changes=None, children=None, reason="The aware date was typed wrongly", version=None):
    return notification_amend(
        actor=actor,
        notification_id=n.pk,
        version=n.version if version is None else version,
        changes=changes or {},
        children=children,
        reason=reason,
    )


def test_a_partnership_manager_corrects_the_aware_date_and_the_due_dates_follow(people):
    n = case(rr_submitted_date="2020-03-20")
    amended = amend(n, people["alice"], {"aware_date": "2020-03-04"})
    n.refresh_from_db()
    n.rapid_review.refresh_from_db()
    assert n.aware_date == date(2020, 3, 4) and n.version == 2 and amended.version == 2
    # Aware Wednesday 4 March 2020: +5 working days is Wednesday 11 March; +15 is Wednesday 25 March.
    assert n.notification_due_date == date(2020, 3, 11)
    assert n.rapid_review.due_date == date(2020, 3, 25)
    [amendment] = Amendment.objects.filter(notification=n)
    assert amendment.changes == {"notification": {"aware_date": ["2020-03-03", "2020-03-04"]}}
    assert amendment.reason == "The aware date was typed wrongly" and amendment.actor == people["alice"]
    assert [(d["deadline"], d["old"], d["new"]) for d in amendment.due_dates] == [
        ("notification", "2020-03-10", "2020-03-11"),
        ("rapid_review", "2020-03-24", "2020-03-25"),
    ]
    assert amendment.due_dates[1]["rule"] == rule_for_rapid_review("wt2018", "aware_date")


def test_the_audit_event_names_the_changed_fields_with_old_and_new_values(people):
    n = case()
    amend(
        n,
        people["agnes"],
        {"domestic_abuse": "yes", "harm_category": "sexual_abuse_in_family"},
        reason="Police found more",
    )
    [event] = AuditEvent.objects.filter(action="notification.amend")
    assert event.object_id == "A-1" and event.actor == people["agnes"] and event.reason == "Police found more"
    assert event.changed_fields == {
        "notification": {
            "domestic_abuse": ["unknown", "yes"],
            "harm_category": ["physical_abuse", "sexual_abuse_in_family"],
        },
        "due_dates": [],
    }


def test_correcting_the_aware_date_across_15_december_2023_changes_the_edition_and_what_is_counted(people):
    n = case(incident_date="2023-12-10", aware_date="2023-12-15", notified_date="2023-12-18")
    assert (n.rapid_review.due_rule, n.rapid_review.due_counted_from) == ("wt2023", "notified_date")
    amend(n, people["alice"], {"aware_date": date(2023, 12, 14)})
    n.rapid_review.refresh_from_db()
    assert (n.rapid_review.due_rule, n.rapid_review.due_counted_from) == ("wt2018", "aware_date")
    [amendment] = Amendment.objects.all()
    assert amendment.due_dates[-1]["rule"] == rule_for_rapid_review("wt2018", "aware_date")


def test_a_change_that_does_not_touch_the_clock_dates_leaves_the_rapid_review_alone(people):
    n = case()
    amend(n, people["alice"], {"covid_factor": "no"})
    n.rapid_review.refresh_from_db()
    assert n.rapid_review.version == 1
    assert Amendment.objects.get().due_dates == []


def test_children_are_corrected_added_and_removed_with_their_values_recorded(people):
    factories.notifications(valid_row(notification_ref="A-1"), valid_row(notification_ref="A-1", child_ref="C2"))
    n = Notification.objects.get(ref="A-1")
    children = [
        {**valid_row(), "gender": "male", "age_years": 1},
        {**valid_row(), "child_ref": "C3", "ethnicity": "WIRI"},
    ]
    children = [
        {k: v for k, v in c.items() if k in ("child_ref", "gender", "age_years", "ethnicity")} for c in children
    ]
    amend(n, people["alice"], children=children, reason="C2 was a duplicate of C3's record")
    assert sorted(n.children.values_list("child_ref", "gender", "age_years")) == [
        ("C1", "male", 1),
        ("C3", "female", 0),
    ]
    detail = Amendment.objects.get().changes["children"]
    assert detail["changed"] == [{"child_ref": "C1", "fields": {"gender": ["female", "male"], "age_years": ["0", "1"]}}]
    assert [c["child_ref"] for c in detail["added"]] == ["C3"] and detail["added"][0]["ethnicity"] == "WIRI"
    assert [c["child_ref"] for c in detail["removed"]] == ["C2"]


def test_a_partnership_cannot_correct_once_the_panel_has_responded_but_the_secretariat_can(people):
    n = case(rr_submitted_date="2020-03-20", rr_panel_response_date="2020-04-01")
    with pytest.raises(PermissionDenied, match="only the Panel secretariat"):
        amend(n, people["alice"], {"covid_factor": "no"})
    assert not Amendment.objects.exists()
    amend(n, people["sam"], {"covid_factor": "no"}, reason="The partnership asked us to correct it")
    assert Amendment.objects.get().actor == people["sam"]


def test_a_query_from_the_panel_is_not_its_response(people):
    n = case(rr_submitted_date="2020-03-20")
    n.rapid_review.status = "queried"
    n.rapid_review.save(update_fields=["status"])
    amend(n, people["alice"], {"covid_factor": "no"})
    assert Amendment.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "pat", "rita", "ann", "adam"])
def test_others_cannot_correct_the_case(people, who):
    n = case()
    with pytest.raises(PermissionDenied, match="you cannot correct this notification"):
        amend(n, people[who], {"covid_factor": "no"})
    n.refresh_from_db()
    assert n.version == 1 and not AuditEvent.objects.filter(action="notification.amend").exists()


def test_a_correction_needs_a_reason(people):
    with pytest.raises(Refused) as refused:
        amend(case(), people["alice"], {"covid_factor": "no"}, reason="  ")
    assert refused.value.field == "reason"


def test_a_stale_version_is_refused_and_nothing_is_written(people):
    n = case()
    amend(n, people["alice"], {"covid_factor": "no"})
    with pytest.raises(StaleRecord):
        amend(n, people["sam"], {"covid_factor": "yes"}, version=1)
    n.refresh_from_db()
    assert n.covid_factor == "no" and Amendment.objects.count() == 1


def test_a_correction_is_checked_by_the_standards_rules_with_the_review_dates(people):
    n = case(rr_submitted_date="2020-03-20")
    with pytest.raises(CorrectionRefused) as refused:
        amend(n, people["alice"], {"aware_date": "2020-03-21", "incident_type": "death"})
    problems = dict(refused.value.problems)
    assert problems["notified_date"] == "2020-03-05 is before aware_date 2020-03-21"
    assert problems["rr_submitted_date"] == "2020-03-20 is before aware_date 2020-03-21"
    assert problems["death_category"] == "required because incident_type is death"
    n.refresh_from_db()
    assert n.version == 1


def test_a_childs_bad_value_is_refused_against_that_child(people):
    n = case()
    with pytest.raises(CorrectionRefused) as refused:
        amend(n, people["alice"], children=[{"child_ref": "C1", "gender": "girl", "ethnicity": "WBRI"}])
    assert refused.value.field == "children[0].gender"


def test_a_correction_that_changes_nothing_or_names_an_unknown_column_is_refused(people):
    n = case()
    with pytest.raises(Refused, match="changes nothing"):
        amend(n, people["alice"], {"covid_factor": "unknown"})
    with pytest.raises(Refused) as refused:
        amend(n, people["alice"], {"rr_submitted_date": "2020-03-20"})
    assert refused.value.field == "rr_submitted_date"


def test_only_the_secretariat_moves_a_case_to_another_partnership(people):
    n = case()
    with pytest.raises(Refused) as refused:
        amend(n, people["alice"], {"la_code": "E09000001"})
    assert refused.value.field == "la_code"
    amend(n, people["sam"], {"la_code": "E09000001"}, reason="Notified by the wrong authority")
    n.refresh_from_db()
    assert n.partnership_id == "city-and-hackney"


def test_a_reference_can_be_corrected_but_not_to_one_in_use(people):
    case("B-1")
    n = case("A-1")
    with pytest.raises(Refused, match="already exists"):
        amend(n, people["alice"], {"notification_ref": "B-1"})
    amend(n, people["alice"], {"notification_ref": "A-2"}, reason="Typo in the reference")
    assert Notification.objects.filter(ref="A-2").exists()
