"""`cspr backup` -> changes -> `cspr restore` -> `cspr audit verify` passes -> an identical `cspr export` (SQLite).

Run as an operator runs them: each command a separate `cspr` process on a file database.
"""

import os
import subprocess
import sys

import pytest

KEY = "round-trip-audit-key-" + "r" * 32


@pytest.fixture
def cspr(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DJANGO_SETTINGS_MODULE"}
    environment |= {
        "CSPR_DEMO": "1",  # synthetic data only; the production settings' checks are tested elsewhere
        "CSPR_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "CSPR_AUDIT_KEY": KEY,
    }

    def run(*arguments, check=True) -> subprocess.CompletedProcess:
        finished = subprocess.run(
            [sys.executable, "-m", "cspr", *arguments], env=environment, capture_output=True, text=True
        )
        if check:
            assert finished.returncode == 0, f"cspr {' '.join(arguments)}: {finished.stderr}"
        return finished

    return run


def load(cspr, seed: int) -> None:
    cspr("synth", "--profile", "panel-2020", "--seed", str(seed), "--years", "2020", "--scale", "0.05", "--load")


def test_backup_restore_verify_and_the_same_export(cspr, tmp_path, migrated_sqlite):
    migrated_sqlite(tmp_path / "live.sqlite3")  # what `cspr migrate` makes, migrated once per test run
    load(cspr, seed=1)
    before = cspr("export").stdout
    assert before.count("\n") > 5

    backed_up = cspr("backup", str(tmp_path / "backup.sqlite3")).stdout
    assert "audit checkpoints copied to" in backed_up
    # One file to keep (and its checkpoints): no write-ahead log or shared-memory file beside it.
    beside = sorted(path.name for path in tmp_path.glob("backup.sqlite3*"))
    assert beside == ["backup.sqlite3", "backup.sqlite3.checkpoints.jsonl"]

    load(cspr, seed=2)  # the register moves on after the backup...
    cspr("audit", "checkpoint")
    assert cspr("export").stdout != before

    refused = cspr("restore", str(tmp_path / "backup.sqlite3"), check=False)
    assert refused.returncode != 0 and "run again with --yes" in refused.stderr
    restored = cspr("restore", str(tmp_path / "backup.sqlite3"), "--yes").stdout
    checkpoints = tmp_path / "backup.sqlite3.checkpoints.jsonl"
    assert f"cspr audit verify --checkpoints {checkpoints}" in restored

    verified = cspr("audit", "verify", "--checkpoints", str(checkpoints)).stdout
    assert verified.startswith("audit trail intact:")
    assert cspr("export").stdout == before
    # The live checkpoints still remember the events the restore took away: said so, not hidden.
    assert "the newest events are missing" in cspr("audit", "verify", check=False).stderr


def test_a_backup_never_overwrites_a_file(cspr, tmp_path):
    (tmp_path / "taken.sqlite3").write_text("something else")
    refused = cspr("backup", str(tmp_path / "taken.sqlite3"), check=False)
    assert refused.returncode != 0 and "already exists" in refused.stderr
    assert (tmp_path / "taken.sqlite3").read_text() == "something else"


def test_a_file_that_is_not_a_cspr_backup_is_refused_before_anything_changes(cspr, tmp_path):
    (tmp_path / "notes.sqlite3").write_text("not a database at all " * 100)
    refused = cspr("restore", str(tmp_path / "notes.sqlite3"), "--yes", check=False)
    assert refused.returncode != 0 and "is not a readable SQLite database" in refused.stderr
