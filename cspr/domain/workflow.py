"""Workflow states and the literal tables of allowed transitions.

A record's current state is stored on it for querying; every move appends an
immutable status event (who, when, why). These tables only say which moves are
allowed: they hold no behaviour, so the review process can be read off them.
"""

from enum import StrEnum

from cspr.domain import codes
from cspr.domain.deadlines import Deadline


class Workflow(StrEnum):
    """The three workflows of the review process; a status event names which one moved."""

    RAPID_REVIEW = "rapid_review"
    PRACTICE_REVIEW = "practice_review"  # the local child safeguarding practice review (LCSPR)
    NATIONAL_REVIEW = "national_review"


class RapidReviewStatus(StrEnum):
    DUE = "due"  # notified; the partners are gathering facts
    # None is required (a care leaver's death, or a looked-after child's death with no abuse or
    # neglect suspected: `rapid_review_required`); the partners may still record and send one.
    NOT_REQUIRED = "not_required"
    SUBMITTED = "submitted"  # sent to the Panel
    QUERIED = "queried"  # the Panel asked questions; the partners answer and resubmit
    RESPONDED = "responded"  # the Panel has responded (agreed, or taken it into a national review)


RAPID_REVIEW_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (RapidReviewStatus.DUE, RapidReviewStatus.SUBMITTED),
        # Whether one is required follows the notification (`rapid_review_required`): when a
        # looked-after child's death turns out to involve no abuse or neglect the clock stops, and
        # when abuse or neglect comes to be suspected later it starts (the Panel secretariat's
        # correction, cspr/cases/actions/amend.py, or a re-imported file).
        (RapidReviewStatus.DUE, RapidReviewStatus.NOT_REQUIRED),
        (RapidReviewStatus.NOT_REQUIRED, RapidReviewStatus.DUE),
        (RapidReviewStatus.NOT_REQUIRED, RapidReviewStatus.SUBMITTED),
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
# Publication, the only way a national review closes (no declined state, ADR 0016), also needs the
# Panel's regulation 3 decision on each of its cases: domain/national.py refuse_undecided_publication.

# A national review the Panel has made public: it announces a review when it commissions it (the
# chair's letter to the Secretary of State of 1 February 2019 announced the first), and publishes its
# report. A proposed review is the Panel's internal deliberation, which may never go ahead: only
# those who can see it in the service (cspr/core/access.py national_reviews) may learn of it. A
# briefing is handed to practitioners, so it names only these, whoever makes it (ADR 0016).
NATIONAL_REVIEW_ANNOUNCED = frozenset({NationalReviewStatus.COMMISSIONED, NationalReviewStatus.PUBLISHED})

TRANSITIONS: dict[Workflow, frozenset[tuple[str, str]]] = {
    Workflow.RAPID_REVIEW: RAPID_REVIEW_TRANSITIONS,
    Workflow.PRACTICE_REVIEW: PRACTICE_REVIEW_TRANSITIONS,
    Workflow.NATIONAL_REVIEW: NATIONAL_REVIEW_TRANSITIONS,
}

# The state each workflow starts in when the service opens it: the rapid review
# when the notification is recorded (its clock starts then), the LCSPR when the
# partners decide to commission it, a national review when the Panel proposes it.
# An import may create a record further along (history the service did not see);
# the importer checks that the state it creates is reachable from this one.
INITIAL: dict[Workflow, str] = {
    Workflow.RAPID_REVIEW: RapidReviewStatus.DUE,
    Workflow.PRACTICE_REVIEW: PracticeReviewStatus.COMMISSIONED,
    Workflow.NATIONAL_REVIEW: NationalReviewStatus.PROPOSED,
}

# --- State sets: every page, list, count and reminder takes these from here --------

# The partners may still change the rapid review's narrative and themes: before
# they send it, and while they answer a Panel query.
RAPID_REVIEW_EDITABLE = frozenset({RapidReviewStatus.DUE, RapidReviewStatus.QUERIED, RapidReviewStatus.NOT_REQUIRED})
# Not yet sent to the Panel (a rapid review not required has not been sent either).
RAPID_REVIEW_NOT_SENT = frozenset({RapidReviewStatus.DUE, RapidReviewStatus.NOT_REQUIRED})
# The statutory 15 working days run until the partners send the review (process.md §2), and only
# where one is required. A review sent on time stays on time when the Panel queries it: no period
# runs for answering a query, so a queried review is never overdue on this deadline (ADR 0028).
RAPID_REVIEW_DEADLINE_OPEN = frozenset({RapidReviewStatus.DUE})
# The Panel owes a response (agree, query or take into a national review).
RAPID_REVIEW_AWAITING_PANEL = frozenset({RapidReviewStatus.SUBMITTED})
# The partners owe the Panel an answer to its questions: work for the partnership, with no due date.
RAPID_REVIEW_AWAITING_PARTNERS = frozenset({RapidReviewStatus.QUERIED})
# Until the Panel has responded, the partners may correct their own notification and
# its children: the Panel's response is given on the facts as they then stood, so a
# correction after it is the Panel secretariat's (cspr/core/access.py: cases.amend_notification).
# A query is a question, not the response: the partners may still correct while answering it.
RAPID_REVIEW_BEFORE_PANEL_RESPONSE = frozenset(
    {RapidReviewStatus.DUE, RapidReviewStatus.NOT_REQUIRED, RapidReviewStatus.SUBMITTED, RapidReviewStatus.QUERIED}
)


def closed_states(workflow: Workflow) -> frozenset[str]:
    """States nothing moves out of: the workflow's work is done."""
    table = TRANSITIONS[workflow]
    states = {s for move in table for s in move}
    return frozenset(s for s in states if not any(a == s for a, _ in table))


def open_states(workflow: Workflow) -> frozenset[str]:
    """States the workflow can still move out of."""
    return frozenset(s for s, _ in TRANSITIONS[workflow])


# Which statutory deadline each state leaves open. A deadline is open (listed on
# the dashboard, counted, reminded, shown overdue) exactly while its record is in
# one of these states; the deadline's due date is computed by domain/deadlines.py.
# The LCSPR's final report is due only until it is sent; its publication until
# the partners publish it or decide not to.
OPEN_DEADLINES: dict[Deadline, tuple[Workflow, frozenset[str]]] = {
    Deadline.RAPID_REVIEW: (Workflow.RAPID_REVIEW, RAPID_REVIEW_DEADLINE_OPEN),
    Deadline.LCSPR_FINAL_REPORT: (Workflow.PRACTICE_REVIEW, frozenset({PracticeReviewStatus.COMMISSIONED})),
    Deadline.LCSPR_PUBLICATION: (
        Workflow.PRACTICE_REVIEW,
        frozenset({PracticeReviewStatus.COMMISSIONED, PracticeReviewStatus.FINAL_REPORT_SENT}),
    ),
}


def deadlines_open_in(workflow: Workflow, status: str) -> list[Deadline]:
    """The deadlines a record of this workflow in this state leaves open, in table order."""
    return [d for d, (w, states) in OPEN_DEADLINES.items() if w == workflow and status in states]


class TransitionNotAllowed(ValueError):
    pass


def _describe(workflow: Workflow) -> str:
    return workflow.replace("_", " ") if workflow != Workflow.PRACTICE_REVIEW else "local review"


def check_transition(workflow: Workflow, from_status: str, to_status: str) -> None:
    """Raise TransitionNotAllowed unless the table allows the move."""
    if (from_status, to_status) not in TRANSITIONS[workflow]:
        raise TransitionNotAllowed(f"a {_describe(workflow)} cannot move from {from_status} to {to_status}")


def path(workflow: Workflow, from_status: str, to_status: str) -> list[tuple[str, str]]:
    """The allowed moves that take a record from one state to another, fewest first.

    An import catches a record up with facts that moved on outside the service
    (a file now carries the submission and the Panel's response): it may pass
    through several states in one go, each move allowed by the table, but never
    backwards. Empty when the states are the same; TransitionNotAllowed when no
    sequence of allowed moves gets there.
    """
    if from_status == to_status:
        return []
    table = TRANSITIONS[workflow]
    frontier: list[list[tuple[str, str]]] = [[]]
    seen = {from_status}
    while frontier:
        next_frontier = []
        for moves in frontier:
            at = moves[-1][1] if moves else from_status
            for a, b in sorted(table):
                if a != at or b in seen:
                    continue
                if b == to_status:
                    return [*moves, (a, b)]
                seen.add(b)
                next_frontier.append([*moves, (a, b)])
        frontier = next_frontier
    raise TransitionNotAllowed(f"a {_describe(workflow)} cannot go back from {from_status} to {to_status}")


def rapid_review_required(kind: str, abuse_neglect_suspected: str) -> bool:
    """Whether a notification of this kind must have a rapid review (and so its 15 working days).

    A serious incident: always. A looked-after child's death: when abuse or neglect is known or
    suspected (yes or unknown: it is then also a serious incident notification, process.md §1,
    and until the local authority says otherwise it is treated as one). A care leaver's death:
    never (Working Together 2023: no rapid review or local review is required, though the
    partners may review).
    """
    if kind == "care_leaver_death":
        return False
    if kind == "looked_after_death":
        return abuse_neglect_suspected != "no"
    return True


def _needing_rapid_review() -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = []
    for kind in codes.NOTIFICATION_KINDS:
        values = tuple(v for v in codes.FLAG_VALUES if rapid_review_required(kind, v))
        if values:
            found.append((kind, values))
    return tuple(found)


# `rapid_review_required` as data, for queries that select the serious incident notifications:
# each kind that can need a rapid review, with the abuse-or-neglect answers for which it does.
# The statistics' population (measures.SERIOUS_INCIDENT) and the database filter
# (cspr/cases/models: `needing_rapid_review`) are both built from it.
NEEDING_RAPID_REVIEW = _needing_rapid_review()


def rapid_review_status_from_facts(submitted: bool, responded: bool, required: bool = True) -> RapidReviewStatus:
    """The state an imported record is in, read from the dates it carries (and whether one is required)."""
    if responded:
        return RapidReviewStatus.RESPONDED
    if submitted:
        return RapidReviewStatus.SUBMITTED
    return RapidReviewStatus.DUE if required else RapidReviewStatus.NOT_REQUIRED


def practice_review_status_from_facts(final_report_sent: bool, published: bool) -> PracticeReviewStatus:
    if published:
        return PracticeReviewStatus.PUBLISHED
    return PracticeReviewStatus.FINAL_REPORT_SENT if final_report_sent else PracticeReviewStatus.COMMISSIONED


# A state the data standard cannot express is kept while the file's facts still
# fit it: a queried rapid review looks "submitted" in a file, a review the
# partners decided not to publish looks "final report sent".
KEPT_ON_IMPORT: dict[Workflow, dict[str, str]] = {
    Workflow.RAPID_REVIEW: {RapidReviewStatus.QUERIED: RapidReviewStatus.SUBMITTED},
    Workflow.PRACTICE_REVIEW: {PracticeReviewStatus.NOT_PUBLISHED: PracticeReviewStatus.FINAL_REPORT_SENT},
}


def reconcile(workflow: Workflow, current: str, from_facts: str) -> str:
    """The state to keep when a file's facts imply `from_facts` for a record now in `current`."""
    return current if KEPT_ON_IMPORT.get(workflow, {}).get(current) == from_facts else from_facts


# --- The Panel's work programme -------------------------------------------------------------
# A topic of the Panel's yearly work programme (process.md §4): named in the programme, under
# review while national reviews gather its cases, reported when the Panel has published on it,
# or withdrawn. A topic's status is not a case's workflow (no status events: it belongs to no
# case or review); its moves are audited by the action that makes them.
class WorkProgrammeStatus(StrEnum):
    PLANNED = "planned"
    UNDER_REVIEW = "under_review"
    REPORTED = "reported"
    WITHDRAWN = "withdrawn"


WORK_PROGRAMME_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (WorkProgrammeStatus.PLANNED, WorkProgrammeStatus.UNDER_REVIEW),
        (WorkProgrammeStatus.PLANNED, WorkProgrammeStatus.WITHDRAWN),
        (WorkProgrammeStatus.UNDER_REVIEW, WorkProgrammeStatus.REPORTED),
        (WorkProgrammeStatus.UNDER_REVIEW, WorkProgrammeStatus.WITHDRAWN),
    }
)
# A topic still open to new national reviews and cases.
WORK_PROGRAMME_OPEN = frozenset({WorkProgrammeStatus.PLANNED, WorkProgrammeStatus.UNDER_REVIEW})


def check_topic_move(from_status: str, to_status: str) -> None:
    """Raise TransitionNotAllowed unless a work-programme topic may move so."""
    if (from_status, to_status) not in WORK_PROGRAMME_TRANSITIONS:
        raise TransitionNotAllowed(
            f"a work programme topic cannot move from {from_status.replace('_', ' ')} to {to_status.replace('_', ' ')}"
        )


# What pages call each workflow (a timeline entry, a list filter): words, never the code.
WORKFLOW_NAMES = {
    Workflow.RAPID_REVIEW: "Rapid review",
    Workflow.PRACTICE_REVIEW: "Local review (LCSPR)",
    Workflow.NATIONAL_REVIEW: "National review",
}


# --- What a partnership did about a recommendation (issue 16: recommendations -> actions -> impact) ---
class RecommendationActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # with evidence of completion
    WITHDRAWN = "withdrawn"  # replaced or no longer pursued, with the reason in the audit trail


RECOMMENDATION_ACTION_CLOSED = frozenset({RecommendationActionStatus.COMPLETED, RecommendationActionStatus.WITHDRAWN})

# --- A published review's recommendation, as the review recorded it -------------------------------
# Its statuses are the learning repository's (cspr/learning/models.py RecommendationStatus: open,
# in_progress, completed, not_accepted, not_known). Still to be done: open, or in progress. A
# briefing lists these when past their due date; completed, not accepted or not known is not.
RECOMMENDATION_OPEN = frozenset({"open", "in_progress"})


# --- What a state is called --------------------------------------------------------------------------
def _state_names(*enums) -> dict[str, str]:
    return {str(s): str(s).replace("_", " ").capitalize() for enum in enums for s in enum}


# The words pages and briefings show for a state ("under_review" -> "Under review"): one name for
# each, whichever page, tag or document shows it. A code used by two workflows ("published") is
# the same word in both.
STATE_NAMES: dict[str, str] = _state_names(
    RapidReviewStatus, PracticeReviewStatus, NationalReviewStatus, WorkProgrammeStatus
)


def state_name(status: str) -> str:
    """A state in words, as STATE_NAMES says (a code it does not know, in words all the same)."""
    return STATE_NAMES.get(status) or str(status).replace("_", " ").capitalize()
