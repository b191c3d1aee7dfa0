"""The dashboard's query count does not grow with the register (10 years of national-scale data)."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from cspr.cases.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_decade(tmp_path):
    path = tmp_path / "decade.csv"
    call_command("synth", "--profile", "national", "--seed", "11", "--years", "2014-2023", "--out", str(path),
                 stdout=io.StringIO(), stderr=io.StringIO())
    call_command("import", str(path), stdout=io.StringIO())
    assert Notification.objects.count() > 4000


def dashboard_queries(client, user, django_assert_max_num_queries, limit):
    client.force_login(user)
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


@time_machine.travel(date(2024, 1, 15), tick=False)
def test_the_dashboard_runs_a_constant_number_of_queries(national_decade, people, client,
                                                         django_assert_max_num_queries):
    # The same bound holds for the Panel (the whole register) and a partnership (a slice of it).
    # 22: one reads the overdue actions on review recommendations (issue 16), five write the
    # read's audit event (the cases it lists), three save the new session once after sign-in.
    for persona in ("sam", "alice"):
        response = dashboard_queries(client, people[persona], django_assert_max_num_queries, limit=22)
        assert b"What is due" in response.content
