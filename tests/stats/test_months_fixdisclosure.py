"""The reviewer's case on a whole report (review of 8 December 2026, ADR 0005 amended
2026-12-08): notifications by month whose shown months, year and April to September leave two
months noted as "a count from 1 to 4" adding up to 8. Published, no hidden month can be worked
out from the shown figures with what the notes say of each."""

from datetime import date
from itertools import product

from cspr.domain.report_build import Column, Hidden, TableView, suppression_notes
from tests.stats.test_review_findings_2026_12_07 import register, report_data

COUNTS = [5, 6, 4, 1, 5, 2, 3, 3, 15, 7, 4, 8]  # March and November 4; April to September 29


def published_months():
    day = [date(2020, month, 10) for month in range(1, 13)]
    rows = register([{"notified_date": d, "notification_due_date": d} for d, n in zip(day, COUNTS) for _ in range(n)])
    report = report_data("panel-annual", rows).published(4)
    months = next(t for t in report.tables() if t.id == "notifications-by-month")
    return report, [row[1] for row in months.rows]


def test_no_hidden_month_follows_from_the_year_april_to_september_and_the_notes():
    report, shown = published_months()
    assert sum(COUNTS) == 63 and report.measures["notifications.total"].count == 63
    hidden = [m for m, v in enumerate(shown) if isinstance(v, Hidden)]
    assert {2, 10} <= set(hidden)  # March and November

    # A reader's ranges: a count noted as small is 1 to 4, one hidden for another reason above 4.
    ranges = [range(1, 5) if shown[m].primary else range(5, 64) for m in hidden]
    possible = {m: set() for m in hidden}
    for guess in product(*ranges):
        months = list(shown)
        for m, v in zip(hidden, guess):
            months[m] = v
        if sum(months) == 63 and sum(months[3:9]) == 29:
            for m, v in zip(hidden, guess):
                possible[m].add(v)
    assert all(len(values) > 1 for values in possible.values()), possible


def test_where_reasons_are_not_told_apart_every_hidden_count_has_the_same_note():
    # disclosure.suppress publishes a table unlabelled where its notes would give a count away.
    table = TableView(
        "t",
        "A table",
        (Column("Row", "label"), Column("Number")),
        (("Girls", Hidden("girls", None)), ("Boys", Hidden("boys", None)), ("All", 8)),
    )
    same = "a count from 1 to 4, or one hidden so that such a count cannot be worked out"
    assert suppression_notes(table, 4) == (f"[c] Girls: {same}.", f"[c] Boys: {same}.")
