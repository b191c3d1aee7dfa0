"""The statistics page and its downloads: the period picker, the report as published, every format, who may see it.

The register is tests/stats/register.py (ten hand-worked notifications, Birmingham but for N7 in the
City of London), loaded once for the module.
"""

import json
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from cspr.core.models import AuditEvent
from cspr.domain.measures import Period
from cspr.domain.report_build import DisclosureError, ReportData
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.forms import BETWEEN_DATES_REFUSAL, StatisticsForm
from cspr.stats.render import CONTENT_TYPES, EXTENSIONS, FORMATS, render
from cspr.stats.report import national_report
from cspr.stats.views import fragment
from tests.service.personas import personas
from tests.stats.conftest import load_rows
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)
YEAR_2020 = {"report": "panel-annual", "period": "2020"}
FY_2020 = {"report": "dfe-official", "period": "2020-21"}
SEE_THE_PAGE = ("sam", "pat", "ann", "alice", "bob")
REFUSED = ("agnes", "rita", "ron", "adam")


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """The personas and the register, once for the module, rolled back at its end
    (each test runs in a savepoint inside, as in Django's TestCase.setUpTestData)."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        found = personas()
        load_rows(all_rows())
        yield found
        transaction.set_rollback(True)


@pytest.fixture
def as_(client, people):
    def sign_in(persona):
        client.force_login(people[persona])
        return client

    return sign_in


CALENDAR_2020 = calendar_year(2020)


def published(definition="panel-annual", period=CALENDAR_2020):
    return national_report(definition, period=period).published()


# --- The period picker -------------------------------------------------------------------------------


def form(**data):
    """The Panel's form: the only one with a period between two dates (`stats.choose_any_period`)."""
    return StatisticsForm(data, today=TODAY, any_period=True)


@pytest.mark.parametrize(
    "data, period, slug",
    [
        (YEAR_2020, calendar_year(2020), "2020"),
        (FY_2020, financial_year("2020-21"), "2020-21"),
        (
            {"report": "panel-annual", "period": "dates", "date_from-day": "1", "date_from-month": "7",
             "date_from-year": "2018", "date_to-day": "30", "date_to-month": "11", "date_to-year": "2019"},
            Period(date(2018, 7, 1), date(2019, 11, 30)),
            "2018-07-01-to-2019-11-30",
        ),
        # What is left in the boxes of another kind of period is ignored.
        ({**YEAR_2020, "date_from-day": "99", "date_to-year": "x"}, calendar_year(2020), "2020"),
    ],
)
def test_a_valid_answer_names_the_report_and_the_period(data, period, slug):
    answer = form(**data)
    assert answer.is_valid(), answer.errors
    choice = answer.choice()
    assert (choice.period, choice.slug) == (period, slug)
    again = form(**choice.query)  # the downloads ask with the same query
    assert again.is_valid() and again.choice() == choice


DATES = {"report": "panel-annual", "period": "dates"}


def dates(first="", last=""):
    out = dict(DATES)
    for name, value in (("date_from", first), ("date_to", last)):
        for part, text in zip(("day", "month", "year"), value.split("/") if value else ("", "", "")):
            out[f"{name}-{part}"] = text
    return out


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"period": "2020"}, "report", "Select which report you want"),
        ({"report": "panel-annual"}, "period", "Select a period"),
        ({"report": "panel-annual", "period": "2017"}, "period", "Select a period from the list"),
        ({"report": "panel-annual", "period": "2027"}, "period", "Select a period from the list"),
        ({"report": "panel-annual", "period": "2016-17"}, "period", "Select a period from the list"),
        ({"report": "panel-annual", "period": "week"}, "period", "Select a period from the list"),
        (dates(last="30/6/2020"), "date_from", "Enter the from date"),
        (dates(first="1/1/2020"), "date_to", "Enter the to date"),
        (dates("1//2020", "30/6/2020"), "date_from", "From date must include a month"),
        (dates("31/2/2020", "30/6/2020"), "date_from", "From date must be a real date"),
        (dates("1/7/2020", "30/6/2020"), "date_to", "To date must be the same as or after the from date"),
        (dates("31/12/2017", "30/6/2020"), "date_from", "From date must be 1 January 2018 or later"),
        ({**YEAR_2020, "report": "dfe-official"}, "period",
         "DfE official statistics tables are for a financial year: select a financial year"),
        ({**dates("1/4/2020", "31/3/2021"), "report": "dfe-official"}, "period",
         "DfE official statistics tables are for a financial year: select a financial year"),
    ],
)
def test_each_mistake_has_its_own_message(data, field, message):
    answer = form(**data)
    assert not answer.is_valid()
    assert answer.errors[field] == [message]


def test_the_list_of_periods_runs_to_the_last_year_and_financial_year_that_have_ended():
    choices = dict(form().fields["period"].choices)
    assert list(choices) == [
        "", *(str(y) for y in range(2025, 2017, -1)), *(f"{y}-{y - 1999}" for y in range(2025, 2017, -1)), "dates",
    ]
    assert choices["2020"] == "2020 (January to December)"
    assert choices["2020-21"] == "April 2020 to March 2021 (financial year)"
    assert choices["dates"] == "Between the dates below"
    assert "2026-27" not in dict(StatisticsForm({}, today=date(2026, 3, 31)).fields["period"].choices)


def test_only_the_panel_may_choose_a_period_between_two_dates():
    """Two such periods a day apart differ by one notification: subtracting one published page from the
    other would show it in full to an analyst or a partnership, who may not read it (the Panel may)."""
    others = StatisticsForm({}, today=TODAY)
    assert "dates" not in dict(others.fields["period"].choices)
    assert "date_from" not in others.fields and "date_to" not in others.fields
    asked = StatisticsForm(dates("1/1/2020", "30/12/2020"), today=TODAY)
    assert not asked.is_valid()
    assert asked.errors == {"period": [BETWEEN_DATES_REFUSAL]}


@pytest.mark.parametrize("persona, offered", [("sam", True), ("pat", True), ("ann", False), ("alice", False)])
def test_the_page_offers_dates_to_the_panel_and_says_why_not_to_others(as_, persona, offered):
    page = as_(persona).get(reverse("statistics"), dates("1/1/2020", "30/12/2020")).content.decode()
    assert ('value="dates"' in page) == offered
    assert (BETWEEN_DATES_REFUSAL in page) == (not offered)
    download = as_(persona).get(reverse("statistics_download"), {**dates("1/1/2020", "30/12/2020"), "format": "csv"})
    assert download.status_code == (200 if offered else 400)


# --- The page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["sam", "pat", "ann"])
def test_panel_roles_and_analysts_see_englands_figures_as_published(as_, persona):
    response = as_(persona).get(reverse("statistics"), YEAR_2020)
    assert response.status_code == 200
    page = response.content.decode()
    report = published()
    assert fragment(report, "england-") in page  # the renderer's tables and charts, as they are
    assert page.count("<svg") == sum(1 for table in report.tables() if table.chart)
    assert "[c]" in page and "Not for publication" not in page
    assert "Your partnership" not in page
    for fmt in FORMATS:
        assert f"panel-annual-2020.{EXTENSIONS[fmt]}" in page


def test_the_dfe_tables_for_a_financial_year(as_):
    page = as_("ann").get(reverse("statistics"), FY_2020).content.decode()
    assert fragment(published("dfe-official", financial_year("2020-21")), "england-") in page
    assert 'id="england-region-by-type"' in page
    assert "dfe-official-2020-21.ods" in page


def test_the_first_visit_shows_last_years_annual_report(as_):
    response = as_("sam").get(reverse("statistics"))
    assert response.status_code == 200
    # last year's, or the latest year the register has data for, when that is earlier
    from cspr.stats.report import latest_year_with_data

    year = min(date.today().year - 1, latest_year_with_data(date.today()) or date.today().year - 1)
    assert f"Serious incident notifications to the Child Safeguarding Practice Review Panel: {year}" in (
        response.content.decode()
    )
    assert f"panel-annual-{year}.csv" in response.content.decode()


def test_mistakes_show_in_an_error_summary_and_no_figures(as_):
    response = as_("sam").get(reverse("statistics"), dates("1/1/2020", "1/1/2019"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Statistics" in page
    assert 'class="govuk-error-summary"' in page and 'href="#id_date_to-day"' in page
    assert "To date must be the same as or after the from date" in page
    assert "statistics/download/" not in page and "<svg" not in page


def test_the_headings_sit_under_the_pages_h1_and_ids_are_unique(as_):
    import re

    page = as_("alice").get(reverse("statistics"), YEAR_2020).content.decode()
    assert page.count("<h1") == 1
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    targets = set(re.findall(r'href="#([^"]+)"', page)) | {
        name for names in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', page) for name in names.split()
    }
    assert targets <= set(ids), targets - set(ids)


# --- Downloads -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_downloads_the_published_report_and_is_audited(as_, people, fmt):
    response = as_("ann").get(reverse("statistics_download"), {**YEAR_2020, "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="panel-annual-2020.{EXTENSIONS[fmt]}"'
    body = response.content
    if fmt in ("json", "csv", "html"):
        assert body == render(published(), fmt)
    elif fmt == "ods":
        assert body[:2] == b"PK" and b"application/vnd.oasis.opendocument.spreadsheet" in body[:100]
    elif fmt == "ees":
        assert body == render(published(), fmt)
    else:
        assert body.startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="statistics.download").latest("id")
    assert event.actor == people["ann"]
    assert (event.object_type, event.object_id) == ("report", "panel-annual")
    assert event.changed_fields == {
        "file": f"panel-annual-2020.{EXTENSIONS[fmt]}", "from": "2020-01-01", "to": "2020-12-31", "format": fmt,
        "figures": "national", "partnership": "", "published": True,
    }


def test_a_partnership_managers_own_figures_download_exactly(as_, people):
    response = as_("alice").get(reverse("statistics_download"), {**YEAR_2020, "format": "json", "figures": "partnership"})
    assert response["Content-Disposition"] == 'attachment; filename="panel-annual-2020-birmingham.json"'
    own = json.loads(response.content)
    assert own["report"]["published"] is False
    assert own["measures"]["notifications.total"]["count"] == 6  # N1-N6; N7 is the City of London's
    event = AuditEvent.objects.filter(action="statistics.download").latest("id")
    assert event.changed_fields["figures"] == "partnership" and event.changed_fields["partnership"] == "birmingham"


@pytest.mark.parametrize(
    "persona, query, status",
    [
        ("sam", {**YEAR_2020, "format": "docx"}, 404),
        ("sam", {**YEAR_2020, "figures": "partnership"}, 404),  # the Panel has no partnership of its own
        ("sam", {**YEAR_2020, "figures": "everyone"}, 404),
        ("sam", {**YEAR_2020, "period": "1999"}, 400),
        ("alice", {**YEAR_2020, "report": "dfe-official"}, 400),
    ],
)
def test_a_download_that_does_not_exist(as_, persona, query, status):
    assert as_(persona).get(reverse("statistics_download"), query).status_code == status
    assert not AuditEvent.objects.filter(action="statistics.download").exists()


def test_figures_that_cannot_be_published_safely_are_not_shown(as_, monkeypatch):
    def refuse(self, threshold=4, policy="suppress"):
        raise DisclosureError("suppression left recoverable cells")

    monkeypatch.setattr(ReportData, "published", refuse)
    page = as_("sam").get(reverse("statistics"), YEAR_2020).content.decode()
    assert "cannot be published safely" in page and "<svg" not in page
    assert as_("sam").get(reverse("statistics_download"), YEAR_2020).status_code == 409


def test_a_partnership_still_sees_its_own_figures_when_englands_cannot_be_published(as_, monkeypatch):
    from cspr.stats import views

    def refuse(*args):
        raise DisclosureError("suppression left recoverable cells")

    monkeypatch.setattr(views, "published_beside", refuse)
    page = as_("alice").get(reverse("statistics"), YEAR_2020).content.decode()
    assert page.count("cannot be published safely") == 2  # beside England, and England's tab
    assert "panel-annual-2020-birmingham.csv" in page and "panel-annual-2020-england.csv" not in page
    assert as_("alice").get(reverse("statistics_download"), YEAR_2020).status_code == 409
    assert as_("alice").get(reverse("statistics_download"), {**YEAR_2020, "figures": "partnership"}).status_code == 200


# --- Who may see it --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", SEE_THE_PAGE + REFUSED)
def test_who_may_see_the_statistics(as_, persona):
    client = as_(persona)
    page = client.get(reverse("statistics"), YEAR_2020)
    download = client.get(reverse("statistics_download"), {**YEAR_2020, "format": "csv"})
    expected = 200 if persona in SEE_THE_PAGE else 403
    assert (page.status_code, download.status_code) == (expected, expected)
    if expected == 200:
        partnership = persona in ("alice", "bob")
        assert ("Your partnership beside England" in page.content.decode()) == partnership
        assert ('href="/statistics/"' in page.content.decode())  # the navigation offers the page


def test_visitors_who_have_not_signed_in_are_sent_to_sign_in(client, people):
    for name in ("statistics", "statistics_download"):
        response = client.get(reverse(name), YEAR_2020)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_page_is_read_only(as_):
    assert as_("sam").post(reverse("statistics"), YEAR_2020).status_code == 405
    assert as_("sam").head(reverse("statistics"), YEAR_2020).status_code == 200
