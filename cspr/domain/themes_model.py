"""Layer B of the theme suggester: TF-IDF + logistic regression, calibrated, per label.

Pure Python plus scikit-learn (no Django), so `bench/themes.py` and the tests can
train and evaluate it without a database. docs/adr/0009 explains the choices;
in short:

- Trained on the project's own labelled passages (cspr/learning/data/passages.jsonl,
  written by the team, never copied from published reviews), **training split only**.
  The served model is exactly the one `bench/themes.py` evaluates.
- Features (cspr/domain/themes_features.py): TF-IDF (sublinear) of stemmed words and word pairs, and of character
  3- to 5-grams within words. The phrase-list score can be stacked on as a feature
  (`LEXICON_SCALE`, `ALL_LEXICON_FEATURES`), but is not by default: the phrase lists
  were written by reading the training passages, so on them the feature looks far more
  reliable than it is on new text, and the model learnt to lean on it. Kept apart, the
  model and the phrase list miss different things, and together ("either") recover more.
- `LogisticRegression(class_weight="balanced")` with Platt scaling fitted on
  out-of-fold decision values (`PlattClassifier`), so a score of 0.8 means
  roughly "8 in 10 passages scored like this carried the label".
- Per label, thresholds chosen on out-of-fold predictions on the training split, for
  recall (characteristics: the most recall that keeps precision >= 0.90, a margin above the
  0.80 target because a threshold chosen at the edge of a target falls below it on new
  text; themes: the best F2, which counts recall twice, since a coder rejects a wrong
  suggestion in a second but never sees a missed one).
- Per label, the serving layer chosen by cross-validation on the training split: the
  model alone ("model") or the phrase list and the model together ("either": a label
  is suggested when either fires), whichever meets the label's target on
  cross-validated decisions (each fold's thresholds chosen on the other folds), then
  the better recall (characteristics) or F1 (themes). The phrase list alone serves only
  a label with too few examples to train on: cross-validation on the passages it was
  written from cannot judge it (docs/adr/0009).
- These settings were chosen on the training split alone, by cross-validating with the
  phrase lists as they were before the newest passages were written and scoring only
  those passages (a stand-in for text the phrase lists have not seen).

Long documents are cut into chunks of about one passage's length; a label's
document score is its best chunk's score, and the evidence comes from the best
chunks. Everything is deterministic (fixed seeds), so a rebuild gives the same
model.
"""

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from cspr.domain.text import Sentence, sentences
from cspr.domain.themes import Label, Lexicon, LexiconMatch, lexicon_feature
from cspr.domain.themes_features import PlattClassifier, TextFeatures, one_thread
from cspr.domain.themes_passages import Passage
from cspr.domain.themes_serving import LeanFeatures, LeanLogistic, LeanPlatt, LeanRows, holds_signal, signal_terms

if TYPE_CHECKING:
    # scikit-learn and SciPy are imported where a model is trained, never to serve one: a compiled
    # model (cspr/domain/themes_serving.py) needs numpy only, so a new process loads it fast.
    from sklearn.linear_model import LogisticRegression

CHUNK_WORDS = 160
LEXICON_CUTS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
MODEL_THRESHOLDS = tuple(np.round(np.arange(0.05, 0.96, 0.01), 2))
MODEL_C = {"theme": 30.0, "characteristic": 10.0}  # inverse regularisation strength, by kind of label
LEXICON_SCALE = 0.0
ALL_LEXICON_FEATURES = False  # every label's phrase score is a feature of every label's model (stacking)
MIN_POSITIVES = 6
MAX_EVIDENCE = 3
SIGNAL_TERMS = 100  # a label's strongest words and word pairs, one of which a sentence needs to be the model's evidence
LAYERS = ("phrases", "model", "either", "combined")
# The layers that may serve a label with enough examples to train on. The phrase list alone is not
# one of them: it was written by reading the training split, so cross-validation on that split
# cannot judge it fairly (docs/adr/0009); on its own passages it always looks better than it is.
SERVABLE = ("model", "either", "combined")
# By kind of label, True: choose the model's threshold for "either" together with the phrase list's decisions.
# Themes only: chosen by 5-fold cross-validation on the training split (macro-F1 up, on all training passages
# and on the x passages the phrase lists were not written from); for characteristics it lowered how many met target.
EITHER_JOINT = {"theme": True, "characteristic": False}
LAYER_CHOICE_RECALL_FIRST = True  # characteristics: the layer with more recall (at precision >= 0.80) serves
CHARACTERISTIC_RULE = "recall_at_precision"  # or "maximin": the threshold furthest inside both targets
PRECISION_MARGIN = 0.1  # characteristics' thresholds aim this far above the precision target
COMBINER_C = 1.0
# Themes' serving thresholds maximise F-beta with this beta (2: recall counts twice); 1 was plain F1.
THEME_RECALL_WEIGHT = 2.0


def label_rule_threshold(label: Label, y: np.ndarray, scores: np.ndarray, candidates, also=None) -> float:
    """The decision threshold the label's target asks for, chosen on training data only.

    `also`: decisions OR-ed with the thresholded scores (the phrase list, when the two
    layers serve a label together), so that the threshold is chosen for the union.
    """
    best, best_key = None, None
    for threshold in candidates:
        predicted = scores >= threshold
        if also is not None:
            predicted = predicted | also
        precision, recall, f1 = _prf(y, predicted)
        if label.kind == "characteristic" and CHARACTERISTIC_RULE == "maximin":
            margin = min(precision - label.target.min_precision, recall - label.target.min_recall)
            key = (True, round(margin, 9), f1, threshold)
        elif label.kind == "characteristic":
            # Precision is the constraint and recall what is maximised: a coder rejects a
            # wrong suggestion in seconds, but never sees a missed one.
            meets = precision >= label.target.min_precision + PRECISION_MARGIN
            key = (meets, recall if meets else f1, f1, threshold)
        else:
            # Themes: the best F2, which counts recall twice as much as precision. A coder rejects a
            # wrong suggestion in a second; a theme nobody suggested is lost (issue 16).
            key = (True, _f_beta(precision, recall, THEME_RECALL_WEIGHT), f1, threshold)
        if best_key is None or key > best_key:
            best, best_key = threshold, key
    return float(best)


def _f_beta(precision: float, recall: float, beta: float) -> float:
    if not precision and not recall:
        return 0.0
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


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
    lexicon_platt: "LogisticRegression | LeanLogistic"
    classifier: "PlattClassifier | None"
    threshold: float  # on the served score
    cv_f1_phrases: float
    cv_f1_model: float
    shown: bool = True  # set by the held-out gate (cspr/domain/themes_eval.py)
    # "combined": a logistic regression on the phrase-list score and the model's probability together,
    # fitted on the model's out-of-fold probabilities, with its own threshold.
    combiner: "LogisticRegression | LeanLogistic | None" = None
    combined_threshold: float = 1.0
    # Set by the gate: held-out precision and recall in words, and why a hidden label is hidden.
    reliability: str = ""
    hidden_reason: str = ""

    def combined_probability(self, lexicon_scores: np.ndarray, model_probability: np.ndarray) -> np.ndarray:
        if self.combiner is None:
            return np.zeros(len(lexicon_scores))
        return self.combiner.predict_proba(combined_features(lexicon_scores, model_probability))[:, 1]

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
    reliability: str = ""  # "right about 8 times in 10 on held-out text; finds about 9 in 10 ..."


@dataclass
class _Scored:
    sentences: list[Sentence]
    match: LexiconMatch
    chunks: list[list[int]]  # sentence indexes per chunk
    lexicon: np.ndarray  # chunks x labels
    served: np.ndarray  # chunks x labels
    phrases: np.ndarray
    model: np.ndarray
    combined: np.ndarray
    # Each sentence's own inputs, computed once for every label's evidence (`ThemeModel._sentence_inputs`).
    by_sentence: dict[int, tuple] = field(default_factory=dict)


class ThemeModel:
    def __init__(self, lexicon: Lexicon, vectorizer: "TextFeatures | LeanFeatures | None", labels: list[LabelModel]):
        self.lexicon = lexicon
        self.vectorizer = vectorizer
        self.labels = labels

    def compiled(self) -> "ThemeModel":
        """The same model for serving: numpy only (cspr/domain/themes_serving.py), scores unchanged."""
        if isinstance(self.vectorizer, LeanFeatures) or self.vectorizer is None:
            return self
        if LEXICON_SCALE or ALL_LEXICON_FEATURES:
            raise ValueError("a model with stacked phrase-list features has no lean form")
        features = LeanFeatures(self.vectorizer)
        labels = [
            replace(
                m,
                lexicon_platt=LeanLogistic(m.lexicon_platt),
                classifier=LeanPlatt(m.classifier, features.width) if m.classifier is not None else None,
                combiner=LeanLogistic(m.combiner) if m.combiner is not None else None,
            )
            for m in self.labels
        ]
        return ThemeModel(self.lexicon, features, labels)

    # --- Training ---------------------------------------------------------------------

    @classmethod
    @one_thread()  # the same model to the last bit, in far less CPU (themes_features.one_thread)
    def train(cls, lexicon: Lexicon, passages: list[Passage]) -> "ThemeModel":
        train = [p for p in passages if p.split == "train"]
        texts = [p.text for p in train]
        vectorizer = TextFeatures().fit(texts)
        tfidf = vectorizer.transform(texts)
        lexicon_scores, absent = _lexicon_evidence(lexicon, texts)
        models = [
            _train_label(
                label,
                index,
                tfidf,
                lexicon_scores,
                np.array([label.code in p.labels for p in train], int),
                absent[:, index],
            )
            for index, label in enumerate(lexicon.labels)
        ]
        return cls(lexicon, vectorizer, models)

    # --- Scoring ----------------------------------------------------------------------

    def _features(self, texts: list[str], lexicon_scores: np.ndarray, index: int, tfidf=None):
        """One label's model inputs. Pass `tfidf` when scoring many labels: the text features are the same
        for every label, and computing them is most of the cost of scoring."""
        return _stack(self.vectorizer.transform(texts) if tfidf is None else tfidf, lexicon_scores, index)

    def score_passages(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Served, phrase-only and model-only scores for short texts (one chunk each), by layer."""
        lexicon_scores, absent = _lexicon_evidence(self.lexicon, texts)
        return self._score_matrix(texts, lexicon_scores, absent)

    def _score_matrix(self, texts: list[str], lexicon_scores: np.ndarray, absent: np.ndarray) -> dict[str, np.ndarray]:
        """Scores per text and label. `absent`: the phrase list found the label only in statements of its
        absence ("no history of drug use"); the model's vote does not count there (it reads words, not
        negation)."""
        n, m = len(texts), len(self.labels)
        phrases, model, served, combined = np.zeros((n, m)), np.zeros((n, m)), np.zeros((n, m)), np.zeros((n, m))
        tfidf = self.vectorizer.transform(texts) if self.vectorizer is not None else None
        for index, label_model in enumerate(self.labels):
            phrases[:, index] = label_model.phrase_probability(lexicon_scores[:, index])
            if label_model.classifier is not None:
                features = self._features(texts, lexicon_scores, index, tfidf)
                probability = label_model.classifier.predict_proba(features)[:, 1]
                model[:, index] = np.where(absent[:, index], 0.0, probability)
                combined[:, index] = label_model.combined_probability(lexicon_scores[:, index], model[:, index])
            served[:, index] = {
                "model": model[:, index],
                "phrases": phrases[:, index],
                "either": np.maximum(model[:, index], phrases[:, index]),
                "combined": combined[:, index],
            }[label_model.layer]
        return {
            "served": served,
            "phrases": phrases,
            "model": model,
            "combined": combined,
            "lexicon": lexicon_scores,
            "absent": absent,
        }

    def decisions(self, scores: dict[str, np.ndarray], layer: str) -> np.ndarray:
        """Yes/no per text and label for one layer ("served", "phrases" or "model")."""
        result = np.zeros(scores["served"].shape, dtype=bool)
        for index, label_model in enumerate(self.labels):
            chosen = label_model.layer if layer == "served" else layer
            phrases = scores["lexicon"][:, index] >= label_model.lexicon_cut
            model = scores["model"][:, index] >= label_model.threshold
            combined = scores["combined"][:, index] >= label_model.combined_threshold
            if label_model.classifier is None:
                model = combined = np.zeros_like(phrases)
            result[:, index] = {"phrases": phrases, "model": model, "either": phrases | model, "combined": combined}[
                chosen
            ]
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
        absent = np.zeros((len(chunks), len(self.labels)), dtype=bool)
        for column, label_model in enumerate(self.labels):
            evidence = match.labels[label_model.label.code]
            strongest: dict[int, float] = {}
            for hit in evidence.hits:
                strongest[hit.sentence] = max(strongest.get(hit.sentence, 0.0), hit.weight)
            denied = {hit.sentence for hit in evidence.negated}
            for row, chunk in enumerate(chunks):
                lexicon_scores[row, column] = sum(strongest.get(i, 0.0) for i in chunk)
                absent[row, column] = (
                    label_model.label.kind == "characteristic"
                    and not lexicon_scores[row, column]
                    and any(i in denied for i in chunk)
                )
        matrix = self._score_matrix(chunk_texts, lexicon_scores, absent)
        layers = (matrix["served"], matrix["phrases"], matrix["model"], matrix["combined"])
        return _Scored(split, match, chunks, lexicon_scores, *layers)

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
            label_model.reliability,
        )

    def _chunk_fires(self, scored: _Scored, chunk: int, index: int, label_model: LabelModel) -> bool:
        phrases = bool(scored.lexicon[chunk, index] >= label_model.lexicon_cut)
        model = label_model.classifier is not None and bool(scored.model[chunk, index] >= label_model.threshold)
        combined = label_model.combiner is not None and bool(
            scored.combined[chunk, index] >= label_model.combined_threshold
        )
        return {"phrases": phrases, "model": model, "either": phrases or model, "combined": combined}[label_model.layer]

    def _evidence(self, scored: _Scored, chunks: list[int], index: int, label_model: LabelModel, suggested: bool):
        """Sentences that carry the label's own signal: its phrase hits first, then sentences the model rates highly
        that hold one of its strongest words. The model reads words, not negation, so a sentence stating an absence
        ("no evidence of domestic abuse") is evidence only through a phrase hit. None may qualify: then the label
        rests on the passage as a whole, and the list is empty rather than filled with unrelated sentences."""
        hit_sentences = scored.match.labels[label_model.label.code].sentence_indexes
        chosen: list[int] = []
        said: set[str] = set()
        for chunk in chunks[:MAX_EVIDENCE]:
            members = set(scored.chunks[chunk])
            for i in hit_sentences:
                if i in members:
                    _take(scored, i, chosen, said)
            if len(chosen) >= MAX_EVIDENCE:
                break
        if suggested and len(chosen) < MAX_EVIDENCE and label_model.classifier is not None:
            absences = {hit.sentence for evidence in scored.match.labels.values() for hit in evidence.negated}
            candidates = [i for chunk in chunks[:MAX_EVIDENCE] for i in scored.chunks[chunk] if i not in chosen]
            candidates = [i for i in candidates if i not in absences and _said(scored.sentences[i].text) not in said]
            if candidates:
                lexicon_scores, absent, tfidf = self._sentence_inputs(scored, candidates)
                probabilities = label_model.classifier.predict_proba(_stack(tfidf, lexicon_scores, index))[:, 1]
                probabilities = np.where(absent[:, index], 0.0, probabilities)
                terms = self._signal_terms(label_model)
                for position in np.argsort(-probabilities, kind="stable"):
                    if probabilities[position] < label_model.threshold / 2 or len(chosen) >= MAX_EVIDENCE:
                        break
                    if holds_signal(scored.sentences[candidates[int(position)]].text, terms):
                        _take(scored, candidates[int(position)], chosen, said)
        return chosen[:MAX_EVIDENCE]

    def _signal_terms(self, label_model: LabelModel) -> frozenset[str]:
        # Kept per model object (built once per process: sorting a label's coefficients for every text would not be).
        cache = self.__dict__.setdefault("_signal_cache", {})
        code = label_model.label.code
        if code not in cache:
            cache[code] = signal_terms(self.vectorizer, label_model.classifier, SIGNAL_TERMS)
        return cache[code]

    def _sentence_inputs(self, scored: _Scored, indexes: list[int]):
        """Each sentence's own phrase-list scores, stated absences and text features, once per document.

        Matching a sentence against every phrase is most of a suggestion's cost, and every suggested label's
        evidence reads the same sentences. A row depends on its sentence alone: a kept row is the row computed again.
        """
        missing = [i for i in indexes if i not in scored.by_sentence]
        if missing:
            texts = [scored.sentences[i].text for i in missing]
            scores, absent = _lexicon_evidence(self.lexicon, texts)
            tfidf = self.vectorizer.transform(texts)
            for row, i in enumerate(missing):
                features = tfidf.rows[row] if isinstance(tfidf, LeanRows) else tfidf[row]
                scored.by_sentence[i] = (scores[row], absent[row], features)
        rows = [scored.by_sentence[i] for i in indexes]
        features = [row[2] for row in rows]
        if isinstance(self.vectorizer, LeanFeatures):
            tfidf = LeanRows(features)
        else:
            from scipy import sparse

            tfidf = sparse.vstack(features).tocsr()
        return np.array([row[0] for row in rows]), np.array([row[1] for row in rows]), tfidf


def _stack(tfidf, lexicon_scores: np.ndarray, index: int):
    """Text features plus the phrase-list scores: the label's own, and (stacking) every other label's."""
    columns = range(lexicon_scores.shape[1]) if ALL_LEXICON_FEATURES else [index]
    own = LEXICON_SCALE * np.log1p(lexicon_scores[:, [index]])
    extra = [np.log1p(lexicon_scores[:, [c]]) for c in columns if c != index]
    if isinstance(tfidf, LeanRows):
        return tfidf  # a compiled model: the stacked columns are weighted 0 (checked by `compiled`)
    from scipy import sparse

    return sparse.hstack([tfidf, sparse.csr_matrix(np.hstack([own, *extra]))]).tocsr()


def _said(text: str) -> str:
    """A sentence's words, whatever their case, spacing or punctuation: how a coder tells two sentences apart."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def _take(scored: _Scored, index: int, chosen: list[int], said: set[str]) -> None:
    """Add a sentence to the evidence unless it, or the same words elsewhere in the text, is there already.

    A review's summary and recommendations are often repeated in its document: the same sentence at two
    places is one piece of evidence, and showing it twice fills the coder's three lines with one."""
    words = _said(scored.sentences[index].text)
    if index not in chosen and words not in said:
        chosen.append(index)
        said.add(words)


def _lexicon_evidence(lexicon: Lexicon, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Phrase-list scores per text and label, and where a characteristic is mentioned only as absent."""
    scores = np.zeros((len(texts), len(lexicon.labels)))
    absent = np.zeros((len(texts), len(lexicon.labels)), dtype=bool)
    for row, text in enumerate(texts):
        match = lexicon.match(text)
        for column, label in enumerate(lexicon.labels):
            evidence = match.labels[label.code]
            scores[row, column] = evidence.score
            absent[row, column] = label.kind == "characteristic" and not evidence.score and bool(evidence.negated)
    return scores, absent


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


def _train_label(
    label: Label, index: int, tfidf, lexicon_scores: np.ndarray, y: np.ndarray, absent: np.ndarray | None = None
) -> LabelModel:
    """Fit one label's model and decide, by cross-validation on the training split, how it is served.

    Thresholds for serving are chosen on the out-of-fold scores of all the training
    passages. The layer is chosen on *cross-validated decisions*: for each fold, the
    phrase-list cut and the model threshold are chosen on the other folds and applied
    to it, so that neither layer is judged on the data its threshold was tuned on. Of the
    servable layers (`SERVABLE`), the one that meets the label's target, then has the
    better recall (characteristics) or F1 (themes), serves it; on a tie, the model alone.
    """
    lexicon_column = lexicon_scores[:, index]
    lexicon_cut = label_rule_threshold(label, y, lexicon_column, LEXICON_CUTS)
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e4)
    platt.fit(np.array([[lexicon_feature(s)] for s in lexicon_column]), y)
    phrase_fires = lexicon_column >= lexicon_cut

    if int(y.sum()) < MIN_POSITIVES:
        return LabelModel(label, "phrases", lexicon_cut, platt, None, lexicon_cut, f1_at(y, phrase_fires), 0.0)
    features = _stack(tfidf, lexicon_scores, index)
    classifier = PlattClassifier(C=MODEL_C[label.kind]).fit(features, y)
    out_of_fold = classifier.calibrate(classifier.out_of_fold)
    if absent is not None:
        out_of_fold = np.where(absent, 0.0, out_of_fold)  # as when serving: no model vote against a stated absence
    combined_out_of_fold = _out_of_fold_combined(y, lexicon_column, out_of_fold, classifier.folds)
    combiner = _combiner().fit(combined_features(lexicon_column, out_of_fold), y)
    decisions = _cross_validated_decisions(
        label, y, lexicon_column, out_of_fold, classifier.folds, combined_out_of_fold
    )
    keys = {layer: _layer_key(label, y, decisions[layer]) for layer in LAYERS}
    layer = max(SERVABLE, key=lambda name: (keys[name], -LAYERS.index(name)))
    if layer == "either" and EITHER_JOINT[label.kind]:
        threshold = label_rule_threshold(label, y, out_of_fold, MODEL_THRESHOLDS, also=phrase_fires)
    else:
        threshold = label_rule_threshold(label, y, out_of_fold, MODEL_THRESHOLDS)
    return LabelModel(
        label,
        layer,
        lexicon_cut,
        platt,
        classifier,
        threshold,
        f1_at(y, decisions["phrases"]),
        f1_at(y, decisions["model"]),
        combiner=combiner,
        combined_threshold=label_rule_threshold(label, y, combined_out_of_fold, MODEL_THRESHOLDS),
    )


def combined_features(lexicon_scores: np.ndarray, model_probability: np.ndarray) -> np.ndarray:
    """What the combined layer reads: the phrase-list score (diminishing returns) and the model's probability."""
    return np.column_stack([np.log1p(np.asarray(lexicon_scores, float)), np.asarray(model_probability, float)])


def _combiner() -> "LogisticRegression":
    from sklearn.linear_model import LogisticRegression

    # Two features and a balanced class weight: the combination has nothing to overfit but its two slopes.
    return LogisticRegression(C=COMBINER_C, class_weight="balanced", max_iter=1000)


def _out_of_fold_combined(y: np.ndarray, lexicon_column: np.ndarray, out_of_fold: np.ndarray, folds) -> np.ndarray:
    """The combined layer's probability for every training passage, fitted without that passage's fold.

    Its inputs are already honest about the model (out-of-fold probabilities); the phrase
    lists are not (they were written by reading these passages), which is why the layer is
    judged on held-out passages before anyone sees it (the gate).
    """
    features = combined_features(lexicon_column, out_of_fold)
    result = np.zeros(len(y))
    for fold in np.unique(folds):
        held = folds == fold
        result[held] = _combiner().fit(features[~held], y[~held]).predict_proba(features[held])[:, 1]
    return result


def _cross_validated_decisions(
    label: Label, y, lexicon_column, out_of_fold, folds, combined_out_of_fold
) -> dict[str, np.ndarray]:
    """Each layer's yes/no for every training passage, with thresholds chosen without that passage's fold."""
    decisions = {layer: np.zeros(len(y), dtype=bool) for layer in LAYERS}
    for fold in np.unique(folds):
        held, rest = folds == fold, folds != fold
        cut = label_rule_threshold(label, y[rest], lexicon_column[rest], LEXICON_CUTS)
        threshold = label_rule_threshold(label, y[rest], out_of_fold[rest], MODEL_THRESHOLDS)
        joint = threshold
        if EITHER_JOINT[label.kind]:
            joint = label_rule_threshold(
                label, y[rest], out_of_fold[rest], MODEL_THRESHOLDS, also=lexicon_column[rest] >= cut
            )
        decisions["phrases"][held] = lexicon_column[held] >= cut
        decisions["model"][held] = out_of_fold[held] >= threshold
        decisions["either"][held] = (lexicon_column[held] >= cut) | (out_of_fold[held] >= joint)
        combined = label_rule_threshold(label, y[rest], combined_out_of_fold[rest], MODEL_THRESHOLDS)
        decisions["combined"][held] = combined_out_of_fold[held] >= combined
    return decisions


def _layer_key(label: Label, y: np.ndarray, predicted: np.ndarray):
    """How well a layer's cross-validated decisions meet the label's target, as a sortable key.

    Characteristics put recall first (at precision >= 0.80, the threshold rule's constraint):
    a coder rejects a wrong suggestion in seconds but never sees a missed one. Themes: F1.
    """
    precision, recall, f1 = _prf(y, predicted)
    met = label.target.met_by(precision, recall, f1)
    if label.kind == "characteristic" and LAYER_CHOICE_RECALL_FIRST:
        return (met, precision >= label.target.min_precision, round(recall, 6), round(f1, 6))
    return (met, round(f1, 6))


def _prf(y: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    tp = int(np.sum(predicted & (y == 1)))
    fp = int(np.sum(predicted & (y == 0)))
    fn = int(np.sum(~predicted & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return precision, recall, f1
