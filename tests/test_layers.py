"""The layers hold: a package imports only from the layers below its own (ADR 0015).

The contracts live in pyproject.toml ([tool.importlinter]). The first test runs
import-linter over the code as it is and fails with its report. The others show
that the same contracts break when one forbidden import is added to the real
import graph, so the first test is not passing vacuously.
"""

import subprocess
import sys
from copy import deepcopy
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract

import cspr

ROOT = Path(cspr.__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
CONTRACT_TYPES = {"layers": LayersContract, "independence": IndependenceContract}


def test_the_code_keeps_every_import_contract():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run(
        [str(lint_imports), "--no-cache", "--config", str(PYPROJECT)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("cspr", cache_dir=None)


def broken_contracts(graph) -> list[str]:
    """The names of the pyproject.toml contracts that `graph` breaks."""
    configuration = read_configuration(str(PYPROJECT))
    broken = []
    for options in configuration["contracts_options"]:
        contract = CONTRACT_TYPES[options["type"]](
            name=options["name"], session_options=configuration["session_options"], contract_options=options
        )
        if not contract.check(deepcopy(graph), verbose=False).kept:
            broken.append(contract.name)
    return broken


def test_the_real_graph_breaks_no_contract(graph):
    assert broken_contracts(graph) == []


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        ("cspr.core.views", "cspr.cases.scope", "cspr's layers import only downward"),
        ("cspr.cases.views.notifications", "cspr.learning.views", "cspr's layers import only downward"),
        ("cspr.reviews.views.rapid", "cspr.learning.views", "cspr's layers import only downward"),
        ("cspr.govuk.forms", "cspr.core.models", "cspr's layers import only downward"),
        ("cspr.domain.deadlines", "cspr.core.clock", "cspr's layers import only downward"),
        ("cspr.cases.importer", "cspr.reviews.standard", "cspr's layers import only downward"),  # ADR 0013
        ("cspr.briefings.views", "cspr.service.demo", "cspr's layers import only downward"),
        ("cspr.learning.views", "cspr.stats.report", "learning and stats do not import each other"),
        ("cspr.stats.report", "cspr.learning.models", "learning and stats do not import each other"),
        ("cspr.cases.importer", "cspr.synth.generate", "cases and synth do not import each other"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(graph, importer, imported, contract):
    graph = deepcopy(graph)
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    assert broken_contracts(graph) == [contract]


def test_a_new_package_outside_every_layer_breaks_the_layers(graph):
    # Webhooks, say: it must be given its layer before anything can import it or it anything.
    graph = deepcopy(graph)
    graph.add_module("cspr.webhooks")
    assert broken_contracts(graph) == ["cspr's layers import only downward"]
