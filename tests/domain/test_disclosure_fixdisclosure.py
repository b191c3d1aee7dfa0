"""A published table's notes say which hidden counts are small ("a count from 1 to 4"), so a
reader knows those bounds, and that a count hidden for another reason is above the threshold:
suppression must leave nothing to work out with them (review of 8 December 2026, ADR 0005
amended 2026-12-08).

The reviewer's case, notifications by month in 2024: Jan 5, Feb 6, May 5, Sep 15, Oct 7,
Dec 8 shown, the year 63 and April to September 29 shown, the other six `c`. The six add up to
17 and April, June, July and August to 9, so March and November add up to 8; the notes called
both "a count from 1 to 4", so each was 4.
"""

from itertools import product

from cspr.domain import disclosure
from cspr.domain.disclosure import Relation, SuppressedTable, Table, recoverable_cells, suppress

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
COUNTS_2024 = [5, 6, 4, 1, 5, 2, 3, 3, 15, 7, 4, 8]


def months_table(counts: list[int]) -> Table:
    """Twelve months, April to September (a published comparison) and the year."""
    half, year = len(MONTHS), len(MONTHS) + 1
    return Table(
        [*MONTHS, "Apr-Sep", "Year"],
        ["Number"],
        [[n] for n in (*counts, sum(counts[3:9]), sum(counts))],
        links=[
            Relation((year, 0), tuple((m, 0) for m in range(12))),
            Relation((half, 0), tuple((m, 0) for m in range(3, 9))),
        ],
    )


def possible_values(published: SuppressedTable) -> dict[str, set[int]]:
    """Every value each hidden count can take, by brute force and independently of the auditor:
    every assignment that fits the shown counts, the sums, and what the notes say (a count from
    1 to the threshold, or, hidden for another reason, above it)."""
    table, t = published.table, published.threshold
    hidden = sorted(published.suppressed)
    largest = max(table.value(cell) for cell in table.cells())
    ranges = [range(1, t + 1) if cell in published.primary else range(t + 1, largest + 1) for cell in hidden]
    seen: dict[str, set[int]] = {table.row_labels[cell[0]]: set() for cell in hidden}
    for guess in product(*ranges):
        value = dict(zip(hidden, guess))

        def shown(cell, value=value):
            return value.get(cell, table.value(cell))

        if all(shown(line.total) == sum(map(shown, line.parts)) for line in table.relations):
            for cell, v in value.items():
                seen[table.row_labels[cell[0]]].add(v)
    return seen


def test_the_reviewers_pattern_is_worked_out_from_its_notes():
    # What was published: the six small months hidden, nothing else, each noted as small.
    table = months_table(COUNTS_2024)
    primary = frozenset(table.cell(m) for m in ("Mar", "Apr", "Jun", "Jul", "Aug", "Nov"))
    as_published = SuppressedTable(table, primary, frozenset(), 4, labelled=True)

    assert recoverable_cells(as_published) == {table.cell("Mar"), table.cell("Nov")}
    assert possible_values(as_published)["Mar"] == {4}
    # A reader not told which are small could not: the auditor then finds nothing.
    assert not recoverable_cells(SuppressedTable(table, primary, frozenset(), 4))


def test_the_months_are_suppressed_so_that_nothing_follows_from_the_notes():
    table = months_table(COUNTS_2024)
    published = suppress(table)

    # Checked by brute force first: every hidden month could be at least two values.
    assert all(len(values) > 1 for values in possible_values(published).values())
    assert published.labelled and published.secondary  # a complement for March and November
    assert not recoverable_cells(published)
    assert published.reason(table.cell("Mar")) == "a count from 1 to 4"


def test_a_rectangle_whose_corners_the_notes_bound_is_not_enough():
    # [[4, 13, 18, 0], [30, 0, 1, 22]] with margins: hiding 4, 18, 30 and 1 is safe if a `c` is
    # only at least 1; told that 4 is from 1 to 4 and 1 is too, 18 = 22 - 4 at least and
    # 19 - 1 at most.
    table = Table(["r0", "r1"], ["k0", "k1", "k2", "k3"], [[4, 13, 18, 0], [30, 0, 1, 22]], True, True)
    primary = frozenset({(0, 0), (1, 2)})
    rectangle = SuppressedTable(table, primary, frozenset({(0, 2), (1, 0)}), 4, labelled=True)

    assert (0, 2) in recoverable_cells(rectangle)
    published = suppress(table)
    assert published.labelled and not recoverable_cells(published)


def test_where_every_count_hidden_still_gives_one_away_the_reasons_are_not_told_apart():
    # 8 children: 4 girls and 4 boys; 5 under 1 and one in each of three other bands. Noted as
    # small, the girls and boys make at most 8, the bands (5 at least, noted as not small, and
    # three at least 1) at least 8: every count follows, however many are hidden.
    table = Table.one_way({"female": 4, "male": 4}, {"under_1": 5, "1_to_4": 1, "5_to_9": 1, "10_to_14": 1})
    published = suppress(table)

    assert not published.labelled
    assert not recoverable_cells(published)
    assert {published.reason(cell) for cell in published.suppressed} == {disclosure.UNLABELLED.format(threshold=4)}
