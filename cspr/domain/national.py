"""The Panel's national work in the Regulations' words: the criteria for a national review (reg 3).

The Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018
(SI 2018/789), Part 2. Regulation 3 lists what the Panel must take into account when it
decides whether a serious child safeguarding case raises issues that are complex or of
national importance (Children Act 2004 s16B(1)); the list is inclusive ("include
whether"), so a decision records which of the three apply and, in words, why.
"""

from dataclasses import dataclass
from enum import StrEnum

from cspr.domain.refusal import Refused


class Reg3Criterion(StrEnum):
    """One of regulation 3's criteria; the value is the code a decision stores."""

    IMPROVEMENTS = "improvements"  # reg 3(a)
    LEGISLATION_OR_GUIDANCE = "legislation_or_guidance"  # reg 3(b)
    RECURRENT_THEMES = "recurrent_themes"  # reg 3(c)


@dataclass(frozen=True)
class Criterion:
    paragraph: str  # as the Regulations number it
    wording: str  # the case in question ...


REG3_CRITERIA: dict[Reg3Criterion, Criterion] = {
    Reg3Criterion.IMPROVEMENTS: Criterion(
        "3(a)",
        "highlights or may highlight improvements needed to safeguard and promote the welfare of children, "
        "including where those improvements have been previously identified",
    ),
    Reg3Criterion.LEGISLATION_OR_GUIDANCE: Criterion(
        "3(b)",
        "raises or may raise issues requiring legislative change or changes to guidance issued under or "
        "further to any enactment",
    ),
    Reg3Criterion.RECURRENT_THEMES: Criterion(
        "3(c)",
        "highlights or may highlight recurrent themes in the safeguarding and promotion of the welfare of children",
    ),
}


def criterion_label(code: str) -> str:
    """ "Regulation 3(a): highlights or may highlight ...", as forms and pages show a criterion."""
    found = REG3_CRITERIA[Reg3Criterion(code)]
    return f"Regulation {found.paragraph}: {found.wording}"


def conflicting_areas(*, conflicts: set[str], areas: set[str]) -> list[str]:
    """The areas of a review (local authority and partnership codes of its cases) a reviewer must not review.

    Regulation 4 lets the Panel select reviewers from its pool; an area where the reviewer
    works or has worked (or has another declared interest) is a conflict the Panel
    records once, and every appointment is checked against it. Sorted, so a refusal
    names the same area first every time.
    """
    return sorted(conflicts & areas)


def refuse_undecided_publication(undecided_refs) -> None:
    """Refuse to publish a national review while a case it gathers has no recorded regulation 3 decision.

    A national review reports on cases the Panel decided raise issues that are complex or of
    national importance (Children Act 2004 s16B(1)), having taken regulation 3's criteria into
    account: its publication presupposes a decision on each case. A case can join a review
    without one (listed when the review started, or added from its page after the Panel's
    response) and gains it from the review's page, but only while the review is open: a
    published review takes no more cases, nor decisions (reviews/actions/programme.py). So the
    Panel records every decision first; the refusal names each case, in reference order.
    """
    missing = sorted(undecided_refs)
    if missing:
        cases = f"case {missing[0]}" if len(missing) == 1 else "cases " + ", ".join(missing)
        raise Refused(
            None,
            f"record the Panel's regulation 3 decision on {cases} before recording that the national review "
            "was published",
        )
