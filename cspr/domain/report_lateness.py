"""The deadlines a report measures for timeliness, and the bands of working days late.

Split from cspr/domain/report_build.py: the report object reads these keys like any
other, and cspr/domain/report_parts.py builds the timeliness table from them.
"""

from dataclasses import dataclass

from cspr.domain.deadlines import LCSPR_PUBLICATION_PERIOD, NOTIFICATION_PERIOD, RAPID_REVIEW_PERIOD
from cspr.domain.measures import (
    AtLeast,
    Between,
    Period,
    Quantity,
    quantity,
)

# Bands of working days late (issue 6). "61 or more" has no upper end.
LATE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2_to_5", 2, 5),
    ("6_to_10", 6, 10),
    ("11_to_20", 11, 20),
    ("21_to_60", 21, 60),
    ("61_or_more", 61, None),
)
LATE_ALL = "all"


@dataclass(frozen=True)
class Lateness:
    """A deadline a report measures: which records, which date, by when."""

    kind: str
    population: str
    on_time: str  # measure id
    done_field: str
    due_field: str
    rule: str
    # The working days late each record stores (domain/deadlines.py `working_days_late`, ADR 0036).
    days_field: str


LATENESS: dict[str, Lateness] = {
    x.kind: x
    for x in (
        Lateness(
            "notifications",
            "notifications",
            "notifications.on_time",
            "notified_date",
            "notification_due_date",
            f"notified within {NOTIFICATION_PERIOD} of the local authority becoming aware",
            "notification_days_late",
        ),
        Lateness(
            "rapid_reviews",
            "rapid_reviews",
            "rapid_reviews.on_time",
            "rr_submitted_date",
            "rr_due_date",
            f"submitted within {RAPID_REVIEW_PERIOD} (from awareness under Working Together 2018, "
            "from notification under Working Together 2023)",
            "rr_days_late",
        ),
        Lateness(
            "lcsprs",
            "lcsprs_published",
            "lcsprs.published_on_time",
            "lcspr_published_date",
            "lcspr_due_date",
            f"published within {LCSPR_PUBLICATION_PERIOD} of the decision to commission it",
            "lcspr_days_late",
        ),
    )
}


@dataclass(frozen=True)
class Late:
    """How many of a deadline's records were late by a band of working days
    (`bucket` = LATE_ALL: late at all). Counted from the working days late each
    record stores, as one more conditional count (`late_quantity`)."""

    kind: str
    bucket: str
    period: Period


def late_quantity(key: Late) -> Quantity:
    """The count a `Late` key is: the deadline's population, late by the bucket's working days."""
    rule = LATENESS[key.kind]
    low, high = (1, None) if key.bucket == LATE_ALL else next((lo, hi) for c, lo, hi in LATE_BUCKETS if c == key.bucket)
    days = AtLeast(rule.days_field, low) if high is None else Between(rule.days_field, low, high)
    return quantity(rule.population, days, key.period)
