"""The pseudonymised extract's rows are in the same order whatever the database's collation: byte order.

A PostgreSQL database made with an ICU en-US locale sorts refs without regard to case
("a-2" before "B-1"); SQLite's BINARY sorts them by their bytes, so two registers with the
same rows gave extracts in different orders. On PostgreSQL the test gives the ref columns
that collation (inside the test's transaction, so it is rolled back).
"""

import csv
import io

import pytest
from django.db import connection

from cspr.cases.models import Notification
from cspr.service import pseudonymised
from tests import factories
from tests.cases.rows import valid_row
from tests.collation import MIXED_CASE_REFS, icu_refs  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

KEY = "pseudonym-key-kept-from-analysts-0123456789"
REFS = MIXED_CASE_REFS  # all notified the same day


@pytest.fixture
def register(actor):
    rows = [valid_row(notification_ref=ref, child_ref=child) for ref, children in REFS.items() for child in children]
    factories.notifications(*rows, actor=actor)


def extracted_child_keys() -> list[str]:
    out = io.StringIO()
    pseudonymised.write_csv(out, KEY.encode())
    return [row["child_key"] for row in csv.DictReader(io.StringIO(out.getvalue()))]


def keys_in_byte_order() -> list[str]:
    pairs = sorted(((r.encode(), c.encode()), f"{r}/{c}") for r, children in REFS.items() for c in children)
    return [pseudonymised.keyed(KEY.encode(), "child", ref) for _, ref in pairs]


def test_the_extract_is_in_byte_order(register):
    assert extracted_child_keys() == keys_in_byte_order()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no ICU collation; its BINARY is byte order")
def test_the_extract_is_in_byte_order_under_an_icu_collation(icu_refs, register):  # noqa: F811 (the imported fixture)
    # The collation is in force: the database's own order is no longer the bytes'.
    plain = list(Notification.objects.order_by("ref").values_list("ref", flat=True))
    assert plain != sorted(plain)
    assert extracted_child_keys() == keys_in_byte_order()
