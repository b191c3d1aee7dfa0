"""`cspr export` writes the same order whatever the database's collation: byte order, as sorted() gives.

A PostgreSQL database made with an ICU en-US locale sorts refs without regard to case
("a-2" before "B-1"); SQLite's BINARY sorts them by their bytes. On PostgreSQL the test
gives the ref columns that collation (as such a database gives every column; inside the
test's transaction, so it is rolled back) and the export must not change.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection

from cspr.cases import exporter
from cspr.cases.models import Notification
from tests.cases.rows import csv_bytes, valid_row
from tests.collation import MIXED_CASE_REFS, icu_refs  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# Refs and child refs whose case-blind order differs from their bytes' (the reviewer's file).
REFS = {
    **MIXED_CASE_REFS,
    "b-1": ["c-1", "C-19"],
    "AB_1": ["ab-2", "AB-29"],
}


@pytest.fixture
def register(tmp_path):
    rows = [valid_row(notification_ref=ref, child_ref=child) for ref, children in REFS.items() for child in children]
    path = tmp_path / "mixed.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import", str(path), stdout=io.StringIO())


def exported_refs() -> list[tuple[str, str]]:
    out = io.StringIO()
    exporter.write_csv(out, queryset=Notification.objects.all())
    return [(row["notification_ref"], row["child_ref"]) for row in csv.DictReader(io.StringIO(out.getvalue()))]


def in_bytes(refs):
    return sorted(refs, key=lambda pair: (pair[0].encode(), pair[1].encode()))


def test_the_export_is_in_byte_order(register):
    refs = exported_refs()
    assert len(refs) == 16 and refs == in_bytes(refs)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no ICU collation; its BINARY is byte order")
def test_the_export_is_in_byte_order_under_an_icu_collation(icu_refs, register):  # noqa: F811 (the imported fixture)
    # The collation is in force: the database's own order is no longer the bytes'.
    plain = list(Notification.objects.order_by("ref").values_list("ref", flat=True))
    assert plain != sorted(plain)
    refs = exported_refs()
    assert len(refs) == 16 and refs == in_bytes(refs)
