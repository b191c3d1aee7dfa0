import fcntl
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests import template_db
from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.module_world import FAST_PASSWORD_HASHERS, transactional

# The slowest tests, slowest first (`pytest --durations`, docs/testing.md): each starts
# `cspr` processes, a live server, trains the theme model or builds a demo register. Started first, they
# run beside the many short tests instead of leaving one worker finishing them alone.
# A prefix of a test's node id; a test not listed only runs later, never differently.
SLOWEST_FIRST = (
    "tests/service/test_readme_tour.py::",
    "tests/learning/test_suggest.py::",  # trains the model itself, and again with labels held out
    "tests/api/test_fuzzing.py::",
    "tests/test_chromium_tests_are_marked_browser.py::",  # collects the whole suite in a subprocess
    "tests/learning/test_suggester_artefact.py::",
    "tests/core/test_backup_round_trip.py::test_backup_restore_verify_and_the_same_export",
    "tests/production/test_ops_findings_backup_2026_12_07.py::",  # PostgreSQL dumps and restores
    "tests/cases/test_concurrent_imports.py::",
    "tests/service/test_demo_tells_the_truth.py::",
    "tests/service/test_demo.py::test_demo_sets_up_twice_without_failing",
    "tests/reviews/test_migration.py::",
    "tests/production/test_unsafe_settings_refused.py::",
    "tests/production/test_settings_reader.py::",
    "tests/production/test_ops_findings_config_2026_12_07.py::",
    "tests/service/test_commands_start_without_heavy_libraries.py::",
)


def _slowness(item) -> int:
    """Where the test stands in SLOWEST_FIRST (0 is the slowest), or len(SLOWEST_FIRST) if not listed."""
    return next((at for at, prefix in enumerate(SLOWEST_FIRST) if item.nodeid.startswith(prefix)), len(SLOWEST_FIRST))


def _uses_database(item) -> bool:
    """pytest-django's test of whether a test uses the database (its marker or fixtures)."""
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(fixtures)
    )


def _first_chunks(config, items: list, total: int) -> list:
    """The slow tests at the head of `items` spread over the first batches pytest-xdist hands its workers.

    With `--dist load` pytest-xdist gives each worker, at the start, a run of
    consecutive tests (`LoadScheduling.schedule`: a quarter of each worker's share,
    at most --maxschedchunk): listed first in one run, every slow test would go to
    the first worker. Dealt in turn (1, 2, 2, 1, ...) into each worker's first run,
    they start together on every worker. Outside pytest-xdist the order is unchanged.
    """
    workerinput = getattr(config, "workerinput", None)
    # A worker sees its own parse of the options: "no" there means -n's default, `load`.
    if not workerinput or config.getoption("dist", "no") not in ("load", "no"):
        return items
    workers = int(workerinput["workercount"])
    chunk = max(min(total // workers // 4, config.getoption("maxschedchunk", None) or total), 2)
    # Dealt by entry, not by test: a module's tests stay on one worker with its module fixtures.
    groups = [[item for item in items if _slowness(item) == at] for at in range(len(SLOWEST_FIRST))]
    rest = [item for item in items if _slowness(item) == len(SLOWEST_FIRST)]
    dealt = [[] for _ in range(workers)]
    for turn, group in enumerate(group for group in groups if group):
        lap, seat = divmod(turn, workers)
        dealt[seat if lap % 2 == 0 else workers - 1 - seat] += group
    ordered = []
    for hand in dealt:
        take = max(chunk - len(hand), 0)
        ordered += hand + rest[:take]
        rest = rest[take:]
    return ordered + rest


@pytest.hookimpl(trylast=True)  # after pytest-django has put the transactional tests after the others
def pytest_collection_modifyitems(config, items):
    """The known-slow tests first, then tests that never touch the database, then pytest-django's order for the rest.

    pytest-django runs database-free tests last; they may run at any point, and first
    they spread over the pytest-xdist workers with the rest, instead of ending the run
    on one worker with a long property test while the other waits. Transactional tests
    (which flush the database, taking the migrations' reference data with it) stay
    after all the others; the slow ones lead that group.
    """
    anytime = [item for item in items if not transactional(item)]
    flushing = [item for item in items if transactional(item)]
    anytime = [item for item in anytime if not _uses_database(item)] + [
        item for item in anytime if _uses_database(item)
    ]
    # sorted() is stable: beyond the slow tests, each group keeps its order.
    anytime = _first_chunks(config, sorted(anytime, key=_slowness), total=len(items))
    items[:] = anytime + sorted(flushing, key=_slowness)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def empty_cache():
    # Pages under load: the statistics page's figures are cached (cspr/stats/cache.py). Each test's
    # database is rolled back but the in-process cache is not, and factories write without the
    # audit trail that changes the register's generation: so every test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def client():
    """pytest-django's `client`, whose force_login skips django-axes' sign-in record (tests/client.py)."""
    from tests.client import Client

    return Client()


@pytest.fixture
def actor(db):
    from cspr.core.actors import system_actor

    return system_actor("cspr tests")


_reference_rows: list = []


@pytest.fixture
def reference_data(transactional_db):
    """The reference data the migrations load, back again after a transactional test's flush.

    Used instead of `serialized_rollback`, which collides with content types that
    an earlier flush re-created (UNIQUE constraint failed: django_content_type).
    The first time, `sync_reference_data` writes it as the migrations did (some
    thousand queries); its rows are kept and later flushes get them back in one
    insert per table.
    """
    from cspr.core.models import LocalAuthority, Partnership, PracticeTheme
    from cspr.core.reference import sync_reference_data

    if LocalAuthority.objects.exists():
        return
    if _reference_rows:
        for model, rows in _reference_rows:
            model.objects.bulk_create(model(**row) for row in rows)
        return
    sync_reference_data(LocalAuthority, Partnership, PracticeTheme)
    for model in (LocalAuthority, Partnership, PracticeTheme):
        _reference_rows.append((model, list(model.objects.values(*(f.attname for f in model._meta.concrete_fields)))))
    for through in (LocalAuthority.predecessors.through, Partnership.local_authorities.through):
        fields = [f.attname for f in through._meta.concrete_fields if not f.primary_key]
        _reference_rows.append((through, list(through.objects.values(*fields))))


@pytest.fixture(scope="session", autouse=True)
def suggester_trained_once_per_run(request, tmp_path_factory):
    """The theme suggester is trained once, not once per pytest-xdist worker, per run's process or per run.

    Its artefact (cspr/learning/suggest.py) is kept in pytest's cache directory
    (.pytest_cache/d/cspr-suggester, ignored by git), shared by the xdist workers and
    by later runs: the first worker to need it builds it (the others wait on the
    build lock) and the rest load it. Training takes some 10 s of CPU. The artefact's
    name is its model version, a hash of everything it is built from (phrase lists,
    passages, the training code, library and Python versions), the same key the
    service trusts in its data directory (ADR 0026), so a change to any of them
    builds a new one. The tests of building and rebuilding use directories of their
    own. `pytest --cache-clear` (or `-p no:cacheprovider`, which keeps it in the
    run's temporary directory) trains it afresh.
    """
    from django.conf import settings

    cache = getattr(request.config, "cache", None)
    directory = cache.mkdir("cspr-suggester") if cache else _shared_dir(tmp_path_factory) / "suggester"
    saved = settings.CSPR_SUGGESTER_DIR
    settings.CSPR_SUGGESTER_DIR = Path(directory)
    yield settings.CSPR_SUGGESTER_DIR
    settings.CSPR_SUGGESTER_DIR = saved


def _shared_dir(tmp_path_factory) -> Path:
    """This run's temporary directory shared by its pytest-xdist workers (new for every run)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """pytest-xdist workers copy one test database migrated once for the run (tests/template_db.py)."""
    from django.db import connections

    if os.environ.get("PYTEST_XDIST_WORKER"):
        template_db.share(connections["default"], _shared_dir(tmp_path_factory))


@pytest.fixture(scope="session")
def migrated_sqlite(request, tmp_path_factory):
    """`migrated_sqlite(path)` puts a copy of a freshly migrated SQLite database at `path`.

    Tests that run `cspr` in subprocesses on a database file of their own needed
    `cspr migrate` first: some 7 s of CPU each, the same result every time. The
    migrations run once per test run, into a file under this run's temporary
    directory, so a changed migration is always picked up; each test then writes
    on its own copy. When the test databases are SQLite and shared by the
    pytest-xdist workers, that file is their template (tests/template_db.py: the
    same migrations, tables and rows as `cspr migrate` makes); otherwise `cspr
    migrate` makes it in a subprocess (the first worker to need it; the others
    wait on the lock).
    """
    if os.environ.get("PYTEST_XDIST_WORKER") and template_db.vendor() == "sqlite":
        request.getfixturevalue("django_db_setup")
        template = template_db.template(_shared_dir(tmp_path_factory))
        if template.exists():  # not with --reuse-db: each worker then migrates (or keeps) its own
            return _copier(template)
    shared = _shared_dir(tmp_path_factory) / "migrated-sqlite"
    shared.mkdir(exist_ok=True)
    template = shared / "migrated.sqlite3"
    with open(shared / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            building = shared / "building.sqlite3"
            building.unlink(missing_ok=True)
            environment = {**os.environ, "DATABASE_URL": f"sqlite:///{building}", "CSPR_DATA_DIR": str(shared)}
            finished = subprocess.run(
                [sys.executable, "-m", "cspr", "migrate", "--verbosity", "0"],
                env=environment,
                capture_output=True,
                text=True,
            )
            assert finished.returncode == 0, f"cspr migrate for the shared database: {finished.stderr}"
            building.rename(template)
    return _copier(template)


def _copier(template: Path):
    def copy(path) -> Path:
        # SQLite's own backup: a consistent copy whatever journal mode the file is in.
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(path)) as target:
            source.backup(target)
        return Path(path)

    return copy


def pytest_itemcollected(item):
    """A test that uses the `chromium` fixture, itself or through another (tests/browser's `page`), is marked `browser`.

    Here, not in each module, so a new browser test is left out by `pytest -m "not browser"` without
    anyone remembering to mark it; a test that starts Playwright itself is marked by hand
    (tests/test_chromium_tests_are_marked_browser.py checks both). Marked as it is collected,
    before `-m` deselects.
    """
    if "chromium" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.browser)


@pytest.fixture
def owners(people):
    """The personas who own deadlines (alice, bob, rita) with email addresses, as reminders need."""
    for name in ("alice", "bob", "rita"):
        people[name].email = f"{name}@example.org"
        people[name].save(update_fields=["email"])
    return people


@pytest.fixture(scope="module")
def chromium():
    """Chromium, started once for a test module; each test opens its own pages.

    `chromium.new_page()` and `chromium.new_context()` each start a fresh browser
    context: no cookies or storage carried over from another test. Starting
    Playwright and Chromium takes over a second of CPU, so a module's tests share one.

    While Playwright's sync API is open it marks its event loop as running in this
    thread, and Django then refuses synchronous database calls here: the tests'
    own, and pytest-django's rollback or flush after each test. Nothing here runs
    async code, so DJANGO_ALLOW_ASYNC_UNSAFE lets them through while the browser is open.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def suggester():
    """The trained theme suggester, for a test whose page shows suggestions: trained before the page is asked for.

    The coding page trains it on first use, which in a fresh process takes longer
    than a browser test waits for a page.
    """
    from cspr.learning import suggest

    return suggest.suggester()


@pytest.fixture
def every_label_shown():
    """The suggester with the held-out gate lifted, for tests of the coding workflow itself.

    Which labels pass their targets depends on the labelled set; the workflow must
    work whichever do. test_suggest.py tests the gate.
    """
    from cspr.learning.suggest import suggester

    engine = suggester()
    saved = [m.shown for m in engine.model.labels]
    for label_model in engine.model.labels:
        label_model.shown = True
    yield engine
    for label_model, shown in zip(engine.model.labels, saved):
        label_model.shown = shown
