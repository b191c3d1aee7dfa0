"""Every environment variable the settings read is in docs/operations.md's one table, and read through the typed reader."""

import re
from pathlib import Path

import cspr.settings

ROOT = Path(__file__).parents[2]


def _documented() -> set[str]:
    text = (ROOT / "docs" / "operations.md").read_text()
    section = text[text.index("### Every setting") :]
    table = [line for line in section.splitlines()[1:] if line.startswith("|")]
    return set(re.findall(r"`((?:CSPR_|DATABASE_URL)[A-Z0-9_]*)`", "\n".join(table)))


def test_every_setting_read_is_documented_in_the_table():
    missing = [name for name in cspr.settings.env.names if name not in _documented()]
    assert not missing, f"add these to docs/operations.md's settings table: {missing}"


def test_the_settings_read_the_environment_only_through_the_typed_reader():
    source = (ROOT / "cspr" / "settings.py").read_text()
    assert source.count("os.environ") == 1, "read settings with env.bool/int/str/... (cspr/config.py), not os.environ"
