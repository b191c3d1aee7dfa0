"""Find a case stays fast on a large register, and finds exactly what it found before.

The list reads a page by its keys along the list's index, the partnership filter's choices
ask the partnerships rather than every notification, and the search asks each table with its
own index. What the person sees must not change: the same matches, in the same order, and the
same choices for every role. On PostgreSQL the plans are checked too: the planner is told not
to scan tables or sort (a tiny test register would otherwise make either the cheaper plan), so
the plan shows whether an index can answer the query at all.
"""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cspr.cases import find
from cspr.cases.actions.sharing import case_share
from cspr.cases.models import Child, Notification
from cspr.cases.views import notifications as notifications_views
from cspr.core.models import AuditEvent
from tests import factories
from tests.cases.rows import valid_row
from tests.service.personas import personas

pytestmark = pytest.mark.django_db
LIST = reverse("notification_list")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
SEARCHES = ["2020", "bhm/2021", "kid-42", "KID-42", "c1", "Birmingham", "london", "E09000001", "e09000001", "zzz", "1"]


@pytest.fixture
def register(actor):
    """Birmingham's (alice's) and the City of London's (bob's) cases; one of bob's shared with alice."""
    people = personas()
    made = factories.notifications(
        *(
            valid_row(notification_ref=f"BHM/202{i % 3}/{i}", notified_date=f"202{i % 3}-03-{10 + i:02}")
            for i in range(12)
        ),
        valid_row(notification_ref="BHM/2021/99", child_ref="KID-42", notified_date="2021-03-10"),
        *(
            valid_row(notification_ref=f"CITY/2020/{i}", la_code="E09000001", notified_date="2020-03-10")
            for i in range(5)
        ),
    )
    birmingham = made["BHM/2020/0"].partnership_id
    case_share(actor=actor, notification_id=made["CITY/2020/3"].pk, partnership_id=birmingham, reason="sibling")
    return people


def old_text_search(user, text: str):
    """The search as it was: one condition OR-ed across the authority join (the reference to keep)."""
    children = Child.objects.visible_to(user).filter(child_ref__iexact=text).values("notification_id")
    return Notification.objects.visible_to(user).filter(
        Q(ref__icontains=text)
        | Q(pk__in=children)
        | Q(local_authority__name__icontains=text)
        | Q(local_authority_id=text.upper())
    )


def old_partnerships(user):
    """The filter's choices as they were: every notification in scope read for its partnership."""
    return list(
        Notification.objects.visible_to(user)
        .order_by("partnership__name")
        .values_list("partnership_id", "partnership__name")
        .distinct()
    )


@pytest.mark.parametrize("who", ["sam", "alice", "bob", "rita", "ann"])
def test_a_search_finds_what_it_found_before(register, who):
    user = register[who]
    for text in SEARCHES:
        found = find.notifications(user, find.Search(text=text), today=None)
        expected = old_text_search(user, text).order_by("-notified_date", "ref")
        assert list(found.values_list("ref", flat=True)) == list(expected.values_list("ref", flat=True)), text


@pytest.mark.parametrize("who", ["sam", "pat", "alice", "agnes", "bob", "rita", "ann", "adam"])
def test_every_role_is_offered_the_partnerships_it_was_offered_before(register, who):
    assert find.partnerships(register[who]) == old_partnerships(register[who])


def test_alice_is_offered_her_own_partnership_and_the_one_that_shared_a_case(register):
    theirs = {Notification.objects.get(ref=ref).partnership_id for ref in ("BHM/2020/0", "CITY/2020/3")}
    assert {code for code, _ in find.partnerships(register["alice"])} == theirs and len(theirs) == 2


def test_the_panels_choices_ask_the_partnerships_not_every_notification(register):
    with CaptureQueriesContext(connection) as queries:
        find.partnerships(register["sam"])
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert sql.startswith('SELECT "core_partnership"."code"') and "EXISTS" in sql


def test_every_page_lists_the_rows_of_the_plain_order(client, register, monkeypatch):
    monkeypatch.setattr(notifications_views, "PAGE_SIZE", 5)
    client.force_login(register["sam"])
    listed = []
    for number in range(1, 5):
        assert client.get(LIST, {"page": number}).status_code == 200
        listed.append(AuditEvent.objects.filter(action="notification.list").latest("pk").changed_fields["refs"])
    every = list(Notification.objects.order_by("-notified_date", "ref").values_list("ref", flat=True))
    assert listed == [every[0:5], every[5:10], every[10:15], every[15:18]]


def test_a_page_is_read_by_its_keys_first(client, register):
    # The rows with their authority and rapid review are fetched for one page's keys only, so that a deep
    # page never joins (and sorts) the whole register.
    client.force_login(register["sam"])
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    (rows,) = [q["sql"] for q in queries.captured_queries if '"cases_rapidreview"."status"' in q["sql"]]
    assert '"cases_notification"."id" IN (SELECT' in rows and " LIMIT " in rows.split("IN (SELECT", 1)[1]


OFF = ("enable_seqscan", "enable_sort", "enable_incremental_sort", "enable_bitmapscan")


def _plan(sql: str, params, off=OFF) -> str:
    with connection.cursor() as cursor:
        for setting in off:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("ANALYZE cases_notification")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row for (row,) in cursor.fetchall())
        for setting in off:
            cursor.execute(f"RESET {setting}")
    return plan


@on_postgresql
@pytest.mark.parametrize("who", ["sam", "alice"])
@pytest.mark.parametrize("search", [{}, {"incident_type": "death"}, {"status": "rapid_review_due"}, {"overdue": True}])
def test_any_page_of_the_list_is_read_along_its_index(register, who, search):
    qs = find.notifications(register[who], find.Search(**search), today=timezone.localdate())
    for start in (0, 17):
        sql, params = qs.values("pk")[start : start + 50].query.sql_with_params()
        plan = _plan(sql, params)
        assert "notification_list_order" in plan, plan


@on_postgresql
def test_part_of_a_reference_is_found_by_the_trigram_index(register):
    sql, params = Notification.objects.filter(ref__icontains="2021/9").values("pk").order_by().query.sql_with_params()
    # Only bitmap scans allowed: a B-tree can answer "contains" only by reading all of itself.
    plan = _plan(sql, params, off=("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"))
    assert "Bitmap Index Scan on notification_ref_trigram" in plan, plan


@on_postgresql
@pytest.mark.parametrize("who", ["sam", "alice"])
def test_the_whole_search_can_use_the_trigram_index(register, who):
    # The reference's condition is the notification's own, not OR-ed across the authority join.
    qs = find.notifications(register[who], find.Search(text="2021/9"), today=None).order_by().values("pk")
    sql, params = qs.query.sql_with_params()
    plan = _plan(sql, params, off=("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"))
    assert "Bitmap Index Scan on notification_ref_trigram" in plan, plan
