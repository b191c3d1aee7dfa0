"""ruff's lint rules hold over the whole project (pyproject.toml's [tool.ruff]).

Run in the suite, as the import contracts are (tests/test_layers.py), so a finding
fails `uv run pytest` rather than waiting for someone to run ruff by hand.
"""

import subprocess
import sys
from pathlib import Path

import cspr

ROOT = Path(cspr.__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).parent / "ruff"
    run = subprocess.run(
        [str(ruff), "check", "--no-cache", "--output-format", "concise", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_same_command_fails_on_a_finding():
    """So the test above is not passing vacuously: an unused import under the project's settings is reported."""
    ruff = Path(sys.executable).parent / "ruff"
    run = subprocess.run(
        [str(ruff), "check", "--no-cache", "--stdin-filename", "cspr/example.py", "-"],
        cwd=ROOT,
        input="import os\n",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "F401" in run.stdout, run.stdout + run.stderr
