"""A coded column's CHECK is a chain of equalities (cspr/core/fields.py `in_codes`, ADR 0034).

It replaced `column IN (codes)`, which SQLite re-evaluated by building a temporary index for
every inserted row. These tests hold it to the old constraint: the database's own verdict on
the old condition and the new one is the same for any text, on SQLite and PostgreSQL alike,
and the migrations that rewrote them keep every row, both ways.
"""

import pytest
from django.db import IntegrityError, transaction
from django.db.migrations.loader import MigrationLoader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspr.cases.models import Child, Notification
from cspr.core.bulk import BulkWriter
from tests.cases.rows import notification_columns
from tests.migrations import back_to_latest, latest, migrate_to

# The last migration of each app before its coded checks became equalities.
BEFORE = [
    ("briefings", "0002_load_practice_content"),
    ("cases", "0011_notification_days_late"),
    ("documents", "0001_case_documents"),
    ("learning", "0005_stored_similar_reviews"),
    ("reviews", "0006_days_late"),
]
# The migrations that rewrote them: compared with the state they left, not with today's models, whose
# code lists may have grown since (learning.0007 added an age band).
AFTER = [
    ("briefings", "0003_coded_checks_as_equalities"),
    ("cases", "0012_coded_checks_as_equalities"),
    ("documents", "0002_coded_checks_as_equalities"),
    ("learning", "0006_coded_checks_as_equalities"),
    ("reviews", "0007_coded_checks_as_equalities"),
]
# Every constraint a bulk import meets on its way in must be among those compared.
ON_THE_IMPORT_PATH = {
    "notification_incident_type_code",
    "notification_death_category_code",
    "notification_near_miss_code",
    "notification_late_rapid_review_reason_code",
    "child_gender_code",
    "child_ethnicity_code",
    "child_outcome_code",
    "rapid_review_status_code",
    "rapid_review_due_rule_code",
    "practice_review_status_code",
    "status_event_workflow_code",
}


def _old_and_new() -> list[tuple[str, str, object, object, list[str]]]:
    """(name, column, old condition, new condition, codes) of every coded check the migrations rewrote."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    old_state, new_state = loader.project_state(BEFORE), loader.project_state(AFTER)
    pairs = []
    for key, model_state in sorted(old_state.models.items()):
        if key not in new_state.models:
            continue
        new = {c.name: c for c in new_state.models[key].options.get("constraints", [])}
        for old in model_state.options.get("constraints", []):
            lookups = getattr(old.condition, "children", [])
            if len(lookups) == 1 and isinstance(lookups[0], tuple) and lookups[0][0].endswith("__in"):
                column = lookups[0][0].removesuffix("__in")
                if old.name in new and new[old.name].condition != old.condition:
                    pairs.append((old.name, column, old.condition, new[old.name].condition, list(lookups[0][1])))
    return pairs


PAIRS = _old_and_new()


def test_every_coded_check_on_the_import_path_was_rewritten_and_is_compared():
    assert ON_THE_IMPORT_PATH <= {name for name, *_ in PAIRS}
    for name, column, _, new, allowed in PAIRS:  # equalities only: one per code, on the same column
        assert new.connector == "OR" and new.children == [(column, code) for code in allowed], name


# Any text a database column can hold: not NUL (PostgreSQL refuses it in text) and not a lone
# surrogate (no UTF-8 encoding exists for it, so no driver can send it).
STORABLE = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))


def _near(allowed: list[str]):
    """Texts close to the codes: a code itself, its case changed, with a space or character more, cut short."""
    code = st.sampled_from(allowed)
    return st.one_of(
        code,
        code.map(str.upper),
        code.map(str.title),
        code.map(lambda c: c + " "),
        code.map(lambda c: " " + c),
        code.map(lambda c: c[:-1]),
        st.tuples(code, st.text(alphabet=STORABLE, max_size=2)).map("".join),
        st.text(alphabet=STORABLE, max_size=12),
    )


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_database_refuses_with_the_equalities_exactly_what_it_refused_with_in(data):
    name, column, old, new, allowed = data.draw(st.sampled_from(PAIRS))
    text = data.draw(_near(allowed))
    verdict = new.check({column: text}), old.check({column: text})
    assert verdict == (text in allowed,) * 2, (name, text)


@pytest.mark.django_db
def test_the_table_takes_each_code_and_refuses_a_near_miss(reference_data):
    writer = BulkWriter()
    [pk] = writer.reserve_ids(Notification, 1)
    writer.insert(Notification, [{"id": pk, **notification_columns("CODED-1")}])
    child = {"notification_id": pk, "child_ref": "C1", "gender": "female", "ethnicity": "WBRI", "outcome": "other"}
    for n, gender in enumerate(["male", "female", "transgender", "not_known"]):
        writer.insert(Child, [child | {"child_ref": f"C{n}", "gender": gender}])
    for wrong in ["Male", "male ", "", "unknown"]:
        with pytest.raises(IntegrityError), transaction.atomic():
            writer.insert(Child, [child | {"child_ref": "X", "gender": wrong}])
    assert Child.objects.filter(notification_id=pk).count() == 4


def _children_kept_and_checked(models, rows: list) -> None:
    """The children written before are all there, and a gender outside the codes is refused."""
    children = models.get_model("cases", "Child")
    assert sorted(children.objects.values_list("notification__ref", "child_ref", "gender")) == rows
    with pytest.raises(IntegrityError), transaction.atomic():
        children.objects.create(
            notification_id=models.get_model("cases", "Notification").objects.get(ref="MIG-0").pk,
            child_ref="X",
            gender="Male",
            ethnicity="WBRI",
            outcome="other",
        )


@pytest.mark.django_db(transaction=True)
def test_the_migrations_keep_every_row_and_the_rule_both_ways(reference_data):
    # Back, then forward again: two migrations, each Django's whole state rendering (seconds each).
    for i in range(3):
        n = Notification.objects.create(**notification_columns(f"MIG-{i}"))
        for gender in ("male", "female"):
            Child.objects.create(
                notification=n, child_ref=f"C-{gender}", gender=gender, ethnicity="WBRI", outcome="other"
            )
    rows = sorted(Child.objects.values_list("notification__ref", "child_ref", "gender"))
    assert len(rows) == 6
    try:
        _children_kept_and_checked(migrate_to(BEFORE), rows)  # the IN checks back, the rows kept
        _children_kept_and_checked(migrate_to(latest()), rows)  # the equalities again, the rows kept
    finally:
        back_to_latest()
