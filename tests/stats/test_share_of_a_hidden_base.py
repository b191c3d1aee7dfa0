"""A share of a hidden base is hidden, a zero count's included.

A reviewer asked whether a count of 0 out of a base that disclosure control hides could be
published as 0.0%: it says nothing about the 0, but is still a share of a base the report
hides. The rule lives once, in `report_build.share`; every output reads its value.
"""

import csv
import io
import json

import pytest

from cspr.domain.measures import CHILD
from cspr.domain.report_build import Hidden, ReportData, plan, share
from cspr.domain.reports import DEFINITIONS
from cspr.stats.population import load_baseline
from cspr.stats.render import render
from tests.stats.test_outputs import read_sheets
from tests.stats.test_publish import evaluate
from tests.stats.test_review_findings_2026_12_07 import PERIODS, register

ROW = "Other ethnic group, aged 10 to 14"
SHARE = "Share of children with a recorded ethnic group (%)"


@pytest.mark.parametrize(
    ("count", "base", "shown"),
    [
        (0, "c", "c"),
        (0, Hidden(None, primary=False), "c"),
        (3, "c", "c"),
        ("c", 40, "c"),
        (0, 40, 0.0),
        (0, 0, None),
        (0, None, None),
    ],
)
def test_a_share_is_hidden_when_its_base_is(count, base, shown):
    assert share(count, base) == shown


def published_report():
    """Children aged 12 (10 to 14) of four recorded groups, none of the fifth ("other"), and 2
    whose ethnic group was refused: the small count hides the band's children with a recorded
    group (the base of the band's shares), and "other" in the band is 0 out of that base."""
    groups = {"WBRI": 30, "MWBC": 12, "AIND": 9, "BAFR": 7}
    codes = [code for code, n in groups.items() for _ in range(n)] + ["REFU"] * 2
    rows = register([{"age_years": 12}] * len(codes))
    for child, code in zip(rows[CHILD], codes):
        child["ethnicity"] = code
    definition, period = DEFINITIONS["panel-annual"], PERIODS["panel-annual"]
    baseline = load_baseline(year=2020)
    return ReportData(definition, period, evaluate(rows, plan(definition, period, baseline).keys), baseline).published(
        4
    )


def test_a_zero_out_of_a_hidden_base_is_hidden_in_every_output():
    report = published_report()
    other = report.representation["other"].by_age["10_to_14"]
    assert (other.count, other.share, other.ratio) == (0, "c", "c")
    table = next(t for t in report.tables() if t.id == "representation")
    row = next(r for r in table.rows if r[0] == ROW)
    assert row[1] == 0 and row[2] == "c"

    document = json.loads(render(report, "json", synthetic=False))
    assert document["representation"]["other"]["by_age"]["10_to_14"]["share"] == "c"
    rows = next(t for t in document["tables"] if t["id"] == "representation")["rows"]
    assert next(r for r in rows if r[0] == ROW)[2] == "c"

    cells = csv.DictReader(io.StringIO(render(report, "csv", synthetic=False).decode()))
    assert {
        r["value"] for r in cells if r["table_id"] == "representation" and r["row"] == ROW and r["column"] == SHARE
    } == {"[c]"}

    sheets = read_sheets(render(report, "ods", synthetic=False))
    sheet = next(rows for name, rows in sheets.items() if name.endswith("_representation"))
    assert next(r for r in sheet if r and r[0] == ROW)[2] == "[c]"

    # The PDF is made from this HTML (render/pdf.py).
    html = render(report, "html", synthetic=False).decode()
    assert "0.0" not in html.split(ROW, 1)[1].split("</tr>", 1)[0]
    assert "[c]" in html.split(ROW, 1)[1].split("</tr>", 1)[0]
