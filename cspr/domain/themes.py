"""Practice themes and case characteristics a review text concerns: the labels and the phrase lists.

Pure Python. This is layer A of the theme suggester (docs/adr/0009): a phrase
list per label, written by people who know the practice, read from
cspr/learning/data/lexicon.toml. A phrase is a regular expression matched
within one sentence, with four guards the research on review text showed are
needed (docs/learning.md):

- **negation** (case characteristics only: for a practice theme the absence is
  the finding, as in "there was no management oversight"):
  "there was no evidence of drug use" is not a hit. Only cues that
  say something is *absent* count ("no evidence of", "denied", "was ruled
  out"); a bare "not" does not, because "professionals did not recognise the
  domestic abuse" is about domestic abuse;
- **false friends**: `unless_before` / `unless_after` veto a hit by the words
  around it ("the DNA of our practitioners" is not "did not attend");
- **co-occurrence**: `requires` asks for another pattern in the same sentence
  ("capacity" counts for leadership only near "service", "team" or "workforce")
  and `unless` vetoes a hit when the sentence has another ("groomed" is not
  sexual abuse in a sentence about drug running);
- **case**: abbreviations such as `NAI` or `DNA` can be matched case-sensitively.

The output is about the text: which sentences say what. It is never a score for
a child or a family.
"""

import hashlib
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cspr.domain.codes import THEME_CODES
from cspr.domain.text import Sentence, sentences

CHARACTERISTIC_CODES = (
    "domestic_abuse",
    "parental_mental_ill_health",
    "parental_substance_misuse",
    "neglect",
    "sudi_unsafe_sleep",
    "criminal_exploitation",
    "sexual_abuse",
    "suicide_self_harm",
    "non_accidental_injury",
    "home_education",
    "looked_after",
)

KINDS = ("theme", "characteristic")


@dataclass(frozen=True)
class Target:
    """The held-out performance a label must reach before users see it.

    Characteristics have explicit vocabulary, so recall matters most (a coder
    rejects a wrong suggestion in seconds; a missed one is never seen): recall
    >= 0.90 at precision >= 0.80. Practice themes need interpretation; they need
    F1 >= 0.70 and precision >= 0.70 so that coders are not flooded.
    """

    min_precision: float
    min_recall: float = 0.0
    min_f1: float = 0.0

    def met_by(self, precision: float, recall: float, f1: float) -> bool:
        return precision >= self.min_precision and recall >= self.min_recall and f1 >= self.min_f1

    def describe(self) -> str:
        parts = [f"precision >= {self.min_precision:.2f}"]
        if self.min_recall:
            parts.insert(0, f"recall >= {self.min_recall:.2f}")
        if self.min_f1:
            parts.insert(0, f"F1 >= {self.min_f1:.2f}")
        return ", ".join(parts)


CHARACTERISTIC_TARGET = Target(min_precision=0.80, min_recall=0.90)
THEME_TARGET = Target(min_precision=0.70, min_f1=0.70)
THEMES_MACRO_F1_TARGET = 0.70


@dataclass(frozen=True)
class Label:
    code: str
    kind: str
    name: str

    @property
    def target(self) -> Target:
        return CHARACTERISTIC_TARGET if self.kind == "characteristic" else THEME_TARGET


# --- Negation --------------------------------------------------------------------------

# Cues that say the thing is absent, anywhere in the few words before a hit (same clause).
_ABSENCE_CUE = re.compile(
    r"\b(?:no (?:\w+ ){0,2}?(?:evidence|indications?|suggestions?|history|records?|reports?|concerns?|signs?|"
    r"mention|disclosures?|information|knowledge|suspicions?) (?:of|about|regarding|that|around|in relation to)"
    r"|no known|not known to|never (?:any|been)|denied|denies|without any|free (?:of|from)|absence of"
    r"|(?:never|rarely|seldom) (?:\w+ )?(?:used|drank|drunk|drink|drinks|misused|smoked|injected)"
    r"|(?:had|has) not (?:drunk|used|touched|taken)|negative for"
    r"|ruled out|there (?:was|were|had been) no)\b",
    re.I,
)
# A short cue negates only the next word or two: "no drug use", "nor alcohol".
_SHORT_CUE = re.compile(
    r"\b(?:(?:no|nor|without)\s+(?:\S+\s+){0,2}|neither\s+(?:\S+\s+){0,4}|(?:never|rarely|seldom)\s+)$", re.I
)
_BEFORE_WINDOW_WORDS = 6
# Cues after a hit: "drug use was ruled out", "domestic abuse was not a feature".
_NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:(?:was|were|had been|has been) (?:ruled out|excluded|not (?:a feature|present|"
    r"identified|found|evident|known|suspected|raised|a factor))|(?:is|was) not thought to)\b"
    # "tests on both parents were negative": a test's result, a few more words away.
    r"|^\W*(?:\w+\W+){0,5}?(?:were|was|came back|proved) negative\b",
    re.I,
)
# Clause breaks: a cue before one of these does not reach the phrase after it.
_CLAUSE_BREAK = re.compile(r"[;:,()]|\b(?:but|however|although|though|whereas|yet|while|until|which|who)\b", re.I)
# "Not only", "no longer", "no one" and the like are not negations.
_PSEUDO_NEGATION = re.compile(r"\b(?:no longer|not only|not just|no doubt|no one|nobody|no-one|no further)\b", re.I)


def _is_negated(sentence: str, start: int, end: int) -> bool:
    clause = _CLAUSE_BREAK.split(sentence[:start])[-1]
    window = " ".join(_PSEUDO_NEGATION.sub(" ", clause).split()[-_BEFORE_WINDOW_WORDS:])
    if window and (_ABSENCE_CUE.search(window) or _SHORT_CUE.search(window + " ")):
        return True
    after = _CLAUSE_BREAK.split(sentence[end:])[0]
    return bool(_NEGATION_AFTER.match(after))


# --- Phrases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    label: str
    pattern: str
    weight: float
    regex: re.Pattern
    unless_before: re.Pattern | None
    unless_after: re.Pattern | None
    requires: re.Pattern | None
    unless: re.Pattern | None
    negatable: bool

    @classmethod
    def from_entry(cls, label: str, entry: dict, negatable: bool = True) -> "Phrase":
        unknown = set(entry) - {"p", "w", "cs", "unless_before", "unless_after", "unless", "requires", "negatable"}
        if unknown:
            raise ValueError(f"{label}: phrase {entry.get('p')!r}: unknown keys {sorted(unknown)}")
        flags = 0 if entry.get("cs") else re.I
        pattern = entry["p"]
        return cls(
            label=label,
            pattern=pattern,
            weight=float(entry.get("w", 1.0)),
            regex=re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", flags),
            unless_before=re.compile(rf"(?:{entry['unless_before']})\W*$", re.I) if "unless_before" in entry else None,
            unless_after=re.compile(rf"^\W*(?:{entry['unless_after']})", re.I) if "unless_after" in entry else None,
            requires=re.compile(entry["requires"], re.I) if "requires" in entry else None,
            unless=re.compile(entry["unless"], re.I) if "unless" in entry else None,
            negatable=bool(entry.get("negatable", negatable)),
        )


@dataclass(frozen=True)
class Hit:
    """A phrase found in a sentence. Offsets are within the sentence text."""

    label: str
    sentence: int
    start: int
    end: int
    pattern: str
    weight: float
    negated: bool


@dataclass(frozen=True)
class LabelEvidence:
    label: str
    score: float  # sum over sentences of the strongest non-negated hit in each
    hits: tuple[Hit, ...]  # non-negated
    negated: tuple[Hit, ...]

    @property
    def sentence_indexes(self) -> list[int]:
        ordered = sorted(self.hits, key=lambda h: (-h.weight, h.sentence))
        return list(dict.fromkeys(h.sentence for h in ordered))


@dataclass(frozen=True)
class LexiconMatch:
    sentences: tuple[Sentence, ...]
    labels: dict[str, LabelEvidence]


class Lexicon:
    """The phrase lists for every label, with a version (hash of the file) for the audit trail."""

    def __init__(self, labels: list[Label], phrases: dict[str, list[Phrase]], version: str):
        self.labels = labels
        self.phrases = phrases
        self.version = version
        self.by_code = {label.code: label for label in labels}
        self.any_phrase = {code: _any_of(label_phrases) for code, label_phrases in phrases.items()}

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        raw = Path(path).read_bytes()
        return cls.from_dict(tomllib.loads(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest()[:12])

    @classmethod
    def from_dict(cls, data: dict, version: str = "") -> "Lexicon":
        labels: list[Label] = []
        phrases: dict[str, list[Phrase]] = {}
        for code, spec in data["labels"].items():
            kind = spec["kind"]
            if kind == "theme" and code not in THEME_CODES:
                raise ValueError(f"{code}: not a practice theme code in the taxonomy")
            if kind == "characteristic" and code not in CHARACTERISTIC_CODES:
                raise ValueError(f"{code}: not a case characteristic code")
            if kind not in KINDS:
                raise ValueError(f"{code}: kind must be one of {KINDS}")
            labels.append(Label(code, kind, spec["name"]))
            # For a practice theme the absence *is* the finding ("there was no management
            # oversight"), so negation cues cancel hits for characteristics only.
            negatable = kind == "characteristic"
            phrases[code] = [Phrase.from_entry(code, entry, negatable) for entry in spec["phrases"]]
            if not phrases[code]:
                raise ValueError(f"{code}: no phrases")
        return cls(labels, phrases, version or data.get("version", ""))

    def match(self, text: str, split: list[Sentence] | None = None) -> LexiconMatch:
        """Every phrase hit in every sentence of `text`, grouped by label."""
        split = sentences(text) if split is None else split
        found: dict[str, list[Hit]] = {label.code: [] for label in self.labels}
        # A phrase that matches nowhere in the text matches in no sentence of it: one search of the
        # whole text rules out most phrases at once (the sentences are spans of `text`), and one search
        # for all of a label's phrases together rules out most labels before their phrases are tried.
        active = {
            code: [p for p in phrases if p.regex.search(text)]
            if any(r.search(text) for r in self.any_phrase[code])
            else []
            for code, phrases in self.phrases.items()
        }
        for index, sentence in enumerate(split):
            for code, label_phrases in active.items():
                for phrase in label_phrases:
                    found[code].extend(_phrase_hits(phrase, index, sentence.text))
        return LexiconMatch(tuple(split), {code: _summarise(code, hits) for code, hits in found.items()})


def _any_of(phrases: list[Phrase]) -> list[re.Pattern]:
    """Regexes that match a text exactly when one of `phrases` does: an alternation per set of flags.

    The search tries every branch at each place a phrase could start, as each phrase's own search
    does, but once for the label rather than once per phrase.
    """
    by_flags: dict[int, list[str]] = {}
    for phrase in phrases:
        by_flags.setdefault(phrase.regex.flags, []).append(f"(?:{phrase.pattern})")
    return [re.compile(rf"(?<![\w-])(?:{'|'.join(patterns)})(?![\w])", flags) for flags, patterns in by_flags.items()]


def _phrase_hits(phrase: Phrase, index: int, text: str):
    if phrase.requires is not None and not phrase.requires.search(text):
        return
    if phrase.unless is not None and phrase.unless.search(text):
        return
    for match in phrase.regex.finditer(text):
        start, end = match.span()
        if phrase.unless_before is not None and phrase.unless_before.search(text[max(0, start - 60) : start]):
            continue
        if phrase.unless_after is not None and phrase.unless_after.search(text[end : end + 60]):
            continue
        negated = phrase.negatable and _is_negated(text, start, end)
        yield Hit(phrase.label, index, start, end, phrase.pattern, phrase.weight, negated)


def _summarise(code: str, hits: list[Hit]) -> LabelEvidence:
    positive = [h for h in hits if not h.negated]
    strongest: dict[int, float] = {}
    for hit in positive:
        strongest[hit.sentence] = max(strongest.get(hit.sentence, 0.0), hit.weight)
    return LabelEvidence(code, round(sum(strongest.values()), 6), tuple(positive), tuple(h for h in hits if h.negated))


def lexicon_feature(score: float) -> float:
    """The lexicon score as a model feature: diminishing returns for many hits."""
    return math.log1p(score)
