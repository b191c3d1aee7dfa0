import datetime as dt

import pytest
import time_machine
from django import forms
from django.template import engines

from cspr.govuk import forms as govuk


class IncidentForm(forms.Form):
    incident_date = govuk.DateField(label="When did it happen?", subject="Date of the incident", past_only=True)


def submit(day="", month="", year=""):
    form = IncidentForm({"incident_date-day": day, "incident_date-month": month, "incident_date-year": year})
    form.is_valid()
    return form


def error_of(form):
    [error] = form.errors.as_data()["incident_date"]
    return error.messages[0], error.params["parts"] if error.params else None


def test_a_real_date_cleans_to_a_date():
    form = submit(" 7", "03", "2024 ")
    assert form.is_valid()
    assert form.cleaned_data["incident_date"] == dt.date(2024, 3, 7)


@pytest.mark.parametrize(
    "day, month, year, message, parts",
    [
        ("", "3", "2024", "Date of the incident must include a day", ("day",)),
        ("7", "", "2024", "Date of the incident must include a month", ("month",)),
        ("7", "3", "", "Date of the incident must include a year", ("year",)),
        ("", "", "2024", "Date of the incident must include a day and month", ("day", "month")),
        ("7", "", "", "Date of the incident must include a month and year", ("month", "year")),
        ("31", "2", "2020", "Date of the incident must be a real date", ("day",)),
        ("29", "2", "2023", "Date of the incident must be a real date", ("day",)),
        ("1", "13", "2020", "Date of the incident must be a real date", ("month",)),
        ("x", "3", "2020", "Date of the incident must be a real date", ("day",)),
        ("7", "3", "24", "Year must include 4 numbers", ("year",)),
        # 0000 passed every check above and then broke Python's date (a 500 on every date question).
        ("1", "3", "0000", "Year must be 1900 or later", ("year",)),
        ("1", "1", "0001", "Year must be 1900 or later", ("year",)),
        ("1", "1", "1066", "Year must be 1900 or later", ("year",)),
    ],
)
def test_each_wrong_part_is_named_and_highlighted_alone(day, month, year, message, parts):
    form = submit(day, month, year)
    assert error_of(form) == (message, parts)
    html_params = govuk.field_params(form["incident_date"])[1]
    highlighted = [item["name"] for item in html_params["items"] if "govuk-input--error" in item["classes"]]
    assert tuple(highlighted) == parts


def test_a_leap_day_is_a_real_date():
    assert submit("29", "2", "2024").cleaned_data["incident_date"] == dt.date(2024, 2, 29)


def test_nothing_entered_is_the_required_message():
    form = submit()
    assert form.errors["incident_date"] == ["Enter a date"]


def test_the_required_message_can_be_the_question_s_own():
    field = govuk.DateField(error_messages={"required": "Enter the date of the incident"})
    with pytest.raises(forms.ValidationError, match="Enter the date of the incident"):
        field.clean({"day": "", "month": "", "year": ""})


@time_machine.travel(dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC), tick=False)
def test_a_future_date_is_rejected_when_past_only():
    assert submit("10", "6", "2025").is_valid()
    form = submit("11", "6", "2025")
    assert error_of(form) == ("Date of the incident must be today or in the past", ("day", "month", "year"))


@time_machine.travel(dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC), tick=False)
def test_a_future_date_is_allowed_otherwise():
    field = govuk.DateField()
    assert field.clean({"day": "1", "month": "1", "year": "2030"}) == dt.date(2030, 1, 1)


def test_the_error_summary_links_to_the_first_wrong_part():
    assert govuk.error_list(submit("7", "", "")) == [
        {"text": "Date of the incident must include a month and year", "href": "#id_incident_date-month"}
    ]
    assert govuk.error_list(submit("7", "3", "24"))[0]["href"] == "#id_incident_date-year"
    assert govuk.error_list(submit())[0]["href"] == "#id_incident_date-day"


def test_it_renders_day_month_and_year_boxes_with_the_entered_values():
    form = submit("31", "2", "2020")
    html = render_field(form["incident_date"])
    for part, value in [("day", "31"), ("month", "2"), ("year", "2020")]:
        assert (
            f'id="id_incident_date-{part}" name="incident_date-{part}" type="text" value="{value}" inputmode="numeric"'
            in html
        )
    assert '<legend class="govuk-fieldset__legend">' in html
    assert "Date of the incident must be a real date" in html


def test_an_initial_date_fills_the_boxes():
    form = IncidentForm(initial={"incident_date": dt.date(2024, 3, 7)})
    params = govuk.field_params(form["incident_date"])[1]
    assert [item["value"] for item in params["items"]] == ["7", "3", "2024"]


def test_a_missing_field_is_omitted_not_empty():
    form = IncidentForm({})
    assert form["incident_date"].field.widget.value_omitted_from_data({}, {}, "incident_date")


def render_field(bound_field):
    template = engines["jinja2"].from_string(
        '{% from "includes/form.html" import govuk_field %}{{ govuk_field(field) }}'
    )
    return template.render({"field": bound_field})


class VersionedForm(forms.Form):
    version = govuk.version_field()


@pytest.mark.parametrize("version", ["", "0", "-1", "abc", "1e3"])
def test_a_lost_or_garbled_version_says_to_reload(version):
    """The version is hidden: "Enter version" would ask for something nobody can see."""
    form = VersionedForm({"version": version})
    assert not form.is_valid()
    assert govuk.govuk_message(form["version"]) == govuk.VERSION_LOST
