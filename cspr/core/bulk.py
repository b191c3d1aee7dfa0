"""Writing many new rows at the speed of the database: multi-row `INSERT` on SQLite, `COPY` on PostgreSQL.

The ORM's `bulk_create` builds every row as a model instance and every statement
through the query compiler; at national scale (a million children) that was almost
all of an import's time (issue 18). Here a row is a plain dict of attribute values
(`notification_id`, not `notification`); the columns are the model's concrete
fields, and a value the dict does not give is the field's own default (`auto_now`
and `auto_now_add` fields take the writer's `now`), so a column added to a model
flows through without a change here, and a new column with no default and no value
is an error rather than a silent NULL. Values are converted once per field kind,
and rows go to the database in one statement per batch (on SQLite, one per as many
rows as its parameter limit allows), inside the caller's transaction: nothing here
commits, and database constraints still hold.

Primary keys a later row needs (a child's notification) are reserved first
(`reserve_ids`): PostgreSQL hands out sequence values; on SQLite, where an import
holds the write lock from its first statement (IMMEDIATE transactions,
settings.py), the next ids are those after the table's highest.
"""

import contextlib
import json
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter

from django.db import connection as default_connection
from django.db import models
from django.utils import timezone

# Field kinds whose Python value the database driver takes as it is.
_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.AutoField,
    models.BigAutoField,
    models.ForeignKey,
    models.GenericIPAddressField,
)


# Rows in one of SQLite's multi-row INSERTs. More saves little time (200 rows have made the
# statement's set-up negligible) and costs memory: the driver keeps its last 128 statements
# prepared, and each size of a batch's last statement is one of them (992-row statements: a
# peak of 295 MB for a 100,000-child import, against 179 MB with 200).
ROWS_PER_INSERT = 200


class BulkWriter:
    """Inserts rows of any model through one connection; ADR 0034 says why it exists beside the ORM."""

    def __init__(self, connection=default_connection, now=None):
        self.connection = connection
        self.now = now or timezone.now()
        self._plans: dict[type, tuple] = {}

    # --- Ids ----------------------------------------------------------------------------

    def reserve_ids(self, model, count: int) -> list[int]:
        """`count` primary keys for new rows of `model`, in ascending order, none used before."""
        if count == 0:
            return []
        table, pk = model._meta.db_table, model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
                )
                return sorted(row[0] for row in cursor.fetchall())
            quoted = self.connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT MAX(x) FROM (SELECT MAX({self.connection.ops.quote_name(pk)}) AS x FROM {quoted} "
                "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
                [table],
            )
            start = (cursor.fetchone()[0] or 0) + 1
        return list(range(start, start + count))

    # --- Rows ---------------------------------------------------------------------------

    def _plan(self, model) -> "_Plan":
        plan = self._plans.get(model)
        if plan is None:
            # A generated column is the database's to compute: never sent.
            fields = [self._field_plan(f) for f in model._meta.concrete_fields if not f.generated]
            plan = self._plans[model] = _Plan(fields, model._meta.pk.attname)
        return plan

    def _field_plan(self, field) -> tuple:
        """(attname, column, default, convert) for one field: what a row without it holds, and how to send it."""
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = self.now
        elif field.has_default():
            default = field.get_default if callable(field.default) else field.get_default()
        elif field.null or field.primary_key:
            default = None
        elif field.empty_strings_allowed and not field.is_relation:
            default = ""  # what the ORM writes for text without a default
        else:
            default = _Missing(field)
        return field.attname, field.column, default, self._converter(field)

    def _converter(self, field):
        postgres = self.connection.vendor == "postgresql"
        if isinstance(field, models.JSONField):
            return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
        if isinstance(field, _AS_IS) or (postgres and isinstance(field, models.DateField)):
            return None
        if isinstance(field, models.DateTimeField):
            adapt = self.connection.ops.adapt_datetimefield_value
            seen: dict = {}  # an import writes one timestamp on every row: convert it once

            def datetime_value(value):
                if value not in seen:
                    seen[value] = adapt(value)
                return seen[value]

            return datetime_value
        if isinstance(field, models.DateField):
            return lambda value: None if value is None else value.isoformat()
        return lambda value: field.get_db_prep_save(value, self.connection)

    def insert(self, model, rows: Iterable[dict]) -> int:
        """Insert every row (dicts of attribute values); return how many. The pk column is sent when rows give it."""
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return 0
        plan = self._plan(model)
        if unknown := rows[0].keys() - plan.fixed.keys() - dict(plan.called).keys():
            # A misspelt attribute would otherwise be dropped and its column take the default.
            raise ValueError(f"{model._meta.label}: a bulk row names no field {', '.join(sorted(unknown))}")
        with_pk = model._meta.pk.attname in rows[0]
        return self.insert_rows(model._meta.db_table, plan.columns(with_pk), plan.values(rows, with_pk))

    def insert_rows(self, table: str, columns: list[str], values: list[tuple]) -> int:
        """Insert tuples of database values into `table`'s `columns`: one COPY, or INSERTs of many rows each."""
        ops = self.connection.ops
        names = ", ".join(ops.quote_name(column) for column in columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # The driver's own cursor, so its errors are not Django's until wrapped: a constraint
                # broken by a COPY must reach the caller as IntegrityError, as an INSERT's does.
                with (
                    self.connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {ops.quote_name(table)} ({names}) FROM STDIN") as copy,
                ):
                    for row in values:
                        copy.write_row(row)
            else:
                # Many rows to a statement, not `executemany`: SQLite does a statement's set-up (opening
                # the table and each index, building what its checks need) every time it runs it, and
                # executemany runs it once per row (ADR 0034). Up to ROWS_PER_INSERT rows a statement.
                # Through the driver's connection, with its own `?` marks: Django's cursor turns each `%s`
                # into `?` with a regular expression, a second of a 100,000-child import. Same connection,
                # so the same transaction; its errors are wrapped as above.
                per = max(1, min(ROWS_PER_INSERT, self.connection.features.max_query_params // len(columns)))
                row_marks = f"({', '.join('?' * len(columns))})"
                insert = f"INSERT INTO {ops.quote_name(table)} ({names}) VALUES "
                with self.connection.wrap_database_errors:
                    for start in range(0, len(values), per):
                        chunk = values[start : start + per]
                        self.connection.connection.execute(
                            insert + ", ".join([row_marks] * len(chunk)), list(chain.from_iterable(chunk))
                        )
        return len(values)


# SQLite's page cache while a bulk write runs, in KiB. With the default 2 MB a large
# transaction spills and re-reads pages constantly, and the C library's heap shrinks
# and grows again on every page (measured: seven times slower inserts).
SQLITE_CACHE_KIB = 65536


@contextlib.contextmanager
def working_cache(connection=default_connection):
    """A page cache large enough for a bulk write's working set, on SQLite, for the block's duration."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


class _Missing:
    """The default of a field that has none: writing a row without its value is a programming error."""

    def __init__(self, field):
        self.field = field

    def __call__(self):
        raise ValueError(
            f"{self.field.model._meta.label}.{self.field.attname}: a bulk row gives no value and the field has no "
            "default; give the value where the row is built"
        )


class _Plan:
    """How one model's rows become tuples: fixed defaults merged under each row, callables called, values converted."""

    def __init__(self, fields: list[tuple], pk: str):
        self.fields, self.pk = fields, pk
        self.fixed = {name: default for name, _, default, _ in fields if not callable(default)}
        self.called = [(name, default) for name, _, default, _ in fields if callable(default)]

    def _names(self, with_pk: bool) -> list[tuple]:
        return [f for f in self.fields if with_pk or f[0] != self.pk]

    def columns(self, with_pk: bool) -> list[str]:
        return [column for _, column, _, _ in self._names(with_pk)]

    def values(self, rows: list[dict], with_pk: bool) -> list[tuple]:
        fields = self._names(with_pk)
        names = [name for name, _, _, _ in fields]
        pick = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
        convert = [(index, f[3]) for index, f in enumerate(fields) if f[3] is not None]
        result = []
        for row in rows:
            full = self.fixed | row
            for name, default in self.called:
                if name not in row:
                    full[name] = default()
            values = pick(full)
            if convert:
                values = list(values)
                for index, function in convert:
                    if values[index] is not None:
                        values[index] = function(values[index])
            result.append(tuple(values))
        return result
