"""Every open item is reachable from the dashboard, however many old items the register holds.

The Panel's register had 182 open items, most of them old LCSPR deadlines: the dashboard listed
"the 50 soonest", all LCSPR, and an overdue rapid review was on no page at all. Each kind of
deadline now has its own section on the first screen, and each section's pages list every item.
"""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.cases.actions.load import notifications_load
from cspr.cases.models import Notification
from cspr.core.reference import AreaIndex
from cspr.domain import codes, deadlines
from cspr.domain.calendar import england_calendar
from cspr.domain.deadlines import Deadline
from cspr.domain.standard import parse_csv
from cspr.govuk.jinja2 import sentence_case
from cspr.reviews.open_items import open_items
from tests.cases.rows import csv_bytes, valid_row

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 3)


def _row(ref: str, notified: date, *, lcspr: bool = False) -> dict:
    calendar = england_calendar()
    row = valid_row(
        notification_ref=ref,
        incident_date=(notified - timedelta(days=2)).isoformat(),
        aware_date=(notified - timedelta(days=1)).isoformat(),
        notified_date=notified.isoformat(),
        notification_kind="serious_incident",
        abuse_neglect_suspected="unknown",
    )
    aware = notified - timedelta(days=1)
    row["notification_due_date"] = deadlines.notification_due(aware, calendar).isoformat()
    if lcspr:
        decided = notified + timedelta(days=25)
        # Sent and answered long ago; the local review commissioned, its report never sent.
        row |= {
            "rr_submitted_date": (notified + timedelta(days=10)).isoformat(),
            "rr_panel_response_date": (notified + timedelta(days=20)).isoformat(),
            "lcspr_decision_date": decided.isoformat(),
            "lcspr_due_date": deadlines.lcspr_publication_due(decided).isoformat(),
        }
    else:
        rr = deadlines.rapid_review_due(aware_date=aware, notified_date=notified, calendar=calendar)
        row["rr_due_date"] = rr.due.isoformat()
    return row


def _register(actor, *, old_lcsprs: int, recent_rapid_reviews: int, prefix: str = "SIN") -> None:
    """Old overdue LCSPRs (two open deadlines each), recent rapid reviews due, and one overdue rapid review
    that is newer than every LCSPR item (so "the soonest N over all kinds" would leave it out)."""
    rows = [_row(f"{prefix}/2020/{i:05d}", date(2020, 1, 6) + timedelta(days=i), lcspr=True) for i in range(old_lcsprs)]
    rows += [
        _row(f"{prefix}/2024/{i:05d}", date(2024, 5, 27) - timedelta(days=i % 5)) for i in range(recent_rapid_reviews)
    ]
    rows.append(_row(f"{prefix}/2024/OVERDUE", date(2024, 4, 1)))
    areas = AreaIndex.from_database()
    records, problems = parse_csv(
        csv_bytes([{c: r.get(c, "") for c in codes.ALL_COLUMNS} for r in rows], list(codes.ALL_COLUMNS)),
        "r.csv",
        today=TODAY,
        la_check=areas.problem,
    )
    assert not problems
    notifications_load(actor=actor, records=records, areas=areas, source="dashboard test")


def _rows(html: str) -> list[tuple[str, str]]:
    """(notification reference, what is due) for each row of the page's tables."""
    found = []
    for body in (part.split("</tbody>", 1)[0] for part in html.split("<tbody")[1:]):
        for row in body.split('<tr class="govuk-table__row"')[1:]:
            ref = re.search(r'href="/notifications/([^"]+)/"', row)[1]
            what = re.search(r"<br>", row) and row.split("<br>", 1)[0].rsplit(">", 1)[1].strip()
            found.append((ref, what))
    return found


def _links(html: str, pattern: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(rf'href="(/\?kind={pattern}[^"]*)"', html)]


@time_machine.travel(TODAY, tick=False)
def test_every_open_item_is_reachable_and_an_overdue_rapid_review_is_on_the_first_screen(actor, people, client_for):
    _register(actor, old_lcsprs=60, recent_rapid_reviews=21)
    expected = open_items(today=TODAY, scope=Notification.objects.all())
    assert len(expected) == 60 * 2 + 22 > 50
    client = client_for(people["sam"])

    first = client.get(reverse("dashboard")).content.decode()
    assert "142 open items, of which <strong>121 overdue</strong>" in first
    # The overdue rapid review is on the first screen, though 120 LCSPR items are older.
    assert ("SIN/2024/OVERDUE", "Rapid review") in _rows(first)
    assert 'href="/notifications/?overdue=on"' in first
    assert "22 open, of which 1 overdue." in first

    # Following each section's "See all" link and its pages reaches every open item, each once.
    reached: list[tuple[str, str]] = []
    for kind in Deadline:
        (see_all,) = _links(first, kind.value)
        url, pages = see_all, 0
        while url:
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            pages += 1
            reached += _rows(html)
            title = re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1].strip()
            later = f" (page {pages} of " if pages > 1 else " –"
            assert title.startswith(heading + later), title
            following = re.search(r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"', html)
            url = following[1].replace("&amp;", "&") if following else None
        assert pages == (1 if kind is Deadline.RAPID_REVIEW else 2)  # 22 rapid reviews; 60 of each LCSPR kind
    assert sorted(reached) == sorted((i.notification_ref, sentence_case(i.item)) for i in expected)


def test_an_unknown_kind_is_not_found(people, client_for):
    assert client_for(people["sam"]).get(reverse("dashboard") + "?kind=nonsense").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_reads_a_fixed_number_of_queries_whatever_the_register(actor, people, client_for):
    client = client_for(people["sam"])
    client.get(reverse("dashboard"))  # the session's first save is not the page's

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _register(actor, old_lcsprs=5, recent_rapid_reviews=3)
    small = [queries(reverse("dashboard")), queries(reverse("dashboard") + "?kind=lcspr_publication")]
    _register(actor, old_lcsprs=200, recent_rapid_reviews=60, prefix="MORE")  # 470 more open items
    assert Notification.objects.count() > 260
    large = [
        queries(reverse("dashboard")),
        queries(reverse("dashboard") + "?kind=lcspr_publication"),
        queries(reverse("dashboard") + "?kind=lcspr_publication&page=4"),
    ]
    assert large == [small[0], small[1], small[1]]
