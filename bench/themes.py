"""Evaluate theme suggestion on the held-out passages: per label, with 95 % bootstrap intervals.

    uv run python bench/themes.py              # the held-out table (publish this one)
    uv run python bench/themes.py --markdown   # the same, as Markdown for the README
    uv run python bench/themes.py --cv         # 5-fold cross-validation on the training split only:
                                               # tune phrase lists with this, never with the held-out table

Columns: the phrase list alone (layer A); the TF-IDF + logistic regression model
(layer B, "model"); and what users get ("served": per label, the model alone or the
phrase list and the model together, "either", whichever did better in cross-validation
on the training split; the phrase list alone only for a label too rare to train on).
A label is shown to users when its served result beats the phrase list alone (F1) on the
held-out passages, with its precision and recall there in words; otherwise it is hidden,
and the coding page says why (docs/learning.md).

Pure Python and scikit-learn: no database, no Django settings.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cspr.domain.themes import CHARACTERISTIC_TARGET, THEME_TARGET, THEMES_MACRO_F1_TARGET, Lexicon  # noqa: E402
from cspr.domain.themes_eval import cross_validate, evaluate, gate, per_label  # noqa: E402
from cspr.domain.themes_model import ThemeModel  # noqa: E402
from cspr.domain.themes_passages import load_passages  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "cspr" / "learning" / "data"
DOCUMENT_SIZE = 4  # held-out passages per pseudo-document
INDEPENDENT_PREFIX = "z"  # held-out passages written without sight of the phrase lists or the model


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate on the training split instead")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)

    lexicon = Lexicon.load(DATA / "lexicon.toml")
    passages = load_passages(DATA / "passages.jsonl", set(lexicon.by_code))
    train = sum(p.split == "train" for p in passages)
    print(f"labelled passages: {len(passages)} ({train} training, {len(passages) - train} held out); "
          f"phrase list version {lexicon.version}")
    started = time.perf_counter()
    model = ThemeModel.train(lexicon, passages)
    trained = time.perf_counter() - started
    print(f"training: {trained:.1f} s; {sum(len(p) for p in lexicon.phrases.values())} phrases for "
          f"{len(lexicon.labels)} labels")
    if args.cv:
        evaluation = cross_validate(lexicon, passages)
        print("\n5-fold cross-validation on the TRAINING split (for tuning; not the published result)\n")
    else:
        evaluation = evaluate(model, passages)
        gate(model, evaluation)
        print(f"\nheld-out split: {evaluation.passages} passages never used in training or tuning thresholds\n")
    layer_of = {m.label.code: m.layer for m in model.labels}
    shown = {m.label.code: m.shown for m in model.labels}
    print_table(evaluation, layer_of, shown, args.markdown, show_status=not args.cv)
    print_summary(evaluation, shown, show_status=not args.cv)
    if not args.cv:
        print_independent(model, passages, args.markdown)
        print_documents(model, passages, args.markdown)
    return 0


def _row(cells, markdown):
    return ("| " + " | ".join(cells) + " |") if markdown else "  ".join(cells)


def print_table(evaluation, layer_of, shown, markdown, show_status):
    header = ["label", "kind", "n", "phrases P", "phrases R", "phrases F1", "model F1", "served P", "served R",
              "served F1", "layer", "target"]
    if show_status:
        header.append("users see")
    widths = [27, 14, 3, 16, 16, 16, 16, 16, 16, 16, 7, 28, 9]
    if markdown:
        print(_row(header, True))
        print(_row(["---"] * len(header), True))
    else:
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for code, kind in zip(evaluation.codes, evaluation.kinds):
        phrases = evaluation.result("phrases", code)
        model = evaluation.result("model", code)
        served = evaluation.result("served", code)
        target = CHARACTERISTIC_TARGET if kind == "characteristic" else THEME_TARGET
        cells = [code, kind, str(served.support), str(phrases.precision), str(phrases.recall), str(phrases.f1),
                 str(model.f1), str(served.precision), str(served.recall), str(served.f1), layer_of[code],
                 target.describe()]
        if show_status:
            cells.append("yes" if shown[code] else "HIDDEN")
        print(_row(cells, True) if markdown else "  ".join(c.ljust(w) for c, w in zip(cells, widths)))


def print_summary(evaluation, shown, show_status):
    characteristics = [c for c, k in zip(evaluation.codes, evaluation.kinds) if k == "characteristic"]
    themes = [c for c, k in zip(evaluation.codes, evaluation.kinds) if k == "theme"]
    print()
    for layer in ("phrases", "model", "served"):
        met = [c for c in characteristics if evaluation.result(layer, c).recall.value >= 0.9
               and evaluation.result(layer, c).precision.value >= 0.8]
        print(f"{layer:8} characteristics at recall >= 0.90 and precision >= 0.80: {len(met)} of {len(characteristics)}"
              f"; themes macro-F1 {evaluation.theme_macro_f1(layer)} (target {THEMES_MACRO_F1_TARGET:.2f})")
    if show_status:
        shown_themes = [c for c in themes if shown[c]]
        hidden = [c for c in evaluation.codes if not shown[c]]
        print(f"served themes users see: {len(shown_themes)} of {len(themes)}; their macro-F1 "
              f"{evaluation.theme_macro_f1('served', shown_themes) if shown_themes else 'n/a'}")
        print(f"shown to users (better than the phrase list on held-out data): "
              f"{', '.join(c for c in evaluation.codes if shown[c]) or 'none'}")
        print(f"hidden from users (no better than the phrase list on held-out data): {', '.join(hidden) or 'none'}")


def print_independent(model, passages, markdown):
    """The held-out passages written by people who never saw the phrase lists, the model or the other passages.

    The rest of the held-out split was written by the people who wrote the phrase lists, in the same sittings
    as the training passages; this part is the fairer test of text the suggester has never met.
    """
    independent = [p for p in passages if p.split == "eval" and p.id.startswith(INDEPENDENT_PREFIX)]
    if not independent:
        return
    evaluation = evaluate(model, independent)
    characteristics = [c for c, k in zip(evaluation.codes, evaluation.kinds) if k == "characteristic"]
    print(f"\nwritten independently ({len(independent)} held-out passages, ids {INDEPENDENT_PREFIX}*), served layer:\n")
    if markdown:
        print(_row(["label", "n", "P", "R", "F1"], True))
        print(_row(["---"] * 5, True))
    for code in evaluation.codes:
        served = evaluation.result("served", code)
        cells = [code, str(served.support), str(served.precision), str(served.recall), str(served.f1)]
        print(_row(cells, True) if markdown else "  ".join(c.ljust(w) for c, w in zip(cells, [27, 4, 18, 18, 18])))
    met = [c for c in characteristics if CHARACTERISTIC_TARGET.met_by(
        evaluation.result("served", c).precision.value, evaluation.result("served", c).recall.value, 0.0)]
    print(f"\nindependent passages: characteristics at target {len(met)} of {len(characteristics)}; "
          f"themes macro-F1 {evaluation.theme_macro_f1('served')} (target {THEMES_MACRO_F1_TARGET:.2f})")


def print_documents(model, passages, markdown):
    """Long texts: held-out passages joined four at a time, read in chunks as a real document is."""
    held = sorted((p for p in passages if p.split == "eval"), key=lambda p: p.id)
    groups = [held[i : i + DOCUMENT_SIZE] for i in range(0, len(held), DOCUMENT_SIZE)]
    codes = [m.label.code for m in model.labels]
    y_true = np.array([[any(c in p.labels for p in g) for c in codes] for g in groups])
    y_pred = np.zeros_like(y_true)
    for row, group in enumerate(groups):
        results = {s.code: s.suggested for s in model.suggest("\n\n".join(p.text for p in group), include_hidden=True)}
        y_pred[row] = [results[c] for c in codes]
    precision, recall, f1 = per_label(y_true, y_pred)
    print(f"\nlonger texts: {len(groups)} documents of {DOCUMENT_SIZE} held-out passages, served layer, "
          "precision / recall / F1 (95 % interval)\n")
    if markdown:
        print(_row(["label", "P", "R", "F1", "n"], True))
        print(_row(["---"] * 5, True))
    for i, code in enumerate(codes):
        cells = [code, f"{precision[i][0]:.2f}", f"{recall[i][0]:.2f}",
                 f"{f1[i][0]:.2f} [{f1[i][1]:.2f}-{f1[i][2]:.2f}]", str(int(y_true[:, i].sum()))]
        print(_row(cells, True) if markdown else "  ".join(c.ljust(w) for c, w in zip(cells, [27, 6, 6, 18, 4])))


if __name__ == "__main__":
    sys.exit(main())
