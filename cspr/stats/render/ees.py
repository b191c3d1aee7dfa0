"""A report as Explore Education Statistics (EES) files: a tidy data CSV and its `.meta.csv`.

DfE publishes official statistics through EES, whose data standards ask for one
tidy CSV per subject: the observational units first (`time_period`,
`time_identifier`, `geographic_level`, `country_code`, `country_name`, and
`region_code`/`region_name` where a row is a region's), then filter columns, then
indicator columns; and beside it a metadata file naming each filter and indicator
(`col_name, col_type, label, indicator_grouping, indicator_unit, indicator_dp,
filter_hint, filter_grouping_column`). The report's tables differ in shape, so each
table cell is one row: the filters say which table (`breakdown`), which row
(`characteristic`, grouped by breakdown) and which column (`measure`); the value
goes in the indicator of its kind (`number`, `percentage`, `ratio`), the others
`z` (not applicable). EES writes the GSS symbols without brackets: `c` suppressed,
`z` not applicable.

Synthetic figures (demo mode, cspr/govuk/synthetic.py) change neither file's shape, which the
standard fixes: the indicators' labels say "(synthetic)", and the zip carries a notice file beside them.
"""

import csv
import io
from datetime import date, timedelta

from cspr.domain.disclosure import NOT_APPLICABLE, SUPPRESSED
from cspr.domain.measures import Period
from cspr.domain.report_build import Report
from cspr.govuk.synthetic import OUTPUT_NOTICE
from cspr.stats.render.zips import zip_bytes

ENGLAND = ("E92000001", "England")
# ONS codes of England's nine regions (GSS code register, E12).
REGION_CODES = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}
UNITS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
)
FILTERS = (
    ("breakdown", "Breakdown", "Which table of the report", ""),
    ("characteristic", "Characteristic", "A row of the table", "breakdown"),
    ("measure", "Measure", "A column of the table", ""),
)
# indicator column: (label, unit, decimal places, the column kinds it holds)
INDICATORS = (
    ("number", "Number", "", "0", {"count", "change"}),
    ("percentage", "Percentage", "%", "1", {"percent"}),
    ("ratio", "Ratio to the child population", "", "2", {"ratio"}),
)
META_COLUMNS = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)
# The zip's entry beside the two files when the figures are synthetic; EES's upload, expecting
# the pair alone, would refuse such a zip, as it should.
NOTICE_FILE = "SYNTHETIC-DATA-NOTICE.txt"
SYNTHETIC_LABEL = " (synthetic)"


class NotAnEesPeriod(ValueError):
    pass


def time_columns(period: Period) -> tuple[str, str]:
    """EES's `time_period` and `time_identifier` for a period, or NotAnEesPeriod.

    EES names calendar and financial years and runs of their quarters ("Calendar year
    Q1-2"); any other range (the first report's 17 months) has no EES name.
    """
    start, end = period.start, period.end
    if start.month == 1 and start.day == 1 and end == date(start.year, 12, 31):
        return str(start.year), "Calendar year"
    if start.month == 4 and start.day == 1 and end == date(start.year + 1, 3, 31):
        return f"{start.year}{(start.year + 1) % 100:02d}", "Financial year"
    quarter_start = start.day == 1 and start.month in (1, 4, 7, 10)
    quarter_end = (end + timedelta(days=1)).day == 1 and end.month in (3, 6, 9, 12)
    if quarter_start and quarter_end and start.year == end.year:
        first, last = (start.month - 1) // 3 + 1, end.month // 3
        quarters = f"Q{first}" if first == last else f"Q{first}-{last}"
        return str(start.year), f"Calendar year {quarters}"
    raise NotAnEesPeriod(
        f"EES files name a calendar year, a financial year or quarters of a calendar year; "
        f"{start.isoformat()} to {end.isoformat()} is none of these: use the csv format for it"
    )


def _symbol(value) -> str | None:
    if value is None:
        return NOT_APPLICABLE
    if value == SUPPRESSED:
        return SUPPRESSED
    return None


def _number(value, dp: str) -> str:
    symbol = _symbol(value)
    if symbol:
        return symbol
    if isinstance(value, str):
        return value
    return f"{value:.{dp}f}" if dp != "0" else str(value)


def data_rows(report: Report) -> list[dict[str, str]]:
    time_period, time_identifier = time_columns(report.period)
    rows = []
    for table in report.tables():
        labels = [i for i, c in enumerate(table.columns) if c.kind == "label"]
        for row in report.machine_rows(table):  # compared periods as ISO dates
            characteristic = " - ".join(str(row[i]) for i in labels if row[i] not in (None, ""))
            region = REGION_CODES.get(str(row[0]))
            for column, value in zip(table.columns, row):
                if column.kind == "label":
                    continue
                out = {
                    "time_period": time_period,
                    "time_identifier": time_identifier,
                    "geographic_level": "Regional" if region else "National",
                    "country_code": ENGLAND[0],
                    "country_name": ENGLAND[1],
                    "region_code": region or "",
                    "region_name": str(row[0]) if region else "",
                    "breakdown": table.title,
                    "characteristic": characteristic,
                    "measure": column.header,
                }
                for name, _label, _unit, dp, kinds in INDICATORS:
                    out[name] = _number(value, dp) if column.kind in kinds else NOT_APPLICABLE
                rows.append(out)
    return rows


def meta_rows(*, synthetic: bool = False) -> list[dict[str, str]]:
    # The labels are what EES's table tool shows for the figures, and the metadata file may travel
    # without the zip (`cspr report --format ees --out x.csv`), so they carry the notice's gist.
    suffix = SYNTHETIC_LABEL if synthetic else ""
    rows = [
        {"col_name": name, "col_type": "Filter", "label": label, "filter_hint": hint, "filter_grouping_column": group}
        for name, label, hint, group in FILTERS
    ]
    rows += [
        {"col_name": name, "col_type": "Indicator", "label": label + suffix, "indicator_unit": unit, "indicator_dp": dp}
        for name, label, unit, dp, _kinds in INDICATORS
    ]
    return [{column: row.get(column, "") for column in META_COLUMNS} for row in rows]


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def render_ees_files(report: Report, *, synthetic: bool = False) -> tuple[bytes, bytes]:
    """The data file and its metadata file."""
    header = (*UNITS, *(f[0] for f in FILTERS), *(i[0] for i in INDICATORS))
    return _csv(header, data_rows(report)), _csv(META_COLUMNS, meta_rows(synthetic=synthetic))


def file_stem(report: Report) -> str:
    """EES file names: lower case, no spaces (its screener refuses spaces)."""
    time_period, _ = time_columns(report.period)
    return f"{report.definition_id.replace('-', '_')}_{time_period}"


def render_ees(report: Report, *, synthetic: bool = False) -> bytes:
    """Both files in one zip, as EES's upload takes them: `<stem>.csv` and `<stem>.meta.csv`
    (and, first, the notice file when the figures are synthetic)."""
    data, meta = render_ees_files(report, synthetic=synthetic)
    stem = file_stem(report)
    notice = [(NOTICE_FILE, (OUTPUT_NOTICE + "\n").encode())] if synthetic else []
    return zip_bytes((*notice, (f"{stem}.csv", data), (f"{stem}.meta.csv", meta)))
