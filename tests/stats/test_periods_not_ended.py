"""A period that has not ended is not reported as if it were complete (statistician's review).

On 7 December 2026 the 2026 report was published as "398 against 426, -6.6%" and "December 2026: 6"
against 34 a year earlier; 2027's as 0, "-100%". A period is covered only once it has ended by the
register's last complete day (domain/report_periods.py `covered`): until then it is not published, and
its exact report shows its incomplete months and comparisons as [x] with a note saying why.
"""

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from cspr.domain.measures import Period
from cspr.domain.report_build import DisclosureError, PeriodNotEnded
from cspr.domain.report_periods import calendar_year, covered, last_complete_day, publish_refusal
from cspr.stats.forms import StatisticsForm, periods
from cspr.stats.report import national_report
from tests.service.personas import personas
from tests.stats.conftest import row

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)
X = "x"
REFUSAL = "2026 ends on 31 December 2026: a period can be published once it has ended"


def monthly(first: date, last: date) -> list[dict]:
    """One notification on the 3rd of each month from `first`'s month to `last`'s."""
    rows, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = f"{year}-{month:02}"
        rows.append(
            row(f"N{year}{month:02}", incident_date=f"{day}-01", aware_date=f"{day}-02", notified_date=f"{day}-03")
        )
        year, month = year + month // 12, month % 12 + 1
    return rows


@pytest.fixture
def register(load):
    load(monthly(date(2025, 1, 1), date(2026, 12, 1)))  # January 2025 to 3 December 2026


def table(report, table_id: str):
    return next(t for t in report.tables() if t.id == table_id)


def test_a_period_is_covered_once_it_has_ended_by_the_last_complete_day():
    end = last_complete_day(TODAY)
    assert end == date(2026, 12, 6)
    start = date(2025, 1, 1)
    assert covered(calendar_year(2025), start, end)
    assert not covered(calendar_year(2026), start, end)  # under way
    assert not covered(Period(date(2026, 12, 1), date(2026, 12, 31)), start, end)  # the month of today
    assert covered(Period(date(2026, 11, 1), date(2026, 11, 30)), start, end)
    assert covered(calendar_year(2026), start, last_complete_day(date(2027, 1, 1)))  # 31 December is complete
    assert publish_refusal(calendar_year(2026), end) == REFUSAL
    assert publish_refusal(calendar_year(2025), end) is None


def test_the_exact_report_of_a_year_under_way_shows_its_incomplete_parts_as_not_available(register):
    data = national_report("panel-annual", period=calendar_year(2026), today=TODAY)
    report = data.report()
    whole = report.as_json()["comparisons"]["period_vs_previous_period"]
    # The bug: 2026 so far (12) against the whole of 2025 (12) read as a year's figure.
    assert (whole["this"]["count"], whole["change"], whole["percent_change"]) == (X, X, X)
    assert whole["previous"]["count"] == 12
    months = table(report, "notifications-by-month")
    assert months.rows[-1] == ("December 2026", X, 1)  # not "1 against 1" for three days of December
    assert months.rows[-2] == ("November 2026", 1, 1)
    assert any("complete to 6 December 2026" in note for note in months.notes)
    assert any("complete to 6 December 2026" in note for note in table(report, "comparisons").notes)
    assert any(note.startswith("[x] 2026 ends on 31 December 2026 and is not complete") for note in report.notes)
    # Its own figures so far are still shown, to that day.
    assert report.measures["notifications.total"].count == 12


def test_a_year_under_way_is_not_published(register):
    data = national_report("panel-annual", period=calendar_year(2026), today=TODAY)
    with pytest.raises(PeriodNotEnded, match=REFUSAL):
        data.published(4)
    assert issubclass(PeriodNotEnded, DisclosureError)  # the pages, the API and briefings refuse it as unsafe
    # The same year, once it has ended, is published and compared.
    ended = national_report("panel-annual", period=calendar_year(2026), today=date(2027, 1, 1))
    assert ended.published(4).published
    assert ended.report().as_json()["comparisons"]["period_vs_previous_period"]["this"]["count"] == 12


def test_a_year_to_come_is_not_a_fall_of_100_percent(register):
    report = national_report("panel-annual", period=calendar_year(2027), today=TODAY).report()
    for c in report.as_json()["comparisons"].values():
        assert c["this"]["count"] == X and c["change"] == X and c["percent_change"] == X
    assert {r[1] for r in table(report, "notifications-by-month").rows} == {X}
    assert any("2027 ends on 31 December 2027 and has not begun" in note for note in report.notes)


def command(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@time_machine.travel(TODAY, tick=False)
def test_the_command_refuses_to_publish_a_year_under_way(register):
    with pytest.raises(CommandError, match=REFUSAL):
        command("--year", "2026", "--publish")
    exact = json.loads(command("--year", "2026"))
    assert exact["comparisons"]["period_vs_previous_period"]["percent_change"] == X
    assert json.loads(command("--year", "2025", "--publish"))["report"]["published"] is True


def test_the_statistics_page_offers_only_periods_that_have_ended():
    values = [value for value, _ in periods(TODAY, any_period=True)]
    assert values[0] == "2025" and "2026" not in values
    assert "2025-26" in values and "2026-27" not in values  # April 2025 to March 2026 has ended
    assert values[-1] == "dates"
    # 1 January: the year before has ended, 31 December its last complete day.
    assert [value for value, _ in periods(date(2027, 1, 1))][0] == "2026"


def test_the_statistics_page_says_why_a_year_under_way_is_not_shown():
    form = StatisticsForm({"report": "panel-annual", "period": "2026"}, today=TODAY)
    assert not form.is_valid() and form.errors["period"] == [REFUSAL]
    dates = {
        "report": "panel-annual", "period": "dates",
        "date_from-day": "1", "date_from-month": "11", "date_from-year": "2026",
        "date_to-day": "7", "date_to-month": "12", "date_to-year": "2026",
    }  # fmt: skip
    form = StatisticsForm(dates, today=TODAY, any_period=True)
    assert not form.is_valid()
    assert form.errors["date_to"] == ["To date must be before today: a period can be published once it has ended"]
    assert StatisticsForm({**dates, "date_to-day": "6"}, today=TODAY, any_period=True).is_valid()


@time_machine.travel(TODAY, tick=False)
def test_the_page_refuses_a_bookmarked_year_under_way(register, client):
    client.force_login(personas()["sam"])
    page = client.get(reverse("statistics"), {"report": "panel-annual", "period": "2026"})
    assert page.status_code == 200
    text = page.content.decode()
    assert REFUSAL in text and "notifications-by-month" not in text
    download = client.get(
        reverse("statistics_download"), {"format": "json", "report": "panel-annual", "period": "2026"}
    )
    assert download.status_code == 400
