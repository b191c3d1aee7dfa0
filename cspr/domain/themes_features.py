"""The text features and the calibrated classifier behind layer B of the theme suggester.

Pure Python plus scikit-learn (no Django). cspr/domain/themes_model.py trains one
`PlattClassifier` per label on `TextFeatures`; docs/adr/0009 explains the choices.
"""

import warnings
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

from cspr.domain.text import stem, words

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

# scikit-learn and SciPy are imported inside the methods that train: serving a compiled model
# (cspr/domain/themes_serving.py) must not pay over a second of CPU to import them.

SEED = 20261124
WORD_MIN_DF = 2
CHAR_NGRAMS = (3, 5)  # character n-grams (within words) beside the stemmed words and pairs; None for none


@contextmanager
def one_thread():
    """BLAS and OpenMP on one thread while a model is trained.

    Training makes thousands of tiny fits (each label's Platt sigmoids, its combiner on every fold)
    whose solvers hand BLAS and OpenMP a few hundred numbers at a time: their worker threads only add
    cost there (on a busy two-core machine, about twice the CPU of the whole training). They split no
    sum that decides a result: trained on one thread, the pickled model is the same byte for byte.
    """
    import sklearn.linear_model  # noqa: F401 - loads the libraries the limit must reach (it sees loaded ones only)
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

    with threadpool_limits(limits=1):
        yield


class TextFeatures:
    """TF-IDF (sublinear) of stemmed words and word pairs, beside TF-IDF of character n-grams within words.

    The character n-grams let the model see that "co-slept", "bedshare" and "bed-sharing",
    or "exploited" and "exploiters", are related when the stemmer does not.
    """

    def __init__(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words = TfidfVectorizer(analyzer=stemmed_grams, sublinear_tf=True, min_df=WORD_MIN_DF)
        self.chars = (
            TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=2, lowercase=True)
            if CHAR_NGRAMS
            else None
        )

    def fit(self, texts: list[str]) -> "TextFeatures":
        self.words.fit(texts)
        if self.chars is not None:
            self.chars.fit(texts)
        return self

    def transform(self, texts: list[str]):
        from scipy import sparse

        parts = [self.words.transform(texts)]
        if self.chars is not None:
            parts.append(self.chars.transform(texts))
        return sparse.hstack(parts).tocsr() if len(parts) > 1 else parts[0]


def stemmed_grams(text: str) -> list[str]:
    """Stemmed words and word pairs: with a few hundred passages, "shared" and "sharing" must count as one."""
    terms = [stem(word) for word in words(text)]
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


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

    def _base(self) -> "LogisticRegression":
        from sklearn.linear_model import LogisticRegression

        # liblinear's dual solver reaches the same optimum as its primal one (decision values agree to
        # about 1e-3) several times faster when, as here, features far outnumber passages. It visits the
        # coordinates in a random order: the fixed seed keeps a rebuild identical.
        return LogisticRegression(
            C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear", dual=True, random_state=SEED
        )

    def fit(self, features, y: np.ndarray) -> "PlattClassifier":
        from sklearn.linear_model import LogisticRegression

        self.out_of_fold = self.out_of_fold_decisions(features, y)
        self.sigmoid = LogisticRegression(C=1e4).fit(self.out_of_fold.reshape(-1, 1), y)
        self.classifier = self._base().fit(features, y)
        return self

    def out_of_fold_decisions(self, features, y: np.ndarray) -> np.ndarray:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        splitter = StratifiedKFold(n_splits=min(5, int(y.sum())), shuffle=True, random_state=SEED)
        self.folds = np.zeros(len(y), dtype=int)
        for fold, (_, held) in enumerate(splitter.split(np.zeros(len(y)), y)):
            self.folds[held] = fold
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return cross_val_predict(self._base(), features, y, cv=splitter, method="decision_function")

    def calibrate(self, decisions: np.ndarray) -> np.ndarray:
        return self.sigmoid.predict_proba(np.asarray(decisions).reshape(-1, 1))[:, 1]

    def predict_proba(self, features) -> np.ndarray:
        probability = self.calibrate(self.classifier.decision_function(features))
        return np.stack([1 - probability, probability], axis=1)
