"""Every test that starts Chromium is marked `browser`, so `pytest -m "not browser"` leaves every one out.

A test starts Chromium through the `chromium` fixture, itself or through another fixture
(tests/browser's `page`), or by starting Playwright in its own body (tests/briefings/
test_panel_2020.py's axe test). tests/conftest.py marks the first kind; the second is
marked by hand. The whole suite is collected in a `pytest --collect-only` subprocess with
this module loaded as a plugin (`-p`): its hook below writes down each test that starts
Chromium and whether it carries the marker.
"""

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

REPORT = "CSPR_CHROMIUM_TESTS_REPORT"
# What a test's own body calls to start Chromium without the `chromium` fixture.
STARTS_PLAYWRIGHT = ("sync_playwright", "chromium.launch")


def _starts_chromium(item) -> bool:
    if "chromium" in getattr(item, "fixturenames", ()):
        return True
    try:
        source = inspect.getsource(item.function)
    except (AttributeError, TypeError, OSError):
        return False
    return any(call in source for call in STARTS_PLAYWRIGHT)


def pytest_collection_finish(session):
    """In the subprocess only (loaded with -p): each Chromium test's node id and whether it is marked `browser`."""
    if path := os.environ.get(REPORT):
        found = {
            item.nodeid: item.get_closest_marker("browser") is not None
            for item in session.items
            if _starts_chromium(item)
        }
        Path(path).write_text(json.dumps(found), encoding="utf-8")


def test_every_test_that_starts_chromium_is_marked_browser(tmp_path):
    report = tmp_path / "chromium-tests.json"
    # The subprocess is a pytest run of its own, not one of this run's pytest-xdist workers.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    environment[REPORT] = str(report)
    root = Path(__file__).parent.parent
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-n0", "-p", "no:cacheprovider", "--collect-only", "-q"]
        + ["-p", __name__, "tests"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    found = json.loads(report.read_text(encoding="utf-8"))
    # tests/browser alone has dozens; finding none would mean the check looked at nothing.
    assert sum(nodeid.startswith("tests/browser/") for nodeid in found) >= 20, found
    assert any(nodeid.startswith("tests/briefings/test_panel_2020.py::") for nodeid in found), found
    assert [nodeid for nodeid, marked in found.items() if not marked] == []
