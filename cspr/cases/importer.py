"""`cspr import`: read files of the data standard and load them all or not at all.

Files are read as they are written to the register: a CSV file as a stream
(cspr/domain/standard_stream.py), batch by batch, all in one transaction. A
problem anywhere (a bad cell on the last line, a stale record) stops the writing
and rolls back everything written before it, so a file still loads completely or
not at all, while memory stays flat however large the file (ADR 0034). Which
references the import has met, and where, is kept in a temporary table rather
than in memory. A CSV file whose notification's rows are not together is read
whole with `parse_csv` instead (the import starts again, nothing kept); JSON
files are read whole.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from cspr.cases.actions.load import BATCH, LoadRefused, LoadSummary, notifications_load
from cspr.core import audit
from cspr.core.bulk import BulkWriter
from cspr.core.reference import AreaIndex
from cspr.domain.standard import NotificationRecord, Problem, Problems, parse_csv
from cspr.domain.standard_json import parse_json
from cspr.domain.standard_stream import iter_csv

PARSERS = {".csv": parse_csv, ".json": parse_json}


class ImportFailed(Exception):
    """Nothing was loaded; `errors` says why, one `FILE:LINE: column: message` each."""

    def __init__(self, errors: list[str], stopped: bool = False):
        # `stopped`: reading stopped at the limit, and the last of `errors` says so (it is no problem itself).
        self.errors, self.stopped = errors, stopped
        super().__init__(f"{self.found}; nothing was imported")

    @property
    def found(self) -> str:
        """How many problems, in words: "3 problem(s)", or "200 or more problems" when reading stopped."""
        if self.stopped:
            return f"{len(self.errors) - 1} or more problems"
        return f"{len(self.errors)} problem(s)"


@dataclass
class ImportResult(LoadSummary):
    files: int = 0


class _RowsApart(Exception):
    """A streamed CSV file gives one notification's rows in two places: read it whole instead."""

    def __init__(self, path: Path):
        self.path = path


class _References:
    """Where each notification_ref of this import was first given: a temporary table, so memory stays flat."""

    TABLE = "cspr_import_refs"

    def __init__(self, paths: list[Path]):
        self.paths = paths
        self.table = connection.ops.quote_name(self.TABLE)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.table} "
                "(ref varchar(40) PRIMARY KEY, file integer NOT NULL, location text NOT NULL)"
            )

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def check(self, batch: list[NotificationRecord], file: int, streamed: bool) -> list[Problem]:
        """A problem for each record whose reference an earlier file gave; note the batch's references."""
        refs = [r.ref for r in batch]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT ref, file, location FROM {self.table} WHERE ref IN ({', '.join(['%s'] * len(refs))})", refs
            )
            first = {ref: (index, location) for ref, index, location in cursor.fetchall()}
        problems, new = [], []
        for record in batch:
            if record.ref not in first:
                first[record.ref] = (file, record.location)
                new.append((record.ref, file, record.location))
                continue
            index, location = first[record.ref]
            if index == file and streamed:
                raise _RowsApart(self.paths[file])
            problems.append(
                Problem(
                    str(self.paths[file]),
                    record.location,
                    "notification_ref",
                    f"'{record.ref}' is also in {self.paths[index]}:{location}",
                )
            )
        BulkWriter().insert_rows(self.TABLE, ["ref", "file", "location"], new)
        return problems


class _Reading:
    """The records of every file in order, checked; `problems` fills as they are read."""

    def __init__(self, paths: list[Path], areas: AreaIndex, whole: set[Path]):
        self.paths, self.areas, self.whole = paths, areas, whole
        self.problems: list[Problem] = []
        self.limit = settings.CSPR_IMPORT_MAX_ERRORS
        self.today = timezone.localdate()

    def records(self) -> Iterator[NotificationRecord]:
        """Records to write: none after the first problem (reading goes on, to report more)."""
        references = _References(self.paths)
        for index, path in enumerate(self.paths):
            if path.suffix.lower() not in PARSERS:
                self.problems.append(
                    Problem(str(path), "1", "(file)", "unknown file type: cspr imports .csv and .json files")
                )
                continue
            streamed = path.suffix.lower() == ".csv" and path not in self.whole
            with _opened(path, self.problems) as stream:
                if stream is None:
                    continue
                found = self._streamed(stream, path) if streamed else self._whole(stream, path)
                while batch := list(islice(found, BATCH)):
                    self.problems += references.check(batch, index, streamed)
                    if not self.problems:
                        yield from batch
            if len(self.problems) >= self.limit:
                break
        references.drop()

    def _streamed(self, stream, path: Path) -> Iterator[NotificationRecord]:
        problems = Problems(str(path), self.limit, self.problems)
        return iter_csv(stream, str(path), problems, today=self.today, la_check=self.areas.problem)

    def _whole(self, stream, path: Path) -> Iterator[NotificationRecord]:
        found, problems = PARSERS[path.suffix.lower()](
            stream.read(),
            str(path),
            today=self.today,
            la_check=self.areas.problem,
            limit=max(1, self.limit - len(self.problems)),
        )
        self.problems += problems
        return iter(found)


class _opened:
    """The file open for reading, or None after noting why it cannot be read."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path, self.problems, self.stream = path, problems, None

    def __enter__(self):
        try:
            self.stream = open(self.path, "rb")  # noqa: SIM115 - closed by __exit__
        except OSError as error:
            self.problems.append(Problem(str(self.path), "1", "(file)", f"cannot be read: {error.strerror}"))
        return self.stream

    def __exit__(self, *exc):
        if self.stream is not None:
            self.stream.close()


def _failed(problems: list[Problem]) -> ImportFailed:
    limit = settings.CSPR_IMPORT_MAX_ERRORS
    errors = [str(p) for p in problems[:limit]]
    stopped = len(problems) >= limit
    if stopped:
        errors.append(f"(stopped after {limit} problems)")
    return ImportFailed(errors, stopped)


def import_files(
    paths: list[Path], *, actor, progress: Callable[[int], None] | None = None, overwrite: bool = False
) -> ImportResult:
    """Check every file and load every record in one transaction, or raise ImportFailed.

    `overwrite` lets rows without a record_version change recorded notifications
    (the file wins); without it such rows are refused (cspr/cases/actions/load.py).
    """
    paths = [Path(p) for p in paths]
    if twice := _given_twice(paths):
        raise ImportFailed(twice)
    areas = AreaIndex.from_database()
    whole: set[Path] = set()
    while True:
        try:
            return _import(paths, areas, whole, actor=actor, progress=progress, overwrite=overwrite)
        except _RowsApart as apart:  # rolled back whole: read that file whole this time
            whole.add(apart.path)


def _given_twice(paths: list[Path]) -> list[str]:
    """One error for each file given more than once, by the same name or another (a link, ./a.csv).

    Read twice, every notification would be "also in" itself: one error per row, none of them the point.
    """
    errors, seen = [], {}  # a file's identity -> the name it was first given as
    for path in paths:
        try:
            # What os.path.samefile compares, kept as a key so a long list of files is not compared pairwise.
            stat = path.stat()
            key = (stat.st_dev, stat.st_ino)
        except OSError:  # cannot be read: said when it is opened, unless named twice
            key = path.resolve()
        if key not in seen:
            seen[key] = path
        elif seen[key] is not None:
            first, seen[key] = seen[key], None  # said once, however many times it is given
            also = "" if os.path.abspath(first) == os.path.abspath(path) else f" (also as {first})"
            errors.append(f"{path}: (file): given twice on the command line{also}")
    return errors


def _import(paths: list[Path], areas: AreaIndex, whole: set[Path], *, actor, progress, overwrite) -> ImportResult:
    source = ", ".join(p.name for p in paths)
    reading = _Reading(paths, areas, whole)
    try:
        with transaction.atomic():
            try:
                summary = notifications_load(
                    actor=actor,
                    records=reading.records(),
                    areas=areas,
                    source=source,
                    progress=progress,
                    overwrite=overwrite,
                )
            except LoadRefused as refused:
                # A problem in the files comes first: it is why a record was refused, or ends the import anyway.
                raise _failed(reading.problems or refused.problems) from None
            if reading.problems:  # raised inside the transaction: whatever was written is rolled back
                raise _failed(reading.problems)
            audit.record(
                actor=actor,
                action="register.import",
                object_type="file",
                object_id=source[:60],
                changed_fields={
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "children": summary.children,
                    **({"overwrite": True} if overwrite else {}),
                },
            )
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        # SQLite gave up waiting for another writer (settings: the database's timeout).
        raise ImportFailed(
            [
                f"{source}: (register): another import kept the register busy too long; "
                "nothing was imported: run it again"
            ]
        ) from None
    except IntegrityError:
        # Only a notification recorded through the service while this import ran can get
        # here (imports wait for each other): the same reference created twice.
        raise ImportFailed(
            [
                f"{source}: notification_ref: a notification in the file was recorded by someone else while "
                "the import ran; nothing was imported: run the import again"
            ]
        ) from None
    return ImportResult(**vars(summary), files=len(paths))
