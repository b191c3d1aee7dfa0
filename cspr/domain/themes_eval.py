"""Held-out evaluation of the theme suggester, with bootstrap confidence intervals.

Pure Python plus numpy. Used by `bench/themes.py` (the published table) and by
the gate (`gate`): a label users see did better than its phrase list alone on
passages the model never trained on, and carries its held-out precision and recall in words.

Confidence intervals are percentile bootstrap intervals over passages (2,000
resamples, fixed seed): with seven or so positives per label in the held-out
split, a recall of 1.00 can honestly be anything from about 0.6 up, and the
table says so.
"""

from dataclasses import dataclass, replace

import numpy as np

from cspr.domain.themes_model import ThemeModel
from cspr.domain.themes_passages import Passage

BOOTSTRAP_SAMPLES = 2000
SEED = 7
LAYERS = ("phrases", "model", "served")


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.value:.2f} [{self.low:.2f}-{self.high:.2f}]"


@dataclass(frozen=True)
class LabelResult:
    code: str
    kind: str
    support: int
    precision: Interval
    recall: Interval
    f1: Interval


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray):
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
        recall = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0.0)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
    return precision, recall, f1


def _draw_counts(draws: np.ndarray, n: int) -> np.ndarray:
    """(samples, n): how many times each resample drew each of the n passages."""
    samples = draws.shape[0]
    offsets = draws + np.arange(samples)[:, None] * n
    return np.bincount(offsets.ravel(), minlength=samples * n).reshape(samples, n).astype(float)


def per_label(y_true: np.ndarray, y_pred: np.ndarray, samples: int = BOOTSTRAP_SAMPLES, seed: int = SEED):
    """Precision, recall and F1 for every column, each with a 95 % bootstrap interval.

    Returns three arrays of shape (labels, 3): value, low, high.
    """
    y_true = y_true.astype(bool)
    y_pred = y_pred.astype(bool)
    n = y_true.shape[0]
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(samples, n))
    tp_w = (y_true & y_pred).astype(float)
    fp_w = (~y_true & y_pred).astype(float)
    fn_w = (y_true & ~y_pred).astype(float)
    point = _prf(tp_w.sum(0), fp_w.sum(0), fn_w.sum(0))
    # How often each resample drew each passage: summing the drawn rows is then one matrix product,
    # instead of a (samples x passages x labels) array per count.
    times = _draw_counts(draws, n)
    boot = _prf(times @ tp_w, times @ fp_w, times @ fn_w)  # each (samples, labels)
    results = []
    for value, resampled in zip(point, boot):
        low, high = np.percentile(resampled, [2.5, 97.5], axis=0)
        results.append(np.stack([value, low, high], axis=1))
    return results


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray, samples: int = BOOTSTRAP_SAMPLES, seed: int = SEED) -> Interval:
    """Macro-averaged F1 over the columns given, with a bootstrap interval over passages."""
    if y_true.shape[1] == 0:
        return Interval(0.0, 0.0, 0.0)
    y_true = y_true.astype(bool)
    y_pred = y_pred.astype(bool)
    n = y_true.shape[0]
    draws = np.random.default_rng(seed).integers(0, n, size=(samples, n))
    tp = (y_true & y_pred).astype(float)
    fp = (~y_true & y_pred).astype(float)
    fn = (y_true & ~y_pred).astype(float)
    point = _prf(tp.sum(0), fp.sum(0), fn.sum(0))[2].mean()
    times = _draw_counts(draws, n)
    boot = _prf(times @ tp, times @ fp, times @ fn)[2].mean(axis=1)
    low, high = np.percentile(boot, [2.5, 97.5])
    return Interval(float(point), float(low), float(high))


@dataclass
class Evaluation:
    """Held-out results for each layer, and which labels pass their targets."""

    passages: int
    codes: list[str]
    kinds: list[str]
    y_true: np.ndarray
    predictions: dict[str, np.ndarray]  # layer -> passages x labels
    results: dict[str, list[LabelResult]]

    def result(self, layer: str, code: str) -> LabelResult:
        return next(r for r in self.results[layer] if r.code == code)

    def theme_macro_f1(self, layer: str, codes: list[str] | None = None) -> Interval:
        columns = [
            i for i, (c, k) in enumerate(zip(self.codes, self.kinds)) if k == "theme" and (codes is None or c in codes)
        ]
        return macro_f1(self.y_true[:, columns], self.predictions[layer][:, columns])


def evaluate(model: ThemeModel, passages: list[Passage], split: str = "eval") -> Evaluation:
    chosen = [p for p in passages if p.split == split]
    codes = [m.label.code for m in model.labels]
    kinds = [m.label.kind for m in model.labels]
    y_true = np.array([[code in p.labels for code in codes] for p in chosen], dtype=bool)
    scores = model.score_passages([p.text for p in chosen])
    predictions = {layer: model.decisions(scores, layer) for layer in LAYERS}
    results = {}
    for layer in LAYERS:
        precision, recall, f1 = per_label(y_true, predictions[layer])
        results[layer] = [
            LabelResult(
                code,
                kind,
                int(y_true[:, i].sum()),
                Interval(*precision[i]),
                Interval(*recall[i]),
                Interval(*f1[i]),
            )
            for i, (code, kind) in enumerate(zip(codes, kinds))
        ]
    return Evaluation(len(chosen), codes, kinds, y_true, predictions, results)


def gate(model: ThemeModel, evaluation: Evaluation) -> list[str]:
    """Show every label that helps, with its measured reliability; hide the rest, saying why.

    A label is shown when, on the held-out split, its served layer does better (F1) than the
    phrase list alone: the baseline a coder gets by searching for the words. Each label is
    given its held-out precision and recall in words ("right about 8 times in 10"), shown
    next to its suggestions, instead of being hidden for missing a fixed target: on real
    review text the target-based gate hid labels that worked (issue 16). Point estimates
    decide (the intervals are published beside them); a label with no held-out positives is
    hidden because nothing shows it works. Returns the codes hidden.
    """
    hidden = []
    for label_model in model.labels:
        code = label_model.label.code
        served, baseline = evaluation.result("served", code), evaluation.result("phrases", code)
        label_model.reliability = reliability_in_words(served.precision.value, served.recall.value)
        if served.support == 0:
            reason = "no held-out passage carries it, so nothing shows the suggestions work"
        elif served.f1.value <= baseline.f1.value:
            reason = (
                f"on held-out text it did no better than searching for its phrases "
                f"(F1 {served.f1.value:.2f} against {baseline.f1.value:.2f})"
            )
        else:
            reason = ""
        label_model.shown = not reason
        label_model.hidden_reason = reason
        if reason:
            hidden.append(code)
    return hidden


def reliability_in_words(precision: float, recall: float) -> str:
    """Held-out precision and recall as a coder reads them: "right about 8 times in 10 ..."."""
    return (
        f"right about {_in_ten(precision)} on held-out text; "
        f"finds about {_in_ten(recall)} of the passages that carry it"
    )


def _in_ten(value: float) -> str:
    tenths = int(round(value * 10))
    if tenths == 10 and value < 1.0:
        tenths = 9  # "10 in 10" would promise more than was measured
    if tenths == 0:
        return "fewer than 1 time in 10" if value > 0 else "never"
    return f"{tenths} times in 10" if tenths > 1 else "1 time in 10"


def cross_validate(lexicon, passages: list[Passage], folds: int = 5, seed: int = SEED) -> Evaluation:
    """Cross-validation on the training split only: the numbers to tune phrase lists and settings with.

    The held-out split stays unseen while tuning; `bench/themes.py --cv` prints this.
    """
    train = [p for p in passages if p.split == "train"]
    order = np.random.default_rng(seed).permutation(len(train))
    fold_of = {train[i].id: n % folds for n, i in enumerate(order)}
    codes = [label.code for label in lexicon.labels]
    kinds = [label.kind for label in lexicon.labels]
    y_true = np.array([[code in p.labels for code in codes] for p in train], dtype=bool)
    predictions = {layer: np.zeros(y_true.shape, dtype=bool) for layer in LAYERS}
    position = {p.id: i for i, p in enumerate(train)}
    for fold in range(folds):
        relabelled = [replace(p, split="eval" if fold_of[p.id] == fold else "train") for p in train]
        model = ThemeModel.train(lexicon, relabelled)
        held = [p for p in relabelled if p.split == "eval"]
        scores = model.score_passages([p.text for p in held])
        rows = [position[p.id] for p in held]
        for layer in LAYERS:
            predictions[layer][rows] = model.decisions(scores, layer)
    results = {}
    for layer in LAYERS:
        precision, recall, f1 = per_label(y_true, predictions[layer], samples=200)
        results[layer] = [
            LabelResult(
                code, kind, int(y_true[:, i].sum()), Interval(*precision[i]), Interval(*recall[i]), Interval(*f1[i])
            )
            for i, (code, kind) in enumerate(zip(codes, kinds))
        ]
    return Evaluation(len(train), codes, kinds, y_true, predictions, results)
