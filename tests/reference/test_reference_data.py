"""Checks on the shipped reference data: English local authorities with children's
services and the safeguarding partnerships that cover them (cspr/reference/).

Pure Python (csv only): no Django, no database.
"""

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "cspr" / "reference"
LA_HEADER = ["gss_code", "name", "region", "valid_from", "valid_to", "predecessor_codes", "source"]
PARTNERSHIP_HEADER = ["partnership_code", "name", "la_codes", "valid_from", "valid_to", "source"]
REGIONS = {
    "north_east", "north_west", "yorkshire_and_the_humber", "east_midlands", "west_midlands",
    "east_of_england", "london", "south_east", "south_west",
}
GSS_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIRST_DAY = dt.date(2012, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)


def _read(name):
    with open(REFERENCE / name, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


LA_FILE_HEADER, LAS = _read("local_authorities.csv")
P_FILE_HEADER, PARTNERSHIPS = _read("partnerships.csv")
LA_BY_CODE = {row["gss_code"]: row for row in LAS}


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _valid_on(row, day):
    start, end = _date(row["valid_from"]), _date(row["valid_to"])
    return (start is None or start <= day) and (end is None or day <= end)


def _codes(value):
    return value.split(";") if value else []


def _las_on(day):
    return [row for row in LAS if _valid_on(row, day)]


def _sweep_dates():
    """Every 1st of the month in range, plus every date on which a row starts or ends."""
    days = {dt.date(year, month, 1) for year in range(2012, 2027) for month in range(1, 13)}
    for row in LAS + PARTNERSHIPS:
        for field in ("valid_from", "valid_to"):
            day = _date(row[field])
            if day:
                days.update({day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)})
    return sorted(d for d in days if FIRST_DAY <= d <= LAST_DAY)


SWEEP = _sweep_dates()


# --- local_authorities.csv ----------------------------------------------------------

def test_local_authorities_header_is_exact():
    assert LA_FILE_HEADER == LA_HEADER


def test_local_authorities_are_sorted_and_unique():
    codes = [row["gss_code"] for row in LAS]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("row", LAS, ids=lambda row: row["gss_code"])
def test_each_local_authority_row_is_well_formed(row):
    assert GSS_CODE.match(row["gss_code"])
    assert row["name"].strip() == row["name"] != ""
    assert row["region"] in REGIONS
    start, end = _date(row["valid_from"]), _date(row["valid_to"])
    if start and end:
        assert start <= end
    if start:
        assert start > FIRST_DAY, "authorities that existed on 2012-01-01 leave valid_from empty"
    assert row["source"].strip()


def test_names_are_unique_on_every_date():
    for day in SWEEP:
        names = [row["name"] for row in _las_on(day)]
        assert len(names) == len(set(names)), day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2012-01-01", 152),
        ("2012-06-01", 152),
        ("2013-06-01", 152),  # Northumberland and Gateshead recoded, no change in number
        ("2019-06-01", 151),  # Bournemouth, Poole and Dorset county -> BCP and Dorset
        ("2020-06-01", 151),  # Buckinghamshire county -> unitary, no change in number
        ("2021-06-01", 152),  # Northamptonshire -> two unitaries
        ("2024-06-01", 153),  # Cumbria -> two unitaries; North Yorkshire, Somerset unitary
        ("2025-06-01", 153),  # Barnsley and Sheffield recoded, no change in number
    ],
)
def test_number_of_authorities_on_a_date(day, expected):
    assert len(_las_on(dt.date.fromisoformat(day))) == expected


def test_cumbria_ends_when_cumberland_begins():
    cumbria, cumberland = LA_BY_CODE["E10000006"], LA_BY_CODE["E06000063"]
    assert _valid_on(cumbria, dt.date(2023, 3, 31))
    assert not _valid_on(cumbria, dt.date(2023, 4, 1))
    assert not _valid_on(cumberland, dt.date(2023, 3, 31))
    assert _valid_on(cumberland, dt.date(2023, 4, 1))


@pytest.mark.parametrize(
    ("successor", "predecessors", "first_day"),
    [
        ("E06000057", {"E06000048"}, "2013-04-01"),  # Northumberland
        ("E08000037", {"E08000020"}, "2013-04-01"),  # Gateshead
        ("E06000058", {"E06000028", "E06000029", "E10000009"}, "2019-04-01"),  # BCP
        ("E06000059", {"E10000009"}, "2019-04-01"),  # Dorset
        ("E06000060", {"E10000002"}, "2020-04-01"),  # Buckinghamshire
        ("E06000061", {"E10000021"}, "2021-04-01"),  # North Northamptonshire
        ("E06000062", {"E10000021"}, "2021-04-01"),  # West Northamptonshire
        ("E06000063", {"E10000006"}, "2023-04-01"),  # Cumberland
        ("E06000064", {"E10000006"}, "2023-04-01"),  # Westmorland and Furness
        ("E06000065", {"E10000023"}, "2023-04-01"),  # North Yorkshire
        ("E06000066", {"E10000027"}, "2023-04-01"),  # Somerset
        ("E08000038", {"E08000016"}, "2025-05-01"),  # Barnsley
        ("E08000039", {"E08000019"}, "2025-05-01"),  # Sheffield
    ],
)
def test_known_reorganisations(successor, predecessors, first_day):
    row = LA_BY_CODE[successor]
    assert set(_codes(row["predecessor_codes"])) == predecessors
    assert row["valid_from"] == first_day


def test_every_predecessor_exists_and_ends_the_day_before_its_successor_starts():
    for row in LAS:
        for code in _codes(row["predecessor_codes"]):
            assert code in LA_BY_CODE, (row["gss_code"], code)
            end = _date(LA_BY_CODE[code]["valid_to"])
            assert end is not None, (row["gss_code"], code)
            assert end + dt.timedelta(days=1) == _date(row["valid_from"]), (row["gss_code"], code)


def test_every_ended_code_has_a_successor():
    successors = {code for row in LAS for code in _codes(row["predecessor_codes"])}
    ended = {row["gss_code"] for row in LAS if row["valid_to"]}
    assert ended == successors


# --- partnerships.csv ---------------------------------------------------------------

def test_partnerships_header_is_exact():
    assert P_FILE_HEADER == PARTNERSHIP_HEADER


def test_partnerships_are_sorted_and_unique():
    codes = [row["partnership_code"] for row in PARTNERSHIPS]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("row", PARTNERSHIPS, ids=lambda row: row["partnership_code"])
def test_each_partnership_row_is_well_formed(row):
    assert SLUG.match(row["partnership_code"])
    assert row["name"].strip()
    assert row["source"].strip()
    start, end = _date(row["valid_from"]), _date(row["valid_to"])
    if start and end:
        assert start <= end
    codes = _codes(row["la_codes"])
    assert codes and len(codes) == len(set(codes))
    for code in codes:
        assert code in LA_BY_CODE, code


@pytest.mark.parametrize("row", PARTNERSHIPS, ids=lambda row: row["partnership_code"])
def test_each_listed_authority_exists_while_the_partnership_does(row):
    days = [day for day in SWEEP if _valid_on(row, day)]
    for code in _codes(row["la_codes"]):
        assert any(_valid_on(LA_BY_CODE[code], day) for day in days), code


def test_every_authority_is_in_exactly_one_partnership_on_every_date():
    for day in SWEEP:
        covering = {}
        for partnership in PARTNERSHIPS:
            if _valid_on(partnership, day):
                for code in _codes(partnership["la_codes"]):
                    covering.setdefault(code, []).append(partnership["partnership_code"])
        for la in _las_on(day):
            assert len(covering.get(la["gss_code"], [])) == 1, (day, la["gss_code"], covering.get(la["gss_code"]))


def test_values_fit_the_database_columns():
    """Field lengths of LocalAuthority and Partnership in cspr/core/models.py."""
    assert max(len(row["name"]) for row in LAS) <= 100
    assert max(len(row["name"]) for row in PARTNERSHIPS) <= 150
    assert max(len(row["partnership_code"]) for row in PARTNERSHIPS) <= 60


def test_partnership_names_are_unique_on_every_date():
    for day in SWEEP:
        names = [row["name"] for row in PARTNERSHIPS if _valid_on(row, day)]
        assert len(names) == len(set(names)), day


@pytest.mark.parametrize(
    ("day", "code", "expected"),
    [
        ("2019-10-01", "E10000017", "pan-lancashire"),
        ("2023-09-01", "E10000017", "lancashire"),
        ("2019-10-01", "E06000038", "berkshire-west"),
        ("2020-06-01", "E09000013", "tri-borough"),
        ("2021-06-01", "E09000013", "hammersmith-and-fulham"),
        ("2021-06-01", "E09000033", "bi-borough"),
        ("2023-04-01", "E06000064", "cumbria"),
        ("2025-04-01", "E06000064", "westmorland-and-furness"),
        ("2022-01-01", "E06000061", "northamptonshire"),
        ("2020-01-01", "E06000021", "staffordshire-and-stoke-on-trent"),
        ("2022-01-01", "E06000021", "stoke-on-trent"),
        ("2024-01-01", "E06000053", "cornwall-and-isles-of-scilly"),
        ("2024-01-01", "E09000001", "city-and-hackney"),
    ],
)
def test_known_groupings(day, code, expected):
    found = [
        row["partnership_code"]
        for row in PARTNERSHIPS
        if _valid_on(row, dt.date.fromisoformat(day)) and code in _codes(row["la_codes"])
    ]
    assert found == [expected]
