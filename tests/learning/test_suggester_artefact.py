"""The suggester is trained once and stored; a process loads it fast; stale or forged artefacts are not used.

Issue 16, item 2. The artefact is named by the hash of its inputs (phrase lists,
labelled passages, the training and stemming code, library versions) and signed with
the service's secret key (docs/adr/0026).
"""

import copy
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cspr.domain.themes_model import ThemeModel
from cspr.learning import suggest


@pytest.fixture
def own_artefact_dir(settings, tmp_path):
    """An artefact directory of this test's own, holding the run's trained suggester; the cache restored after."""
    engine = suggest.suggester()
    settings.CSPR_SUGGESTER_DIR = tmp_path / "suggester"
    suggest.store(engine)
    yield settings.CSPR_SUGGESTER_DIR
    suggest._cache["suggester"] = engine


@pytest.fixture
def own_data_files(monkeypatch, tmp_path):
    """Copies of the phrase lists and labelled passages that the test may change."""
    for name in ("LEXICON_PATH", "PASSAGES_PATH"):
        copied = tmp_path / getattr(suggest, name).name
        shutil.copyfile(getattr(suggest, name), copied)
        monkeypatch.setattr(suggest, name, copied)
    return suggest.PASSAGES_PATH


def test_the_stored_artefact_is_current_and_loads_as_the_same_model(own_artefact_dir):
    engine = suggest.suggester()
    assert suggest.artefact_status()[0] == "current"
    loaded = suggest._load(engine.version)
    assert loaded is not engine and loaded.version == engine.version
    assert loaded.shown == engine.shown
    text = "The baby died while sleeping on the sofa with her father, who had been drinking."
    assert [(s.code, s.score) for s in loaded.suggest(text)] == [(s.code, s.score) for s in engine.suggest(text)]


def test_a_changed_data_file_invalidates_the_artefact_and_it_is_rebuilt_with_a_message(
    own_artefact_dir, own_data_files, monkeypatch, caplog
):
    before = suggest.model_version()
    # Copies of the same files: the same version, so the stored artefact still serves.
    assert suggest.artefact_status()[0] == "current"
    # Taken before the files change: asking for the suggester after would rebuild it, fit and all.
    trained = suggest.suggester().model
    lines = own_data_files.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"text": "', '"text": "Edited. ', 1)
    own_data_files.write_text("\n".join(lines) + "\n", encoding="utf-8")

    after = suggest.model_version()
    assert after != before
    status, why = suggest.artefact_status()
    assert status == "stale" and f"suggester-{before}.bin" in why and after in why
    assert suggest._load(after) is None

    # The rebuild runs for real except the (deterministic, slow) fit, which is the run's model copied;
    # test_suggest.py::test_a_rebuild_gives_the_same_model trains again for real.
    fits = []
    monkeypatch.setattr(ThemeModel, "train", lambda lexicon, passages: fits.append(1) or copy.deepcopy(trained))
    with caplog.at_level(logging.WARNING, logger="cspr.learning"):
        rebuilt = suggest.suggester()
    assert rebuilt.version == after and fits == [1]
    assert "was built from other phrase lists, passages, code or libraries" in caplog.text
    assert "cspr learning build-suggester" in caplog.text
    assert sorted(p.name for p in own_artefact_dir.glob("suggester-*.bin")) == [f"suggester-{after}.bin"]
    assert suggest.artefact_status()[0] == "current"


def test_a_missing_artefact_is_reported_as_missing(own_artefact_dir):
    for path in own_artefact_dir.glob("suggester-*.bin"):
        path.unlink()
    status, why = suggest.artefact_status()
    assert status == "missing" and str(own_artefact_dir) in why


def test_an_artefact_that_fails_its_integrity_check_is_never_unpickled(own_artefact_dir, settings, monkeypatch):
    version = suggest.model_version()
    path = suggest.artefact_path(version)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    unpickled = []
    monkeypatch.setattr(suggest.pickle, "loads", lambda payload: unpickled.append(payload))
    assert suggest._load(version) is None
    assert suggest.artefact_status()[0] == "invalid"
    assert not unpickled


def test_an_artefact_signed_with_another_key_is_not_loaded(own_artefact_dir, settings):
    settings.SECRET_KEY = "another-service-entirely"
    assert suggest._load(suggest.model_version()) is None
    assert suggest.artefact_status()[0] == "invalid"


def test_the_suggest_command_loads_the_stored_artefact_in_a_new_process(own_artefact_dir, tmp_path):
    # How fast it answers is measured by bench/startup.py (ratios, never a timed test); this
    # proves the new process loads the artefact rather than training the model again.
    narrative = tmp_path / "narrative.txt"
    narrative.write_text(
        "The baby was found unresponsive after co-sleeping with her mother on a sofa. Professionals had "
        "not discussed safer sleep with the father, who was not seen at any visit.\n\nThe school said the "
        "older child was electively home educated and had not been seen by any professional for a year."
    )
    environment = {**os.environ, "CSPR_SUGGESTER_DIR": str(own_artefact_dir)}
    cspr = Path(sys.executable).with_name("cspr")
    done = subprocess.run(
        [str(cspr), "learning", "suggest", str(narrative), "--format", "json"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"labels"' in done.stdout and "building it now" not in done.stderr


def test_build_suggester_check_says_whether_the_artefact_is_current(own_artefact_dir, capsys):
    from django.core.management import CommandError, call_command

    call_command("learning", "build-suggester", "--check")
    assert "is current" in capsys.readouterr().out
    for path in own_artefact_dir.glob("suggester-*.bin"):
        path.unlink()
    with pytest.raises(CommandError, match="cspr learning build-suggester"):
        call_command("learning", "build-suggester", "--check")


def test_loading_the_artefact_imports_neither_scikit_learn_nor_scipy(own_artefact_dir):
    code = (
        "import django, sys; django.setup(); from cspr.learning import suggest; "
        "engine = suggest._load(suggest.model_version()); assert engine is not None; "
        "engine.suggest('The baby slept on the sofa with her father.'); "
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    environment = {**os.environ, "CSPR_SUGGESTER_DIR": str(own_artefact_dir), "DJANGO_SETTINGS_MODULE": "cspr.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
