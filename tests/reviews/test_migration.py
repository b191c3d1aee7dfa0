"""Moving the review models out of cases/ keeps every row of a populated database.

The models keep their `cases_*` tables (cases.0005 and reviews.0001 change
Django's state only), so a register written before the move reads back whole
after it: the rows, their foreign keys and their many-to-many links.
"""

from datetime import UTC, date, datetime

import pytest

from cspr.core.models import User
from tests.migrations import latest, migrate_to

BEFORE = [("cases", "0004_remindersent")]


def _populate(apps) -> dict:
    """A case with every review row the old cases app held, written with the old models."""
    Notification = apps.get_model("cases", "Notification")
    Child = apps.get_model("cases", "Child")
    RapidReview = apps.get_model("cases", "RapidReview")
    PracticeReview = apps.get_model("cases", "PracticeReview")
    Milestone = apps.get_model("cases", "Milestone")
    NationalReview = apps.get_model("cases", "NationalReview")
    StatusEvent = apps.get_model("cases", "StatusEvent")
    ReminderSent = apps.get_model("cases", "ReminderSent")
    # People are core's, which the move does not touch: today's model writes them.
    actor = User.objects.create(username="system:migration-test", is_system=True, is_active=False)
    reviewer = User.objects.create(username="rita", role="reviewer")
    n = Notification.objects.create(
        ref="MOVE-1",
        local_authority_id="E08000025",
        partnership_id="birmingham",
        incident_date=date(2020, 3, 2),
        aware_date=date(2020, 3, 3),
        notified_date=date(2020, 3, 5),
        incident_type="serious_harm",
        harm_category="physical_abuse",
        notification_due_date=date(2020, 3, 10),
    )
    Child.objects.create(notification=n, child_ref="C1", gender="female", ethnicity="WBRI", outcome="seriously_harmed")
    rr = RapidReview.objects.create(
        notification=n,
        status="responded",
        facts="What happened",
        due_date=date(2020, 3, 24),
        due_rule="wt2018",
        due_counted_from="aware_date",
        submitted_date=date(2020, 3, 20),
        panel_response_date=date(2020, 4, 2),
        lcspr_recommended="yes",
        version=4,
    )
    rr.themes.set(["reluctant_engagement", "information_sharing"])
    pr = PracticeReview.objects.create(
        notification=n,
        status="commissioned",
        decision_date=date(2020, 4, 1),
        publication_due_date=date(2020, 10, 1),
        final_report_due_date=date(2020, 9, 22),
        reviewer_id=reviewer.pk,
        delay_reasons="Criminal proceedings",
        version=3,
    )
    Milestone.objects.create(practice_review=pr, kind="reviewer_appointed", completed_date=date(2020, 4, 10))
    national = NationalReview.objects.create(title="Out of routine", topic="SUDI", status="proposed")
    national.notifications.set([n])
    at = datetime(2020, 4, 2, 12, tzinfo=UTC)
    StatusEvent.objects.create(
        notification=n,
        workflow="rapid_review",
        from_status="submitted",
        to_status="responded",
        at=at,
        actor_id=actor.pk,
        reason="agreed",
    )
    StatusEvent.objects.create(
        national_review=national,
        workflow="national_review",
        from_status="",
        to_status="proposed",
        at=at,
        actor_id=actor.pk,
    )
    ReminderSent.objects.create(
        item="rapid_review",
        object_id=rr.pk,
        recipient_id=reviewer.pk,
        due_date=date(2020, 3, 24),
        sent_on=date(2020, 3, 20),
    )
    return {
        "notification": n.pk,
        "rapid_review": rr.pk,
        "practice_review": pr.pk,
        "national_review": national.pk,
        "themes": sorted(rr.themes.values_list("code", flat=True)),
        "reviewer": reviewer.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_of_a_populated_database(reference_data):
    old = migrate_to(BEFORE)
    written = _populate(old)
    counts = {
        name: old.get_model("cases", name).objects.count()
        for name in ("RapidReview", "PracticeReview", "Milestone", "NationalReview", "StatusEvent", "ReminderSent")
    }

    migrate_to(latest())

    from cspr.reviews import models

    assert {name: getattr(models, name).objects.count() for name in counts} == counts
    rr = models.RapidReview.objects.get(pk=written["rapid_review"])
    assert (rr.notification_id, rr.status, rr.version, rr.facts) == (
        written["notification"],
        "responded",
        4,
        "What happened",
    )
    assert sorted(rr.themes.values_list("code", flat=True)) == written["themes"]
    pr = models.PracticeReview.objects.get(pk=written["practice_review"])
    assert (pr.reviewer_id, pr.delay_reasons, pr.version) == (written["reviewer"], "Criminal proceedings", 3)
    assert list(pr.milestones.values_list("kind", flat=True)) == ["reviewer_appointed"]
    national = models.NationalReview.objects.get(pk=written["national_review"])
    assert list(national.notifications.values_list("ref", flat=True)) == ["MOVE-1"]
    assert models.StatusEvent.objects.filter(notification_id=written["notification"]).get().reason == "agreed"
    assert models.ReminderSent.objects.get().object_id == written["rapid_review"]
