"""Every count of open deadlines equals the number of rows it summarises, for any register.

The dashboard's "N open, M overdue", `cspr deadlines`' summary and the reminders
all read cspr/reviews/open_items.py, which reads domain/workflow.py's
OPEN_DEADLINES: a count and its list come from the same table, so they agree
whatever the register holds.
"""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspr.cases.actions.load import notifications_load
from cspr.cases.models import Notification
from cspr.core.reference import AreaIndex
from cspr.domain.standard import parse_csv
from cspr.domain.workflow import OPEN_DEADLINES, RapidReviewStatus, Workflow, deadlines_open_in
from cspr.reviews import actions
from cspr.reviews.models import PracticeReview, RapidReview
from cspr.reviews.open_items import open_item_counts, open_item_counts_by_kind, open_items
from tests.cases.rows import varied_file


class _Rollback(Exception):
    pass


def _register(actor, *, size: int, seed: int, queried: int) -> None:
    """A varied register: every state the data standard can carry, and some queried rapid reviews."""
    areas = AreaIndex.from_database()
    records, problems = parse_csv(
        varied_file(size, seed), "register.csv", today=date(2030, 1, 1), la_check=areas.problem
    )
    assert not problems
    notifications_load(actor=actor, records=records, areas=areas, source="property test")
    for review in RapidReview.objects.filter(status=RapidReviewStatus.SUBMITTED).order_by("pk")[:queried]:
        actions.rapid_review_query(actor=actor, rapid_review_id=review.pk, version=None, reason="Which agencies?")


@pytest.mark.django_db
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    size=st.integers(min_value=1, max_value=40),
    seed=st.integers(min_value=0, max_value=10_000),
    queried=st.integers(min_value=0, max_value=5),
    today_offset=st.integers(min_value=0, max_value=2000),
)
def test_counts_equal_the_rows_they_summarise(actor, size, seed, queried, today_offset):
    today = date(2019, 1, 1) + timedelta(days=today_offset)
    try:
        with transaction.atomic():
            _register(actor, size=size, seed=seed, queried=queried)
            scopes = [
                Notification.objects.all(),
                *(
                    Notification.objects.filter(partnership_id=p)
                    for p in Notification.objects.values_list("partnership_id", flat=True).distinct()[:3]
                ),
            ]
            for scope in scopes:
                items = open_items(today=today, scope=scope)
                counts = open_item_counts(today=today, scope=scope)
                assert counts.open == len(items)
                assert counts.overdue == sum(item.overdue for item in items)
                assert len(open_items(today=today, scope=scope, overdue_only=True)) == counts.overdue
                # ...and so does each kind's count (a dashboard section) with its own rows.
                for kind, of_kind in open_item_counts_by_kind(today=today, scope=scope).items():
                    rows = open_items(today=today, scope=scope, of_kind=kind)
                    assert (of_kind.open, of_kind.overdue) == (len(rows), sum(item.overdue for item in rows))
            # ...and the table they derive from says the same as the records' states.
            expected = sum(
                len(deadlines_open_in(Workflow.RAPID_REVIEW, s))
                # a rapid review its notification's kind does not require has no due date, no deadline
                for s in RapidReview.objects.filter(due_date__isnull=False).values_list("status", flat=True)
            ) + sum(
                len(deadlines_open_in(Workflow.PRACTICE_REVIEW, s))
                for s in PracticeReview.objects.values_list("status", flat=True)
            )
            assert open_item_counts(today=today, scope=Notification.objects.all()).open == expected
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.django_db
def test_the_deadlines_command_counts_the_rows_it_prints(actor):
    _register(actor, size=30, seed=4, queried=2)
    out = io.StringIO()
    call_command("deadlines", stdout=out)
    lines = out.getvalue().strip().splitlines()
    rows = [line for line in lines[1:] if re.match(r"\d{4}-\d{2}-\d{2} ", line)]
    summary = re.search(r"(\d+) open item\(s\), (\d+) overdue", out.getvalue())
    assert summary and int(summary[1]) == len(rows) > 0
    assert int(summary[2]) == sum("OVERDUE" in row for row in rows)


@pytest.mark.django_db
def test_the_deadlines_command_says_how_many_a_limit_left_out(actor):
    _register(actor, size=30, seed=4, queried=0)
    total = open_item_counts(today=date.today(), scope=Notification.objects.all()).open
    out = io.StringIO()
    call_command("deadlines", "--limit", "3", stdout=out)
    assert f"{total} open item(s)" in out.getvalue()
    assert "the first 3 shown" in out.getvalue()


def test_every_open_deadline_belongs_to_a_state_the_workflow_can_leave():
    # A deadline left open in a closed state could never close: it would be overdue for ever.
    from cspr.domain.workflow import open_states

    for deadline, (flow, states) in OPEN_DEADLINES.items():
        assert states <= open_states(flow), deadline
