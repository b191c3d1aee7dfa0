"""The environment the test run's settings need, set before Django reads them.

Outside demo mode the settings refuse to load without a secret key or with console
email (cspr/config.py), so the tests give them a test key and an SMTP host (Django's
test setup replaces the mailer with its in-memory outbox, so nothing is sent). The
tests never collect static files, so Django's staticfiles serves them rather than
WhiteNoise's hashed names, and their client speaks plain http, so no redirect to https.
Loaded with `-p tests.environment` (pyproject's addopts); subprocesses inherit it.
"""

import gc
import os
import tempfile

# The `cspr` processes tests start (migrate, import, runserver, backup...) keep the
# bytecode cache too (tests/bytecode.py says why): without this each compiled the
# modules the test process never imports, from source, every time.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

for name, value in {
    "CSPR_SECRET_KEY": "cspr-tests-only-key-not-for-any-real-service-0123456789",
    "CSPR_EMAIL_HOST": "localhost",
    "CSPR_SERVE_STATIC": "0",
    "CSPR_SSL_REDIRECT": "0",
    # Case documents attached by tests go to a throw-away folder, never the data directory.
    "CSPR_DOCUMENTS_DIR": tempfile.mkdtemp(prefix="cspr-test-documents-"),
    # Throttling counts in each process's memory: a shared file cache would carry one test's
    # failed sign-ins into the next test and across test runs.
    "CSPR_CACHE": "local",
    # pytest-xdist already runs one worker per core: numpy's and scikit-learn's own thread pools
    # on top of it only contend for the same cores (set before numpy is first imported).
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}.items():
    os.environ.setdefault(name, value)

# The garbage collector's youngest generation is collected every 50,000 net allocations rather
# than every 700 (and the older ones less often): a test run allocates millions of objects that
# live as long as the run (models, templates, migration states, parsed registers), and each
# collection walked them to free almost nothing (some 15% of the synthetic-data tests' CPU).
# Cycles are still collected, later; only the test processes are tuned, not `cspr` itself.
gc.set_threshold(50_000, 20, 100)
