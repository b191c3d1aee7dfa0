"""`cspr export`: the register as files of the data standard, in canonical order.

Canonical order is by notified_date then notification_ref, children by
child_ref, refs in byte order on every database (not the database's collation);
flags are written out in full (`unknown`, not empty); computed due
dates follow the standard columns, then the record's version (`record_version`),
which an import checks so that a file never overwrites a change made after it
was exported. An export imports back unchanged.

A national register is a million children, so the export reads the database as
sets (ADR 0035): one query for the notifications (with their rapid and local
reviews joined), streamed (a server-side cursor on PostgreSQL), and for every
chunk of them one query for their children and one for their themes. Rows come back as the
database driver gives them, never as model instances, so memory stays flat and no
value is converted twice (a date parsed only to be formatted again).
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from cspr.cases import parts
from cspr.cases.models import Child, Notification
from cspr.cases.models.register import in_byte_order
from cspr.domain import codes
from cspr.domain.standard import format_value
from cspr.domain.standard_cells import neutralise_formula

# The notification-level columns a row carries, in the file's order: the standard's, then the computed.
COLUMNS = codes.NOTIFICATION_COLUMNS + codes.COMPUTED_COLUMNS
# Where each is read from the notification. The reviews are parts of the case that the
# reviews app owns (cspr/cases/parts.py), so they are reached by relation name only.
SOURCES = {
    **{column: column for column in COLUMNS},
    "notification_ref": "ref",
    "la_code": "local_authority_id",
    **{column: f"rapid_review__{field}" for column, field in codes.RAPID_REVIEW_FIELDS.items()},
    **{column: f"practice_review__{field}" for column, field in codes.PRACTICE_REVIEW_FIELDS.items()},
    "rr_due_date": "rapid_review__due_date",
    "lcspr_due_date": "practice_review__publication_due_date",
}
THEMES = COLUMNS.index("rr_themes")  # many to a review: fetched apart, with the children
_SUBMITTED = COLUMNS.index("rr_submitted_date")
_ANSWERS = (COLUMNS.index("rr_lcspr_recommended"), COLUMNS.index("rr_national_review"))
# Codes stored as "" when they do not apply; the standard says None.
_EMPTY_IS_NONE = tuple(
    COLUMNS.index(c)
    for c in ("death_category", "harm_category", "late_notification_reason", "late_rapid_review_reason")
)
# The one free-text column (references, codes, dates and numbers cannot start like a formula:
# REF_PATTERN is also a database constraint). Input refuses a formula; a CSV, which people open
# in a spreadsheet, neutralises one stored before that rule looked past leading whitespace.
_DESCRIPTION = COLUMNS.index("incident_description")
_THEME_ORDER = {code: position for position, code in enumerate(codes.THEME_CODES)}
_STANDARD_COUNT = len(codes.NOTIFICATION_COLUMNS)

# Notifications a chunk holds: each chunk costs a query for its children and one for its themes.
CHUNK = 2000


def _part_names() -> list[str]:
    return [name for part in parts.registered() for name in part.select_related]


def record_version(n: Notification) -> int:
    """The version of the whole record a row of the standard carries: the notification's and its parts'.

    Every write to a case raises one of these versions (core/writes.py,
    reviews/writes.py, the import), and no part of a case is ever deleted (a file
    cannot remove a local review), so the sum only grows: a file carrying an
    older sum was exported before someone else's change. Reads the parts
    fetched with `select_related` (no query per row). The export reads the same
    versions as columns (`_record_version`).
    """
    return _record_version([n.version, *(getattr(getattr(n, name, None), "version", None) for name in _part_names())])


def _record_version(versions) -> int:
    # A part the case does not have (no local review yet) adds nothing.
    return sum(version or 0 for version in versions)


def _as_standard(values: list) -> list:
    """A notification's stored values, in COLUMNS order, as the standard gives them (in place)."""
    # Theme order is the taxonomy's, whatever order the database returns.
    values[THEMES] = tuple(sorted(values[THEMES], key=_THEME_ORDER.__getitem__))
    if values[_SUBMITTED] is None:
        # A rapid review not yet submitted has no answers to give, not "unknown" ones.
        for position in _ANSWERS:
            values[position] = None
    for position in _EMPTY_IS_NONE:
        values[position] = values[position] or None
    return values


def _attribute(n: Notification, lookup: str):
    """The value a lookup such as `practice_review__decision_date` names, None where a part is missing."""
    value = n
    for name in lookup.split("__"):
        value = getattr(value, name, None)
    return value


def notification_columns(n: Notification) -> dict:
    """The notification-level values of the standard, as Python values, of one model instance."""
    themes = n.rapid_review.themes.all() if getattr(n, "rapid_review", None) else ()
    values = [
        [t.code for t in themes] if column == "rr_themes" else _attribute(n, SOURCES[column]) for column in COLUMNS
    ]
    return dict(zip(COLUMNS, _as_standard(values))) | {codes.VERSION_COLUMN: record_version(n)}


def child_columns(child) -> dict:
    return {column: getattr(child, column) for column in codes.CHILD_COLUMNS}


def _chunks(rows, size: int) -> Iterator[list[tuple]]:
    """The rows of a `values_list` query, `size` at a time, exactly as the database driver returns them.

    Not the ORM's iterator, which converts every value (on SQLite it parses each
    date that the export then formats back). A server-side cursor where the
    database has one (PostgreSQL) and the connection's settings allow it, so that
    a long query streams.
    """
    try:
        sql, params = rows.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:  # e.g. a scope that can see nothing
        return
    connection = connections[rows.db]
    server_side = not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    with connection.chunked_cursor() if server_side else connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(size):
            yield chunk


class _ChunkQuery:
    """A query for the rows of a chunk of notifications (their keys its only parameters), compiled once.

    Django prepares each of a chunk's thousands of keys as it compiles a query,
    which costs more than running it; the SQL is the same for every chunk, so it
    is compiled once, for as many keys as the first (the largest) chunk has, and
    run with each chunk's. A shorter chunk repeats its last key (a repeated value
    changes nothing in `IN`).
    """

    def __init__(self, rows_of: Callable[[list[int]], QuerySet], db: str):
        self.rows_of, self.connection, self.sql, self.size = rows_of, connections[db], None, 0

    def grouped(self, keys: list[int]) -> dict[int, list[tuple]]:
        """The chunk's rows (the first value a notification's key) grouped by notification, in order."""
        if self.sql is None or len(keys) > self.size:
            self.size = len(keys)
            placeholders = list(range(self.size))
            self.sql, params = self.rows_of(placeholders).query.get_compiler(self.connection.alias).as_sql()
            if list(params) != placeholders:
                raise RuntimeError(f"the keys must be the only parameters of {self.sql}")
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, keys + keys[-1:] * (self.size - len(keys)))
            rows = cursor.fetchall()
        grouped = defaultdict(list)
        for row in rows:
            grouped[row[0]].append(row[1:])
        return grouped


def records(queryset, date_from=None, date_to=None) -> Iterator[tuple[list, int, list[tuple]]]:
    """Each notification of `queryset` in the period, in canonical order: (values, version, children).

    `values` are in COLUMNS order, as `_as_standard` gives them; `children` are
    tuples in codes.CHILD_COLUMNS order, by child_ref. The scope is `queryset`
    itself (the caller's, e.g. `visible_to(user)`): the notifications are read
    through it, and the children and themes of those notifications only.
    """
    names = _part_names()
    notifications = (
        queryset.in_period(date_from, date_to)
        .canonical_order()
        .values_list(
            "pk", *(SOURCES[c] for c in COLUMNS if c != "rr_themes"), "version", *(f"{n}__version" for n in names)
        )
    )
    end = len(COLUMNS)  # the key, then the columns but the themes; the versions after them
    size = min(CHUNK, connections[queryset.db].features.max_query_params or CHUNK)
    children = _ChunkQuery(
        lambda keys: (
            Child.objects.filter(notification_id__in=keys)
            .order_by("notification_id", in_byte_order("child_ref", queryset.db))
            .values_list("notification_id", *codes.CHILD_COLUMNS)
        ),
        queryset.db,
    )
    themes = _ChunkQuery(
        lambda keys: (
            Notification.objects.filter(pk__in=keys, rapid_review__themes__isnull=False)
            .order_by()
            .values_list("pk", "rapid_review__themes")
        ),
        queryset.db,
    )
    for chunk in _chunks(notifications, size):
        keys = [row[0] for row in chunk]
        children_of, themes_of = children.grouped(keys), themes.grouped(keys)
        for row in chunk:
            key = row[0]
            values = list(row[1:end])
            values.insert(THEMES, [theme for (theme,) in themes_of.get(key, ())])
            yield _as_standard(values), _record_version(row[end:]), children_of.get(key, [])


def _write_rows(writer, values: list, version: int, children: list[tuple]) -> None:
    """One notification's rows: one per child, the notification's values beside each."""
    values[THEMES] = format_value(values[THEMES])
    if values[_DESCRIPTION]:
        values[_DESCRIPTION] = neutralise_formula(values[_DESCRIPTION])
    standard, computed = values[:_STANDARD_COUNT], [*values[_STANDARD_COUNT:], version]
    # The rest is written as the driver returned it: csv.writer writes None, text, whole
    # numbers and dates as format_value does (tests/cases/test_export_reads_sets.py).
    writer.writerows([[*standard, *child, *computed] for child in children])


def write_csv(out, *, queryset, date_from=None, date_to=None) -> int:
    """Write one row per child of the notifications in `queryset`; return the number of notifications written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(codes.ALL_COLUMNS)
    count = 0
    for values, version, children in records(queryset, date_from, date_to):
        _write_rows(writer, values, version, children)
        count += 1
    return count


def csv_pieces(*, queryset, date_from=None, date_to=None, size: int = 1 << 16) -> Iterator[str]:
    """The same file as `write_csv`, in pieces of about `size` characters: a streaming response's body."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(codes.ALL_COLUMNS)
    for values, version, children in records(queryset, date_from, date_to):
        _write_rows(writer, values, version, children)
        if buffer.tell() >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_notification(values: list, version: int, children: list[tuple]) -> dict:
    values = {
        column: list(value) if isinstance(value, tuple) else format_value(value) or None
        for column, value in zip(COLUMNS, values)
    }
    rapid_review = {short: values.pop(long) for long, short in codes.RAPID_REVIEW_FIELDS.items()}
    practice_review = {short: values.pop(long) for long, short in codes.PRACTICE_REVIEW_FIELDS.items()}
    computed = {k: values.pop(k) for k in codes.COMPUTED_COLUMNS}
    rows = []
    for child in children:
        row = {k: format_value(v) if k != "age_years" else v for k, v in zip(codes.CHILD_COLUMNS, child)}
        row["home_la_code"] = row["home_la_code"] or None  # JSON: null when it is the notifying authority
        rows.append(row)
    return {
        **values,
        "children": rows,
        "rapid_review": rapid_review if rapid_review["submitted_date"] else None,
        "practice_review": practice_review if practice_review["decision_date"] else None,
        **computed,
        codes.VERSION_COLUMN: version,
    }


def write_json(out, *, queryset, date_from=None, date_to=None) -> int:
    """Write `{"standard": "cspr-2", "notifications": [...]}`, streaming one notification at a time."""
    out.write(f'{{"standard": "{codes.STANDARD}", "notifications": [')
    count = 0
    for values, version, children in records(queryset, date_from, date_to):
        out.write(
            ("\n  " if count == 0 else ",\n  ")
            + json.dumps(_json_notification(values, version, children), ensure_ascii=False)
        )
        count += 1
    out.write("\n]}\n")
    return count
