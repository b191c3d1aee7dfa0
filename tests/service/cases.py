"""The two cases most service tests start from (the `cases` fixture, and module worlds that need the same)."""

from tests import factories
from tests.cases.rows import valid_row


def two_cases(people):
    """Case A in Birmingham (alice's) with an LCSPR reviewed by rita; case B in the City of London (bob's)."""
    made = factories.notifications(
        valid_row(notification_ref="A-1", rr_submitted_date="2020-03-20", lcspr_decision_date="2020-04-01"),
        valid_row(notification_ref="B-1", la_code="E09000001"),
    )
    a, b = made["A-1"], made["B-1"]
    # Set directly, as a version-1 LCSPR with its reviewer: the page tests post version 1.
    a.practice_review.reviewer = people["rita"]
    a.practice_review.save(update_fields=["reviewer"])
    return {"A": a, "B": b}
