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
        # A care leaver's death, notified at 22: an age only these notifications have.
        valid_row(
            notification_ref="CLD-2020-0003",
            child_ref="CARE-LEAVER",
            notification_kind="care_leaver_death",
            age_years="22",
            incident_type="death",
            harm_category="",
            death_category="unrelated_or_unclear",
        ),
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
    by_band = {row["age_band"]: row["notification_kind"] for row in rows}
    assert by_band == {
        "under_1": "serious_incident",
        "15_to_17": "serious_incident",
        "not_known": "serious_incident",
        "21_to_24": "care_leaver_death",
    }
    assert "age_years" not in rows[0]
    row = {row["age_band"]: row for row in rows}
    assert row["under_1"]["case_key"] == row["15_to_17"]["case_key"] != row["not_known"]["case_key"]
    assert len({row["child_key"] for row in rows}) == 4
    assert row["under_1"]["ethnic_group"] == "white" and row["under_1"]["notified_year"] == "2020"


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
    assert event.changed_fields == {"children": 4, "columns": len(pseudonymised.COLUMNS)}


def test_every_age_the_register_allows_has_a_band():
    from cspr.domain import codes

    bands = {pseudonymised.age_band(age) for age in range(codes.MIN_AGE, codes.CARE_LEAVER_MAX_AGE + 1)}
    assert bands == {"under_1", "1_to_4", "5_to_9", "10_to_14", "15_to_17", "18_to_20", "21_to_24"}
    assert pseudonymised.age_band(None) == "not_known"


def test_a_refused_extract_leaves_no_file_behind(register, tmp_path, monkeypatch):
    """A failure part-way (here an age outside every band) writes nothing where the extract would be."""
    real = pseudonymised.age_band
    monkeypatch.setattr(pseudonymised, "age_band", lambda age: real(25) if age == 22 else real(age))
    out = tmp_path / "extract.csv"
    with pytest.raises(CommandError, match="age_years: 25 is in no age band"):
        call_command("pseudonymised-extract", "--out", str(out), stderr=io.StringIO())
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action="register.pseudonymised_extract").exists()


def test_an_extract_to_a_file_is_whole(register, tmp_path):
    out = tmp_path / "extract.csv"
    call_command("pseudonymised-extract", "--out", str(out), stderr=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["extract.csv"]
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 4
