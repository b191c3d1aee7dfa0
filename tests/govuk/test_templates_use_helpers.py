"""Templates take dates, periods, tables and summary lists from the shared helpers.

A statutory period typed as prose, a strftime format, or a hand-written GOV.UK table or
summary list in a template would drift from cspr/domain/ and from the design system's
markup (docs/frontend.md, "Dates, periods, tables and summary lists").
"""

import re
from pathlib import Path

import pytest

import cspr

ROOT = Path(cspr.__file__).resolve().parent
TEMPLATES = sorted(p for p in ROOT.glob("*/jinja2/**/*.html"))

# What a rule does not apply to, and why.
EXCEPTIONS = {
    # govukTable cannot give a row two row headers; this table has one spanning two rows.
    ("a hand-written table (use includes/table.html)", "stats/jinja2/stats/page_side_by_side.html"),
    # The service's own promise for answering accessibility requests, not a statutory period.
    ("a statutory period typed as prose", "govuk/jinja2/pages/accessibility.html"),
}

RULES = {
    "a statutory period typed as prose": re.compile(r"\b\d+ (working days|(calendar )?months)\b"),
    "a date format (use govuk_date or govuk_datetime)": re.compile(r"strftime|%-d|%B %Y"),
    "a hand-written summary list (use includes/summary_list.html)": re.compile(r'<dl class="govuk-summary-list'),
    "a hand-written table (use includes/table.html)": re.compile(r'<table class="govuk-table'),
}


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _lines(path: Path) -> list[str]:
    """The template's lines with its {# comments #} blanked (their usage examples are not markup)."""
    text = re.sub(r"\{#.*?#\}", lambda m: "\n" * m[0].count("\n"), path.read_text(), flags=re.S)
    return text.splitlines()


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("what, pattern", RULES.items(), ids=list(RULES))
def test_no_template_writes_it_by_hand(what, pattern):
    found = [
        f"{_relative(path)}:{n}"
        for path in TEMPLATES
        if (what, _relative(path)) not in EXCEPTIONS
        for n, line in enumerate(_lines(path), start=1)
        if pattern.search(line)
    ]
    assert not found, f"{what}: {found}"
