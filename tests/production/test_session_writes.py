"""A signed-in session rolls its idle expiry on without a database write per request."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.core.sessions import SAVED_AT

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _session_writes(client, path="/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for query in queries.captured_queries
        if "django_session" in query["sql"] and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_read_within_a_tenth_of_the_idle_window_do_not_write_the_session(client, people):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(people["sam"])
        client.get("/")
        for _ in range(5):
            traveller.shift(dt.timedelta(seconds=30))
            assert _session_writes(client) == 0


def test_the_expiry_moves_on_once_a_tenth_of_the_window_has_passed(client, people):
    assert settings.SESSION_REFRESH_AFTER == settings.SESSION_COOKIE_AGE // 10 == 180
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(people["sam"])
        client.get("/")
        first = _expiry(client)
        traveller.shift(dt.timedelta(minutes=4))
        assert _session_writes(client) == 1
        assert _expiry(client) == first + dt.timedelta(minutes=4)
        assert client.session[SAVED_AT] == int((START + dt.timedelta(minutes=4)).timestamp())
        assert _session_writes(client) == 0


def test_a_session_idle_for_the_whole_window_has_ended(client, people):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(people["sam"])
        client.get("/")
        traveller.shift(dt.timedelta(minutes=2))
        client.get("/")  # within the tenth: not saved, so the 30 minutes still count from the sign-in
        traveller.shift(dt.timedelta(minutes=28, seconds=1))
        response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_anonymous_visitor_gets_no_session_row(client, db):
    assert client.get("/accessibility").status_code == 200
    assert not Session.objects.exists()
