"""Under each theme or characteristic, a briefing quotes the sentence of a review that concerns it.

A review coded with several themes used to appear under each of them with the same opening sentence
of its summary, whatever that said: a sentence about a dispute between agencies under "Understanding
the child's daily life". The sentence now is the one carrying the label's own phrases, or none.
"""

from types import SimpleNamespace

from cspr.briefings.compose.common import learning_blocks
from cspr.briefings.document import Link
from cspr.briefings.gather import LearningItem

DISPUTE = (
    "The police and children's social care disagreed about whether Child F was a victim of exploitation or an offender."
)
DAILY_LIFE = "Nobody asked Child F about his lived experience at home or what a day in his life was like."
NOT_ESCALATED = "The disagreement was not escalated."
SUMMARY = f"{DISPUTE} {NOT_ESCALATED}\n\n{DAILY_LIFE}"
CHILD_F = LearningItem(
    "Child F: local child safeguarding practice review",
    "https://example.org/child-f",
    "Milton Keynes",
    2026,
    "Local child safeguarding practice review",
    summary=SUMMARY,
)


def line_under(code: str, kind: str = "theme") -> str:
    g = SimpleNamespace(learning={(kind, code): [CHILD_F]})
    _, listed = learning_blocks(g, kind, code)
    (item,) = listed.items
    return "".join(part.text if isinstance(part, Link) else str(part) for part in item.parts)


def test_each_theme_quotes_the_sentence_that_concerns_it():
    assert line_under("daily_life").endswith(f". {DAILY_LIFE}")
    assert line_under("professional_disputes").endswith(f". {NOT_ESCALATED}")  # its strongest phrase


def test_a_theme_no_sentence_of_the_summary_concerns_gives_the_title_alone():
    line = line_under("leadership_culture")
    assert line == "Child F: local child safeguarding practice review (Milton Keynes, 2026)"
    assert DISPUTE not in line_under("sexual_abuse", "characteristic")


def test_a_coders_accepted_evidence_comes_first():
    # The sentence a coder accepted as the label's evidence outranks the phrase lists' choice.
    from dataclasses import replace

    accepted = "Child F's school saw him every day and never asked him what home was like."
    g = SimpleNamespace(learning={("theme", "daily_life"): [replace(CHILD_F, evidence=(accepted,))]})
    _, listed = learning_blocks(g, "theme", "daily_life")
    (item,) = listed.items
    assert "".join(part.text if isinstance(part, Link) else str(part) for part in item.parts).endswith(f". {accepted}")
