"""The auditor's algebra against a plain statement of it: a hidden count is fixed by
the sums exactly when adding "this count" to them as one more equation does not
raise their rank. Dense elimination on fractions here, sparse elimination on whole
numbers in cspr (ADR 0022), over random tables and random patterns of hidden cells."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.domain.disclosure_audit import _solved_by_algebra
from tests.domain.test_disclosure import tables


def rank(rows: list[list[Fraction]]) -> int:
    rows, found = [list(row) for row in rows], 0
    for c in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(found, len(rows)) if rows[r][c]), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for r in range(found + 1, len(rows)):
            factor = rows[r][c] / rows[found][c]
            rows[r] = [a - factor * b for a, b in zip(rows[r], rows[found])]
        found += 1
    return found


def fixed_by_the_sums(relations, hidden) -> set:
    unknown = sorted(hidden)
    rows = []
    for total, parts in relations:
        row = [Fraction(0)] * len(unknown)
        for cell, sign in ((total, 1), *((part, -1) for part in parts)):
            if cell in hidden:
                row[unknown.index(cell)] += sign
        rows.append(row)
    alone = rank(rows)
    return {cell for i, cell in enumerate(unknown) if rank([*rows, [Fraction(j == i) for j in range(len(unknown))]]) == alone}


@settings(max_examples=300, deadline=None)
@given(table=tables(), data=st.data())
def test_the_algebra_fixes_exactly_what_the_sums_fix(table, data):
    non_zero = sorted(cell for cell in table.cells() if table.value(cell))
    hidden = set(data.draw(st.lists(st.sampled_from(non_zero), unique=True))) if non_zero else set()
    on_a_line = {cell for line in table.relations for cell in (line.total, *line.parts)}
    known = {cell: table.value(cell) for cell in table.cells() if cell not in hidden}

    assert _solved_by_algebra(table.relations, known) == fixed_by_the_sums(table.relations, hidden & on_a_line)
