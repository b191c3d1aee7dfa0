"""The dates a rapid review is sent to the Panel on: one home for the action, the API and the import.

The first send is the rapid review's sent date (`submitted_date`, the standard's `rr_submitted_date`):
the statistics, the dashboard and the 15-working-day measure read it, so an answer to a Panel
question never rewrites it. An answer has a date of its own (`answered_date`).
"""

from datetime import date

from cspr.domain.dates import long_date
from cspr.domain.refusal import not_before

# Two floors, for two questions. A file of the data standard (an import, a correction's re-check of
# the stored record) is held to the open standard's order, `rr_submitted_date` >= `aware_date`: a
# register's history (another system's, the Panel's own log) may hold a review that reached the
# Panel before the notification was logged, and it stays importable and correctable. A send
# recorded in the service now (the page, the API: `check_sent`) is held to the notification date:
# the partners cannot send the Panel a rapid review of a case it has not been notified of.
STANDARD_FLOOR = "aware_date"


def check_sent(sent: date, *, notified_date: date, field: str = "submitted_date") -> None:
    """Refuse a first send, recorded in the service, dated before the notification reached the Panel."""
    not_before(
        sent,
        notified_date,
        field=field,
        message="a rapid review cannot be sent to the Panel before the notification reached it "
        f"({long_date(notified_date)})",
    )


def check_answer(answered: date, *, queried_on: date | None, today: date, field: str = "submitted_date") -> None:
    """Refuse an answer dated before the Panel asked its question, or in the future."""
    not_before(
        answered,
        queried_on,
        field=field,
        message=f"an answer cannot be sent before the Panel asked its question ({long_date(queried_on)})"
        if queried_on
        else "",
    )
    not_before(today, answered, field=field, message=f"an answer cannot be dated in the future ({answered})")


def last_sent(submitted_date: date | None, answered_date: date | None) -> date | None:
    """When the Panel last received the rapid review: its latest answer, else its first send."""
    return answered_date or submitted_date
