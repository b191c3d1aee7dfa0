"""Filling a table's stored working days late from its dates, in one statement (ADR 0036).

Every writer stores a deadline's working days late with the dates it is counted from
(cspr/core/clock.py `working_days_late`); this fills the column for rows written
before it existed (the migrations that add it), or again after the working-day
calendar changed (an extra closure date added to settings). A register of a million
records has only some thousands of distinct (due, done) date pairs: each pair is
counted once with the calendar, the pairs go into a temporary table, and every row
takes its figure in one UPDATE, on SQLite and PostgreSQL alike.
"""

from datetime import date

from cspr.core.clock import working_days_late

PAIRS = "cspr_days_late_pairs"


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def fill_working_days_late(connection, table: str, field: str, due: str, done: str) -> int:
    """Set `table.field` to the working days from `due` to `done` (NULL where either is empty).

    Returns the number of distinct date pairs counted.
    """
    qn = connection.ops.quote_name
    t, f, d, o = qn(table), qn(field), qn(due), qn(done)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT {d}, {o} FROM {t} WHERE {d} IS NOT NULL AND {o} IS NOT NULL")
        pairs = [(_day(a), _day(b)) for a, b in cursor.fetchall()]
        cursor.execute(
            f"CREATE TEMPORARY TABLE {PAIRS} (due date NOT NULL, done date NOT NULL, days integer NOT NULL, "
            "PRIMARY KEY (due, done))"
        )
        try:
            cursor.executemany(
                f"INSERT INTO {PAIRS} (due, done, days) VALUES (%s, %s, %s)",
                [(a, b, working_days_late(a, b)) for a, b in pairs],
            )
            cursor.execute(
                f"UPDATE {t} SET {f} = (SELECT p.days FROM {PAIRS} p WHERE p.due = {t}.{d} AND p.done = {t}.{o})"
            )
        finally:
            cursor.execute(f"DROP TABLE {PAIRS}")
    return len(pairs)
