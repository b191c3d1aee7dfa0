"""The statistics page builds its figures once per register state: a second request reads the
cache, and a write to the register makes the next request build them again."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr.cases import actions, scope
from cspr.stats.cache import figures_key
from cspr.stats.forms import StatisticsForm
from cspr.stats.views import fragment
from tests.cases.rows import varied_file
from tests.service.personas import personas
from tests.stats.test_queries import QUERIES as REPORT  # the report's queries

pytestmark = pytest.mark.django_db

YEAR_2020 = {"report": "panel-annual", "period": "2020"}


@pytest.fixture
def people(tmp_path):
    people = personas()
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(60, seed=7))
    call_command("import", str(path), stdout=io.StringIO())
    return people


def without_nonces(response) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b"", response.content)


def page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("statistics"), YEAR_2020)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_request_reads_the_figures_from_the_cache(client, people):
    client.force_login(people["sam"])
    first, built = page(client)
    second, cached = page(client)
    assert cached <= built - REPORT  # the national report's counts are not run again
    assert without_nonces(second) == without_nonces(first)


def test_another_person_with_the_same_scope_shares_the_cached_figures(client, people):
    client.force_login(people["sam"])
    _, built = page(client)
    client.force_login(people["ann"])
    _, cached = page(client)
    assert cached <= built - REPORT


def test_a_write_to_the_register_makes_the_next_request_build_again(client, people, tmp_path):
    client.force_login(people["sam"])
    before, _ = page(client)
    _, cached = page(client)
    path = tmp_path / "more.csv"
    path.write_bytes(varied_file(120, seed=7))  # the same 60 notifications and 60 more
    call_command("import", str(path), stdout=io.StringIO())
    after, rebuilt = page(client)
    assert rebuilt >= cached + REPORT
    assert without_nonces(after) != without_nonces(before)


def test_sharing_a_case_makes_the_partnerships_next_request_build_again(client, people):
    client.force_login(people["alice"])
    page(client)
    _, cached = page(client)
    bobs = scope.notifications_for(people["bob"]).first()
    actions.case_share(actor=people["bob"], notification_id=bobs.pk, partnership_id="birmingham", reason="Moved")
    _, rebuilt = page(client)
    assert rebuilt >= cached + REPORT


def test_a_case_viewed_is_a_read_and_keeps_the_cache(client, people):
    client.force_login(people["sam"])
    _, built = page(client)
    ref = scope.notifications_for(people["sam"]).first().ref
    assert client.get(reverse("notification_detail", kwargs={"ref": ref})).status_code == 200
    _, cached = page(client)
    assert cached <= built - REPORT


def test_the_reports_html_is_cached_with_the_figures_under_their_key(client, people):
    client.force_login(people["sam"])
    first, _ = page(client)
    form = StatisticsForm(YEAR_2020)
    assert form.is_valid()
    key = figures_key(form.choice(), "england")
    html = cache.get(f"{key}:html")
    assert html == {"national_html": str(fragment(cache.get(key).national, "england-"))}
    assert html["national_html"] in first.content.decode()


def test_a_partnership_managers_second_page_is_the_first_from_the_cache(client, people):
    client.force_login(people["alice"])
    first, built = page(client)
    second, cached = page(client)
    assert cached <= built - REPORT
    assert without_nonces(second) == without_nonces(first)
    assert 'id="own-' in second.content.decode()  # her partnership's own report, from the cache too
