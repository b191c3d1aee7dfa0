"""Facet counts for a set of matching reviews, as sparse matrix products.

Every review's facet values are held once (per repository state) as a 0/1
matrix, reviews by (facet, value). Counting the facets of a few thousand matches
is then one or two matrix-vector products instead of a Python loop over every
match, which at 3,000 reviews cost as much as the full-text query itself.

Counts are disjunctive: a facet's own selection is not applied to its counts,
every other facet's is. So choosing 2021 still shows how many matches 2020 has.

numpy and scipy are imported by the methods, not here: this module is reached from
cspr/urls.py (the learning views' actions reach the search), and loading them with
the URL configuration cost every web process's first request, whatever its page.
"""

from dataclasses import dataclass

FACETS = ("year", "review_type", "region", "age_band", "incident_type", "theme", "characteristic")


@dataclass(frozen=True)
class Row:
    """What search needs to know about one review without reading it again."""

    id: int
    values: dict[str, tuple[str, ...]]
    title: str
    area: str

    @property
    def year(self) -> str:
        return self.values["year"][0]


class FacetIndex:
    def __init__(self, rows: dict[int, Row]):
        import numpy as np  # lazy: numpy and scipy take 0.2-0.7 s to import, needed only by a search
        from scipy import sparse  # lazy: as numpy

        self.rows = rows
        self.ids = np.array(sorted(rows), dtype=np.int64)
        self.position = {review_id: i for i, review_id in enumerate(self.ids.tolist())}
        pairs = sorted({(facet, value) for row in rows.values() for facet in FACETS for value in row.values[facet]})
        self.column = {pair: j for j, pair in enumerate(pairs)}
        self.pairs = pairs
        row_index, column_index = [], []
        for i, review_id in enumerate(self.ids.tolist()):
            values = rows[review_id].values
            for facet in FACETS:
                for value in values[facet]:
                    row_index.append(i)
                    column_index.append(self.column[(facet, value)])
        data = np.ones(len(row_index), dtype=np.int32)
        self.matrix = sparse.csr_matrix((data, (row_index, column_index)), shape=(len(self.ids), len(pairs)))
        self.facet_columns = {facet: [j for j, (f, _) in enumerate(pairs) if f == facet] for facet in FACETS}

    def count(self, review_ids, selected: dict[str, set[str]]) -> tuple[dict[str, dict[str, int]], list[int]]:
        """Per facet, {value: count} over `review_ids`; and the ids passing every selection, in id order."""
        import numpy as np  # lazy: numpy takes 0.1-0.4 s to import, needed only by a search

        positions = np.fromiter((self.position[i] for i in review_ids if i in self.position), dtype=np.int64)
        positions.sort()
        subset = self.matrix[positions]
        active = [facet for facet in FACETS if selected.get(facet)]
        passes = {}
        for facet in active:
            wanted = np.zeros(len(self.pairs), dtype=np.int32)
            wanted[[self.column[(facet, v)] for v in selected[facet] if (facet, v) in self.column]] = 1
            passes[facet] = (subset @ wanted) > 0
        everything = np.ones(len(positions), dtype=bool)
        for mask in passes.values():
            everything &= mask
        totals_for_all = np.asarray(subset.T @ everything.astype(np.int32)).ravel()
        counts: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            totals = totals_for_all
            if facet in passes:
                others = np.ones(len(positions), dtype=bool)
                for other, mask in passes.items():
                    if other != facet:
                        others &= mask
                totals = np.asarray(subset.T @ others.astype(np.int32)).ravel()
            counts[facet] = {self.pairs[j][1]: int(totals[j]) for j in self.facet_columns[facet] if totals[j]}
        passing = self.ids[positions[everything]].tolist()
        return counts, passing
