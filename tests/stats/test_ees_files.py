"""The EES files follow Explore Education Statistics' data standards and say what the report says."""

import csv
import io
import zipfile
from datetime import date

import pytest

from cspr.domain.measures import Period
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.render import render
from cspr.stats.render.ees import META_COLUMNS, NotAnEesPeriod, render_ees_files, time_columns
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db

UNITS = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name"]


def read(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


@pytest.fixture
def data(load):
    load(all_rows())
    return national_report("panel-annual", period=calendar_year(2020))


def test_the_data_file_starts_with_the_observational_units_and_the_metadata_names_every_other_column(data):
    data_file, meta_file = render_ees_files(data.report())
    header = next(csv.reader(io.StringIO(data_file.decode())))
    assert header[:5] == UNITS
    meta = read(meta_file)
    assert list(meta[0]) == list(META_COLUMNS)
    named = {m["col_name"] for m in meta}
    assert named == set(header) - set(UNITS) - {"region_code", "region_name"}
    assert {m["col_type"] for m in meta} == {"Filter", "Indicator"}
    for m in meta:
        if m["filter_grouping_column"]:
            assert m["filter_grouping_column"] in header
    percentage = next(m for m in meta if m["col_name"] == "percentage")
    assert (percentage["indicator_unit"], percentage["indicator_dp"]) == ("%", "1")


def test_every_row_is_englands_calendar_year_and_holds_one_figure_of_the_report(data):
    report = data.report()
    rows = read(render_ees_files(report)[0])
    assert {(r["time_period"], r["time_identifier"], r["country_code"], r["country_name"]) for r in rows} == {
        ("2020", "Calendar year", "E92000001", "England")
    }
    deaths = next(t for t in report.tables() if any(row[0] == "Death" for row in t.rows))
    row = next(row for row in deaths.rows if row[0] == "Death")
    found = [
        r
        for r in rows
        if r["breakdown"] == deaths.title
        and r["characteristic"] == "Death"
        and r["measure"] == deaths.columns[1].header
    ]
    assert len(found) == 1 and found[0]["number"] == str(row[1])
    assert found[0]["percentage"] == "z"


def test_published_files_write_suppressed_figures_as_c(data):
    rows = read(render_ees_files(data.published(4))[0])
    assert any(r["number"] == "c" for r in rows)
    assert not any("[" in value for r in rows for value in r.values())


def test_a_financial_year_is_a_six_digit_period_and_regions_are_regional_rows(load):
    load(all_rows())
    report = national_report("dfe-official", period=financial_year("2020-21")).report()
    rows = read(render_ees_files(report)[0])
    assert {(r["time_period"], r["time_identifier"]) for r in rows} == {("202021", "Financial year")}
    regional = [r for r in rows if r["geographic_level"] == "Regional"]
    assert regional and all(r["region_code"].startswith("E12") and r["region_name"] for r in regional)


def test_the_zip_holds_the_data_file_and_its_metadata_file(data):
    archive = zipfile.ZipFile(io.BytesIO(render(data.report(), "ees")))
    assert sorted(archive.namelist()) == ["panel_annual_2020.csv", "panel_annual_2020.meta.csv"]


def test_periods_ees_cannot_name_are_refused_with_the_reason():
    assert time_columns(Period(date(2020, 1, 1), date(2020, 6, 30))) == ("2020", "Calendar year Q1-2")
    assert time_columns(Period(date(2020, 7, 1), date(2020, 9, 30))) == ("2020", "Calendar year Q3")
    with pytest.raises(NotAnEesPeriod, match="2018-07-01 to 2019-11-30 is none of these"):
        time_columns(Period(date(2018, 7, 1), date(2019, 11, 30)))
