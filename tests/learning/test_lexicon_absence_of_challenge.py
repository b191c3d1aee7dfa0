"""Nobody challenged: critical thinking and challenge's own signal, not on its own a dispute or leadership."""

import pytest

from cspr.domain.themes import Lexicon
from cspr.domain.themes_model import LEXICON_CUTS
from cspr.learning.suggest import LEXICON_PATH


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load(LEXICON_PATH)


def scores(lexicon, text):
    return {code: e.score for code, e in lexicon.match(text).labels.items() if e.score}


@pytest.mark.parametrize(
    "sentence",
    [
        "The school did not believe the explanation but did not challenge the decision.",
        "The adviser did not challenge this through the escalation route.",
        "The manager did not challenge the plan.",
        "The police did not challenge the decision of children's social care.",
        "The father's account went unchallenged at three meetings.",
        "No one challenged the mother's account of the bruise.",
    ],
)
def test_an_absence_of_challenge_is_critical_thinking(lexicon, sentence):
    assert "critical_thinking" in scores(lexicon, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The police did not challenge the decision of children's social care.",
        "The social worker did not challenge the decision to close the case.",
        "The health visitor never challenged the decision to step the case down.",
    ],
)
def test_an_absence_of_challenge_alone_is_not_a_professional_dispute(lexicon, sentence):
    assert "professional_disputes" not in scores(lexicon, sentence)


def test_a_manager_who_did_not_challenge_is_too_weak_alone_to_suggest_leadership(lexicon):
    alone = scores(lexicon, "The manager did not challenge the plan.").get("leadership_culture", 0.0)
    assert alone < min(LEXICON_CUTS)
    oversight = "There was no management oversight, and the manager did not challenge the plan."
    assert scores(lexicon, oversight)["leadership_culture"] >= 2.0


@pytest.mark.parametrize(
    "sentence",
    [
        "The school challenged the decision to close the case.",
        "The school felt unable to challenge the decision.",
        "The school disagreed with the decision but did not challenge it.",
        "The adviser did not challenge this through the escalation route.",
    ],
)
def test_challenge_between_agencies_or_a_disagreement_left_unchallenged_is_still_a_dispute(lexicon, sentence):
    assert "professional_disputes" in scores(lexicon, sentence)
