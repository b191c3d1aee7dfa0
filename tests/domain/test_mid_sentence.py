"""A label inside a sentence: first letter lower case, but an acronym keeps its capitals."""

import pytest

from cspr.domain.text import mid_sentence


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Parental mental health", "parental mental health"),
        ("COVID-19 a factor", "COVID-19 a factor"),
        ("LCSPR publication", "LCSPR publication"),
        ("Date of the decision", "date of the decision"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_a_label_reads_inside_a_sentence(label, in_a_sentence):
    assert mid_sentence(label) == in_a_sentence
