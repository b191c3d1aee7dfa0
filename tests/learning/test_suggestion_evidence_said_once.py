"""A suggestion's evidence gives each sentence once, and never the review's title.

A review's summary is usually a few paragraphs of its document, and the document opens with the title:
the suggester was given the title, the summary and the document, so the same sentence came back two or
three times as "why it was suggested", and the title ("Baby M: domestic abuse and unsafe sleep") with it.
Evidence is not scoring: the held-out evaluation (test_suggest.py) does not move.
"""

import re

import pytest

from cspr.learning import actions
from cspr.learning.suggest import suggester

pytestmark = pytest.mark.django_db

TITLE = "Baby M: domestic abuse, drinking and bed-sharing"
SUMMARY = (
    "Baby M was eight weeks old when she was found unresponsive after bed-sharing with her parents, who had "
    "both been drinking. The father had been violent towards the mother and police had attended the flat four "
    "times, but the health visitor was not told about the domestic abuse."
)
MORE = (
    "Safe sleep advice had been given once. The mother had postnatal depression and had stopped taking her "
    "medication. Nobody asked the father about his drinking."
)


def said(sentence: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", sentence.lower()))


def test_a_sentence_the_text_repeats_is_evidence_once():
    labels = [label for label in suggester().suggest(f"{SUMMARY}\n\n{MORE}\n\n{SUMMARY}") if label.evidence]
    assert labels  # the text carries labels, with evidence
    for label in labels:
        assert len({said(s) for s in label.evidence}) == len(label.evidence), (label.code, label.evidence)


def test_stored_evidence_has_no_title_and_no_repeats(add_review, actor, text_document, every_label_shown):
    document = text_document(f"{TITLE} (a review for the partnership)\n\n{SUMMARY}\n\n{MORE}")
    review = add_review(document=document, title=TITLE, learning_summary=SUMMARY, themes=[], characteristics=[])
    created = actions.theme_suggestions_generate(actor=actor, review_id=review.pk)
    assert {s.code for s in created} >= {"domestic_abuse", "sudi_unsafe_sleep"}
    for suggestion in created:
        evidence = [said(s) for s in suggestion.evidence]
        assert len(set(evidence)) == len(evidence), (suggestion.code, suggestion.evidence)
        assert not any(s.startswith(said(TITLE)) for s in evidence), (suggestion.code, suggestion.evidence)
