"""The vendored axe-core is the release its README names, unmodified (tests/vendor/axe-core/)."""

import hashlib
import re

from tests.axe import AXE_FILE, AXE_SCRIPT

VERSION = "4.14.1"
SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


def test_the_vendored_axe_core_is_the_release_the_readme_names():
    assert hashlib.sha256(AXE_FILE.read_bytes()).hexdigest() == SHA256
    assert AXE_SCRIPT.startswith(f"/*! axe v{VERSION}\n")
    readme = (AXE_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"axe-core \*\*{re.escape(VERSION)}\*\*", readme) and SHA256 in readme
