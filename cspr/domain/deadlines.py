"""Statutory deadlines of the review process, one function per deadline.

Sources are Working Together to Safeguard Children 2018 (chapter 4, "Improving
child protection and safeguarding practice") and 2023 (chapter 5, "Learning from
serious child safeguarding incidents"). cspr cites chapter and section heading;
paragraph numbers could not be confirmed from the sources available when this was
written, and are marked "paragraph not confirmed" rather than guessed. What was
confirmed, and from where, is in docs/adr/0004-statutory-clock.md.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from cspr.domain.calendar import WorkingDayCalendar

__all__ = [
    "DEADLINES",
    "WT2023_IN_FORCE",
    "Deadline",
    "DeadlineKind",
    "NATIONAL_REVIEW_MONTHS",
    "NATIONAL_REVIEW_REPORT",
    "COUNTED_FROM",
    "EDITION_NAMES",
    "Edition",
    "RapidReviewDue",
    "add_calendar_months",
    "edition_in_force",
    "late_notification_reason_problem",
    "lcspr_final_report_due",
    "lcspr_publication_due",
    "national_review_report_due",
    "notification_due",
    "rapid_review_due",
    "recommendation_action_overdue",
    "working_days_late",
]


class Edition(StrEnum):
    WT2018 = "wt2018"
    WT2023 = "wt2023"


# Working Together 2023 was published, and took effect, on 15 December 2023.
WT2023_IN_FORCE = date(2023, 12, 15)

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
LCSPR_PUBLICATION_MONTHS = 6
FINAL_REPORT_WORKING_DAYS = 7  # default of settings.CSPR_FINAL_REPORT_WORKING_DAYS
# Working days ahead that reminders warn about, and within which the dashboard tags a deadline
# "due soon": default of settings.CSPR_REMINDER_WORKING_DAYS (no statute sets it).
REMINDER_WORKING_DAYS = 3


class Deadline(StrEnum):
    """The statutory deadlines a case carries while its reviews are open."""

    RAPID_REVIEW = "rapid_review"
    LCSPR_FINAL_REPORT = "lcspr_final_report"
    LCSPR_PUBLICATION = "lcspr_publication"


@dataclass(frozen=True)
class DeadlineKind:
    label: str  # what is due, as a list or an email names it
    rule: str  # the period, as pages say it


def working_days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def calendar_months(n: int) -> str:
    return f"{n} calendar month{'s' if n != 1 else ''}"


def rule_for_final_report(working_days_before: int) -> str:
    """The final report's rule: it must reach the Panel this long before the publication due date."""
    return f"{working_days(working_days_before)} before the publication due date"


# The wording every page, list, command and email uses for a deadline. The
# rapid review's rule also names the edition and the date counted from, which
# only the record knows (see `rule_for_rapid_review`).
DEADLINES: dict[Deadline, DeadlineKind] = {
    Deadline.RAPID_REVIEW: DeadlineKind("rapid review", working_days(RAPID_REVIEW_WORKING_DAYS)),
    # The number of working days is a setting (CSPR_FINAL_REPORT_WORKING_DAYS): pages take the rule
    # from core/clock.py's `final_report_rule`, which words it with the number in force.
    Deadline.LCSPR_FINAL_REPORT: DeadlineKind(
        "LCSPR final report to Panel and Secretary of State", rule_for_final_report(FINAL_REPORT_WORKING_DAYS)
    ),
    Deadline.LCSPR_PUBLICATION: DeadlineKind(
        "LCSPR publication", f"{calendar_months(LCSPR_PUBLICATION_MONTHS)} from decision"
    ),
}

NOTIFICATION_PERIOD = working_days(NOTIFICATION_WORKING_DAYS)
RAPID_REVIEW_PERIOD = working_days(RAPID_REVIEW_WORKING_DAYS)
LCSPR_PUBLICATION_PERIOD = calendar_months(LCSPR_PUBLICATION_MONTHS)


# The words for the codes a rapid review stores with its due date (`due_rule`, `due_counted_from`).
EDITION_NAMES = {Edition.WT2018: "Working Together 2018", Edition.WT2023: "Working Together 2023"}
COUNTED_FROM = {"aware_date": "the date the local authority became aware", "notified_date": "the notified date"}


def rule_for_rapid_review(edition: str, counted_from: str) -> str:
    """How a rapid review's due date was computed, in words.

    e.g. "15 working days (Working Together 2023, from the notified date)".
    """
    return f"{RAPID_REVIEW_PERIOD} ({EDITION_NAMES[Edition(edition)]}, from {COUNTED_FROM[counted_from]})"


def edition_in_force(aware_date: date) -> Edition:
    """The edition whose rules govern a case: the one in force on the aware date.

    A case keeps its edition for life, so a rapid review already running on
    15 December 2023 is not re-dated by the new guidance. Dates before WT2018
    (29 June 2018) are also answered WT2018: serious case reviews had no rapid
    review, and cspr does not compute their deadlines.
    """
    return Edition.WT2023 if aware_date >= WT2023_IN_FORCE else Edition.WT2018


def notification_due(aware_date: date, calendar: WorkingDayCalendar) -> date:
    """Last day to notify the Panel: 5 working days after the LA became aware.

    The duty to notify is statutory (Children Act 2004 s16C(1), inserted by the
    Children and Social Work Act 2017); the 5 working days are set by the guidance:
    WT2018 ch.4, "Duty on local authorities to notify incidents to the Child
    Safeguarding Practice Review Panel" (paragraph not confirmed); WT2023 ch.5,
    the same duty (paragraph not confirmed). Unchanged between the editions.
    """
    return calendar.add_working_days(aware_date, NOTIFICATION_WORKING_DAYS)


def late_notification_reason_problem(
    *, reason: str | None, aware_date: date | None, notified_date: date | None, calendar: WorkingDayCalendar
) -> str | None:
    """What is wrong with giving `reason` for a late notification, or None.

    The data standard's `late_notification_reason` says why a notification reached the Panel
    after its 5 working days (`notification_due`), and the Panel reports those reasons for delay:
    a reason on a notification sent on time would be counted as a delay that did not happen, and
    shown beside "(on time)". So it is refused, in words that say how many working days it took.
    Nothing to check when no reason is given or a date is not known.
    """
    if not reason or aware_date is None or notified_date is None or notified_date < aware_date:
        return None
    if notified_date > notification_due(aware_date, calendar):
        return None
    took = calendar.working_days_between(aware_date, notified_date)
    return (
        f"must be empty: the notification was on time (notified_date is {working_days(took)} after "
        f"aware_date, within the {NOTIFICATION_PERIOD}); a reason is given only for a late notification"
    )


@dataclass(frozen=True)
class RapidReviewDue:
    due: date
    edition: Edition
    counted_from: Literal["aware_date", "notified_date"]


def rapid_review_due(
    *, aware_date: date, notified_date: date | None, calendar: WorkingDayCalendar
) -> RapidReviewDue:
    """Last day to send the rapid review to the Panel: 15 working days after ...

    - WT2018 (aware before 15 December 2023): ... the safeguarding partners became
      aware of the incident. WT2018 ch.4, "Rapid reviews" (paragraph not confirmed).
    - WT2023 (aware on or after 15 December 2023): ... the notification was sent
      to the Panel. WT2023 ch.5, "Rapid reviews" (paragraph not confirmed).

    cspr uses the LA's aware date for the partners' aware date (the LA is one of
    the partners and tells the others). Under WT2023 the clock has not started
    until the notification is sent, so a missing notified_date is an error rather
    than a guessed due date.
    """
    edition = edition_in_force(aware_date)
    if edition is Edition.WT2018:
        due = calendar.add_working_days(aware_date, RAPID_REVIEW_WORKING_DAYS)
        return RapidReviewDue(due=due, edition=edition, counted_from="aware_date")
    if notified_date is None:
        raise ValueError(
            "Under Working Together 2023 the rapid review is counted from the "
            "notification date; it has no due date before the Panel is notified."
        )
    due = calendar.add_working_days(notified_date, RAPID_REVIEW_WORKING_DAYS)
    return RapidReviewDue(due=due, edition=edition, counted_from="notified_date")


def add_calendar_months(d: date, months: int) -> date:
    """The same day `months` calendar months later, clipped to the month's end.

    31 August + 6 months is 28 (or 29) February: the month has no 31st, and rolling
    over into March would give more than the six months allowed.
    """
    years, month_index = divmod(d.month - 1 + months, 12)
    year, month = d.year + years, month_index + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(d.day, last_day))


def lcspr_publication_due(decision_date: date) -> date:
    """Last day to publish a local review: 6 calendar months after the decision.

    WT2018 ch.4, "Local child safeguarding practice reviews" (completed and
    published within six months of the decision to initiate it; paragraph not
    confirmed); WT2023 ch.5, the same rule (paragraph not confirmed). Calendar
    months, not working days. Reasons for any delay are recorded, not computed.
    """
    return add_calendar_months(decision_date, LCSPR_PUBLICATION_MONTHS)


def lcspr_final_report_due(
    publication_due: date,
    calendar: WorkingDayCalendar,
    working_days: int = FINAL_REPORT_WORKING_DAYS,
) -> date:
    """Last day to send the final report to the Panel and the Secretary of State.

    The guidance requires the full report to reach the Panel and the Secretary of
    State before publication: WT2018 ch.4, "Publication of reports"; WT2023 ch.5,
    the same section (paragraphs not confirmed). The number of working days
    (7, "no later than seven working days before the date of publication") is the
    widely used reading but was not confirmed from the text, so it is a setting
    (CSPR_FINAL_REPORT_WORKING_DAYS). cspr counts back from the publication *due*
    date, which gives the latest safe day while the real date is unknown.
    """
    return calendar.subtract_working_days(publication_due, working_days)


def working_days_late(
    due: date | None, actual: date | None, calendar: WorkingDayCalendar
) -> int | None:
    """Working days from due to actual: 0 when on time, None when not done yet
    (or when no deadline runs: a rapid review that is not required has no due date).

    Something done after the due date is late by at least 1, even when no
    working day has passed (sent on the Saturday after a Friday deadline), so
    that 0 always means on time.

    Each record stores this figure for each of its deadlines when its dates are
    written (ADR 0036), beside the due date it was counted from: the statistics
    count the stored figure and do no working-day arithmetic of their own.
    """
    if actual is None or due is None:
        return None
    if actual <= due:
        return 0
    return max(1, calendar.working_days_between(due, actual))


# --- National reviews ------------------------------------------------------------------------
# No statute or edition of Working Together sets a period for a national review: the Panel sets
# one in each review's terms of reference, which the Secretary of State sees when confirming the
# reviewer's appointment (Regulations 2018 reg 4(5)). Six months is what the Panel announced for
# its first national review ("The review will commence in March 2019, and complete within six
# months": the Panel chair's letter to the Secretary of State, 1 February 2019), and is the
# default a page offers; the months the terms of reference set are stored with the review.
NATIONAL_REVIEW_MONTHS = 6
NATIONAL_REVIEW_REPORT = DeadlineKind("national review report", "the months its terms of reference set")


def national_review_report_due(confirmed: date, months: int = NATIONAL_REVIEW_MONTHS) -> date:
    """Last day for a national review's report: `months` calendar months after the appointment was confirmed.

    The clock starts when the Secretary of State confirms the (first) reviewer's
    appointment (reg 4(5)): before that nobody can start the review. A later
    appointment to the same review (reg 4(3): "one or more persons"; reg 5(3): a
    replacement) does not restart it. The report then goes to the Secretary of State
    and is published (regs 9 and 10); cspr records those dates, it does not compute them.
    """
    if months < 1:
        raise ValueError("a national review's terms of reference allow at least one month")
    return add_calendar_months(confirmed, months)


def recommendation_action_overdue(due_date: date | None, *, closed: bool, today: date) -> bool:
    """An action a partnership set itself for a recommendation is overdue the day after its due date
    while it is still open (planned or in progress). Not statutory: the date is the partnership's own."""
    return due_date is not None and not closed and today > due_date
