import fcntl
import os
import pickle

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def actor(db):
    from cspr.core.actors import system_actor

    return system_actor("cspr tests")


@pytest.fixture
def reference_data(transactional_db):
    """The reference data the migrations load, back again after a transactional test's flush.

    Used instead of `serialized_rollback`, which collides with content types that
    an earlier flush re-created (UNIQUE constraint failed: django_content_type).
    """
    from cspr.core.models import LocalAuthority, Partnership, PracticeTheme
    from cspr.core.reference import sync_reference_data

    if not LocalAuthority.objects.exists():
        sync_reference_data(LocalAuthority, Partnership, PracticeTheme)


@pytest.fixture(scope="session", autouse=True)
def suggester_trained_once_per_run(tmp_path_factory):
    """The theme suggester is trained once per test run, not once per pytest-xdist worker.

    cspr.learning.suggest keeps the suggester it trains for the life of a process
    (training takes some 15 s of CPU). Under xdist each worker is a process, so the
    first worker to need it trains it and leaves a copy in this run's temporary
    directory (shared by the workers, new for every run); the others load that.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    from cspr.learning import suggest

    shared = tmp_path_factory.getbasetemp().parent
    train = suggest.build

    def build():
        path = shared / f"suggester-{suggest.model_version()}.pickle"
        with open(shared / "suggester.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                return pickle.loads(path.read_bytes())
            built = train()
            path.write_bytes(pickle.dumps(built))
            return built

    suggest.build = build
    yield
    suggest.build = train


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
