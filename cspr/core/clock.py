"""The statutory clock as the running service sees it: the domain rules plus settings."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from cspr.domain import deadlines
from cspr.domain.calendar import WorkingDayCalendar, england_calendar


def working_days() -> WorkingDayCalendar:
    """England's working-day calendar with the operator's extra closure dates."""
    extra = tuple(date.fromisoformat(d) for d in settings.CSPR_EXTRA_CLOSURE_DATES)
    return england_calendar(extra)


@dataclass(frozen=True)
class PracticeReviewDue:
    publication: date
    final_report: date


def practice_review_due(decision_date: date) -> PracticeReviewDue:
    publication = deadlines.lcspr_publication_due(decision_date)
    final_report = deadlines.lcspr_final_report_due(
        publication, working_days(), settings.CSPR_FINAL_REPORT_WORKING_DAYS
    )
    return PracticeReviewDue(publication, final_report)


def notification_due(aware_date: date) -> date:
    return deadlines.notification_due(aware_date, working_days())


def rapid_review_due(*, aware_date: date, notified_date: date) -> deadlines.RapidReviewDue:
    return deadlines.rapid_review_due(aware_date=aware_date, notified_date=notified_date, calendar=working_days())
