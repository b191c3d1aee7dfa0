"""CSV injection: text a spreadsheet would read as a formula, even after leading whitespace.

OWASP's advice: a cell starting with = + - @, or with a tab or carriage return before
one, may run as a formula when the exported file is opened in a spreadsheet.
"""

import re

import pytest

from cspr.domain.standard_cells import FORMULA_MESSAGE, neutralise_formula, parse_description, starts_like_formula

HIDDEN_FORMULAS = [
    '\t=HYPERLINK("http://example.org","Open")',
    " =1+1",
    "\n=1+1",
    "\t\n  @SUM(A1:A2)",
    "\u200b+1",
    "\ufeff-1+2",
]


@pytest.mark.parametrize("text", HIDDEN_FORMULAS)
def test_a_description_is_refused_when_it_starts_like_a_formula_after_whitespace(text):
    with pytest.raises(ValueError, match=re.escape(FORMULA_MESSAGE)):
        parse_description(text)


@pytest.mark.parametrize("text", ["Found at home. = 1 later", "Agency A-B: +2 visits", "a@b", "\tIndented note"])
def test_text_with_those_characters_later_is_not_a_formula(text):
    assert not starts_like_formula(text)
    assert neutralise_formula(text) == text


@pytest.mark.parametrize("text", [*HIDDEN_FORMULAS, "=1+1", "-2", "+3", "@A1"])
def test_an_export_shows_a_formula_as_text(text):
    assert neutralise_formula(text) == "'" + text
