"""The coded fields' packed codes: the database's, as `PackedCodes` defines them, never stale.

Each notification and child stores its coded fields packed into one integer, a generated
column the database computes as the row is written (ADR 0036, third amendment); the report
reads it instead of testing each field's text. These tests compare the stored integer with
the codes computed here from the row after an import, after an action's correction and after a bare
UPDATE (which no action wrote), and show that the report reads the packed columns.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.cases.models import Child, Notification
from cspr.domain.codes import CHILD_CODED, NOTIFICATION_CODED, PackedCodes
from cspr.domain.measures import CHILD, NOTIFICATION, Eq, In, Missing, Present
from cspr.domain.report_periods import calendar_year
from cspr.stats import engine
from cspr.stats.columnar import PackedFeature, Plan
from cspr.stats.report import national_report
from tests.cases.rows import varied_file

pytestmark = pytest.mark.django_db


def code(packed: PackedCodes, name: str, value) -> int:
    """A field's code as the docstring of `PackedCodes` defines it: its place in the list, from 1; else 0."""
    values = packed.values[name]
    return values.index(value) + 1 if value in values else 0


def pack(packed: PackedCodes, row: dict) -> int:
    """The integer a row's packed codes should hold, computed here apart from the database's expression."""
    return sum(code(packed, name, row.get(name)) << shift for name, (shift, _) in packed.layout.items())


def stored_and_computed(model, packed: PackedCodes) -> list[tuple[int, int]]:
    rows = model.objects.values("coded", *packed.values)
    return [(row["coded"], pack(packed, row)) for row in rows]


def test_every_row_stores_what_packedcodes_computes_and_follows_a_bare_update(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(120, seed=11))
    call_command("import", str(path), stdout=io.StringIO())
    for model, packed in ((Notification, NOTIFICATION_CODED), (Child, CHILD_CODED)):
        pairs = stored_and_computed(model, packed)
        assert pairs and all(stored == computed for stored, computed in pairs)
        assert len({stored for stored, _ in pairs}) > 5  # varied rows, varied codes
    # No writer of cspr's wrote this: the database still keeps the codes right.
    Notification.objects.filter(incident_type="death").update(covid_factor="yes", near_miss="no")
    Child.objects.update(gender="not_known")
    assert all(s == c for s, c in stored_and_computed(Notification, NOTIFICATION_CODED))
    assert all(s == c for s, c in stored_and_computed(Child, CHILD_CODED))


def test_each_code_stands_for_one_value_and_zero_for_none():
    for packed in (NOTIFICATION_CODED, CHILD_CODED):
        used = 0
        for name, values in packed.values.items():
            shift, bits = packed.layout[name]
            assert len(values) < 1 << bits
            assert used & (((1 << bits) - 1) << shift) == 0  # no two fields share a bit
            used |= ((1 << bits) - 1) << shift
            assert [packed.value(name, code(packed, name, v)) for v in values] == list(values)
            assert packed.value(name, 0) is None
        assert used < 1 << PackedCodes.BITS
    with pytest.raises(ValueError, match="at most 62"):
        PackedCodes({f"f{i}": ("a", "b", "c") for i in range(32)})


def test_the_report_reads_the_packed_columns_not_the_fields_text(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(40, seed=12))
    call_command("import", str(path), stdout=io.StringIO())
    with CaptureQueriesContext(connection) as queries:
        national_report("panel-annual", period=calendar_year(2020))
    scans = [q["sql"] for q in queries.captured_queries if "notified_date" in q["sql"] and "BETWEEN" in q["sql"]]
    assert len(scans) == 2
    for sql in scans:
        assert '"coded"' in sql
        for name in ("incident_type", "harm_category", "notification_kind", "gender", "ethnicity"):
            assert f'"{name}" =' not in sql and f'"{name}" WHEN' not in sql, name


def test_a_literal_outside_a_fields_codes_is_tested_in_sql_as_before():
    """Only fields whose every named literal is one of its codes are read packed."""
    plan = Plan(
        NOTIFICATION,
        [(Eq("incident_type", "death"), False), (In("harm_category", ("neglect", "not-a-code")), False)],
        engine.packed_columns(NOTIFICATION),
    )
    kinds = {key[1]: type(feature) for key, feature in plan.features.items()}
    assert kinds["incident_type"] is PackedFeature and kinds["harm_category"] is not PackedFeature
    child = Plan(
        CHILD, [(Missing("death_category"), False), (Present("ethnicity"), False)], engine.packed_columns(CHILD)
    )
    columns = {feature.column for feature in child.features.values() if isinstance(feature, PackedFeature)}
    assert columns == {"notification__coded", "coded"}
