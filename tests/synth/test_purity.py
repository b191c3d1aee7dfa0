"""cspr/synth is pure Python: it must not import Django (fast, usable from scripts)."""

import ast
import subprocess
import sys
from pathlib import Path

import cspr.synth

SYNTH = Path(cspr.synth.__file__).resolve().parent
ROOT = SYNTH.parent.parent


def test_no_synth_module_imports_django():
    offenders = []
    for path in sorted(SYNTH.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            offenders += [f"{path.name}: {n}" for n in names if n == "django" or n.startswith("django.")]
    assert offenders == []


def test_generating_loads_no_django():
    code = (
        "import sys, io, datetime\n"
        "from cspr.synth import Synth, load_profile, write_csv\n"
        "write_csv(io.StringIO(), Synth(load_profile('panel-2018-19'), seed=1, as_of=datetime.date(2026, 1, 1)).rows())\n"
        "sys.exit('django' in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
