"""The statistics page takes the same few queries whatever the size of the register."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from cspr.cases import actions, scope
from cspr.cases.models import CaseShare
from tests.cases.rows import varied_file
from tests.service.personas import personas
from tests.stats.test_queries import QUERIES as REPORT

pytestmark = pytest.mark.django_db

YEAR_2020 = {"report": "panel-annual", "period": "2020"}
# Every page: the session, the person and their MFA (3), the permissions for the navigation
# (2) and the session's save (3). The national report: REPORT (tests/stats/test_queries.py).
# A partnership manager: their organisation and partnership (2), their own report, whether
# any case is shared with them (1), and with one shared the report of all they can see.
NATIONAL = 3 + 2 + 3 + REPORT
QUERIES = {"sam": NATIONAL, "ann": NATIONAL, "alice": NATIONAL + 2 + REPORT + 1}
WITH_A_SHARED_CASE = QUERIES["alice"] + REPORT


@pytest.mark.parametrize("size", [20, 300])
def test_the_page_is_a_constant_number_of_queries(tmp_path, client, size, django_assert_max_num_queries):
    people = personas()
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(size, seed=size))
    call_command("import", str(path), stdout=io.StringIO())
    # A child living in another partnership's area shares the case with it on import (the home
    # authority), so alice may see a shared case before bob shares one by hand.
    shared_already = CaseShare.objects.filter(partnership_id="birmingham").exists()
    expected = {**QUERIES, "alice": WITH_A_SHARED_CASE if shared_already else QUERIES["alice"]}
    for persona, most in expected.items():
        client.force_login(people[persona])
        with django_assert_max_num_queries(most):
            assert client.get(reverse("statistics"), YEAR_2020).status_code == 200

    # One of bob's own cases not yet shared with Birmingham.
    bobs = (
        scope.notifications_for(people["bob"])
        .exclude(partnership_id="birmingham")
        .exclude(shares__partnership_id="birmingham")
        .first()
    )
    actions.case_share(actor=people["bob"], notification_id=bobs.pk, partnership_id="birmingham", reason="Moved")
    client.force_login(people["alice"])
    with django_assert_max_num_queries(WITH_A_SHARED_CASE):
        assert client.get(reverse("statistics"), YEAR_2020).status_code == 200
