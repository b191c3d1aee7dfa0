"""A statistics reviewer's two findings on the published annual report.

1. Representation by age band: a share (and its ratio) was [c] beside a shown count, and the
   table's notes did not say so. It is hidden because the count it is a share of (the children
   with a recorded ethnic group in the band, which the table does not show) is hidden: where a
   band's "refused or not obtained" count is small, showing that base beside the band's
   children of every group would give the small count back. The shares must stay hidden (a
   share and its count give the base back), and the notes now name them and say why.
2. The note that the kinds table's serious incidents leave out the looked-after children's
   deaths that every other table counts was a description, which JSON and CSV do not carry:
   it is now one of the table's notes, in every output.
"""

import csv
import io
import json

from cspr.domain.disclosure_audit import worked_out
from cspr.domain.measures import CHILD, REPRESENTATION_AGE, both, quantity
from cspr.domain.report_build import ReportData, plan
from cspr.domain.report_parts import RECORDED
from cspr.domain.reports import DEFINITIONS
from cspr.stats.population import load_baseline
from cspr.stats.render import render
from tests.stats.test_outputs import read_sheets
from tests.stats.test_publish import evaluate
from tests.stats.test_review_findings_2026_12_07 import PERIODS, register

GROUPS = {"WBRI": 30, "MWBC": 12, "AIND": 9, "BAFR": 7, "OOTH": 6}  # a recorded group each, none small


def representation_data() -> ReportData:
    """Children aged 12 (10 to 14) of every group, and 2 whose ethnic group was refused: a small count."""
    codes = [code for code, n in GROUPS.items() for _ in range(n)] + ["REFU"] * 2
    rows = register([{"age_years": 12}] * len(codes))
    for child, code in zip(rows[CHILD], codes):
        child["ethnicity"] = code
    definition, period = DEFINITIONS["panel-annual"], PERIODS["panel-annual"]
    baseline = load_baseline(year=2020)
    return ReportData(definition, period, evaluate(rows, plan(definition, period, baseline).keys), baseline)


def hidden_beside_a_shown_count(table) -> list[tuple[str, str]]:
    """(row, column) of each hidden share or ratio whose row's count is shown."""
    return [
        (row[0], column.header)
        for row in table.rows
        if isinstance(row[1], int)
        for value, column in zip(row, table.columns)
        if column.kind in ("percent", "ratio") and value == "c"
    ]


def test_a_share_hidden_beside_a_shown_count_is_named_in_the_notes_with_why():
    data = representation_data()
    exact = data.report()
    report = data.published(4)
    table = next(t for t in report.tables() if t.id == "representation")
    hidden = hidden_beside_a_shown_count(table)
    assert ("White, aged 10 to 14", "Ratio") in hidden  # the reviewer's case: a count shown, its share not
    # It must be: the band's children with a recorded group are hidden, and with the shown count
    # the share would give them back, and they the 2 refused (from the band's children of every group).
    table_, keys = data.ledger()
    suppressed, _ = data.suppressed(4)
    base = keys.index(quantity("children", both(RECORDED, REPRESENTATION_AGE.categories[2].condition), data.period))
    assert (base, 0) in suppressed.secondary
    assert worked_out(table_.relations, table_.value, set(suppressed.suppressed) - {(base, 0)})
    assert exact.representation["white"].by_age["10_to_14"].share == 46.9  # 30 of 64, half up; as before
    notes = [note for note in table.notes if note.startswith("[c] ") and "(Share of children" in note]
    for row, column in hidden:
        assert any(row in note and column in note for note in notes), (row, column, table.notes)
    assert all("hidden because they would give back the count they are a share of" in note for note in notes)


def test_every_hidden_percentage_or_ratio_of_every_table_is_in_its_notes():
    report = representation_data().published(4)
    for table in report.tables():
        for row in table.rows:
            for value, column in zip(row, table.columns):
                if column.kind in ("percent", "ratio") and value == "c":
                    assert any(
                        note.startswith("[c] ") and str(row[0]) in note and column.header in note
                        for note in table.notes
                    ), (table.id, row[0], column.header)


KIND_NOTE = "Every other table counts serious incident notifications"


def kinds_report():
    rows = register([{"notification_kind": "looked_after_death", "abuse_neglect_suspected": "yes"}] * 5 + [{}] * 20)
    definition, period = DEFINITIONS["panel-annual"], PERIODS["panel-annual"]
    return ReportData(definition, period, evaluate(rows, plan(definition, period).keys)).published(4)


def test_the_kinds_note_reaches_every_output():
    report = kinds_report()
    table = next(t for t in report.tables() if t.id == "notifications-by-kind")
    assert any(note.startswith(KIND_NOTE) for note in table.notes)

    found = json.loads(render(report, "json", synthetic=False))
    kinds = next(t for t in found["tables"] if t["id"] == "notifications-by-kind")
    assert any(note.startswith(KIND_NOTE) for note in kinds["notes"])

    rows = list(csv.DictReader(io.StringIO(render(report, "csv", synthetic=False).decode())))
    notes = [r["value"] for r in rows if r["table_id"] == "notes" and r["row"] == "notifications-by-kind"]
    assert any(note.startswith(KIND_NOTE) for note in notes)

    sheets = read_sheets(render(report, "ods", synthetic=False))
    assert any(row[1].startswith(KIND_NOTE) for row in sheets["Notes"] if len(row) > 1)

    # The PDF is made from this HTML (render/pdf.py).
    assert KIND_NOTE in render(report, "html", synthetic=False).decode()
