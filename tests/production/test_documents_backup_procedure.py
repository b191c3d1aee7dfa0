"""The case documents' backup and restore steps of docs/operations.md, run as written, and `cspr backup`'s note.

Found following the procedure on a fresh install: no document attached yet, so no documents
folder; the documented `tar` failed ("Cannot stat") leaving an empty archive, and `cspr backup`
told the operator to copy a folder that was not there.
"""

import re
import subprocess
import textwrap
from pathlib import Path

from django.core.files.storage import storages

from cspr.core.management.commands.backup import documents_not_included

ROOT = Path(__file__).parents[2]
DATE = "2026-12-07"


def documented_steps() -> tuple[str, str]:
    """The shell of the documents' backup and of their restore, with the `cspr` commands left out."""
    text = (ROOT / "docs" / "operations.md").read_text()
    section = text[text.index("### Backups and restores") :]
    start = section.index(f"    cspr backup /backups/cspr-{DATE}.dump\n")
    block = section[start : section.index("\n\n", section.index(f"    cspr restore /backups/cspr-{DATE}.dump"))]
    backup, restore = textwrap.dedent(block).split(f"cspr restore /backups/cspr-{DATE}.dump --yes\n")
    shell = [
        "\n".join(line for line in part.splitlines() if not line.startswith("cspr ")) for part in (backup, restore)
    ]
    return shell[0], shell[1]


def run(step: str, tmp_path: Path) -> subprocess.CompletedProcess:
    script = step.replace("/var/lib/cspr", str(tmp_path / "live")).replace("/backups", str(tmp_path / "backups"))
    assert "/var/lib/cspr" not in script and "tar " in script
    return subprocess.run(["sh", "-e", "-c", script], capture_output=True, text=True, check=False)


def test_on_a_fresh_install_with_no_documents_folder_the_steps_run_and_leave_no_empty_archive(tmp_path):
    (tmp_path / "live").mkdir()
    (tmp_path / "backups").mkdir()
    backup, restore = documented_steps()
    done = run(backup, tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert list((tmp_path / "backups").iterdir()) == []
    done = run(restore, tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert list((tmp_path / "live").iterdir()) == []


def test_with_documents_the_steps_copy_the_folder_and_restore_it_in_place_of_the_live_one(tmp_path):
    documents = tmp_path / "live" / "documents"
    documents.mkdir(parents=True)
    (tmp_path / "backups").mkdir()
    (documents / "kept.txt").write_text("in the backup\n")
    backup, restore = documented_steps()
    assert run(backup, tmp_path).returncode == 0
    archive = tmp_path / "backups" / f"cspr-{DATE}.documents.tar.gz"
    assert archive.stat().st_mode & 0o077 == 0  # children's records: the owner's only
    (documents / "added-since.txt").write_text("after the backup\n")
    done = run(restore, tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in documents.iterdir()) == ["kept.txt"]
    aside = tmp_path / "live" / f"documents.before-restore-{DATE}"
    assert sorted(p.name for p in aside.iterdir()) == ["added-since.txt", "kept.txt"]


def test_backup_says_there_is_no_documents_folder_yet_rather_than_to_copy_it(tmp_path, monkeypatch):
    missing = tmp_path / "documents"
    monkeypatch.setattr(storages["documents"], "location", str(missing))
    said = documents_not_included()
    assert f"the folder {missing} (CSPR_DOCUMENTS_DIR) does not exist yet" in said
    assert "copy that folder" not in said and 'docs/operations.md, "Backups and restores"' in said
    missing.mkdir()
    assert re.search(
        r"they are in the folder \S+ \(CSPR_DOCUMENTS_DIR\); copy that folder now", documents_not_included()
    )
