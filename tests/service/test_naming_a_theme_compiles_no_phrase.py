"""Naming a theme or characteristic reads the names without compiling the phrase lists.

The search facets and the recurrence page show label names. Compiling every phrase of the
lexicon (about 0.4 s) to read them made the first such page in each process slow; the names
are read from the same file, and the web process reads them before its first request.
"""

import re

from cspr.learning import suggest
from cspr.learning.search import core
from tests.service.test_web_process_starts_warm import run_python

# How cspr/domain/themes.py compiles each phrase: a whole-word match of the phrase.
PHRASE_PREFIX = r"(?<![\w-])(?:"


def compiled_phrases() -> list[str]:
    # re keeps the patterns it compiled since the last purge, the latest few hundred of them.
    keys = [*re._cache, *re._cache2]  # noqa: SLF001
    return [key[1] for key in keys if isinstance(key[1], str) and key[1].startswith(PHRASE_PREFIX)]


def test_a_theme_name_is_found_without_compiling_a_phrase(db):
    core._THEME_LABELS.clear()  # noqa: SLF001  (a process that has named nothing yet)
    suggest._cache.pop("names", None)  # noqa: SLF001
    suggest._cache.pop("lexicon", None)  # noqa: SLF001
    re.purge()
    assert core.label_name("sudi_unsafe_sleep") == "Sudden unexpected death in infancy or unsafe sleep"
    assert core.label_name("daily_life") == "Understanding the child's daily life"
    assert compiled_phrases() == []
    assert "lexicon" not in suggest._cache  # noqa: SLF001


def test_the_names_are_those_of_the_phrase_lists():
    assert suggest.label_names() == {label.code: label.name for label in suggest.lexicon().labels}


def test_the_web_process_has_the_names_before_its_first_request():
    listing = "import cspr.wsgi; from cspr.learning import suggest; print('names' in suggest._cache)"
    assert run_python(listing) == ["True"]
