"""The Panel's early warning page: a surge injected into a synthetic register is flagged, in words and a chart."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories
from tests.axe import axe_report, new_page
from tests.cases.rows import valid_row
from tests.service.personas import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client, db):
    people = personas()

    def sign_in(persona):
        client.force_login(people[persona])
        return client

    return sign_in


def register(surge: int = 14) -> None:
    """Three serious harm notifications a month from January 2017 to June 2020; `surge` in May 2020."""
    rows, n = [], 0
    month = date(2017, 1, 1)
    while month <= date(2020, 6, 1):
        count = surge if month == date(2020, 5, 1) else 3
        for i in range(count):
            notified = month + timedelta(days=2 + (i * 2) % 25)
            n += 1
            aware = notified - timedelta(days=1)
            rows.append(
                valid_row(
                    notification_ref=f"W-{n}",
                    notified_date=notified.isoformat(),
                    aware_date=aware.isoformat(),
                    incident_date=aware.isoformat(),
                )
            )
        month = (month + timedelta(days=32)).replace(day=1)
    factories.notifications(*rows)


def test_a_surge_is_flagged_in_words_with_a_chart(as_):
    register()
    page = as_("sam").get(reverse("statistics_early_warning")).content.decode()
    assert re.search(r"All notifications: 14 notifications in May 2020, against 3\.\d expected", page)
    assert "Serious harm: 14 notifications in May 2020" in page
    assert 'id="watch-all-title"' in page and "<polyline" in page
    assert "Higher than expected" in page


def test_deaths_that_are_not_serious_incidents_are_no_surge(as_):
    """Care leavers' deaths (and looked-after children's without suspected abuse) are counted apart by the
    Panel's statistics: eleven of them in May 2020 are not a surge in serious incidents."""
    register(surge=3)
    death = {"incident_type": "death", "harm_category": "", "death_category": "unrelated_or_unclear"}
    factories.notifications(
        *(
            valid_row(
                notification_ref=f"CL-{i}",
                notification_kind="care_leaver_death",
                age_years="22",
                notified_date=f"2020-05-{10 + i:02d}",
                aware_date=f"2020-05-{9 + i:02d}",
                incident_date=f"2020-05-{9 + i:02d}",
                **death,
            )
            for i in range(11)
        )
    )
    query = {"frequency": "month", "breakdown": "age"}
    page = as_("sam").get(reverse("statistics_early_warning"), query).content.decode()
    assert "is higher than expected" in page and "Higher than expected</td>" not in page


def test_a_steady_register_raises_no_flag(as_):
    register(surge=3)
    page = as_("pat").get(reverse("statistics_early_warning"), {"frequency": "week", "breakdown": "region"}).content
    assert b"is higher than expected" in page and b"Higher than expected</td>" not in page


def test_two_periods_compare_as_a_percentage_with_an_interval(as_):
    register()
    query = {"frequency": "month", "breakdown": "type"}
    for prefix, first, last in (("a", date(2020, 5, 1), date(2020, 5, 31)), ("b", date(2020, 4, 1), date(2020, 4, 30))):
        for part, value in (("from", first), ("to", last)):
            query |= {
                f"{prefix}_{part}-day": value.day,
                f"{prefix}_{part}-month": value.month,
                f"{prefix}_{part}-year": value.year,
            }
    page = as_("sam").get(reverse("statistics_early_warning"), query).content.decode()
    # 14 in 31 days against 3 in 30: +352% per day
    assert "+352% (95% interval" in page and "14 notifications in 31 days against 3 in 30 days" in page


def test_only_some_of_the_four_dates_is_a_clear_error(as_):
    query = {"frequency": "month", "breakdown": "type", "a_from-day": "1", "a_from-month": "5", "a_from-year": "2020"}
    page = as_("sam").get(reverse("statistics_early_warning"), query).content.decode()
    assert "Enter all four dates to compare two periods, or none" in page


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's Chromium is not at /usr/bin/chromium")
def test_the_page_with_flags_and_a_comparison_has_no_axe_violations(as_, chromium, tmp_path):
    register()
    query = {
        "frequency": "week",
        "breakdown": "type",
        "a_from-day": "1",
        "a_from-month": "5",
        "a_from-year": "2020",
        "a_to-day": "31",
        "a_to-month": "5",
        "a_to-year": "2020",
        "b_from-day": "1",
        "b_from-month": "4",
        "b_from-year": "2020",
        "b_to-day": "30",
        "b_to-month": "4",
        "b_to-year": "2020",
    }
    path = tmp_path / "early-warning.html"
    path.write_bytes(as_("sam").get(reverse("statistics_early_warning"), query).content)
    page = new_page(chromium)
    page.goto(path.as_uri())
    assert axe_report(page) == ""
    page.context.close()
