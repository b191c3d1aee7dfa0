"""The pseudonymised extract's key is documented where an operator looks: the table, the section, the example file."""

import re
from pathlib import Path

from cspr.service.pseudonymised import MIN_KEY_LENGTH

ROOT = Path(__file__).parents[2]


def test_the_key_and_its_minimum_are_in_the_settings_table_the_extract_section_and_the_example_file():
    operations = (ROOT / "docs" / "operations.md").read_text()
    [row] = [line for line in operations.splitlines() if line.startswith("| `CSPR_PSEUDONYM_KEY` |")]
    assert "required by `cspr pseudonymised-extract`" in row and f"at least {MIN_KEY_LENGTH} characters" in row
    section = operations[operations.index("### A pseudonymised extract for analysts") :]
    section = section[: section.index("\n## ")]
    assert re.search(rf"needs `CSPR_PSEUDONYM_KEY`, a secret of at least {MIN_KEY_LENGTH} characters", section)
    example = (ROOT / "deploy" / "cspr.env.example").read_text()
    [line] = [line for line in example.splitlines() if line.startswith("CSPR_PSEUDONYM_KEY=")]
    # Shipped empty: the extract refuses until the operator sets a key of their own (a placeholder
    # long enough would be accepted, and every install would hash with the same public value).
    assert line == "CSPR_PSEUDONYM_KEY=" and f"at least {MIN_KEY_LENGTH} characters" in example
