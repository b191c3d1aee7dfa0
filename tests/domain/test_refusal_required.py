"""A required reason or question: stored and audited as the same, trimmed words."""

import pytest

from cspr.domain.refusal import Refused, required


def test_the_text_comes_back_without_its_surrounding_spaces():
    assert required("  ticket 123 \n", field="reason", message="say why") == "ticket 123"


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_nothing_but_spaces_is_refused_against_the_field(blank):
    with pytest.raises(Refused) as refused:
        required(blank, field="question", message="say what the Panel is asking")
    assert (refused.value.field, refused.value.message) == ("question", "say what the Panel is asking")
