"""The working days late each record stores are the domain's count of its dates (ADR 0036).

Every writer of a deadline's dates stores its working days late beside them, and the report
counts the stored figure with no working-day arithmetic of its own. Random registers are
written through the import (created, then corrected by a second file), and every stored
figure is compared with domain/deadlines.py's `working_days_late` of the record's own dates;
the report's late-day bands are compared with the catalogue's reference semantics
(`count_matching`) over figures counted in Python from the (due, done) dates. The review
actions and the correction form store it too.
"""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspr.cases.actions import notification_amend
from cspr.cases.actions.load import notifications_load
from cspr.cases.exporter import notification_columns
from cspr.cases.models import Notification
from cspr.core import clock
from cspr.core.actors import system_actor
from cspr.domain.deadlines import working_days_late
from cspr.domain.measures import count_matching
from cspr.domain.report_build import plan
from cspr.domain.report_lateness import LATENESS, Late, late_quantity
from cspr.domain.report_periods import calendar_year
from cspr.domain.reports import DEFINITIONS
from cspr.reviews import actions
from cspr.stats import engine
from tests import factories
from tests.cases.rows import valid_row
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

# One case: the aware date, then days from it to notification, to the rapid review's
# submission (None: not yet), from submission to the local review's decision (None: no
# review) and from the decision to publication (None: not yet).
cases = st.tuples(
    st.dates(date(2019, 6, 1), date(2021, 6, 30)),
    st.integers(0, 20),
    st.none() | st.integers(0, 45),
    st.none() | st.integers(0, 30),
    st.none() | st.integers(120, 260),
)


def rows(drawn: list[tuple]) -> list[dict]:
    out = []
    for i, (aware, notify, submit, decide, publish) in enumerate(drawn):
        notified = aware + timedelta(days=notify)
        cells = {"incident_date": aware, "aware_date": aware, "notified_date": notified}
        if submit is not None:
            submitted = notified + timedelta(days=submit)
            cells |= {"rr_submitted_date": submitted, "rr_lcspr_recommended": "no", "rr_national_review": "no"}
            if decide is not None:
                decision = submitted + timedelta(days=decide)
                cells["lcspr_decision_date"] = decision
                if publish is not None:
                    published = decision + timedelta(days=publish)
                    cells |= {
                        "lcspr_final_report_date": published - timedelta(days=7),
                        "lcspr_published_date": published,
                    }
        out.append(valid_row(notification_ref=f"S-{i}", **{k: str(v) for k, v in cells.items()}))
    return out


def load(drawn: list[tuple], *, overwrite: bool = False) -> None:
    notifications_load(
        actor=system_actor("cspr tests"),
        records=factories.records(rows(drawn)),
        areas=factories.areas(),
        source="stored days late test",
        overwrite=overwrite,
    )


def assert_stored_figures_are_the_domains() -> None:
    calendar = clock.working_days()
    for n in Notification.objects.select_related("rapid_review", "practice_review"):
        assert n.notification_days_late == working_days_late(n.notification_due_date, n.notified_date, calendar)
        rr = n.rapid_review
        assert rr.days_late == working_days_late(rr.due_date, rr.submitted_date, calendar)
        if pr := getattr(n, "practice_review", None):
            assert pr.publication_days_late == working_days_late(pr.publication_due_date, pr.published_date, calendar)


def assert_late_bands_are_counted_from_the_dates(year: int) -> None:
    """The engine's bands, from stored figures, equal the catalogue's reading of each record's
    days late counted in Python from its dates (`count_matching`, the reference semantics)."""
    period = calendar_year(year)
    keys = [k for k in plan(DEFINITIONS["panel-annual"], period).keys if isinstance(k, Late)]
    counted = engine.evaluate(keys, Notification.objects.all())
    calendar = clock.working_days()
    records = [
        columns
        | {
            rule.days_field: working_days_late(columns[rule.due_field], columns[rule.done_field], calendar)
            for rule in LATENESS.values()
        }
        for columns in map(notification_columns, Notification.objects.select_related("rapid_review", "practice_review"))
    ]
    assert counted == {key: count_matching(records, late_quantity(key)) for key in keys}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    first=st.lists(cases, min_size=1, max_size=25),
    shifts=st.lists(st.tuples(st.integers(0, 15), st.integers(0, 15), st.integers(0, 40)), min_size=25, max_size=25),
)
def test_every_imported_or_reimported_record_stores_the_domains_working_days_late(db, first, shifts):
    with transaction.atomic():
        load(first)
        assert_stored_figures_are_the_domains()
        # A second file corrects the dates: later notified, later submitted, later published.
        second = [
            (
                aware,
                notify + a,
                None if submit is None else submit + b,
                decide,
                None if publish is None else publish + c,
            )
            for (aware, notify, submit, decide, publish), (a, b, c) in zip(first, shifts)
        ]
        load(second, overwrite=True)
        assert_stored_figures_are_the_domains()
        for year in (2019, 2020, 2021):
            assert_late_bands_are_counted_from_the_dates(year)
        transaction.set_rollback(True)  # the next example starts from an empty register


def test_the_review_actions_and_a_correction_store_it(actor):
    manager = personas()["alice"]  # Birmingham's partnership manager corrects the notification
    n = factories.notification("N-1", actor=actor)  # aware Tuesday 3 March 2020, notified Thursday 5 March
    assert n.notification_days_late == 0
    review = n.rapid_review
    assert review.days_late is None  # not submitted yet
    # Due Tuesday 24 March; sent Friday 27 March: three working days late.
    actions.rapid_review_submit(
        actor=actor,
        rapid_review_id=review.pk,
        version=1,
        submitted_date=date(2020, 3, 27),
        lcspr_recommended="yes",
        themes=[],
    )
    review.refresh_from_db()
    assert review.days_late == 3
    # Notified Friday 13 March, due Tuesday 10 March: three working days late.
    notification_amend(
        actor=manager,
        notification_id=n.pk,
        version=n.version,
        changes={"notified_date": "2020-03-13"},
        reason="the date was typed wrongly",
    )
    n.refresh_from_db()
    assert n.notification_days_late == 3
    # Aware a week later, the rapid review is due Tuesday 31 March: the submission was on time.
    notification_amend(
        actor=manager,
        notification_id=n.pk,
        version=n.version,
        changes={"aware_date": "2020-03-10"},
        reason="the date was typed wrongly",
    )
    review.refresh_from_db()
    assert review.due_date == date(2020, 3, 31) and review.days_late == 0
    lcspr = actions.practice_review_commission(actor=actor, notification_id=n.pk, decision_date=date(2020, 8, 31))
    assert lcspr.publication_days_late is None
    actions.practice_review_send_final_report(
        actor=actor, practice_review_id=lcspr.pk, version=1, final_report_date=date(2021, 3, 1)
    )
    # Due Sunday 28 February 2021; published Wednesday 3 March: three working days late.
    actions.practice_review_publish(
        actor=actor,
        practice_review_id=lcspr.pk,
        version=2,
        published_date=date(2021, 3, 3),
        final_report_url="https://example.org.uk/reviews/child-q",
        delay_reasons="The family asked for time.",
        outstanding_reason="Milestones were tracked outside the service for this review.",
    )
    lcspr.refresh_from_db()
    assert lcspr.publication_days_late == 3
