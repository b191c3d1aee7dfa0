"""cspr/domain/ is pure Python: nothing in it may import Django.

It must run (and be tested) with no settings and no database, and stay usable from
scripts; anything that needs Django belongs in an app.
"""

import ast
import subprocess
import sys
from pathlib import Path

import cspr.domain

DOMAIN = Path(cspr.domain.__file__).resolve().parent
ROOT = DOMAIN.parent.parent


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _domain_files() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py"))


def test_there_are_domain_modules_to_check():
    assert DOMAIN / "calendar.py" in _domain_files()


def test_no_domain_module_imports_django():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _domain_files()
        for name in _imported_modules(path)
        if name == "django" or name.startswith("django.")
    ]
    assert offenders == []


def test_no_domain_module_imports_the_rest_of_cspr():
    # cspr.settings or an app would bring Django in through the back door.
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _domain_files()
        for name in _imported_modules(path)
        if (name == "cspr" or name.startswith("cspr.")) and not name.startswith("cspr.domain")
    ]
    assert offenders == []


def test_importing_the_clock_loads_no_django():
    code = (
        "import sys, cspr.domain.calendar, cspr.domain.deadlines;"
        "sys.exit('django' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
