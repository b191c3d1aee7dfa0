"""Conditions the catalogue does not use yet, counted by the engine as the reference evaluator does.

The engine compiles any condition built from the catalogue's parts (cspr/stats/columnar.py),
not only today's measures: theme codings counted without a theme test (every coding of a
review, named or not), "coded with any of" inside an "any of", ranges and missing values
mixed with literals on one field. Each is counted in the database and by `count_matching`
over the register read back row by row, on SQLite and PostgreSQL alike.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command

from cspr.cases.models import Notification
from cspr.domain.measures import (
    CHILD,
    NOTIFICATION,
    SERIOUS_INCIDENT,
    THEME,
    After,
    All,
    Always,
    AnyOf,
    AtLeast,
    Between,
    CodedWithAny,
    Eq,
    HasTheme,
    In,
    Missing,
    NotAfter,
    Period,
    Present,
    Quantity,
    count_matching,
)
from cspr.stats import engine
from tests.cases.rows import varied_file
from tests.stats.test_sql_matches_the_catalogue import rows_by_level

pytestmark = pytest.mark.django_db

YEARS = Period(date(2019, 1, 1), date(2022, 12, 31))
CONDITIONS = {
    THEME: (
        Always(),  # every coding, whatever its theme
        Present("rr_submitted_date"),
        In("theme", ("optimism", "critical_thinking", "daily_life")),  # codings, not reviews: up to three a review
        AnyOf((HasTheme("optimism"), Eq("incident_type", "death"))),  # any theme of a death counts
        All((SERIOUS_INCIDENT, AnyOf((HasTheme("leadership_culture"), Missing("rr_submitted_date"))))),
        Present("theme"),
        Missing("theme"),
    ),
    NOTIFICATION: (
        AnyOf((CodedWithAny(("optimism", "daily_life")), Eq("incident_type", "other"))),
        All((CodedWithAny(("changing_risk",)), CodedWithAny(("risk_assessment", "optimism")))),
        AnyOf(
            (
                Between("rr_submitted_date", date(2020, 3, 1), date(2020, 6, 30)),
                Missing("rr_submitted_date"),
                AtLeast("rr_submitted_date", date(2021, 1, 1)),
            )
        ),
        AnyOf((Eq("death_category", "sudi"), Missing("death_category"))),
        Present("harm_category"),
        AnyOf((NotAfter("rr_submitted_date", "rr_due_date"), After("notified_date", "notification_due_date"))),
    ),
    CHILD: (
        AnyOf((Between("age_years", 0, 4), Missing("age_years"), Eq("age_years", 16))),
        All((In("ethnicity", ("WBRI", "MWBC")), Present("age_years"), Eq("notification_kind", "serious_incident"))),
    ),
}


def test_conditions_beyond_the_catalogue_count_as_the_reference_evaluator_does(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(300, seed=5))
    call_command("import", str(path), stdout=io.StringIO())
    rows = rows_by_level()
    periods = (YEARS, Period(date(2020, 1, 1), date(2020, 6, 30)))
    quantities = [Quantity(level, c, period) for level, cs in CONDITIONS.items() for c in cs for period in periods]
    counted = engine.count_quantities(quantities, Notification.objects.all())
    expected = {q: count_matching(rows[q.level], q) for q in quantities}
    assert counted == expected
    assert all(expected[Quantity(level, cs[0], YEARS)] > 0 for level, cs in CONDITIONS.items())


def test_a_partnership_scope_counts_only_its_own_rows(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(300, seed=6))
    call_command("import", str(path), stdout=io.StringIO())
    partnership = Notification.objects.values_list("partnership_id", flat=True).first()
    own = Notification.objects.filter(partnership_id=partnership)
    refs = set(own.values_list("ref", flat=True))
    rows = {
        level: [row for row in level_rows if row["notification_ref"] in refs]
        for level, level_rows in rows_by_level().items()
    }
    quantities = [Quantity(level, c, YEARS) for level, cs in CONDITIONS.items() for c in cs]
    counted = engine.count_quantities(quantities, own)
    assert counted == {q: count_matching(rows[q.level], q) for q in quantities}
    assert (
        counted[Quantity(THEME, Always(), YEARS)]
        < engine.count_quantities([Quantity(THEME, Always(), YEARS)], Notification.objects.all())[
            Quantity(THEME, Always(), YEARS)
        ]
    )
