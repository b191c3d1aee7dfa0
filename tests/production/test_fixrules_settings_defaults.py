"""Settings whose default is a rule of the process name it from its one home (cspr/domain/deadlines.py),
so changing the rule cannot leave a second copy of its number behind."""

import ast
from pathlib import Path

import pytest

from cspr.domain import deadlines

SETTINGS = Path(__file__).resolve().parents[2] / "cspr" / "settings.py"
NAMED = {
    "CSPR_FINAL_REPORT_WORKING_DAYS": "FINAL_REPORT_WORKING_DAYS",
    "CSPR_REMINDER_WORKING_DAYS": "REMINDER_WORKING_DAYS",
}


def defaults(source: str) -> dict[str, ast.expr]:
    """Each `env.<type>("NAME", default, ...)` call's default expression, by NAME."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Constant)
        ):
            found[node.args[0].value] = node.args[1]
    return found


@pytest.mark.parametrize(("setting", "constant"), sorted(NAMED.items()))
def test_the_default_is_the_domain_s_constant_not_a_number_typed_again(setting, constant):
    default = defaults(SETTINGS.read_text())[setting]
    assert ast.unparse(default) == f"deadlines.{constant}"
    assert isinstance(getattr(deadlines, constant), int)
