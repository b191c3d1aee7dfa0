"""A big register's rows read by two threads count exactly what one thread counts.

On SQLite, outside a transaction and above `engine.SPLIT_ROWS` notifications, the engine reads
each query's rows on `engine.THREADS` connections at once, every other day of notification
each (ADR 0036, second amendment). These tests lower the threshold so a small register takes
that path, and compare it with the one-thread path and with the reference evaluator. They need
committed rows (`transaction=True`): another connection does not see a test's transaction.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from cspr.cases.models import Notification
from cspr.domain.measures import count_matching
from cspr.domain.report_periods import calendar_year
from cspr.stats import engine
from cspr.stats.report import national_report
from tests.cases.rows import varied_file
from tests.stats.test_engine_conditions import CONDITIONS, YEARS
from tests.stats.test_sql_matches_the_catalogue import rows_by_level

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL reads in one thread")


def write_register(folder) -> None:
    path = folder / "register.csv"
    path.write_bytes(varied_file(400, seed=11))
    call_command("import", str(path), stdout=io.StringIO())


@pytest.fixture
def register(tmp_path, db):
    write_register(tmp_path)


@pytest.fixture
def committed_register(tmp_path, reference_data):
    """The register committed (a transactional test's flush took the reference data: back first)."""
    write_register(tmp_path)


@pytest.fixture
def threads_used(monkeypatch):
    """The number of threads each call of `count_quantities` read its rows with."""
    used = []
    read = engine._read_in_threads

    def recorded(scans, threads, alias):
        found = read(scans, threads, alias)
        used.append(threads if found is not None else 1)
        return found

    monkeypatch.setattr(engine, "_read_in_threads", recorded)
    return used


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_count_every_quantity_as_one_thread_does(committed_register, monkeypatch, threads_used):
    period = calendar_year(2020)
    monkeypatch.setattr(engine, "THREADS", 1)
    one = national_report("panel-annual", period=period).values
    monkeypatch.setattr(engine, "THREADS", 2)
    monkeypatch.setattr(engine, "SPLIT_ROWS", 0)
    two = national_report("panel-annual", period=period).values
    assert threads_used == [2]
    assert two == one
    assert sum(one.values()) > 0


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_count_as_the_reference_evaluator_does(committed_register, monkeypatch, threads_used):
    from cspr.domain.measures import Quantity

    monkeypatch.setattr(engine, "THREADS", 2)
    monkeypatch.setattr(engine, "SPLIT_ROWS", 0)
    rows = rows_by_level()
    quantities = [Quantity(level, c, YEARS) for level, cs in CONDITIONS.items() for c in cs]
    counted = engine.count_quantities(quantities, Notification.objects.all())
    assert threads_used == [2]
    assert counted == {q: count_matching(rows[q.level], q) for q in quantities}


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_small_register_is_read_in_one_thread(committed_register, monkeypatch, threads_used):
    monkeypatch.setattr(engine, "THREADS", 2)
    largest = Notification.objects.order_by("-pk").values_list("pk", flat=True)[0]  # ids go on after a flush
    monkeypatch.setattr(engine, "SPLIT_ROWS", largest + 1)
    national_report("panel-annual", period=calendar_year(2020))
    assert threads_used == []  # not even a thread started


@pytest.mark.django_db
def test_inside_a_transaction_the_rows_are_read_in_one_thread(register, monkeypatch, threads_used):
    # Another connection would not see the transaction's own rows (here: the test's).
    monkeypatch.setattr(engine, "THREADS", 2)
    monkeypatch.setattr(engine, "SPLIT_ROWS", 0)
    data = national_report("panel-annual", period=calendar_year(2020))
    assert threads_used == []
    assert sum(data.values.values()) > 0
