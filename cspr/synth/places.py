"""Which local authority notifies: one valid on the incident date, weighted by size.

Validity is decided by the same `AreaIndex` the importer uses (cspr/core/reference.py,
pure Python), fed from the shipped reference files, so a generated `la_code`
passes import on its `incident_date`: the authority existed then and a
safeguarding partnership covered it. The date range is cut into epochs at every
start and end date in the files; within an epoch the valid set does not change,
so each epoch gets one lookup table and a draw is two list lookups.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from cspr.core.reference import AreaIndex, read_local_authorities, read_partnerships
from cspr.synth.numbers import apportion
from cspr.synth.profile import ProfileError

__all__ = ["Places"]

TABLE = 1 << 16


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def area_index() -> AreaIndex:
    """The importer's rules over the shipped reference files (no database)."""
    authorities = [(row["gss_code"], row["name"], _date(row["valid_from"]), _date(row["valid_to"]), [])
                   for row in read_local_authorities()]
    partnerships = [(row["partnership_code"], _date(row["valid_from"]), _date(row["valid_to"]),
                     [c for c in row["la_codes"].split(";") if c])
                    for row in read_partnerships()]
    return AreaIndex(authorities, partnerships)


class Places:
    def __init__(self, first: date, last: date, places: dict):
        index = area_index()
        type_weights = {k: float(v) for k, v in places.get("type_weights", {}).items()}
        weights = {k: float(v) for k, v in places.get("weights", {}).items()}
        codes = sorted(index.authorities)
        cuts = {first}
        for _, _, valid_from, valid_to, _ in index.authorities.values():
            cuts.update(d for d in (valid_from, valid_to and valid_to + timedelta(days=1)) if d)
        for entries in index.covering.values():
            for _, valid_from, valid_to in entries:
                cuts.update(d for d in (valid_from, valid_to and valid_to + timedelta(days=1)) if d)
        starts = sorted(d for d in cuts if first <= d <= last)
        self.base = first.toordinal()
        ordinals = [d.toordinal() for d in starts] + [last.toordinal() + 1]
        # epoch[k]: which table serves the day with ordinal base + k
        self.epoch = [e for e in range(len(starts)) for _ in range(ordinals[e], ordinals[e + 1])]
        self.tables: list[list[str]] = []
        for start in starts:
            valid = [c for c in codes if index.problem(c, start) is None]
            if not valid:
                raise ProfileError(f"no local authority in cspr's reference list is valid on {start}")
            w = [weights.get(c, type_weights.get(c[:3], 1.0)) for c in valid]
            table: list[str] = []
            for code, n in zip(valid, apportion(TABLE, w)):
                table.extend([code] * n)
            self.tables.append(table)

    def draw(self, rng: random.Random, ordinals: list[int]) -> list[str]:
        """One local authority code for each incident date (as an ordinal)."""
        bits = memoryview(rng.randbytes(2 * len(ordinals))).cast("H") if ordinals else []
        epoch, tables, base = self.epoch, self.tables, self.base
        return [tables[epoch[o - base]][b] for o, b in zip(ordinals, bits)]
