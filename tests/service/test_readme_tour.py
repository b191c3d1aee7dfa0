"""Every command of the README's tour runs on a demo database, as written there.

The tour is read from README.md itself, so a command added to it, or changed, is run
here too. Each `uv run cspr ...` line is run in this process (`call_command`), in a
scratch folder holding `examples/`; `export` lines set what they set, `$YEAR` and the
shell's `$(( ... ))` arithmetic are worked out as the shell would.
"""

import io
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from cspr.cases.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def tour_lines() -> list[str]:
    """The command lines of the README's "A short tour" block, comments removed."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## A short tour", 1)[1].split("\n## ", 1)[0]
    lines = [line[4:] for line in section.splitlines() if line.startswith("    ")]
    return [re.sub(r"\s+#.*$", "", line).strip() for line in lines if line.strip()]


def shell_words(line: str, year: int) -> str:
    """`$YEAR` and `$(( arithmetic ))` as the shell works them out (whole numbers, + - % and brackets)."""

    def arithmetic(match):
        expression = match.group(1).replace("YEAR", str(year))
        assert re.fullmatch(r"[\d\s+\-%()]+", expression), f"the tour uses shell arithmetic this test cannot do: {line}"
        return str(eval(expression))  # noqa: S307 - digits and + - % ( ) only, checked above

    line = re.sub(r"\$\(\(\s*(.*?)\s*\)\)(?!\))", arithmetic, line)
    return line.replace("$YEAR", str(year))


@pytest.fixture
def demo_database(settings):
    settings.DEMO_MODE = True
    call_command("demo", "--no-serve", "--seed", "3", stdout=io.StringIO())
    assert Notification.objects.exists()


def test_every_command_of_the_readme_tour_runs_on_the_demo_database(demo_database, settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    settings.CSPR_DATA_DIR = str(tmp_path)
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    year = date.today().year - 1
    ran = []
    for line in tour_lines():
        if line.startswith("export "):
            name, value = line.removeprefix("export ").split("=", 1)
            if name == "CSPR_DEMO":
                assert settings.DEMO_MODE
            else:
                setattr(settings, name, value)
            continue
        if line.startswith("YEAR="):
            assert line == "YEAR=$(( $(date +%Y) - 1 ))", "the tour's year changed: teach this test"
            continue
        words = shlex.split(shell_words(line, year))
        assert words[:3] == ["uv", "run", "cspr"], f"not a cspr command: {line}"
        out = io.StringIO()
        if ">" in words:
            at = words.index(">")
            words, target = words[:at], words[at + 1]
        else:
            target = None
        call_command(*words[3:], stdout=out, stderr=io.StringIO())
        if target:
            (tmp_path / target).write_text(out.getvalue())
            assert (tmp_path / target).stat().st_size > 0
        ran.append(words[3])
    assert "import" in ran and "report" in ran and len(ran) >= 12
    assert Notification.objects.filter(ref__startswith="EXAMPLE/").count() == 3
    for made in ("out.csv", "year.json", "2020.csv", "report.html", "year.ods", "briefing.docx"):
        assert (tmp_path / made).stat().st_size > 0, made
