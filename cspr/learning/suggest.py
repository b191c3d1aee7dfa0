"""Theme and characteristic suggestions for a text: the suggester the service and CLI use.

    from cspr.learning.suggest import suggest_labels
    for label in suggest_labels(text): label.code, label.score, label.suggested, label.evidence

The suggester is trained on first use from the files in cspr/learning/data/
(phrase lists and the labelled passages) and cached in the process; nothing
that could not be rebuilt is stored (docs/adr/0009). Training takes a couple
of seconds. Labels that missed their target on the held-out passages are left
out (hidden from users, not shown weak).

These are suggestions about what a *text* says, for a named coder to accept or
reject. They are never a score for a child or a family.
"""

import hashlib
import json
import threading
from pathlib import Path

from cspr.domain import themes_features, themes_model
from cspr.domain.themes import Lexicon
from cspr.domain.themes_eval import Evaluation, evaluate, gate
from cspr.domain.themes_model import LabelScore, ThemeModel, load_passages

DATA = Path(__file__).resolve().parent / "data"
LEXICON_PATH = DATA / "lexicon.toml"
PASSAGES_PATH = DATA / "passages.jsonl"

_lock = threading.Lock()
_cache: dict[str, object] = {}


def lexicon() -> Lexicon:
    with _lock:
        if "lexicon" not in _cache:
            _cache["lexicon"] = Lexicon.load(LEXICON_PATH)
        return _cache["lexicon"]


def model_version() -> str:
    """A hash of everything the model is built from: data, phrase lists and the training code's settings."""
    digest = hashlib.sha256()
    for path in (LEXICON_PATH, PASSAGES_PATH, Path(themes_model.__file__), Path(themes_features.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class Suggester:
    """The trained model, its held-out evaluation and the labels the gate hid."""

    def __init__(self, model: ThemeModel, evaluation: Evaluation, hidden: list[str], version: str):
        self.model = model
        self.evaluation = evaluation
        self.hidden = hidden
        self.version = version

    @property
    def lexicon_version(self) -> str:
        return self.model.lexicon.version

    @property
    def shown(self) -> list[str]:
        return [m.label.code for m in self.model.labels if m.shown]

    def suggest(self, text: str, *, include_hidden: bool = False) -> list[LabelScore]:
        return self.model.suggest(text, include_hidden=include_hidden)


def build() -> Suggester:
    """Train on the training split, evaluate on the held-out split, hide what missed its target."""
    lex = Lexicon.load(LEXICON_PATH)
    passages = load_passages(PASSAGES_PATH, set(lex.by_code))
    model = ThemeModel.train(lex, passages)
    evaluation = evaluate(model, passages)
    hidden = gate(model, evaluation)
    return Suggester(model, evaluation, hidden, model_version())


def suggester() -> Suggester:
    """The process-wide suggester, trained on first use (and again if the data files change)."""
    version = model_version()
    with _lock:
        current = _cache.get("suggester")
        if current is None or current.version != version:
            _cache["suggester"] = build()
        return _cache["suggester"]


def suggest_labels(text: str) -> list[LabelScore]:
    """The shown labels for `text`, suggested ones first, each with its score and evidence sentences."""
    return suggester().suggest(text)


def as_json(labels: list[LabelScore]) -> str:
    """The `cspr learning suggest --format json` document: exactly {"labels": [...]}."""
    return json.dumps(
        {
            "labels": [
                {
                    "code": label.code,
                    "kind": label.kind,
                    "score": label.score,
                    "suggested": label.suggested,
                    "evidence": label.evidence,
                }
                for label in labels
            ]
        },
        indent=2,
        ensure_ascii=False,
    )
