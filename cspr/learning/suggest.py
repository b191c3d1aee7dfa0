"""Theme and characteristic suggestions for a text: the suggester the service and CLI use.

    from cspr.learning.suggest import suggest_labels
    for label in suggest_labels(text): label.code, label.score, label.suggested, label.evidence

The suggester is trained once, by `cspr learning build-suggester` (run by `cspr demo`
and at deployment), and stored as an artefact in CSPR_SUGGESTER_DIR (default
DATA_DIR/suggester), named by the hash of everything it is built from: the phrase lists,
the labelled passages, the training code, the stemmer and the library versions. A process
loads it in a fraction of a second. A missing or stale artefact is rebuilt on first use,
with a warning that says so and how to avoid it; an artefact that fails its integrity
check (an HMAC under the service's secret key, checked before anything is unpickled) is
never loaded (docs/adr/0026). Each label carries its held-out precision and recall in words; labels
that did no better than their phrase list on held-out passages are left out, with why. The held-out
precision is what says how often a label is right; `score` only ranks a text's labels (`as_text`,
`as_json` and the coding page say so, and never print it as 1.00).

These are suggestions about what a *text* says, for a named coder to accept or
reject. They are never a score for a child or a family.

The model's modules (cspr/domain/themes_*.py) import numpy, so they are imported where
they are used, not here: this module is reached from cspr/urls.py (the learning views,
and the search's lexicon), and no page but the coding page needs the model.
"""

import fcntl
import hashlib
import hmac
import json
import logging
import os
import pickle
import platform
import tempfile
import threading
import tomllib
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from cspr.domain import text as text_module
from cspr.domain import themes
from cspr.domain.themes import Lexicon

if TYPE_CHECKING:
    from cspr.domain.themes_eval import Evaluation
    from cspr.domain.themes_model import LabelScore, ThemeModel

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


def label_names() -> dict[str, str]:
    """Each label's code and the name people see, read from the phrase lists' file without compiling a phrase.

    Pages that only name themes (search facets, the recurrence page) need these, and compiling the whole
    lexicon to read them cost the first such page in a process about 0.4 s. The file stays their one home.
    """
    with _lock:
        if "names" not in _cache:
            data = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
            _cache["names"] = {code: spec["name"] for code, spec in data["labels"].items()}
        return _cache["names"]


# Bump when the artefact's layout changes, so old artefacts are never read as new ones.
ARTEFACT_FORMAT = 1
_MAGIC = b"cspr-suggester\n"
logger = logging.getLogger("cspr.learning")


def model_version() -> str:
    """A hash of everything the model is built from: data, phrase lists, the code that trains and
    stems, and the versions of the libraries whose objects the artefact holds."""
    digest = hashlib.sha256(f"format {ARTEFACT_FORMAT}\n".encode())
    for path in (LEXICON_PATH, PASSAGES_PATH, *_code_files()):
        digest.update(Path(path).read_bytes())
    for package in ("numpy", "scipy", "scikit-learn", "snowballstemmer"):
        digest.update(f"{package} {package_version(package)}\n".encode())
    digest.update(platform.python_version().encode())
    return digest.hexdigest()[:12]


def _code_files() -> list[str]:
    # lazy: the model's modules import numpy, 0.2-0.4 s that URL resolution would pay otherwise
    from cspr.domain import themes_eval, themes_features, themes_model, themes_passages, themes_serving

    modules = (themes_model, themes_passages, themes_features, themes_serving, themes, themes_eval, text_module)
    return [m.__file__ for m in modules] + [__file__]


class Suggester:
    """The trained model, its held-out evaluation and the labels the gate hid."""

    def __init__(self, model: "ThemeModel", evaluation: "Evaluation", hidden: list[str], version: str):
        self.model = model
        self.evaluation = evaluation
        self.hidden = hidden
        self.version = version

    @property
    def lexicon_version(self) -> str:
        return self.model.lexicon.version

    @property
    def hidden_reasons(self) -> dict[str, str]:
        """Each hidden label's code and why it is hidden, in a coder's words (for the coding page).

        The gate's own reason ("F1 0.91 against 0.91") is for whoever tunes the suggester; a coder is
        told what the numbers mean: how the label's usual phrases did on passages it had not learned from.
        """
        from cspr.domain.themes_eval import reliability_in_words  # lazy: numpy, loaded with the model anyway

        reasons = {}
        for m in self.model.labels:
            if m.shown:
                continue
            served, phrases = (
                self.evaluation.result("served", m.label.code),
                self.evaluation.result("phrases", m.label.code),
            )
            if served.support == 0:
                reasons[m.label.code] = f"none of the {UNSEEN} carries it, so nothing shows its suggestions work"
            else:
                searching = _plain(reliability_in_words(phrases.precision.value, phrases.recall.value))
                reasons[m.label.code] = f"searching for its usual phrases did as well ({searching})"
        return reasons

    def reliability(self, code: str) -> str:
        """A label's held-out precision and recall, in a coder's words."""
        return _plain(next((m.reliability for m in self.model.labels if m.label.code == code), ""))

    @property
    def shown(self) -> list[str]:
        return [m.label.code for m in self.model.labels if m.shown]

    def suggest(self, text: str, *, include_hidden: bool = False) -> list["LabelScore"]:
        return self.model.suggest(text, include_hidden=include_hidden)


# "Held-out text", said plainly: the labelled passages kept back from training to test the suggester on.
UNSEEN = "passages of review text it had not learned from"


def _plain(words: str) -> str:
    """themes_eval's "right about 9 times in 10 on held-out text; ..." with the held-out text named plainly."""
    return words.replace("on held-out text", f"on {UNSEEN}")


def build() -> Suggester:
    """Train on the training split, evaluate on the held-out split, hide what missed its target."""
    # lazy: the model's modules import numpy (and training, scikit-learn), which only a build needs
    from cspr.domain.themes_eval import evaluate, gate
    from cspr.domain.themes_model import ThemeModel
    from cspr.domain.themes_passages import load_passages

    lex = Lexicon.load(LEXICON_PATH)
    passages = load_passages(PASSAGES_PATH, set(lex.by_code))
    model = ThemeModel.train(lex, passages)
    evaluation = evaluate(model, passages)
    hidden = gate(model, evaluation)
    # Served in its numpy-only form, which scores exactly as the model just evaluated
    # (tests/learning/test_suggest.py): loading it needs no scikit-learn.
    return Suggester(model.compiled(), evaluation, hidden, model_version())


def artefact_dir() -> Path:
    return Path(getattr(settings, "CSPR_SUGGESTER_DIR", "") or Path(settings.DATA_DIR) / "suggester")


def artefact_path(version: str) -> Path:
    return artefact_dir() / f"suggester-{version}.bin"


def _signature(payload: bytes) -> bytes:
    # Keyed by the service's secret: a file somebody else wrote into the data directory,
    # without the key, fails the check and is never unpickled (docs/adr/0026).
    key = hashlib.sha256(b"cspr-suggester-artefact:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest().encode()


def artefact_status(version: str | None = None) -> tuple[str, str]:
    """("current" | "missing" | "stale" | "invalid", a sentence for the operator)."""
    version = version or model_version()
    path = artefact_path(version)
    if path.exists():
        if _read(path) is None:
            return "invalid", f"the theme suggester artefact {path} fails its integrity check"
        return "current", f"the theme suggester artefact {path} is current"
    others = sorted(artefact_dir().glob("suggester-*.bin"))
    if others:
        return "stale", (
            f"the theme suggester artefact in {artefact_dir()} ({others[-1].name}) was built from other "
            f"phrase lists, passages, code or libraries than these (version {version})"
        )
    return "missing", f"no theme suggester artefact in {artefact_dir()} for version {version}"


def _read(path: Path) -> bytes | None:
    """The artefact's payload if its signature is right, else None."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    head, _, rest = data.partition(b"\n")
    signature, _, payload = rest.partition(b"\n")
    if head + b"\n" != _MAGIC or not hmac.compare_digest(signature, _signature(payload)):
        return None
    return payload


def build_artefact() -> Suggester:
    """Train, evaluate and store the suggester for the current inputs; old artefacts are removed.

    A lock file makes concurrent builders (several workers starting at once) wait for the
    first instead of each training its own.
    """
    directory = artefact_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        version = model_version()
        existing = _load(version)
        if existing is not None:
            return existing
        built = build()
        store(built)
        return built


def store(built: Suggester) -> Path:
    """Write the artefact for `built` (atomically: a reader sees the old file or the new, never half)."""
    directory = artefact_dir()
    directory.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".suggester-")
    with os.fdopen(handle, "wb") as out:
        out.write(_MAGIC + _signature(payload) + b"\n" + payload)
    path = artefact_path(built.version)
    os.replace(temporary, path)
    for old in directory.glob("suggester-*.bin"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def _load(version: str) -> "Suggester | None":
    payload = _read(artefact_path(version))
    if payload is None:
        return None
    loaded = pickle.loads(payload)  # noqa: S301 - our own file, its HMAC checked above (docs/adr/0026)
    return loaded if isinstance(loaded, Suggester) and loaded.version == version else None


def suggester() -> Suggester:
    """The process-wide suggester: loaded from its artefact, rebuilt (loudly) when that is missing or stale."""
    version = model_version()
    with _lock:
        current = _cache.get("suggester")
        if current is None or current.version != version:
            loaded = _load(version)
            if loaded is None:
                status, why = artefact_status(version)
                logger.warning(
                    "%s: building it now (this takes a while); run `cspr learning build-suggester` at deployment "
                    "so that no request has to wait",
                    why,
                )
                loaded = build_artefact()
            _cache["suggester"] = loaded
        return _cache["suggester"]


def suggest_labels(text: str) -> list["LabelScore"]:
    """The shown labels for `text`, suggested ones first, each with its score and evidence sentences."""
    return suggester().suggest(text)


# How each layer's score is made (docs/adr/0026, "What the output says"): none of them is the chance that a
# suggestion is right. "either" is the higher of two calibrated scores, so it leans high; "combined" was fitted
# with balanced classes. The held-out precision is the number that says how often a label is right.
SCORE_BASIS = {
    "model": "the model's score",
    "either": "the higher of the phrase list's and the model's scores",
    "combined": "the phrase list's and the model's scores combined",
    "phrases": "the phrase list's score",
}
NO_SINGLE_SENTENCE = "no single sentence; the passage as a whole"


def ranking_score(score: float) -> str:
    """A score as it is printed: two decimals, but never "1.00", which would read as certain."""
    return "above 0.99" if score >= 0.995 else f"{score:.2f}"


def _described(label: "LabelScore", layer: str, held_out) -> dict:
    """One label as the JSON document gives it: the first six keys as they always were, then what they mean."""
    basis = SCORE_BASIS.get(layer, "the suggester's score")
    return {
        "code": label.code,
        "kind": label.kind,
        "score": label.score,
        "suggested": label.suggested,
        "evidence": label.evidence,
        "reliability": label.reliability,
        "held_out_precision": round(held_out.precision.value, 3) if held_out else None,
        "held_out_recall": round(held_out.recall.value, 3) if held_out else None,
        "score_note": (
            f"a ranking score ({basis}) that orders this text's labels; it is not the chance that the label is "
            "right: held_out_precision is how often it was right on held-out text"
        ),
        "evidence_note": NO_SINGLE_SENTENCE if label.suggested and not label.evidence else "",
    }


def as_json(labels: list["LabelScore"], engine: Suggester | None = None) -> str:
    """The `cspr learning suggest --format json` document: exactly {"labels": [...]}.

    Each label keeps the keys it always had (code, kind, score, suggested, evidence,
    reliability) and adds held_out_precision and held_out_recall (numbers; `reliability` says
    them in words), score_note (the score is for ranking, not a probability) and evidence_note
    (why `evidence` is empty for a suggested label).
    """
    engine = engine or suggester()
    layers = {m.label.code: m.layer for m in engine.model.labels}
    held_out = {result.code: result for result in engine.evaluation.results["served"]}
    return json.dumps(
        {"labels": [_described(label, layers.get(label.code, ""), held_out.get(label.code)) for label in labels]},
        indent=2,
        ensure_ascii=False,
    )


def as_text(labels: list["LabelScore"]) -> str:
    """The `cspr learning suggest` text: how often each label is right first, the score as a ranking, the evidence."""
    lines = [
        "How often each label was right on held-out text comes first. The ranking score only orders this",
        "text's labels: it is not the chance that a label is right (it can be high for a weak label).",
        "",
    ]
    for label in labels:
        mark = "suggested" if label.suggested else "-"
        lines.append(f"{mark:9}  {label.kind:14}  {label.code}: {label.reliability or 'reliability not measured'}")
        lines.append(f"{'':27}ranking score {ranking_score(label.score)}")
        if label.suggested:
            lines.extend(f"{'':27}“{sentence}”" for sentence in label.evidence)
            if not label.evidence:
                lines.append(f"{'':27}evidence: {NO_SINGLE_SENTENCE}")
    return "\n".join(lines)
