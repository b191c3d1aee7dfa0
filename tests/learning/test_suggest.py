"""The suggester: trained only on the training split, gated on the held-out split, evidence from the text."""

import copy
import json
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from cspr.domain.themes import CHARACTERISTIC_CODES, Lexicon
from cspr.domain.themes_eval import Interval, LabelResult, gate
from cspr.domain.themes_model import ThemeModel
from cspr.domain.themes_passages import load_passages
from cspr.learning import suggest


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load(suggest.LEXICON_PATH)


@pytest.fixture(scope="module")
def passages(lexicon):
    return load_passages(suggest.PASSAGES_PATH, set(lexicon.by_code))


@pytest.fixture
def trained_once(lexicon, passages):
    """Training, given the same phrase lists and passages again, hands back a copy of the model already trained.

    Training takes most of a rebuild's time and is deterministic:
    test_a_rebuild_gives_the_same_model trains again for real and compares. Everything
    after training (evaluation, the gate, the bench's tables) still runs.
    """

    def replace_training(monkeypatch):
        trained = suggest.suggester().model

        def train(given_lexicon, given_passages):
            assert given_lexicon.version == lexicon.version and given_passages == passages
            return copy.deepcopy(trained)

        monkeypatch.setattr(ThemeModel, "train", train)

    return replace_training


def test_the_labelled_set_is_big_enough_and_covers_every_label(passages, lexicon):
    assert len(passages) >= 150
    assert len({p.text for p in passages}) == len(passages), "no passage twice"
    for split in ("train", "eval"):
        counts = Counter(code for p in passages if p.split == split for code in p.labels)
        for label in lexicon.labels:
            assert counts[label.code] >= (12 if split == "train" else 5), (split, label.code)
    assert {"train", "eval"} == {p.split for p in passages}
    assert sum(p.split == "eval" for p in passages) >= 0.25 * len(passages)
    assert any(not p.labels for p in passages), "negatives are included"


def test_new_passages_take_their_split_from_the_id_hash(passages):
    """From m001 on, nobody chooses which passages are held out: the id's hash does."""
    from cspr.domain.themes_passages import hash_split

    new = [p for p in passages if p.id[0] in "mnpqrstuvw"]
    assert len(new) >= 300
    assert all(p.split == hash_split(p.id) for p in new)
    held_out = sum(p.split == "eval" for p in new) / len(new)
    assert 0.30 <= held_out <= 0.46
    assert hash_split("m001") == hash_split("m001") and {hash_split(f"x{i}") for i in range(50)} == {"train", "eval"}


def test_every_label_has_enough_examples_on_both_sides(passages, lexicon):
    for split, least in (("train", 30), ("eval", 20)):
        counts = Counter(code for p in passages if p.split == split for code in p.labels)
        assert min(counts[label.code] for label in lexicon.labels) >= least, split


def test_the_labelled_set_refuses_unknown_labels(tmp_path, lexicon):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "split": "train", "labels": ["risk_score"], "text": "t"}) + "\n")
    with pytest.raises(ValueError, match="unknown labels"):
        load_passages(path, set(lexicon.by_code))


@pytest.fixture(scope="module")
def retrained(lexicon, passages):
    """A second model, trained from the same files but with every held-out passage relabelled.

    Equal to the suggester's own model only if training is deterministic and never
    reads the held-out labels: the two tests below check the two ways it is used.
    """
    scrambled = [replace(p, labels=frozenset({"neglect"})) if p.split == "eval" else p for p in passages]
    assert scrambled != passages
    return ThemeModel.train(lexicon, scrambled)


def test_training_never_sees_the_held_out_labels(passages, retrained):
    texts = [p.text for p in passages[:40]]
    a = suggest.suggester().model.score_passages(texts)["served"]
    b = retrained.score_passages(texts)["served"]
    # The served model is the compiled (numpy-only) form of the trained one: equal but for float rounding.
    assert np.allclose(a, b, rtol=0, atol=1e-9)


def test_a_rebuild_gives_the_same_model(passages, retrained):
    text = " ".join(p.text for p in passages[:6])
    first = suggest.suggester().model.suggest(text, include_hidden=True)
    second = retrained.suggest(text, include_hidden=True)
    assert [(s.code, s.score, s.suggested, s.evidence) for s in first] == [
        (s.code, s.score, s.suggested, s.evidence) for s in second
    ]


def test_the_served_numpy_only_model_scores_exactly_as_the_trained_one(passages, retrained):
    """The artefact holds the compiled model (no scikit-learn to import); it must not change a single score.

    `retrained` is a full training on the training split (its held-out labels were changed, which
    training never reads): every layer and both feature blocks are used.
    """
    served = retrained.compiled()
    assert served.compiled() is served
    held_out = [p.text for p in passages if p.split == "eval"][:150]
    expected, got = retrained.score_passages(held_out), served.score_passages(held_out)
    for layer in ("served", "phrases", "model", "combined"):
        assert np.allclose(expected[layer], got[layer], rtol=0, atol=1e-9), layer
    document = "\n\n".join(held_out[:12])
    assert [(s.code, s.score, s.suggested, s.evidence) for s in retrained.suggest(document, include_hidden=True)] == [
        (s.code, s.score, s.suggested, s.evidence) for s in served.suggest(document, include_hidden=True)
    ]


def test_the_gate_shows_exactly_the_labels_that_beat_their_phrase_list_on_held_out_text():
    engine = suggest.suggester()
    for label_model in engine.model.labels:
        served = engine.evaluation.result("served", label_model.label.code)
        baseline = engine.evaluation.result("phrases", label_model.label.code)
        expected = served.support > 0 and served.f1.value > baseline.f1.value
        assert label_model.shown == expected, label_model.label.code
        assert bool(label_model.hidden_reason) == (not expected)
        assert label_model.reliability.startswith("right about ")
    shown = {s.code for s in suggest.suggest_labels("Any text at all about a review.")}
    assert shown == set(engine.shown)
    assert set(engine.hidden).isdisjoint(shown)
    assert set(engine.hidden_reasons) == set(engine.hidden)


def test_the_phrase_list_alone_serves_only_labels_too_rare_to_train_on():
    """The phrase lists were written by reading the training split: CV there cannot judge them alone."""
    from cspr.domain.themes_model import SERVABLE

    assert "phrases" not in SERVABLE
    for label_model in suggest.suggester().model.labels:
        assert label_model.layer in SERVABLE
        assert label_model.classifier is not None


def test_the_layer_is_chosen_on_cross_validated_decisions():
    from cspr.domain.themes import Label
    from cspr.domain.themes_model import _cross_validated_decisions, _layer_key, _out_of_fold_combined

    rng = np.random.default_rng(0)
    y = np.array([1] * 30 + [0] * 70)
    folds = np.arange(100) % 5
    lexicon = np.where(y == 1, rng.choice([0.0, 2.0], 100, p=[0.5, 0.5]), 0.0)  # precise, half the recall
    model = np.clip(y * 0.6 + rng.normal(0.2, 0.15, 100), 0, 1)  # finds most, a few false alarms
    label = Label("neglect", "characteristic", "Neglect")
    combined = _out_of_fold_combined(y, lexicon, model, folds)
    decisions = _cross_validated_decisions(label, y, lexicon, model, folds, combined)
    assert set(decisions) == {"phrases", "model", "either", "combined"}
    assert np.array_equal(decisions["phrases"], lexicon >= 0.5)
    assert np.all(decisions["either"] >= decisions["phrases"])
    # Recall comes first for a characteristic: the union, which finds more, beats the phrase list.
    assert _layer_key(label, y, decisions["either"]) > _layer_key(label, y, decisions["phrases"])
    # The combined layer reads both signals, so it does at least as well as the phrase list alone here.
    assert _layer_key(label, y, decisions["combined"]) > _layer_key(label, y, decisions["phrases"])


def test_the_combined_layer_is_fitted_without_the_passages_it_scores():
    from cspr.domain.themes_model import _out_of_fold_combined

    rng = np.random.default_rng(1)
    y = np.array([1] * 40 + [0] * 60)
    folds = np.arange(100) % 5
    lexicon = np.where(y == 1, 2.0, rng.choice([0.0, 1.0], 100, p=[0.8, 0.2]))
    model = np.clip(y * 0.5 + rng.normal(0.25, 0.2, 100), 0, 1)
    combined = _out_of_fold_combined(y, lexicon, model, folds)
    # Each fold's scores come from a combiner fitted on the other folds: changing one fold's labels
    # changes every other fold's scores but not its own.
    flipped = y.copy()
    flipped[folds == 0] = 1 - flipped[folds == 0]
    again = _out_of_fold_combined(flipped, lexicon, model, folds)
    assert np.allclose(combined[folds == 0], again[folds == 0])
    assert not np.allclose(combined[folds != 0], again[folds != 0])
    # And it separates the classes it was given.
    assert combined[y == 1].mean() > combined[y == 0].mean() + 0.3


def test_the_gate_compares_each_label_with_its_phrase_list_and_says_why_it_hides_one(lexicon, passages):
    model = ThemeModel(lexicon, None, [replace(m) for m in suggest.suggester().model.labels])

    def result(code, p, r, f, support=10):
        return LabelResult(code, "theme", support, Interval(p, p, p), Interval(r, r, r), Interval(f, f, f))

    class Fake:
        def result(self, layer, code):
            served = {
                "domestic_abuse": result("domestic_abuse", 0.84, 0.79, 0.81),  # misses the old target, beats phrases
                "neglect": result("neglect", 0.95, 0.95, 0.95),  # no better than its phrase list
                "daily_life": result("daily_life", 0.55, 0.90, 0.68),
                "looked_after": result("looked_after", 0, 0, 0, support=0),
            }.get(code, result(code, 0.5, 0.5, 0.5))
            if layer == "served":
                return served
            return {"neglect": result("neglect", 0.95, 0.95, 0.95)}.get(code, result(code, 0.4, 0.4, 0.4))

    hidden = gate(model, Fake())
    by_code = {m.label.code: m for m in model.labels}
    assert "domestic_abuse" not in hidden and "daily_life" not in hidden
    assert by_code["domestic_abuse"].reliability == (
        "right about 8 times in 10 on held-out text; finds about 8 times in 10 of the passages that carry it"
    )
    assert by_code["daily_life"].reliability.startswith("right about 6 times in 10")
    assert "neglect" in hidden and "no better than searching for its phrases" in by_code["neglect"].hidden_reason
    assert "looked_after" in hidden and "no held-out passage" in by_code["looked_after"].hidden_reason


def test_reliability_words_never_round_up_to_always():
    from cspr.domain.themes_eval import reliability_in_words

    assert reliability_in_words(0.97, 1.0) == (
        "right about 9 times in 10 on held-out text; finds about 10 times in 10 of the passages that carry it"
    )
    assert reliability_in_words(0.04, 0.0).startswith("right about fewer than 1 time in 10")


def test_evidence_is_sentences_of_the_text_with_their_offsets(every_label_shown):
    text = (
        "Background to the review.\n\nThe family moved three times in a year. The mother's partner was violent "
        "towards her and the police were called to the flat on four occasions. The children were often hungry."
    )
    by_code = {s.code: s for s in every_label_shown.suggest(text)}
    abuse = by_code["domestic_abuse"]
    assert abuse.suggested
    assert (
        abuse.evidence[0]
        == "The mother's partner was violent towards her and the police were called to the flat on four occasions."
    )
    for sentence, (start, end) in zip(abuse.evidence, abuse.evidence_offsets):
        assert text[start:end] == sentence


def test_absence_is_not_suggested(every_label_shown):
    text = "There was no evidence of domestic abuse, and no history of drug or alcohol misuse by either parent."
    by_code = {s.code: s for s in every_label_shown.suggest(text)}
    assert not by_code["domestic_abuse"].suggested
    assert not by_code["parental_substance_misuse"].suggested


def test_a_long_document_is_read_in_chunks_and_the_evidence_found(every_label_shown):
    filler = "The review panel met monthly and agreed its terms of reference with the partners. " * 60
    finding = "When he was fourteen he was found running drugs on a county line, far from home. "
    text = filler + "\n\n" + finding + "\n\n" + filler
    label = {s.code: s for s in every_label_shown.suggest(text)}["criminal_exploitation"]
    assert label.suggested
    assert label.evidence[0].startswith("When he was fourteen")


def test_scores_are_about_the_text_and_only_for_known_codes():
    for label in suggest.suggest_labels("The baby was seen alone by the health visitor."):
        assert label.kind in ("theme", "characteristic")
        assert label.code in CHARACTERISTIC_CODES or label.kind == "theme"
        assert 0.0 <= label.score <= 1.0


def test_the_model_is_rebuilt_when_its_inputs_change(monkeypatch, trained_once, settings, tmp_path):
    first = suggest.suggester()
    settings.CSPR_SUGGESTER_DIR = tmp_path  # the rebuilt artefact must not replace the run's
    assert suggest.suggester() is first
    trained_once(monkeypatch)
    monkeypatch.setattr(suggest, "model_version", lambda: "something-new")
    try:
        rebuilt = suggest.suggester()
        assert rebuilt is not first
        assert rebuilt.version == "something-new"
        assert suggest.suggester() is rebuilt
    finally:
        suggest._cache["suggester"] = first


def test_the_bench_prints_every_label_with_both_layers_and_the_gate(capsys, monkeypatch, trained_once):
    import runpy
    from pathlib import Path

    bench = runpy.run_path(str(Path(__file__).resolve().parents[2] / "bench" / "themes.py"), run_name="bench")
    trained_once(monkeypatch)
    assert bench["main"](["--markdown"]) == 0
    out = capsys.readouterr().out
    engine = suggest.suggester()
    for label_model in engine.model.labels:
        line = next(row for row in out.splitlines() if row.startswith(f"| {label_model.label.code} |"))
        assert line.endswith("| yes |" if label_model.shown else "| HIDDEN |")
    assert "phrases F1" in out and "model F1" in out and "served F1" in out
    assert (
        f"hidden from users (no better than the phrase list on held-out data): {', '.join(engine.hidden) or 'none'}"
        in out
    )
    assert f"shown to users (better than the phrase list on held-out data): {', '.join(engine.shown) or 'none'}" in out
