"""The statistics and briefings pages open on the latest complete year that has data."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cspr.briefings.forms import BriefingForm
from cspr.stats.report import latest_year_with_data
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)


@pytest.fixture
def register_ending_in_2020(db):
    factories.notifications(valid_row(notification_ref="OLD-1"))  # notified 5 March 2020


def test_the_latest_year_with_data_is_the_last_complete_one_that_has_notifications(register_ending_in_2020):
    assert latest_year_with_data(TODAY) == 2020
    assert latest_year_with_data(date(2020, 6, 1)) is None, "a year not yet over does not count"


@time_machine.travel(TODAY, tick=False)
def test_the_statistics_page_opens_on_that_year(register_ending_in_2020, people, client_for):
    page = client_for(people["sam"]).get(reverse("statistics"))
    assert page.status_code == 200
    assert '<option value="2020" selected>' in page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_briefing_form_offers_that_year(register_ending_in_2020, people):
    assert BriefingForm(user=people["sam"]).fields["year"].initial == 2020


@time_machine.travel(TODAY, tick=False)
def test_with_last_years_data_the_pages_open_on_last_year(people):
    factories.notifications(
        valid_row(
            notification_ref="NEW-1", incident_date="2025-05-01", aware_date="2025-05-02", notified_date="2025-05-06"
        )
    )
    assert latest_year_with_data(TODAY) == 2025
    assert BriefingForm(user=people["sam"]).fields["year"].initial == 2025
