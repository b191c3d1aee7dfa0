"""No code in cspr/ asks the server's clock for today's date without its time zone.

The server runs in UTC; the service's day is England's (TIME_ZONE Europe/London). Between
midnight and 01:00 BST the two differ: `date.today()` on 1 April 2023 at 00:30 BST said
31 March, and the intake form offered Cumbria, which had ended. Today is
`timezone.localdate()`, now `timezone.now()`.
"""

import ast
from pathlib import Path

import cspr

ROOT = Path(cspr.__file__).parent
# A call of `<...>.<name>.<attr>()` these pairs name reads the server's local (UTC) clock.
NAIVE = {("date", "today"), ("datetime", "today"), ("datetime", "utcnow")}


def _naive_calls(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        if (name, node.func.attr) in NAIVE:
            lines.append(node.lineno)
        # datetime.now() with no time zone is the server's local time too.
        elif (name, node.func.attr) == ("datetime", "now") and not node.args and not node.keywords:
            lines.append(node.lineno)
    return lines


def test_no_module_reads_a_naive_today():
    found = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        for line in _naive_calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "use timezone.localdate() / timezone.now(): " + ", ".join(found)


def test_the_check_finds_a_naive_today():
    # The check itself can fail: each form it looks for is found.
    source = "import datetime as dt\nfrom datetime import date, datetime\n" + "\n".join(
        ["dt.date.today()", "date.today()", "datetime.now()", "datetime.utcnow()", "dt.datetime.today()"]
    )
    assert _naive_calls(ast.parse(source)) == [3, 4, 5, 6, 7]
    assert _naive_calls(ast.parse("from datetime import UTC, datetime\ndatetime.now(UTC)\n")) == []
