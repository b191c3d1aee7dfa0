"""Workflow states and the literal tables of allowed transitions.

A record's current state is stored on it for querying; every move appends an
immutable status event (who, when, why). These tables only say which moves are
allowed: they hold no behaviour, so the review process can be read off them.
"""

from enum import StrEnum


class RapidReviewStatus(StrEnum):
    DUE = "due"  # notified; the partners are gathering facts
    SUBMITTED = "submitted"  # sent to the Panel
    QUERIED = "queried"  # the Panel asked questions; the partners answer and resubmit
    RESPONDED = "responded"  # the Panel has responded (agreed, or taken it into a national review)


RAPID_REVIEW_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (RapidReviewStatus.DUE, RapidReviewStatus.SUBMITTED),
        (RapidReviewStatus.SUBMITTED, RapidReviewStatus.QUERIED),
        (RapidReviewStatus.QUERIED, RapidReviewStatus.SUBMITTED),
        (RapidReviewStatus.SUBMITTED, RapidReviewStatus.RESPONDED),
    }
)


class PracticeReviewStatus(StrEnum):
    COMMISSIONED = "commissioned"  # the partners decided to commission an LCSPR
    FINAL_REPORT_SENT = "final_report_sent"  # to the Panel and the Secretary of State
    PUBLISHED = "published"
    NOT_PUBLISHED = "not_published"  # partners decided not to publish; they publish the improvements instead


PRACTICE_REVIEW_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (PracticeReviewStatus.COMMISSIONED, PracticeReviewStatus.FINAL_REPORT_SENT),
        (PracticeReviewStatus.FINAL_REPORT_SENT, PracticeReviewStatus.PUBLISHED),
        (PracticeReviewStatus.FINAL_REPORT_SENT, PracticeReviewStatus.NOT_PUBLISHED),
    }
)


class NationalReviewStatus(StrEnum):
    PROPOSED = "proposed"
    COMMISSIONED = "commissioned"  # reviewer appointed, confirmed by the Secretary of State
    PUBLISHED = "published"


NATIONAL_REVIEW_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (NationalReviewStatus.PROPOSED, NationalReviewStatus.COMMISSIONED),
        (NationalReviewStatus.COMMISSIONED, NationalReviewStatus.PUBLISHED),
    }
)

TRANSITIONS = {
    "rapid_review": RAPID_REVIEW_TRANSITIONS,
    "practice_review": PRACTICE_REVIEW_TRANSITIONS,
    "national_review": NATIONAL_REVIEW_TRANSITIONS,
}


class TransitionNotAllowed(ValueError):
    pass


def check_transition(workflow: str, from_status: str, to_status: str) -> None:
    """Raise TransitionNotAllowed unless the table allows the move."""
    if (from_status, to_status) not in TRANSITIONS[workflow]:
        raise TransitionNotAllowed(f"a {workflow.replace('_', ' ')} cannot move from {from_status} to {to_status}")


def rapid_review_status_from_facts(submitted: bool, responded: bool) -> RapidReviewStatus:
    """The state an imported record is in, read from the dates it carries."""
    if responded:
        return RapidReviewStatus.RESPONDED
    return RapidReviewStatus.SUBMITTED if submitted else RapidReviewStatus.DUE


def practice_review_status_from_facts(final_report_sent: bool, published: bool) -> PracticeReviewStatus:
    if published:
        return PracticeReviewStatus.PUBLISHED
    return PracticeReviewStatus.FINAL_REPORT_SENT if final_report_sent else PracticeReviewStatus.COMMISSIONED
