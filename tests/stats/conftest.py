"""Small registers for the report tests, written through the import's writer like real data."""

import pytest

from tests import factories
from tests.cases.rows import valid_row


def load_rows(rows: list[dict]) -> None:
    factories.notifications(*rows)


@pytest.fixture
def load(db):
    return load_rows


def row(ref: str, child: str = "C1", **overrides) -> dict:
    """One child's row of a notification: `row("N-2", incident_type="death", ...)`."""
    return valid_row(notification_ref=ref, child_ref=child, **overrides)
