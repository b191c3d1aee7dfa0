"""Layer B of the theme suggester: TF-IDF + logistic regression, calibrated, per label.

Pure Python plus scikit-learn (no Django), so `bench/themes.py` and the tests can
train and evaluate it without a database. docs/adr/0009 explains the choices;
in short:

- Trained on the project's own labelled passages (cspr/learning/data/passages.jsonl,
  written by the team, never copied from published reviews), **training split only**.
  The served model is exactly the one `bench/themes.py` evaluates.
- Features: TF-IDF (sublinear) of stemmed words and word pairs, plus the label's phrase-list score
  (layer A), so the model can lean on the expert phrases and learn the rest.
- `LogisticRegression(class_weight="balanced")` with Platt scaling fitted on
  out-of-fold decision values (`PlattClassifier`), so a score of 0.8 means
  roughly "8 in 10 passages scored like this carried the label".
- Per label, a threshold chosen on out-of-fold predictions on the training split
  (characteristics: the most recall that keeps precision >= 0.80; themes: the
  best F1), and a choice of layer: the model ("model"), or the phrase list and
  the model together ("either" fires), serves a label only if its out-of-fold
  F1 beats the phrase list's by at least 0.05; otherwise the phrase list serves
  it, with a Platt-scaled score.

Long documents are cut into chunks of about one passage's length; a label's
document score is its best chunk's score, and the evidence comes from the best
chunks. Everything is deterministic (fixed seeds), so a rebuild gives the same
model.
"""

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from cspr.domain.text import Sentence, sentences, stem, words
from cspr.domain.themes import Label, Lexicon, LexiconMatch, lexicon_feature

SPLITS = ("train", "eval")
CHUNK_WORDS = 160
MODEL_MARGIN = 0.05  # the model must beat the phrase list by this much F1 (out of fold) to serve a label
LEXICON_CUTS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
SEED = 20261124
MODEL_C = 10.0
LEXICON_SCALE = 1.0
MIN_POSITIVES = 6
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    labels: frozenset[str]
    split: str


def load_passages(path: Path, known_labels: set[str]) -> list[Passage]:
    """Read the labelled set, refusing anything malformed (a typo in a label would silently weaken it)."""
    passages: list[Passage] = []
    seen: set[str] = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        where = f"{path}:{number}"
        if set(row) != {"id", "split", "labels", "text"}:
            raise ValueError(f"{where}: expected keys id, split, labels, text")
        if row["id"] in seen:
            raise ValueError(f"{where}: duplicate id {row['id']}")
        unknown = set(row["labels"]) - known_labels
        if unknown:
            raise ValueError(f"{where}: unknown labels {sorted(unknown)}")
        if row["split"] not in SPLITS or not row["text"].strip():
            raise ValueError(f"{where}: split must be train or eval, and text must not be empty")
        seen.add(row["id"])
        passages.append(Passage(row["id"], row["text"], frozenset(row["labels"]), row["split"]))
    return passages


def label_rule_threshold(label: Label, y: np.ndarray, scores: np.ndarray, candidates) -> float:
    """The decision threshold the label's target asks for, chosen on training data only."""
    best, best_key = None, None
    for threshold in candidates:
        predicted = scores >= threshold
        tp = int(np.sum(predicted & (y == 1)))
        fp = int(np.sum(predicted & (y == 0)))
        fn = int(np.sum(~predicted & (y == 1)))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if label.kind == "characteristic":
            # Precision is the constraint and recall what is maximised: a coder rejects a
            # wrong suggestion in seconds, but never sees a missed one.
            meets = precision >= label.target.min_precision
            key = (meets, recall if meets else f1, f1, threshold)
        else:
            key = (True, f1, 0.0, threshold)
        if best_key is None or key > best_key:
            best, best_key = threshold, key
    return float(best)


def f1_at(y: np.ndarray, predicted: np.ndarray) -> float:
    tp = int(np.sum(predicted & (y == 1)))
    fp = int(np.sum(predicted & (y == 0)))
    fn = int(np.sum(~predicted & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@dataclass
class LabelModel:
    """Everything needed to score one label, and why it is served the way it is."""

    label: Label
    layer: str  # "phrases", "model" or "either" (phrases or model)
    lexicon_cut: float  # phrase-list decision: score >= lexicon_cut
    lexicon_platt: LogisticRegression
    classifier: "PlattClassifier | None"
    threshold: float  # on the served score
    cv_f1_phrases: float
    cv_f1_model: float
    shown: bool = True  # set by the held-out gate (cspr/domain/themes_eval.py)

    def phrase_probability(self, lexicon_scores: np.ndarray) -> np.ndarray:
        features = np.array([[lexicon_feature(s)] for s in lexicon_scores])
        return self.lexicon_platt.predict_proba(features)[:, 1]


@dataclass
class LabelScore:
    """One label's result for one text: a suggestion for a coder, never a decision."""

    code: str
    kind: str
    score: float
    suggested: bool
    evidence: list[str] = field(default_factory=list)
    evidence_offsets: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Scored:
    sentences: list[Sentence]
    match: LexiconMatch
    chunks: list[list[int]]  # sentence indexes per chunk
    lexicon: np.ndarray  # chunks x labels
    served: np.ndarray  # chunks x labels
    phrases: np.ndarray
    model: np.ndarray


class ThemeModel:
    def __init__(self, lexicon: Lexicon, vectorizer: TfidfVectorizer, labels: list[LabelModel]):
        self.lexicon = lexicon
        self.vectorizer = vectorizer
        self.labels = labels

    # --- Training ---------------------------------------------------------------------

    @classmethod
    def train(cls, lexicon: Lexicon, passages: list[Passage]) -> "ThemeModel":
        train = [p for p in passages if p.split == "train"]
        texts = [p.text for p in train]
        vectorizer = TfidfVectorizer(analyzer=stemmed_grams, sublinear_tf=True, min_df=2)
        tfidf = vectorizer.fit_transform(texts)
        lexicon_scores = _lexicon_scores(lexicon, texts)
        models = [
            _train_label(label, index, tfidf, lexicon_scores, np.array([label.code in p.labels for p in train], int))
            for index, label in enumerate(lexicon.labels)
        ]
        return cls(lexicon, vectorizer, models)

    # --- Scoring ----------------------------------------------------------------------

    def _features(self, texts: list[str], lexicon_scores: np.ndarray, index: int):
        column = sparse.csr_matrix(np.array([[LEXICON_SCALE * lexicon_feature(s)] for s in lexicon_scores[:, index]]))
        return sparse.hstack([self.vectorizer.transform(texts), column]).tocsr()

    def score_passages(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Served, phrase-only and model-only scores for short texts (one chunk each), by layer."""
        lexicon_scores = _lexicon_scores(self.lexicon, texts)
        return self._score_matrix(texts, lexicon_scores)

    def _score_matrix(self, texts: list[str], lexicon_scores: np.ndarray) -> dict[str, np.ndarray]:
        n, m = len(texts), len(self.labels)
        phrases, model, served = np.zeros((n, m)), np.zeros((n, m)), np.zeros((n, m))
        for index, label_model in enumerate(self.labels):
            phrases[:, index] = label_model.phrase_probability(lexicon_scores[:, index])
            if label_model.classifier is not None:
                model[:, index] = label_model.classifier.predict_proba(self._features(texts, lexicon_scores, index))[:, 1]
            served[:, index] = {
                "model": model[:, index],
                "phrases": phrases[:, index],
                "either": np.maximum(model[:, index], phrases[:, index]),
            }[label_model.layer]
        return {"served": served, "phrases": phrases, "model": model, "lexicon": lexicon_scores}

    def decisions(self, scores: dict[str, np.ndarray], layer: str) -> np.ndarray:
        """Yes/no per text and label for one layer ("served", "phrases" or "model")."""
        result = np.zeros(scores["served"].shape, dtype=bool)
        for index, label_model in enumerate(self.labels):
            chosen = label_model.layer if layer == "served" else layer
            phrases = scores["lexicon"][:, index] >= label_model.lexicon_cut
            model = scores["model"][:, index] >= label_model.threshold
            if label_model.classifier is None:
                model = np.zeros_like(phrases)
            result[:, index] = {"phrases": phrases, "model": model, "either": phrases | model}[chosen]
        return result

    def suggest(self, text: str, *, include_hidden: bool = False) -> list[LabelScore]:
        """Scores, decisions and evidence sentences for a text of any length."""
        scored = self._score_document(text)
        results: list[LabelScore] = []
        for index, label_model in enumerate(self.labels):
            if not (label_model.shown or include_hidden):
                continue
            results.append(self._label_result(scored, index, label_model))
        results.sort(key=lambda r: (not r.suggested, -r.score, r.code))
        return results

    def _score_document(self, text: str) -> _Scored:
        split = sentences(text)
        match = self.lexicon.match(text, split)
        chunks = _chunks(split) or [[]]
        chunk_texts = [" ".join(split[i].text for i in chunk) for chunk in chunks]
        lexicon_scores = np.zeros((len(chunks), len(self.labels)))
        for column, label_model in enumerate(self.labels):
            evidence = match.labels[label_model.label.code]
            strongest: dict[int, float] = {}
            for hit in evidence.hits:
                strongest[hit.sentence] = max(strongest.get(hit.sentence, 0.0), hit.weight)
            for row, chunk in enumerate(chunks):
                lexicon_scores[row, column] = sum(strongest.get(i, 0.0) for i in chunk)
        matrix = self._score_matrix(chunk_texts, lexicon_scores)
        return _Scored(split, match, chunks, lexicon_scores, matrix["served"], matrix["phrases"], matrix["model"])

    def _label_result(self, scored: _Scored, index: int, label_model: LabelModel) -> LabelScore:
        label = label_model.label
        column = scored.served[:, index]
        best = int(np.argmax(column))
        suggested = any(self._chunk_fires(scored, chunk, index, label_model) for chunk in range(len(scored.chunks)))
        ranked_chunks = [int(i) for i in np.argsort(-column, kind="stable")]
        if suggested:
            ranked_chunks = [i for i in ranked_chunks if self._chunk_fires(scored, i, index, label_model)] or [best]
        chosen = self._evidence(scored, ranked_chunks, index, label_model, suggested)
        return LabelScore(
            label.code,
            label.kind,
            round(float(column[best]), 3),
            suggested,
            [scored.sentences[i].text for i in chosen],
            [(scored.sentences[i].start, scored.sentences[i].end) for i in chosen],
        )

    def _chunk_fires(self, scored: _Scored, chunk: int, index: int, label_model: LabelModel) -> bool:
        phrases = bool(scored.lexicon[chunk, index] >= label_model.lexicon_cut)
        model = label_model.classifier is not None and bool(scored.model[chunk, index] >= label_model.threshold)
        return {"phrases": phrases, "model": model, "either": phrases or model}[label_model.layer]

    def _evidence(self, scored: _Scored, chunks: list[int], index: int, label_model: LabelModel, suggested: bool):
        """Sentences that carry the label: phrase hits first, then the sentences the model rates highest."""
        hit_sentences = scored.match.labels[label_model.label.code].sentence_indexes
        chosen: list[int] = []
        for chunk in chunks[:MAX_EVIDENCE]:
            members = set(scored.chunks[chunk])
            chosen.extend(i for i in hit_sentences if i in members and i not in chosen)
            if len(chosen) >= MAX_EVIDENCE:
                break
        if suggested and len(chosen) < MAX_EVIDENCE and label_model.classifier is not None:
            candidates = [i for chunk in chunks[:MAX_EVIDENCE] for i in scored.chunks[chunk] if i not in chosen]
            if candidates:
                texts = [scored.sentences[i].text for i in candidates]
                lexicon_scores = _lexicon_scores(self.lexicon, texts)
                probabilities = label_model.classifier.predict_proba(self._features(texts, lexicon_scores, index))[:, 1]
                for position in np.argsort(-probabilities, kind="stable"):
                    if probabilities[position] < label_model.threshold / 2 or len(chosen) >= MAX_EVIDENCE:
                        break
                    chosen.append(candidates[int(position)])
        return chosen[:MAX_EVIDENCE]


def stemmed_grams(text: str) -> list[str]:
    """Stemmed words and word pairs: with a few hundred passages, "shared" and "sharing" must count as one."""
    terms = [stem(word) for word in words(text)]
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def _lexicon_scores(lexicon: Lexicon, texts: list[str]) -> np.ndarray:
    scores = np.zeros((len(texts), len(lexicon.labels)))
    for row, text in enumerate(texts):
        match = lexicon.match(text)
        for column, label in enumerate(lexicon.labels):
            scores[row, column] = match.labels[label.code].score
    return scores


def _chunks(split: list[Sentence]) -> list[list[int]]:
    """Consecutive sentences grouped into chunks of about a passage's length."""
    chunks: list[list[int]] = []
    current: list[int] = []
    count = 0
    for index, sentence in enumerate(split):
        length = len(sentence.text.split())
        if current and count + length > CHUNK_WORDS:
            chunks.append(current)
            current, count = [], 0
        current.append(index)
        count += length
    if current:
        chunks.append(current)
    return chunks


class PlattClassifier:
    """A logistic regression whose decision values are Platt-scaled to probabilities.

    Platt's recipe: fit the sigmoid on *out-of-fold* decision values (so it sees
    how the model does on text it was not trained on), then fit the classifier
    itself on all the training data. Cheaper than `CalibratedClassifierCV`'s
    ensemble of calibrated folds and, with a few hundred passages, as good.
    """

    def __init__(self, C: float):
        self.C = C
        self.classifier: LogisticRegression | None = None
        self.sigmoid: LogisticRegression | None = None

    def _base(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear")

    def fit(self, features, y: np.ndarray) -> "PlattClassifier":
        self.out_of_fold = self.out_of_fold_decisions(features, y)
        self.sigmoid = LogisticRegression(C=1e4).fit(self.out_of_fold.reshape(-1, 1), y)
        self.classifier = self._base().fit(features, y)
        return self

    def out_of_fold_decisions(self, features, y: np.ndarray) -> np.ndarray:
        folds = StratifiedKFold(n_splits=min(5, int(y.sum())), shuffle=True, random_state=SEED)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return cross_val_predict(self._base(), features, y, cv=folds, method="decision_function")

    def calibrate(self, decisions: np.ndarray) -> np.ndarray:
        return self.sigmoid.predict_proba(np.asarray(decisions).reshape(-1, 1))[:, 1]

    def predict_proba(self, features) -> np.ndarray:
        probability = self.calibrate(self.classifier.decision_function(features))
        return np.stack([1 - probability, probability], axis=1)


def _train_label(label: Label, index: int, tfidf, lexicon_scores: np.ndarray, y: np.ndarray) -> LabelModel:
    lexicon_column = lexicon_scores[:, index]
    lexicon_cut = label_rule_threshold(label, y, lexicon_column, LEXICON_CUTS)
    platt = LogisticRegression(C=1e4)
    platt.fit(np.array([[lexicon_feature(s)] for s in lexicon_column]), y)
    cv_f1_phrases = f1_at(y, lexicon_column >= lexicon_cut)

    if int(y.sum()) < MIN_POSITIVES:
        return LabelModel(label, "phrases", lexicon_cut, platt, None, lexicon_cut, cv_f1_phrases, 0.0)
    features = sparse.hstack(
        [tfidf, sparse.csr_matrix(np.array([[LEXICON_SCALE * lexicon_feature(s)] for s in lexicon_column]))]
    ).tocsr()
    classifier = PlattClassifier(C=MODEL_C).fit(features, y)
    out_of_fold = classifier.calibrate(classifier.out_of_fold)
    threshold = label_rule_threshold(label, y, out_of_fold, np.round(np.arange(0.05, 0.96, 0.01), 2))
    cv_f1_model = f1_at(y, out_of_fold >= threshold)
    cv_f1_either = f1_at(y, (out_of_fold >= threshold) | (lexicon_column >= lexicon_cut))
    layer = "phrases"
    if max(cv_f1_model, cv_f1_either) >= cv_f1_phrases + MODEL_MARGIN:
        layer = "model" if cv_f1_model >= cv_f1_either else "either"
    return LabelModel(label, layer, lexicon_cut, platt, classifier, threshold, cv_f1_phrases, cv_f1_model)
