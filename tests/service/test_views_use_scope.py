"""A lint check: views read case data only through the scope helpers (cspr/cases/scope.py)."""

import ast
from pathlib import Path

import cspr

CASE_MODELS = {
    "Notification",
    "Child",
    "RapidReview",
    "PracticeReview",
    "NationalReview",
    "StatusEvent",
    "CaseShare",
    "Milestone",
}
ROOT = Path(cspr.__file__).parent


def view_modules() -> list[Path]:
    found = list(ROOT.glob("*/views.py")) + list(ROOT.glob("*/views/*.py"))
    assert found, "no view modules found: the lint would pass vacuously"
    return found


def violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    where = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path
    problems = []
    for node in ast.walk(tree):
        # Model.objects / Model._default_manager / Model._base_manager anywhere in a view module.
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in CASE_MODELS
        ):
            problems.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cspr.cases.models"):
            names = {alias.name for alias in node.names} & CASE_MODELS
            problems.extend(f"{where}:{node.lineno}: imports {n}" for n in sorted(names))
    return problems


def test_no_view_queries_case_models_outside_the_scope_helpers():
    found = [problem for path in view_modules() for problem in violations(path)]
    assert not found, "use cspr.cases.scope instead:\n" + "\n".join(found)


def test_the_lint_catches_a_direct_query(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "from cspr.cases.models import Notification\n\ndef v(request):\n    return Notification.objects.all()\n"
    )
    assert len(violations(bad)) == 2
