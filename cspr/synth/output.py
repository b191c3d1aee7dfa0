"""Writing generated records as files of the cspr-2 data standard (CSV or JSON).

CSV: header `codes.STANDARD_COLUMNS` (no computed columns), one row per child,
rows of a notification together, written with `csv.writer` in large batches.
JSON: `{"standard": "cspr-2", "notifications": [...]}`, each notification with its
`children`, `rapid_review` (or null) and `practice_review` (or null), the shape
`cspr export --format json` writes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from cspr.domain import codes

__all__ = ["write", "write_csv", "write_json"]

Chunks = Iterable[list[tuple]]  # lists of rows, one row per child, STANDARD_COLUMNS order
# The generator's rows are positional: the columns are named here once (cspr-2, generate.py).
STANDARD = codes.STANDARD
NOTIFICATION_COLUMNS = codes.NOTIFICATION_COLUMNS
CHILD_COLUMNS = codes.CHILD_COLUMNS
WIDTH = len(NOTIFICATION_COLUMNS)


def write_csv(out: TextIO, chunks: Chunks) -> int:
    """Write the header and every chunk of rows with one `writerows` call each; return the rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NOTIFICATION_COLUMNS + CHILD_COLUMNS)
    count = 0
    for rows in chunks:
        writer.writerows(rows)
        count += len(rows)
    return count


_NESTED = {**{k: ("rapid_review", v) for k, v in codes.RAPID_REVIEW_FIELDS.items()},
           **{k: ("practice_review", v) for k, v in codes.PRACTICE_REVIEW_FIELDS.items()}}


def as_json(values: tuple, kids: list[tuple]) -> dict:
    """One record in the standard's JSON form (empty values as null)."""
    top: dict = {}
    nested: dict[str, dict] = {"rapid_review": {}, "practice_review": {}}
    for column, value in zip(NOTIFICATION_COLUMNS, values):
        if column == "rr_themes":
            value = value.split(";") if value else []
        elif value == "":
            value = None
        if column in _NESTED:
            group, name = _NESTED[column]
            nested[group][name] = value
        else:
            top[column] = value
    top["children"] = [
        {column: (int(v) if v else None) if column == "age_years" else (v or None)
         for column, v in zip(CHILD_COLUMNS, kid)}
        for kid in kids
    ]
    rr, pr = nested["rapid_review"], nested["practice_review"]
    top["rapid_review"] = rr if rr["submitted_date"] else None
    top["practice_review"] = pr if pr["decision_date"] else None
    return top


def _records(chunks: Chunks):
    """(notification values, [child values]) from rows; a notification's rows are consecutive."""
    for rows in chunks:
        values, kids = None, []
        for row in rows:
            if values is not None and row[0] != values[0]:
                yield values, kids
                kids = []
            values = row[:WIDTH]
            kids.append(row[WIDTH:])
        if values is not None:
            yield values, kids


def write_json(out: TextIO, chunks: Chunks) -> int:
    """Write `{"standard": "cspr-2", "notifications": [...]}`, one notification a line; return the children."""
    out.write('{"standard": ' + json.dumps(STANDARD) + ', "notifications": [')
    first, count = True, 0
    for values, kids in _records(chunks):
        out.write(("\n  " if first else ",\n  ") + json.dumps(as_json(values, kids), ensure_ascii=False))
        first = False
        count += len(kids)
    out.write("\n]}\n")
    return count


def write(out: TextIO, chunks: Chunks, fmt: str = "csv") -> int:
    """Write CSV or JSON; return the number of children (rows) written."""
    if fmt not in ("csv", "json"):
        raise ValueError(f"unknown format {fmt!r}: csv or json")
    return (write_json if fmt == "json" else write_csv)(out, chunks)
