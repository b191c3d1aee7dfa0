"""`cspr pseudonymised-extract`: keyed hashes instead of references, age bands, codes only, no free text; audited."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from cspr.cases.models import Child, Notification
from cspr.core.models import AuditEvent
from cspr.service import pseudonymised
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

KEY = "pseudonym-key-kept-from-analysts-0123456789"


@pytest.fixture
def register(actor, settings):
    settings.CSPR_PSEUDONYM_KEY = KEY
    return factories.notifications(
        valid_row(notification_ref="SIN-2020-0042", child_ref="SIBLING-A", age_years="0"),
        valid_row(notification_ref="SIN-2020-0042", child_ref="SIBLING-B", age_years="16", gender="male"),
        valid_row(notification_ref="SIN-2020-0077", child_ref="ONLY", age_years="", la_code="E09000001"),
        actor=actor,
    )


def extract() -> list[dict]:
    out = io.StringIO()
    call_command("pseudonymised-extract", stdout=out, stderr=io.StringIO())
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_extract_holds_no_raw_reference_and_no_free_text(register):
    rows = extract()
    text = repr(rows)
    for n in Notification.objects.all():
        assert n.ref not in text and n.ref.replace("-", "") not in text
    for child in Child.objects.all():
        assert child.child_ref not in text
    assert set(rows[0]) == set(pseudonymised.COLUMNS)
    # Every value is a code of the standard, a band, a year, a region or a keyed hash: nothing typed freely.
    for row in rows:
        for column, value in row.items():
            if column.endswith("_key"):
                assert len(value) == 20 and all(c in "0123456789abcdef" for c in value)
            else:
                assert value == "" or value.replace("_", "").isalnum(), (column, value)


def test_children_are_in_age_bands_and_siblings_share_a_case_key(register):
    rows = extract()
    assert [row["age_band"] for row in rows] == ["under_1", "15_to_17", "not_known"]
    assert "age_years" not in rows[0]
    assert rows[0]["case_key"] == rows[1]["case_key"] != rows[2]["case_key"]
    assert len({row["child_key"] for row in rows}) == 3
    assert rows[0]["ethnic_group"] == "white" and rows[0]["notified_year"] == "2020"


def test_the_same_key_links_extracts_and_another_key_does_not(register, settings):
    first = extract()
    assert extract()[0]["child_key"] == first[0]["child_key"]
    settings.CSPR_PSEUDONYM_KEY = "another-key-" + "z" * 40
    assert extract()[0]["child_key"] != first[0]["child_key"]


def test_without_a_key_there_is_no_extract(register, settings):
    settings.CSPR_PSEUDONYM_KEY = ""
    with pytest.raises(CommandError, match="set CSPR_PSEUDONYM_KEY"):
        extract()


def test_each_extract_is_audited(register):
    extract()
    event = AuditEvent.objects.get(action="register.pseudonymised_extract")
    assert event.changed_fields == {"children": 3, "columns": len(pseudonymised.COLUMNS)}
