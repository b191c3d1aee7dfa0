"""Coded fields of the data standard, enforced by the database itself.

`choices` alone is only a form-level hint; each coded field here also gets a
CHECK constraint so a bad code cannot reach the table by any path.
"""

from functools import reduce
from operator import add

from django.db import models
from django.db.models import Case, Q, Value, When

from cspr.domain import codes


def _choices(values) -> list[tuple[str, str]]:
    return [(v, v.replace("_", " ")) for v in values]


FLAG_CHOICES = _choices(codes.FLAG_VALUES)


def flag_field(help_text: str = "") -> models.CharField:
    return models.CharField(max_length=7, choices=FLAG_CHOICES, default="unknown", help_text=help_text)


def code_field(values, *, blank: bool = False, max_length: int = 40, default: str | None = None) -> models.CharField:
    extra = {"blank": True, "default": ""} if blank else {}
    if default is not None:  # rows written before the field existed take this code
        extra["default"] = default
    return models.CharField(max_length=max_length, choices=_choices(values), **extra)


def in_codes(model: str, field: str, values, *, blank: bool = False) -> models.CheckConstraint:
    """The field holds one of `values` (or "" when `blank`): `field = 'a' OR field = 'b' OR ...`.

    Written as equalities rather than `field IN (...)`, which means the same (SQL defines IN as
    that OR), because SQLite builds a temporary index for an IN list of more than two constants
    every time a statement runs, and an `executemany` runs its INSERT once per row: with twenty
    such lists on a notification that was two thirds of a bulk import's time in the database
    (ADR 0034).
    """
    allowed = list(values) + ([""] if blank else [])
    condition = Q(*[(field, value) for value in allowed], _connector=Q.OR)
    return models.CheckConstraint(condition=condition, name=f"{model}_{field}_code")


def coded_checks(model: str, packed: codes.PackedCodes) -> list[models.CheckConstraint]:
    """`in_codes` for each of a table's coded fields, with the values its packed codes know."""
    return [in_codes(model, name, values) for name, values in packed.values.items()]


def packed_codes(packed: codes.PackedCodes) -> models.GeneratedField:
    """The table's coded fields as one integer, computed by the database as each row is written.

    A stored generated column: every writer (an action, the bulk import, a migration, a hand
    UPDATE) gets it right by writing the fields, and no writer can leave it behind them. The
    statistics read it instead of comparing each field's text on every row of every report
    (ADR 0036, third amendment); `codes.PackedCodes` says what it holds.
    """
    terms = [
        Case(
            *[When(**{name: value}, then=Value(place << shift)) for place, value in enumerate(packed.values[name], 1)],
            default=Value(0),
            output_field=models.BigIntegerField(),
        )
        for name, (shift, _) in packed.layout.items()
    ]
    return models.GeneratedField(
        expression=reduce(add, terms),
        output_field=models.BigIntegerField(),
        db_persist=True,
        help_text="the coded fields' codes packed into one integer (cspr.domain.codes.PackedCodes); "
        "computed by the database",
    )
