"""To go with standard_json_lone_cr.patch (add under tests/domain/ once it is applied):
a JSON syntax error in a file saved with lone CRs is at its line, as with LF or CR LF."""

from datetime import date

import pytest

from cspr.domain.standard_json import parse_json


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize(("bad", "message"), [("}", "Expecting value"), ("9" * 5000 + "]}", "a number of 5000")])
def test_a_json_error_is_at_its_line_whatever_ends_the_lines(ending, bad, message):
    text = ending.join(["{", '"standard": "cspr-2",', '"notifications": [', bad, ""])
    _, problems = parse_json(text.encode(), "f.json", today=date(2026, 12, 7), la_check=lambda code, on: None)
    assert [
        (p.location, p.message.startswith(f"invalid JSON: {message}"), "(column 1)" in p.message) for p in problems
    ] == [("4", True, True)]
