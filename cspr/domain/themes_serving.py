"""The trained theme suggester in a lean form for serving: numpy only, no scikit-learn or SciPy.

Training and evaluation use scikit-learn (cspr/domain/themes_features.py). Importing it
costs over a second of CPU, which a new process answering `cspr learning suggest` cannot
afford (issue 16: under two seconds). `compile_model()` copies what serving needs out of
the fitted objects (vocabularies, idf weights, coefficients, intercepts) into the small
classes below, which compute exactly what scikit-learn computes for these settings
(sublinear TF-IDF with l2 norm; binary logistic regression; `char_wb` n-grams).
tests/learning/test_suggest.py checks they agree with the fitted model.
"""

import functools
import math
import re
from collections import Counter

import numpy as np

from cspr.domain.text import STOP_WORDS, stem
from cspr.domain.themes_features import stemmed_grams

_WHITE_SPACES = re.compile(r"\s\s+")
# Stems that say nothing about a topic: a sentence is not evidence for a label because it has "as" or "no" in it,
# however much weight the model gives them (they carry the labelled passages' style, not their subject).
_FUNCTION_STEMS = frozenset(stem(word) for word in STOP_WORDS | {"no", "not", "never"})


class LeanRows:
    """Sparse rows as (column indexes, values) pairs: what a fitted vectorizer returns, without SciPy."""

    def __init__(self, rows: list[tuple[np.ndarray, np.ndarray]]):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def dot(self, weights: np.ndarray) -> np.ndarray:
        return np.array([float(values @ weights[columns]) for columns, values in self.rows])


class LeanTfidf:
    """TfidfVectorizer.transform for sublinear TF, idf weights and l2 norm (its settings here)."""

    def __init__(self, vectorizer, offset: int):
        self.vocabulary = {term: int(column) + offset for term, column in vectorizer.vocabulary_.items()}
        self.idf = {column: float(vectorizer.idf_[column - offset]) for column in self.vocabulary.values()}
        if vectorizer.analyzer == "char_wb":
            if not vectorizer.lowercase or vectorizer.strip_accents or not vectorizer.sublinear_tf:
                raise ValueError("the lean vectorizer supports lowercase char_wb n-grams with sublinear TF only")
            self.kind, self.ngram_range = "char_wb", tuple(vectorizer.ngram_range)
        elif vectorizer.analyzer is stemmed_grams and vectorizer.sublinear_tf:
            self.kind, self.ngram_range = "stemmed", None
        else:
            raise ValueError(f"no lean form for the analyzer {vectorizer.analyzer!r}")
        if vectorizer.norm != "l2" or not vectorizer.use_idf:
            raise ValueError("the lean vectorizer supports l2-normalised TF-IDF only")

    def terms(self, text: str) -> list[str]:
        if self.kind == "stemmed":
            return stemmed_grams(text)
        low, high = self.ngram_range
        grams = []
        for word in _WHITE_SPACES.sub(" ", text.lower()).split():
            word = f" {word} "
            length = len(word)
            for n in range(low, high + 1):
                if length <= n:  # a word no longer than n counts once, whole
                    grams.append(word)
                    break
                grams.extend([word[offset : offset + n] for offset in range(length - n + 1)])
        return grams

    def row(self, text: str) -> dict[int, float]:
        # Python floats, not numpy scalars: the same IEEE operations in the same order (so the same
        # values to the last bit), without numpy's per-call overhead on every term of every text.
        # Counter keeps the terms in order of first occurrence, as counting them one by one did, so the
        # norm adds the same squares in the same order. Added one by one, not by sum(): on Python floats
        # sum() compensates for rounding (Python 3.12), which numpy scalars never had.
        vocabulary, idf = self.vocabulary, self.idf
        weighted: dict[int, float] = {}
        squares = 0.0
        for term, count in Counter(self.terms(text)).items():
            column = vocabulary.get(term)
            if column is not None:
                value = weighted[column] = _sublinear_tf(count) * idf[column]
                squares += value * value
        norm = math.sqrt(squares)
        return {column: value / norm for column, value in weighted.items()} if norm else {}


@functools.lru_cache(maxsize=4096)
def _sublinear_tf(count: int) -> float:
    """1 + log(count), with numpy's log: math.log differs from it in the last bit for some counts (9,170, ...)."""
    return float(np.log(count)) + 1.0


class LeanFeatures:
    """TextFeatures.transform: the word and character TF-IDF blocks side by side."""

    def __init__(self, features):
        self.parts = [LeanTfidf(features.words, 0)]
        if features.chars is not None:
            self.parts.append(LeanTfidf(features.chars, len(features.words.vocabulary_)))
        self.width = sum(len(part.vocabulary) for part in self.parts)

    def transform(self, texts: list[str]) -> LeanRows:
        rows = []
        for text in texts:
            merged: dict[int, float] = {}
            for part in self.parts:
                merged.update(part.row(text))
            columns = np.fromiter(merged.keys(), dtype=np.int64, count=len(merged))
            values = np.fromiter(merged.values(), dtype=np.float64, count=len(merged))
            rows.append((columns, values))
        return LeanRows(rows)


class LeanLogistic:
    """A fitted binary LogisticRegression's predict_proba on dense inputs."""

    def __init__(self, fitted):
        self.coef = np.asarray(fitted.coef_, dtype=np.float64).ravel()
        self.intercept = float(np.asarray(fitted.intercept_).ravel()[0])

    def probability(self, decision: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-decision))

    def predict_proba(self, features) -> np.ndarray:
        p = self.probability(np.asarray(features, dtype=np.float64) @ self.coef + self.intercept)
        return np.stack([1 - p, p], axis=1)


class LeanPlatt:
    """PlattClassifier.predict_proba on LeanRows: a linear decision, then its fitted sigmoid."""

    def __init__(self, fitted, width: int):
        coef = np.asarray(fitted.classifier.coef_, dtype=np.float64).ravel()
        # Columns past the text features (the phrase-list score, stacked at weight 0) add nothing.
        self.weights = coef[:width]
        self.intercept = float(np.asarray(fitted.classifier.intercept_).ravel()[0])
        self.sigmoid = LeanLogistic(fitted.sigmoid)

    def predict_proba(self, rows: LeanRows) -> np.ndarray:
        decision = rows.dot(self.weights) + self.intercept
        return self.sigmoid.predict_proba(decision.reshape(-1, 1))


def signal_terms(vectorizer, classifier, count: int) -> frozenset[str]:
    """A label's `count` strongest stemmed words and word pairs in its model (fitted or lean): its own signal.

    A sentence is offered as evidence through the model only when it holds one of these
    (cspr/domain/themes_model.py `_evidence`). Character n-grams are left out (a coder cannot
    read "ured " as a reason), and so are terms made only of function words.
    """
    if isinstance(vectorizer, LeanFeatures):
        vocabulary, coefficients = vectorizer.parts[0].vocabulary, classifier.weights
    else:
        vocabulary = vectorizer.words.vocabulary_
        coefficients = np.asarray(classifier.classifier.coef_, dtype=np.float64).ravel()
    weighted = [
        (-float(coefficients[column]), term)
        for term, column in vocabulary.items()
        if coefficients[column] > 0 and not set(term.split()) <= _FUNCTION_STEMS
    ]
    return frozenset(term for _, term in sorted(weighted)[:count])


def holds_signal(text: str, terms: frozenset[str]) -> bool:
    """Whether a sentence has one of a label's signal terms (`signal_terms`) among its own words and word pairs."""
    return not terms.isdisjoint(stemmed_grams(text))
