"""A notification that needs no rapid review (a care leaver's death) through the API: its rapid review reads."""

import pytest

from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

DEATH = {"incident_type": "death", "harm_category": "", "death_category": "unrelated_or_unclear"}


def test_the_rapid_review_of_a_care_leavers_death_reads_with_no_due_date(token_for):
    factories.notifications(
        valid_row(notification_ref="CL-1", notification_kind="care_leaver_death", age_years="22", **DEATH)
    )
    answer = token_for("alice", scopes="read").get("/api/v1/notifications/CL-1/~/rapid-review")
    assert answer.status_code == 200, answer.content[:300]
    assert (answer.json()["status"], answer.json()["due_date"]) == ("not_required", None)
