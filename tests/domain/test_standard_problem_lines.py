"""A problem in a CSV file says what is wrong once, at the line the reader sees it on.

Old Mac Excel's "CSV (Macintosh)" ends lines with a lone CR: a byte that is not UTF-8,
or a NUL, is at the same line there as in the file saved with LF or CR LF, and as a bad
cell on that row. A record_version that cannot be read is said once, not again as a
disagreement with the notification's other rows.
"""

import csv
import io
from datetime import date

import pytest

from cspr.domain.standard import Problems, parse_csv
from cspr.domain.standard_stream import iter_csv
from tests.cases.rows import csv_bytes, valid_row

TODAY = date(2026, 12, 7)
ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


def no_la_problem(code: str, on: date) -> None:
    return None


def problems(data: bytes) -> dict[str, list[str]]:
    """Each reading's problems: the whole file's (parse_csv) and the stream's (iter_csv)."""
    _, whole = parse_csv(data, "f.csv", today=TODAY, la_check=no_la_problem)
    streamed = Problems("f.csv", 200)
    list(iter_csv(io.BytesIO(data), "f.csv", streamed, today=TODAY, la_check=no_la_problem))
    return {"whole": [str(p) for p in whole], "stream": [str(p) for p in streamed.items]}


def four_rows(ending: str, **last) -> bytes:
    """Header and four notifications (lines 2-5), rows ended by `ending`; the second's description
    spans two lines (a plain line break in a quoted cell), so the last row is on line 6."""
    rows = [valid_row(notification_ref=f"N-{n}") for n in range(1, 5)]
    rows[1]["incident_description"] = "First line.\nSecond line."
    rows[-1].update(last)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator=ending, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_a_bad_cell_is_on_the_last_line_whatever_ends_the_lines(ending):
    # What the reader counts: the line an encoding problem must agree with.
    for found in problems(four_rows(ending, gender="M")).values():
        assert [p.split(": ")[0] for p in found] == ["f.csv:6"]


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_a_latin1_byte_is_at_its_line_whatever_ends_the_lines(ending):
    data = four_rows(ending, incident_description="Café").replace("é".encode(), b"\xe9")
    for found in problems(data).values():
        assert found[-1] == "f.csv:6: (encoding): byte 0xe9 is not valid UTF-8: save the file as UTF-8"


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_a_nul_byte_is_at_its_line_whatever_ends_the_lines(ending):
    data = four_rows(ending, incident_description="a\x00b")
    for found in problems(data).values():
        assert found[-1] == "f.csv:6: (file): binary data (a NUL byte): this is not a CSV text file"


def two_rows(first: str, second: str) -> bytes:
    """One notification of two children, each row with its own record_version."""
    return csv_bytes([valid_row(record_version=first), valid_row(child_ref="C2", record_version=second)])


UNREADABLE = "'x' is not a record version (a whole number from 1, as cspr export writes it)"


@pytest.mark.parametrize(("first", "second", "line"), [("3", "x", 3), ("x", "3", 2), ("x", "x", 3)])
def test_an_unreadable_record_version_is_said_once(first, second, line):
    for found in problems(two_rows(first, second)).values():
        assert [p for p in found if "disagrees" in p] == []
        assert f"f.csv:{line}: record_version: {UNREADABLE}" in found


def test_rows_whose_record_versions_differ_still_disagree():
    for found in problems(two_rows("3", "")).values():
        assert found == ["f.csv:3: record_version: '' disagrees with line 2 of the same notification ('3')"]


def two_children(**second) -> bytes:
    """One notification with two children (lines 2 and 3); the second child's cells changed."""
    rows = [valid_row(notification_ref="N-1", child_ref="A"), valid_row(notification_ref="N-1", child_ref="B")]
    rows[1].update(second)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_childs_problem_found_across_the_notification_is_at_that_childs_row():
    """The rules relating a notification to its children (an age beyond the kind's, a home local
    authority) name the child's own row, as the JSON names `children[1]`, not the notification's first."""
    for found in problems(two_children(age_years="18")).values():
        assert [p.split(": ")[:2] for p in found] == [["f.csv:3", "age_years"]]


def test_a_childs_home_authority_is_checked_at_that_childs_row():
    def only_e08000025(code: str, on: date) -> str | None:
        return None if code == "E08000025" else f"'{code}' is not a local authority on {on}"

    data = two_children(home_la_code="E08999999")
    _, whole = parse_csv(data, "f.csv", today=TODAY, la_check=only_e08000025)
    streamed = Problems("f.csv", 200)
    list(iter_csv(io.BytesIO(data), "f.csv", streamed, today=TODAY, la_check=only_e08000025))
    for found in (whole, streamed.items):
        assert [str(p).split(": ")[:2] for p in found if p.column == "home_la_code"] == [["f.csv:3", "home_la_code"]]
