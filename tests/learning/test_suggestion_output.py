"""What `cspr learning suggest` tells a coder: how often a label is right first, the score as a ranking only,
and evidence sentences that carry the label's own signal (docs/adr/0026, "What the output says").

The passages are synthetic, written for these tests in the style of a review's findings.
"""

import copy
import io
import json

import numpy as np
import pytest
from django.core.management import call_command

from cspr.domain.themes_model import LabelScore
from cspr.learning import suggest

ABSENCE = "There was no evidence of domestic abuse, parental substance misuse or mental ill-health."
UNRELATED = "Health visiting contacts continued as universal contacts."
ACCEPTED = "The hospital accepted the father's explanation that the baby had rolled off the sofa."
PASSAGE = (
    "Child R was seven months old when she was admitted to hospital with a fractured arm. "
    f"{ABSENCE} The family had recently moved from another local authority and were not known to services "
    f"there. {ACCEPTED} The plan was stepped down to early help after one review meeting, and managers did "
    f"not challenge the decision to step down. {UNRELATED}"
)


def test_a_statement_of_absence_or_an_unrelated_sentence_is_not_evidence_for_a_theme():
    """The reviewer's case: critical thinking was shown with a sentence about other things, negated."""
    label = {s.code: s for s in suggest.suggester().model.suggest(PASSAGE, include_hidden=True)}["critical_thinking"]
    assert label.suggested
    assert ACCEPTED in label.evidence
    assert ABSENCE not in label.evidence and UNRELATED not in label.evidence


class Certain:
    """A label's classifier that rates every text 0.99: the evidence must still be the label's own words."""

    def __init__(self, real):
        self.weights = real.weights  # its strongest words stay the real model's

    def predict_proba(self, rows):
        return np.column_stack([np.full(len(rows), 0.01), np.full(len(rows), 0.99)])


@pytest.fixture
def certain_model():
    """A copy of the served model in which the named labels are served by a classifier sure of every sentence."""
    model = copy.deepcopy(suggest.suggester().model)

    def make(*codes):
        for label_model in model.labels:
            if label_model.label.code in codes:
                label_model.layer, label_model.classifier = "model", Certain(label_model.classifier)
        return model

    return make


def test_the_model_offers_only_sentences_holding_the_labels_strongest_words(certain_model):
    model = certain_model("critical_thinking")
    text = f"{ABSENCE} {UNRELATED} The hospital accepted the father's explanation without question."
    label = {s.code: s for s in model.suggest(text, include_hidden=True)}["critical_thinking"]
    assert label.suggested
    assert label.evidence == ["The hospital accepted the father's explanation without question."]


def test_when_no_sentence_carries_the_label_the_evidence_is_empty_not_unrelated(certain_model):
    model = certain_model("critical_thinking")
    text = "The family lived in a flat near the park. The bus to the town centre ran every hour."
    label = {s.code: s for s in model.suggest(text, include_hidden=True)}["critical_thinking"]
    assert label.suggested and label.evidence == [] and label.evidence_offsets == []
    document = json.loads(suggest.as_json([label]))["labels"][0]
    assert document["evidence"] == [] and document["evidence_note"] == "no single sentence; the passage as a whole"


def test_a_negated_sentence_is_never_evidence_for_the_label_it_negates(certain_model):
    model = certain_model("domestic_abuse")
    text = (
        "There was no evidence of domestic abuse when the family first moved. "
        "Later the mother's partner was violent towards her and the police were called to the flat."
    )
    label = {s.code: s for s in model.suggest(text, include_hidden=True)}["domestic_abuse"]
    assert label.suggested
    assert label.evidence == [
        "Later the mother's partner was violent towards her and the police were called to the flat."
    ]


# --- The command's output -------------------------------------------------------------------------

RELIABILITY = "right about 5 times in 10 on held-out text; finds about 8 times in 10 of the passages that carry it"


@pytest.fixture
def narrative(tmp_path, monkeypatch):
    """A text file for the command, and a suggester answer of one label scored 0.999 with no single sentence."""
    path = tmp_path / "narrative.txt"
    path.write_text(PASSAGE)
    labels = [
        LabelScore("changing_risk", "theme", 0.999, True, [], [], RELIABILITY),
        LabelScore("neglect", "characteristic", 0.104, False, [], [], "right about 8 times in 10 on held-out text"),
    ]
    monkeypatch.setattr(suggest, "suggest_labels", lambda text: labels)
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("learning", *[str(a) for a in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_text_puts_how_often_it_is_right_first_and_never_prints_a_certain_score(narrative):
    out = run("suggest", narrative, "--format", "text")
    assert "1.00" not in out
    assert "it is not the chance that a label is right" in out
    line = next(row for row in out.splitlines() if "changing_risk" in row)
    assert line.startswith("suggested") and line.endswith(f"changing_risk: {RELIABILITY}")
    assert "ranking score above 0.99" in out and "ranking score 0.10" in out
    assert "evidence: no single sentence; the passage as a whole" in out


def test_the_json_keeps_its_keys_and_adds_what_the_score_and_evidence_mean(narrative):
    labels = json.loads(run("suggest", narrative, "--format", "json"))["labels"]
    first = labels[0]
    assert list(first)[:6] == ["code", "kind", "score", "suggested", "evidence", "reliability"]
    assert first["score"] == 0.999 and first["reliability"] == RELIABILITY
    held_out = suggest.suggester().evaluation.result("served", "changing_risk")
    assert first["held_out_precision"] == round(held_out.precision.value, 3)
    assert first["held_out_recall"] == round(held_out.recall.value, 3)
    assert "ranking score" in first["score_note"] and "not the chance that the label is right" in first["score_note"]
    assert first["evidence_note"] == "no single sentence; the passage as a whole"
    assert labels[1]["evidence_note"] == ""  # not suggested: no evidence is expected


def test_an_either_label_says_its_score_is_the_higher_of_two():
    engine = suggest.suggester()
    either = next(m for m in engine.model.labels if m.layer == "either")
    label = LabelScore(either.label.code, either.label.kind, 1.0, True, ["A sentence."], [(0, 11)], either.reliability)
    note = json.loads(suggest.as_json([label]))["labels"][0]["score_note"]
    assert "the higher of the phrase list's and the model's scores" in note


def test_ranking_scores_are_printed_without_claiming_certainty():
    assert suggest.ranking_score(1.0) == suggest.ranking_score(0.996) == "above 0.99"
    assert suggest.ranking_score(0.994) == "0.99" and suggest.ranking_score(0.1) == "0.10"
