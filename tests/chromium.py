"""Debian's Chromium, as every browser test starts it (.ci/install-browser installs it)."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    # V8 without TurboFan, and Maglev only for code hot for ten times its usual count: a
    # test's document lives for one axe run, and compiling axe-core's functions on V8's
    # worker threads cost more CPU than the faster code saved (renderer CPU on
    # test_walk_through + test_national_work 16.5 -> 14.6 s; the statistics page's long
    # axe runs still get Maglev, 15.3 -> 14.2 s; interpreter only made those slower).
    "--js-flags=--no-opt --invocation-count-for-maglev=4000 --invocation-count-for-maglev-osr=1000",
]
