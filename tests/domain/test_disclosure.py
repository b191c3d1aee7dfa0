"""Disclosure control: hand-worked hard cases, then properties over random tables.

Grids are written as published: rows top to bottom, the Total column last and
the Total row at the bottom where the table has them.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.domain.disclosure import (
    FOOTNOTES,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    SUPPRESSED,
    Relation,
    SuppressedTable,
    Table,
    percent,
    recoverable_cells,
    suppress,
    with_percentages,
)

c = SUPPRESSED


def two_way(counts, *, row_totals=True, column_totals=True):
    rows = [f"r{i}" for i in range(len(counts))]
    columns = [f"k{j}" for j in range(len(counts[0]))]
    return Table(rows, columns, counts, row_totals=row_totals, column_totals=column_totals)


def one_way(*counts, **kwargs):
    return suppress(Table.one_way(dict(zip("abcdefgh", counts))), **kwargs)


def only_primary(table, threshold=4):
    small = {cell for cell in table.cells() if 1 <= table.value(cell) <= threshold}
    return SuppressedTable(table, frozenset(small), frozenset(), threshold)


# Hand-worked cases


def test_a_row_total_would_give_away_a_lone_small_count():
    table = two_way([[3, 12, 20]], column_totals=False)
    assert recoverable_cells(only_primary(table)) == {(0, 0)}  # 35 - 12 - 20

    published = suppress(table)

    assert published.grid() == [[c, c, 20, 35]]
    assert published.primary == {(0, 0)} and published.secondary == {(0, 1)}
    assert not recoverable_cells(published)


def test_a_single_small_count_in_a_column_takes_the_smallest_other_with_it():
    published = suppress(
        Table.one_way({"sudi": 20, "suicide": 3, "homicide": 12, "unclear": 0})
    )

    assert published.column() == {
        "sudi": 20, "suicide": c, "homicide": c, "unclear": 0, "Total": 35
    }
    assert published.secondary == {published.table.cell("homicide")}


def test_exactly_one_small_category_of_two_hides_both_but_not_the_total():
    assert one_way(30, 2).column() == {"a": c, "b": c, "Total": 32}


def test_zeros_stay_0_and_are_never_the_complement():
    published = one_way(3, 0, 0, 8)

    assert published.column() == {"a": c, "b": 0, "c": 0, "d": c, "Total": 11}


def test_a_small_count_beside_zeros_hides_with_its_total_and_is_safe():
    # The decision: [c, 0, 0 | c] is published. The count cannot be worked out
    # (one sum, two unknowns); what shows is that every case on the line is in
    # the first category, which showing zeros (the spec) always allows.
    published = one_way(3, 0, 0)

    assert published.column() == {"a": c, "b": 0, "c": 0, "Total": c}
    assert not recoverable_cells(published)


def test_a_line_whose_other_parts_are_zeros_hides_its_total_instead():
    published = suppress(two_way([[6, 3], [0, 7]]))

    # 3 is small; 6 is its row complement; column k0 is then 6, 0 | 6, so its
    # only candidate is the total, which column totals' row closes with 10. The
    # rule of ADR 0005 went on to hide every non-zero cell but the grand total
    # (mass 45); least loss stops there (mass 22) and row r1 stays in full.
    assert published.grid() == [[c, c, 9], [0, 7, 7], [c, c, 16]]
    assert (2, 0) in published.secondary
    assert not recoverable_cells(published)


def test_an_all_small_table_shows_a_total_of_5_or_more():
    assert one_way(1, 2, 3).column() == {"a": c, "b": c, "c": c, "Total": 6}
    assert one_way(1, 2, 1).column() == {"a": c, "b": c, "c": c, "Total": c}


def test_a_total_equal_to_its_number_of_cs_is_hidden_as_they_would_all_be_1():
    assert recoverable_cells(only_primary(Table.one_way(dict(zip("abcde", [1] * 5))))) == {
        (r, 0) for r in range(5)
    }
    published = one_way(1, 1, 1, 1, 1)

    assert set(published.column().values()) == {c}
    assert published.secondary == {(5, 0)}


def test_two_cs_that_must_be_1s_take_a_third_cell_with_them():
    # [c, c, 9 | 11] passes the one-c-per-line rule, yet c + c = 2 and neither
    # is 0, so both are 1: the auditor finds it and suppress hides the 9.
    table = Table.one_way(dict(zip("abc", [1, 1, 9])))
    assert recoverable_cells(only_primary(table)) == {(0, 0), (1, 0)}

    assert suppress(table).column() == {"a": c, "b": c, "c": c, "Total": 11}


def test_secondary_suppression_cascades_from_a_row_into_a_new_column():
    published = suppress(two_way([[3, 9, 20], [8, 6, 30]]))

    # 3 is small. Row r0 takes 9 (smallest other); column k0 takes 8; the 9
    # has left column k1 with one c, so it takes the 6. Every line then has
    # 0 or 2 cs, and the four cs move together by one free amount.
    assert published.grid() == [[c, c, 20, 32], [c, c, 30, 44], [11, 15, 50, 76]]
    assert published.primary == {(0, 0)}
    assert published.secondary == {(0, 1), (1, 0), (1, 1)}
    assert not recoverable_cells(published)


def test_a_small_row_total_is_hidden_and_needs_its_own_complement():
    published = suppress(two_way([[2, 0], [6, 9]]))

    assert published.grid() == [[c, 0, c], [c, 9, c], [8, 9, 17]]
    assert published.primary == {(0, 0), (0, 2)}
    assert not recoverable_cells(published)


def test_the_threshold_is_configurable():
    # DfE's 2020-21 release suppressed "2 or fewer".
    assert one_way(2, 3, 4, 10, threshold=2).column() == {
        "a": c, "b": c, "c": 4, "d": 10, "Total": 19
    }
    assert one_way(2, 3, 4, 10).column() == {"a": c, "b": c, "c": c, "d": 10, "Total": 19}
    with pytest.raises(ValueError):
        one_way(2, 3, threshold=0)


def test_tie_break_is_the_first_cell_by_position():
    assert one_way(7, 2, 7).column() == {"a": c, "b": c, "c": 7, "Total": 16}


def test_linked_breakdowns_are_suppressed_together():
    by_age = {"under_1": 1, "1_to_4": 1, "5_to_9": 1, "10_to_14": 1, "15_to_17": 1}
    by_gender = {"male": 5, "female": 0}

    # Alone, the ages hide their total (five 1s); the gender table would show
    # it as 5 and give every age away.
    assert suppress(Table.one_way(by_age)).column()["Total"] == c
    assert suppress(Table.one_way(by_gender)).column()["Total"] == 5

    published = suppress(Table.one_way(by_age, by_gender))

    assert published.column() == {**dict.fromkeys(by_age, c), "male": c, "female": 0, "Total": c}
    assert not recoverable_cells(published)


def test_the_auditor_solves_what_no_single_line_gives():
    # Two blocks of four cs joined by one c at (1, 2): every line has 2 or 3
    # cs, but rows r0 + r1 less columns k0 + k1 leave that cell alone.
    table = two_way([[10, 10, 30, 30], [10, 10, 10, 30], [30, 30, 10, 10], [30, 30, 10, 10]])
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}

    assert recoverable_cells(SuppressedTable(table, frozenset(), frozenset(hidden))) == {(1, 2)}


def test_percentages_are_suppressed_with_their_counts():
    published = suppress(Table.one_way({"sudi": 20, "suicide": 3, "homicide": 12, "unclear": 0}))
    *counts, total = published.column().values()

    assert with_percentages(counts, total) == [(20, 57.1), (c, c), (c, c), (0, 0.0)]


def test_a_hidden_base_hides_every_percentage():
    assert with_percentages([c, 0, 7], c) == [(c, c), (0, c), (7, c)]


def test_percent_rounds_half_up_and_is_absent_on_an_empty_base():
    assert percent(1, 16) == 6.3  # float round(6.25, 1) gives 6.2
    assert percent(64, 206) == 31.1
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(0, 0) is None
    assert with_percentages([0, 0], 0) == [(0, None), (0, None)]


def test_footnotes_explain_c_only_when_a_cell_is_hidden():
    assert one_way(20, 30).footnotes() == {}
    assert "1 to 2" in one_way(2, 30, threshold=2).footnotes()[c]
    assert set(FOOTNOTES) == {SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE}


def test_labels_find_cells_in_a_two_way_table():
    table = two_way([[1, 20], [30, 40]])
    published = suppress(table)

    assert table.cell("r1", "Total") == (1, 2)
    assert published.column("k0") == {"r0": c, "r1": c, "Total": 31}
    assert published.column("Total") == {"r0": 21, "r1": 70, "Total": 91}


@pytest.mark.parametrize(
    "make",
    [
        lambda: Table(["a"], ["n"], [[-1]]),
        lambda: Table(["a", "b"], ["n"], [[1]]),
        lambda: Table(["a", "a"], ["n"], [[1], [2]]),
        lambda: Table(["a", "t"], ["n"], [[1], [2]], links=[Relation((1, 0), ((0, 0),))]),
        lambda: Table.one_way({"a": 1}, {"b": 2}),
    ],
)
def test_inconsistent_tables_are_refused(make):
    with pytest.raises(ValueError):
        make()


# Properties

# Mostly small counts, so that suppression has work to do.
counts = st.one_of(st.integers(0, 5), st.integers(0, 5), st.integers(0, 30))


@st.composite
def tables(draw) -> Table:
    shape = draw(st.sampled_from(["one_way", "two_way", "linked"]))
    if shape == "one_way":
        values = draw(st.lists(counts, min_size=1, max_size=6))
        return Table.one_way({f"a{i}": n for i, n in enumerate(values)})
    if shape == "two_way":
        height, width = draw(st.integers(1, 6)), draw(st.integers(1, 6))
        grid = draw(st.lists(st.lists(counts, min_size=width, max_size=width),
                             min_size=height, max_size=height))
        return two_way(grid, row_totals=draw(st.booleans()), column_totals=draw(st.booleans()))
    first = draw(st.lists(counts, min_size=1, max_size=6))
    second = draw(st.lists(st.integers(0, sum(first)), min_size=0, max_size=4))
    cuts = sorted(second)
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, sum(first)])]
    return Table.one_way(
        {f"a{i}": n for i, n in enumerate(first)}, {f"b{i}": n for i, n in enumerate(parts)}
    )


@settings(max_examples=300, deadline=None)
@given(table=tables(), threshold=st.sampled_from([1, 2, 3, 4, 4, 4, 5]))
def test_no_published_table_shows_a_small_count_or_gives_one_away(table, threshold):
    published = suppress(table, threshold=threshold)

    for cell in table.cells():
        shown, value = published.shown(cell), table.value(cell)
        assert shown == c or shown == value
        assert shown == c or not 1 <= value <= threshold
        assert shown != c or value > 0  # zeros are always shown
    assert published.primary == {
        cell for cell in table.cells() if 1 <= table.value(cell) <= threshold
    }
    assert all(table.value(cell) > threshold for cell in published.secondary)
    assert all(
        sum(cell in published.suppressed for cell in (line.total, *line.parts)) != 1
        for line in table.relations
    )
    assert not recoverable_cells(published)
