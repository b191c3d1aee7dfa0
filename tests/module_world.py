"""A test module's database world, built once and rolled back to before each of its tests.

Many modules build the same records for every test (personas, cases, reviews...) and
then only read them, or write and let pytest-django roll the write back. Built once per
test, that set-up was most of their time: the authorisation matrix built its world 116
times to make nine requests each time. Here a module-scoped (or class-scoped) fixture
builds it once inside an open transaction:

    def build():                       # plain code: actions, factories, personas()
        return {"people": ..., "case": notification.pk}

    @pytest.fixture(scope="module")
    def world(request):
        yield from module_world(request, build)

and each test that uses it (with the ordinary `db` fixture, or the django_db mark) runs
in pytest-django's own transaction, which inside this one is a savepoint: at the end of
the test it rolls back to the world, not to an empty database. At the end of the module
(or class) the world's own transaction is rolled back too, so the next module starts
from the migrated database as before. pytest-django supports this: its `db` fixture
deliberately skips the class-level set-up that would close the connection.

Limits:

- Not for transactional tests (`transactional_db`, `live_server`, `django_db(transaction=True)`):
  they flush the database and cannot run inside a transaction. A module that has them keeps
  its per-test set-up (`module_world` refuses to open while one of them is in the module).
- Everything the world builds must be in the default database, and built through the same
  code the tests would have run; `on_commit` callbacks never run (as in any `db` test).
- Hand tests primary keys, or re-fetch model instances in a function-scoped fixture: an
  instance shared by the module carries one test's in-memory changes into the next
  (a sign-in sets `last_login`, an action refreshes a cached relation) while the database
  does not.
- State outside the database is not rolled back: files written, the in-process cache
  (emptied before every test by tests/conftest.py's `empty_cache`), module globals.
- Under pytest-xdist a module's tests may be spread over the workers; each worker then
  builds the world once for the tests it runs (still once, not once per test).
- Start Chromium (Playwright's sync API) before building the world: while the API is open Django
  takes another database connection (one per asyncio context, not per thread), and a world built
  before it holds a transaction open that the test's own connection then finds locked
  ("database table is locked"; tests/stats/test_accessibility.py builds its world after).
"""

import sys
from collections.abc import Callable, Iterator

from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import override_settings

# The password hasher the tests use (tests/conftest.py's `fast_password_hashing`, which a
# module-scoped fixture cannot take): personas' password hashes are made with it.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def transactional(item) -> bool:
    """pytest-django's test of whether a test flushes the database instead of rolling back."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    flushes = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return bool(flushes) or bool({"transactional_db", "live_server"} & fixtures)


def module_world[T](request, build: Callable[[], T]) -> Iterator[T]:
    """Build the world in an open transaction, yield it to the tests, roll it back at the end.

    For `yield from` in a module- or class-scoped fixture (`request` is its own).
    Database access is unblocked only while building and rolling back: between them
    only the tests that ask for the database reach it, as before.
    """
    flushing = [
        item.nodeid for item in request.session.items if request.node in item.listchain() and transactional(item)
    ]
    assert not flushing, f"a transactional test cannot run inside a module's world: {flushing}"
    request.getfixturevalue("django_db_setup")  # the test database, created before the world is built in it
    django_db_blocker = request.getfixturevalue("django_db_blocker")
    with django_db_blocker.unblock():
        outer = transaction.atomic(using=DEFAULT_DB_ALIAS)
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
                world = build()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            outer.__exit__(None, None, None)
