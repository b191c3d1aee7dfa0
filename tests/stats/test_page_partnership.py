"""A partnership's figures beside England's: disclosure control against differencing.

The hand-built register (2020, one child per notification, all notified on 5 March;
the City's serious harm cases are boys, every other child a girl):

    notifications     Birmingham (alice)   City of London (bob)   England
    serious harm               7                    7                14
    death (SUDI)              10                    2                12
    other                      0                    5                 5
    all                       17                   14                31

Alice may see her partnership's 17. England minus hers is 7 serious harm, 2 deaths
and 5 others: the 2 is small, so England's deaths (and SUDI, the same 12) are hidden
from her. Then, as the rule's greedy steps go: the smallest other part of "all",
the 5 others; serious harm, since non-fatal incidents (serious harm and other, 19)
are published too; and the 19 itself, or 31 - 19 would give the deaths back, with
the 5 young people who harmed others, its smallest harm category. "All" (31) stays.
England's 7 boys stay for her (7 are elsewhere) until three of the City's serious
harm cases are shared with her: then 4 boys elsewhere, and the 7 is hidden. Bob's
side leaves 7, 10 and 0: nothing small, so he sees what everyone sees.
"""

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.cases import actions, scope
from cspr.domain.differencing import suppress_against_differencing
from cspr.domain.disclosure import SUPPRESSED, SuppressedTable, Table, recoverable_cells, suppress
from cspr.domain.report_periods import calendar_year
from cspr.stats.forms import StatisticsForm
from cspr.stats.report import build_report, national_report
from cspr.stats.views import figures_for, published_beside, side_by_side
from tests.service.personas import personas
from tests.stats.conftest import load_rows, row

pytestmark = pytest.mark.django_db
THRESHOLD = 4
YEAR_2020 = {"report": "panel-annual", "period": "2020"}
CITY = "E09000001"
DEATH = {"incident_type": "death", "harm_category": "", "death_category": "sudi"}
OTHER = {"incident_type": "other", "harm_category": "young_person_harmed_others"}


def register() -> list[dict]:
    return [
        *[row(f"B-{i}") for i in range(1, 8)],
        *[row(f"BD-{i}", **DEATH) for i in range(1, 11)],
        *[row(f"L-{i}", la_code=CITY, gender="male") for i in range(1, 8)],
        *[row(f"LD-{i}", la_code=CITY, **DEATH) for i in range(1, 3)],
        *[row(f"LO-{i}", la_code=CITY, **OTHER) for i in range(1, 6)],
    ]


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """The personas and the register, once for the module, rolled back at its end
    (each test runs in a savepoint inside, as in Django's TestCase.setUpTestData)."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        found = personas()
        load_rows(register())
        yield found
        transaction.set_rollback(True)


def choice(data=YEAR_2020):
    form = StatisticsForm(data)
    assert form.is_valid(), form.errors
    return form.choice()


def counts(report, *ids):
    return [report.measures[i].count for i in ids]


TYPES = ("notifications.type.serious_harm", "notifications.type.death", "notifications.type.other",
         "notifications.total")


def test_everyone_elses_national_figures_show_the_three_types(people):
    published = national_report("panel-annual", period=calendar_year(2020)).published(THRESHOLD)
    assert counts(published, *TYPES) == [14, 12, 5, 31]
    for persona in ("sam", "ann"):
        figures = figures_for(people[persona], choice())
        assert figures.own is None
        assert figures.national == published


def test_alice_sees_her_own_figures_exactly_and_englands_without_the_small_difference(people):
    figures = figures_for(people["alice"], choice())
    assert counts(figures.own, *TYPES) == [7, 10, 0, 17]
    assert not figures.own.published
    assert counts(figures.national, *TYPES) == [SUPPRESSED, SUPPRESSED, SUPPRESSED, 31]
    assert figures.national.measures["notifications.non_fatal"].count == SUPPRESSED
    assert figures.national.measures["children.gender.male"].count == 7
    assert figures.national.published
    assert figures.national.measures["deaths.category.sudi"].count == SUPPRESSED
    assert any("rest of England" in note for note in figures.national.notes)
    assert figures.partnership == "birmingham"


def test_bob_sees_englands_published_figures(people):
    figures = figures_for(people["bob"], choice())
    assert counts(figures.own, *TYPES) == [7, 2, 5, 14]
    assert counts(figures.national, *TYPES) == [14, 12, 5, 31]


def test_a_case_shared_with_the_partnership_counts_as_seen(people):
    assert figures_for(people["alice"], choice()).national.measures["children.gender.male"].count == 7
    for ref in ("L-1", "L-2", "L-3"):
        notification = scope.get_notification_for(people["sam"], ref)
        actions.case_share(actor=people["bob"], notification_id=notification.pk, partnership_id="birmingham",
                           reason="The child lives in Birmingham")
    figures = figures_for(people["alice"], choice())
    assert counts(figures.own, *TYPES) == [7, 10, 0, 17]  # her partnership's own, not the shared ones
    assert figures.own.measures["children.gender.male"].count == 0
    assert figures.national.measures["children.gender.male"].count == SUPPRESSED


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_every_figure_a_partnership_sees_is_safe(people, persona):
    """For every figure of the report: England's shown figure is not small, England's minus what
    the partnership can see is not small, and the auditor can work out no hidden figure of either."""
    user, period = people[persona], calendar_year(2020)
    national = national_report("panel-annual", period=period)
    known = build_report("panel-annual", period=period, notifications=scope.notifications_for(user))
    report, hidden = published_beside(national, known, THRESHOLD)
    table, keys = national.ledger()
    standard = suppress(table, threshold=THRESHOLD)
    rest_counts = []
    for i, key in enumerate(keys):
        whole, rest = national.values[key], national.values[key] - known.values[key]
        rest_counts.append([rest])
        if key in hidden:
            assert whole > 0
        else:
            assert not 1 <= whole <= THRESHOLD and not 1 <= rest <= THRESHOLD, key
            assert (i, 0) not in standard.suppressed, "hides at least what everyone's figures hide"
    cells = frozenset((i, 0) for i, key in enumerate(keys) if key in hidden)
    rest = Table(table.rows, table.columns, rest_counts, links=table.links)
    assert not recoverable_cells(SuppressedTable(table, cells, frozenset(), THRESHOLD))
    assert not recoverable_cells(
        SuppressedTable(rest, frozenset(c for c in cells if rest.value(c)), frozenset(), THRESHOLD)
    )
    assert report.measures["notifications.total"].count == 31


def test_each_row_of_alices_figures_sits_above_englands(people):
    figures = figures_for(people["alice"], choice())
    tables = [t for section in side_by_side(figures.national, figures.own) for t in section["tables"]]
    assert [pair for t in tables for pair in t["rows"]] == [
        pair for own, england in zip(figures.own.tables(), figures.national.tables()) for pair in zip(own.rows, england.rows)
    ]
    by_type = next(t for t in tables if t["table"].id == "notifications-by-type")
    assert by_type["rows"][0] == (("Death", 10, 58.8), ("Death", SUPPRESSED, SUPPRESSED))
    assert by_type["notes"] == (
        "Your partnership: Percentages are of all notifications (17).",
        "England: Percentages are of all notifications (31).",
    )


def test_the_page_puts_alices_figures_beside_englands(people, client):
    client.force_login(people["alice"])
    page = client.get(reverse("statistics"), YEAR_2020).content.decode()
    assert "Your partnership beside England" in page
    assert 'id="beside"' in page and 'id="england"' in page and 'id="own"' in page
    assert "rest of England" in page
    assert "Not for publication" in page  # her own figures, exact
    assert "Birmingham Local Safeguarding Children Board) only</h2>" in page  # her own report's title
    assert "panel-annual-2020-birmingham.csv" in page and "panel-annual-2020-england.csv" in page


def test_alices_downloads_hold_the_same_figures(people, client):
    import json

    client.force_login(people["alice"])
    query = {**YEAR_2020, "format": "json"}
    national = json.loads(client.get(reverse("statistics_download"), query).content)
    own = json.loads(client.get(reverse("statistics_download"), {**query, "figures": "partnership"}).content)
    assert national["measures"]["notifications.type.death"]["count"] == "c"
    assert national["report"]["published"] is True
    assert own["measures"]["notifications.type.death"]["count"] == 10
    assert own["report"]["published"] is False


# Properties of the rule over random tables -------------------------------------------------------

values = st.one_of(st.integers(0, 3), st.integers(0, 8), st.integers(0, 30))


@st.composite
def whole_and_rest(draw) -> tuple[Table, Table]:
    """A table of counts split into what a partnership can see and the rest, with the same sums."""
    shape = draw(st.sampled_from(["one_way", "two_way", "linked"]))

    def grid(height, width):
        return draw(st.lists(st.lists(values, min_size=width, max_size=width), min_size=height, max_size=height))

    if shape == "two_way":
        height, width = draw(st.integers(1, 5)), draw(st.integers(1, 5))
        margins = {"row_totals": draw(st.booleans()), "column_totals": draw(st.booleans())}
        rows, columns = [f"r{i}" for i in range(height)], [f"k{j}" for j in range(width)]
        seen, rest = Table(rows, columns, grid(height, width), **margins), Table(rows, columns, grid(height, width),
                                                                                  **margins)
    else:
        sizes = [draw(st.integers(1, 6))] + ([draw(st.integers(1, 4))] if shape == "linked" else [])

        def one(draw_parts):
            first = draw_parts(sizes[0])
            breakdowns = [{f"a{i}": n for i, n in enumerate(first)}]
            if shape == "linked":  # a second breakdown of the same total
                cuts = sorted(draw(st.integers(0, sum(first))) for _ in range(sizes[1] - 1))
                parts = [b - a for a, b in zip([0, *cuts], [*cuts, sum(first)])]
                breakdowns.append({f"b{i}": n for i, n in enumerate(parts)})
            return Table.one_way(*breakdowns)

        seen = one(lambda n: draw(st.lists(values, min_size=n, max_size=n)))
        rest = one(lambda n: draw(st.lists(values, min_size=n, max_size=n)))
    whole = Table(
        seen.rows, seen.columns,
        [[a + b for a, b in zip(x, y)] for x, y in zip(seen.counts, rest.counts)],
        row_totals=seen.row_totals, column_totals=seen.column_totals, links=seen.links,
    )
    return whole, rest


@settings(max_examples=200, deadline=None)
@given(tables=whole_and_rest(), threshold=st.sampled_from([2, 4, 4, 5]))
def test_nothing_small_is_shown_or_can_be_worked_out_from_either_side(tables, threshold):
    whole, rest = tables
    hidden = suppress_against_differencing(whole, rest, threshold=threshold)
    assert suppress(whole, threshold=threshold).suppressed <= hidden
    for cell in whole.cells():
        if cell in hidden:
            assert whole.value(cell) > 0, "zeros are shown"
        else:
            assert not 1 <= whole.value(cell) <= threshold
            assert not 1 <= rest.value(cell) <= threshold
    assert not recoverable_cells(SuppressedTable(whole, hidden, frozenset(), threshold))
    unknown_rest = frozenset(cell for cell in hidden if rest.value(cell))
    assert not recoverable_cells(SuppressedTable(rest, unknown_rest, frozenset(), threshold))


def test_the_rule_by_hand():
    #            serious  death  other | total
    # whole         14      12      5  |  31
    # rest           7       2      5  |  14   (rest of England, for Birmingham)
    whole = Table.one_way({"serious": 14, "death": 12, "other": 5})
    rest = Table.one_way({"serious": 7, "death": 2, "other": 5})
    hidden = suppress_against_differencing(whole, rest, threshold=4)
    assert hidden == {whole.cell("death"), whole.cell("other")}
    with pytest.raises(ValueError):
        suppress_against_differencing(whole, Table.one_way({"serious": 15, "death": 0, "other": 0}), threshold=4)
