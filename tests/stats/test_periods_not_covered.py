"""A period the register does not cover is not available ([x]), in every output, and nothing is
compared with it: not a 0 that reads as "no child was notified then" (the demo loads 2025 and 2026,
and its 2025 report compared with 2024 as 0, "+426").

A period the register covers only in part (a register starting in July 2024: its 2024) is [x] too,
as the early-warning page leaves out a first week or month it holds only in part: a part of a
year is not the year's figure (domain/report_periods.py `covered`).
"""

import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from cspr.domain.report_periods import calendar_year, covered, register_start
from cspr.stats.render import render
from cspr.stats.report import national_report
from tests.stats.conftest import row
from tests.stats.test_output_findings_2026_12_07 import cell_texts, csv_rows, ods_sheets

pytestmark = pytest.mark.django_db
X = "x"


def monthly(first: date, count: int) -> list[dict]:
    """One notification on the 10th of each month from `first`'s month, `count` months."""
    rows = []
    for i in range(count):
        year, month = first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1
        rows.append(
            row(
                f"N{i}",
                incident_date=f"{year}-{month:02}-07",
                aware_date=f"{year}-{month:02}-08",
                notified_date=f"{year}-{month:02}-10",
            )
        )
    return rows


def compared(report) -> dict:
    return report.as_json()["comparisons"]


def table(report, table_id: str):
    return next(t for t in report.tables() if t.id == table_id)


def test_the_register_starts_in_the_month_of_its_first_notification():
    start = register_start(date(2025, 1, 2))  # the first working day of a register kept from 1 January
    assert start == date(2025, 1, 1)
    assert covered(calendar_year(2025), start) and not covered(calendar_year(2024), start)
    assert not covered(calendar_year(2024), register_start(date(2024, 7, 10)))  # only partly
    assert not covered(calendar_year(2025), register_start(None))  # an empty register covers nothing


def test_a_year_before_the_register_is_not_available_and_nothing_is_compared_with_it(load):
    load(monthly(date(2025, 1, 1), 18))  # January 2025 to June 2026
    data = national_report("panel-annual", period=calendar_year(2025))
    for report in (data.report(), data.published(4)):
        for c in compared(report).values():
            assert c["previous"]["count"] == X and c["change"] == X and c["percent_change"] == X
        months = table(report, "notifications-by-month")
        assert [r[2] for r in months.rows] == [X] * 12
        # No line, and no words, compare with the year the register does not hold.
        assert [name for name, _ in months.chart.series] == ["2025"]
        assert "does not cover the same months a year earlier" in months.chart.description
        assert any("holds notifications from January 2025" in note for note in months.notes)
    assert data.published(4).symbols[X] == "not available"
    exact = data.report()
    assert [c["this"]["count"] for c in compared(exact).values()] == [6, 12]  # the bug: against 0, +6 and +12
    assert [r[1] for r in table(exact, "notifications-by-month").rows] == [1] * 12

    # Every format carries it as it carries [c]: bare in JSON, in square brackets for people and the CSV.
    report = data.report()
    document = json.loads(render(report, "json"))
    then = {r[0]: r[4:] for r in next(t for t in document["tables"] if t["id"] == "comparisons")["rows"]}
    assert set(map(tuple, then.values())) == {(X, X, X)}
    in_csv = [r for r in csv_rows(render(report, "csv")) if r["table_id"] == "comparisons"]
    assert {r["value"] for r in in_csv if r["column"] in ("Notifications then", "Change", "Percentage change")} == {
        "[x]"
    }
    _, sheets = ods_sheets(render(report, "ods"))
    ods_cells = [c for sheet in sheets.values() for r in cell_texts(sheet) for c in r]
    # Two comparisons' then, change and percentage; twelve months; the six themes' rapid reviews and
    # percentage a year earlier; and the notes sheet's key to [x].
    assert ods_cells.count("[x]") == 2 * 3 + 12 + 6 * 2 + 1
    assert ("[x]", "not available") in zip(ods_cells, ods_cells[1:])
    assert ">[x]<" in render(report, "html").decode()
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render(report, "pdf"))).pages)
    assert "[x]" in pdf and "+12" not in pdf


def test_a_year_the_register_covers_is_compared_as_before(load):
    load(monthly(date(2025, 1, 1), 18))
    # Counted on 1 January 2027, when 2026 has ended (on an earlier day it is not complete: test_periods_not_ended.py).
    report = national_report("panel-annual", period=calendar_year(2026), today=date(2027, 1, 1)).report()
    assert compared(report)["period_vs_previous_period"] == {
        "this": {"from": "2026-01-01", "to": "2026-12-31", "count": 6},
        "previous": {"from": "2025-01-01", "to": "2025-12-31", "count": 12},
        "change": -6,
        "percent_change": -50.0,
    }
    assert compared(report)["apr_to_sep_vs_previous_year"]["previous"]["count"] == 6
    months = table(report, "notifications-by-month")
    assert [r[2] for r in months.rows] == [1] * 12 and len(months.chart.series) == 2 and not months.notes


def test_a_year_the_register_covers_only_in_part_is_not_compared_as_if_whole(load):
    load(monthly(date(2024, 7, 1), 18))  # July 2024 to December 2025
    of_2024 = national_report("panel-annual", period=calendar_year(2024)).report()
    for c in compared(of_2024).values():  # 2024 itself, and its April to September, are held only in part
        assert c["this"]["count"] == X and c["previous"]["count"] == X and c["change"] == X
    months = table(of_2024, "notifications-by-month")
    assert [r[1] for r in months.rows] == [X] * 6 + [1] * 6  # the months it holds are shown

    of_2025 = national_report("panel-annual", period=calendar_year(2025)).report()
    c = compared(of_2025)["period_vs_previous_period"]
    assert c["this"]["count"] == 12 and c["previous"]["count"] == X and c["change"] == X  # not 6, "+6"
    assert compared(of_2025)["apr_to_sep_vs_previous_year"]["previous"]["count"] == X
    months = table(of_2025, "notifications-by-month")
    assert [r[2] for r in months.rows] == [X] * 6 + [1] * 6 and len(months.chart.series) == 2
