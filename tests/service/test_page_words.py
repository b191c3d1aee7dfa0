"""Pages say things in words, never in codes: labels come from each code's one home."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cspr.cases.forms import labels
from cspr.domain.deadlines import rule_for_rapid_review
from cspr.domain.report_periods import calendar_year
from cspr.stats.report import national_report

pytestmark = pytest.mark.django_db


def test_the_notification_page_names_each_code_in_words(cases, people, client_for):
    html = client_for(people["sam"]).get(reverse("notification_detail", args=[cases["A"].ref])).content.decode()
    assert labels.ETHNICITIES["WBRI"] in html and ">WBRI<" not in html
    assert "Under 1" in html and "Female" in html and "Serious harm" in html
    assert "Physical abuse" in html and "physical_abuse" not in html
    assert "(Working Together 2018, from the date the local authority became aware)" in html
    assert "wt2018" not in html and "aware_date" not in html
    assert "Local review (LCSPR): commissioned" in html and "Practice review" not in html


def test_the_rule_of_a_rapid_review_is_in_words():
    assert (
        rule_for_rapid_review("wt2023", "notified_date")
        == "15 working days (Working Together 2023, from the notified date)"
    )


@time_machine.travel(date(2020, 3, 23), tick=False)
def test_the_case_page_shows_working_days_left_as_the_dashboard_does(cases, people, client_for):
    # Case B: aware 3 March 2020 (WT2018), its rapid review due 24 March: 1 working day left on Monday 23.
    html = client_for(people["bob"]).get(reverse("notification_detail", args=[cases["B"].ref])).content.decode()
    assert "What is due" in html
    assert "Due in 1 working day<" in html
    dashboard = client_for(people["bob"]).get(reverse("dashboard")).content.decode()
    assert "Due in 1 working day<" in dashboard


def test_the_list_filters_are_in_words(cases, people, client_for):
    html = client_for(people["sam"]).get(reverse("notification_list")).content.decode()
    assert ">LCSPR open<" in html and ">LCSPR published<" in html and "Lcspr" not in html
    assert ">Serious harm<" in html


def test_a_timeliness_column_for_one_day_says_day(db):
    report = national_report("panel-annual", period=calendar_year(2020)).report()
    [timeliness] = [table for table in report.tables() if table.id == "timeliness"]
    headers = [column.header for column in timeliness.columns]
    assert "1 working day late" in headers and "2 to 5 working days late" in headers
    assert "1 working days late" not in headers


@time_machine.travel(date(2020, 9, 21), tick=False)
def test_the_lcspr_page_shows_its_deadlines_with_working_days_left(cases, people, client_for):
    # Case A: decision 1 April 2020, so publication is due 1 October 2020: 8 working days on Monday 21 September.
    html = client_for(people["alice"]).get(reverse("lcspr_detail", args=[cases["A"].ref])).content.decode()
    assert "What is due" in html and "LCSPR publication" in html
    assert "8 working days left<" in html
