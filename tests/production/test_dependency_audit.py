"""CI's dependency audit fails on a known vulnerability and never passes when it could not check."""

from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest

# The script has no .py suffix (it is run as `.ci/dependency-audit`), so it is loaded by path.
_loader = SourceFileLoader("dependency_audit", str(Path(__file__).parents[2] / ".ci" / "dependency-audit"))
audit = module_from_spec(spec_from_loader("dependency_audit", _loader))
_loader.exec_module(audit)

# pip-audit's JSON report (`--format json`), as it writes it.
CLEAN = {"name": "django", "version": "6.1.0", "vulns": []}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": ["CVE-2024-22195"]}],
}
SKIPPED = {"name": "tqdm", "version": "4.70.1", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def test_a_known_vulnerability_fails_naming_package_advisory_and_fix():
    status, lines = audit.verdict({"dependencies": [CLEAN, VULNERABLE]})
    assert status == 1
    assert lines[1] == "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)"


def test_a_vulnerability_fails_even_when_unreachable_packages_are_tolerated():
    assert audit.verdict({"dependencies": [VULNERABLE, SKIPPED]}, unreachable_ok=True)[0] == 1


@pytest.mark.parametrize(
    ("report", "audit_status"),
    [({"dependencies": [CLEAN, SKIPPED]}, 0), ({"dependencies": []}, 0), ({}, 1)],
)
def test_an_audit_that_could_not_check_says_so_and_does_not_pass(report, audit_status):
    status, [line] = audit.verdict(report, audit_status=audit_status)
    assert status == 2 and "COULD NOT RUN" in line and "not a pass" in line


def test_an_unreachable_service_may_be_made_a_loud_warning_by_choice():
    status, [line] = audit.verdict({"dependencies": [CLEAN, SKIPPED]}, unreachable_ok=True)
    assert status == 0 and line.startswith("WARNING: the dependency audit COULD NOT RUN: 1 of 2")


def test_every_package_checked_and_none_vulnerable_passes():
    assert audit.verdict({"dependencies": [CLEAN]}) == (
        0,
        ["dependency audit passed: 1 locked packages, no known vulnerabilities"],
    )
