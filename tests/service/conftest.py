import io

import pytest
from django.core.management import call_command

from cspr.cases.models import Notification
from tests.cases.rows import csv_bytes, valid_row
from tests.service.personas import personas


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def cases(people, tmp_path):
    """Case A in Birmingham (alice's) with an LCSPR reviewed by rita; case B in the City of London (bob's)."""
    rows = [
        valid_row(notification_ref="A-1", rr_submitted_date="2020-03-20", lcspr_decision_date="2020-04-01"),
        valid_row(notification_ref="B-1", la_code="E09000001"),
    ]
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import", str(path), stdout=io.StringIO())
    a, b = Notification.objects.get(ref="A-1"), Notification.objects.get(ref="B-1")
    a.practice_review.reviewer = people["rita"]
    a.practice_review.save(update_fields=["reviewer"])
    return {"A": a, "B": b}


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
