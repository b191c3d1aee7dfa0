"""A lint check: views read scoped models only through `visible_to(user)` (cspr/core/access.py).

The models it checks are the access module's registry: every model registered
with `@access.scoped` (case data and unpublished learning). The modules it checks
are every view module of every app (cspr/*/views.py, cspr/*/views_*.py and
cspr/*/views/**.py) and the API's routes (cspr/api/routes/, cspr/api/common.py).
"""

import ast
from pathlib import Path

import cspr
from cspr.core import access

MANAGERS = {"objects", "_default_manager", "_base_manager"}
ROOT = Path(cspr.__file__).parent


def scoped_names() -> set[str]:
    names = {model.__name__ for model in access.scoped_models()}
    assert {"Notification", "PublishedReview"} <= names, "the registry is not filled: the lint would pass vacuously"
    return names


def view_modules() -> list[Path]:
    found = [
        *ROOT.glob("*/views.py"),
        *ROOT.glob("*/views_*.py"),
        *ROOT.glob("*/views/**/*.py"),
        *ROOT.glob("api/routes/*.py"),
        ROOT / "api" / "common.py",
    ]
    assert found, "no view modules found: the lint would pass vacuously"
    return found


def violations(path: Path, names: set[str]) -> list[str]:
    """Each `Model.objects` (or `_default_manager`, `_base_manager`) of a scoped model not followed by `.visible_to`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    where = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path
    aliases = {
        alias.asname: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname
    }
    scoped_reads = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "visible_to"}
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.attr not in MANAGERS or id(node) in scoped_reads:
            continue
        owner = node.value  # `Notification` or `models.Notification`
        name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else None
        if aliases.get(name, name) in names:
            problems.append((node.lineno, f"{where}:{node.lineno}: {name}.{node.attr} without visible_to"))
    return [problem for _, problem in sorted(problems)]


def test_no_view_reads_a_scoped_model_outside_visible_to():
    names = scoped_names()
    found = [problem for path in view_modules() for problem in violations(path, names)]
    assert not found, "read through Model.objects.visible_to(user) (or a scope helper):\n" + "\n".join(found)


def test_the_lint_catches_a_direct_query_and_allows_a_scoped_one(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "from cspr.cases import models\n"
        "from cspr.cases.models import Notification\n"
        "from cspr.learning.models import PublishedReview as Review\n\n"
        "def v(request):\n"
        "    Notification.objects.visible_to(request.user).get(pk=1)\n"
        "    Notification.objects.all()\n"
        "    Review.objects.filter(pk=1)\n"
        "    models.Child._default_manager.all()\n"
    )
    found = violations(bad, scoped_names())
    assert [line.split(": ", 1)[1] for line in found] == [
        "Notification.objects without visible_to",
        "Review.objects without visible_to",
        "Child._default_manager without visible_to",
    ]
