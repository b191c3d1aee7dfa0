"""`cspr import`: read files of the data standard and load them all or not at all."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, OperationalError
from django.utils import timezone

from cspr.cases.actions.load import LoadRefused, LoadSummary, notifications_load
from cspr.core import audit
from cspr.core.reference import AreaIndex
from cspr.domain.standard import NotificationRecord, Problem, parse_csv, parse_json

PARSERS = {".csv": parse_csv, ".json": parse_json}


class ImportFailed(Exception):
    """Nothing was loaded; `errors` says why, one `FILE:LINE: column: message` each."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s); nothing was imported")


@dataclass
class ImportResult(LoadSummary):
    files: int = 0


def read_files(
    paths: list[Path], *, areas: AreaIndex, limit: int | None = None
) -> tuple[list[NotificationRecord], list[Problem]]:
    """Parse and check every file; also refuse a notification_ref given in two places."""
    limit = limit or settings.CSPR_IMPORT_MAX_ERRORS
    today = timezone.localdate()
    records: list[NotificationRecord] = []
    problems: list[Problem] = []
    where: dict[str, NotificationRecord] = {}
    for path in paths:
        name = str(path)
        parser = PARSERS.get(path.suffix.lower())
        if parser is None:
            problems.append(Problem(name, "1", "(file)", "unknown file type: cspr imports .csv and .json files"))
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(Problem(name, "1", "(file)", f"cannot be read: {error.strerror}"))
            continue
        found, file_problems = parser(
            data, name, today=today, la_check=areas.problem, limit=max(1, limit - len(problems))
        )
        problems.extend(file_problems)
        for record in found:
            if record.ref in where:
                first = where[record.ref]
                problems.append(
                    Problem(
                        name,
                        record.location,
                        "notification_ref",
                        f"'{record.ref}' is also in {first.file}:{first.location}",
                    )
                )
            else:
                where[record.ref] = record
                records.append(record)
        if len(problems) >= limit:
            break
    return records, problems


def _limited(problems: list[Problem]) -> list[str]:
    errors = [str(p) for p in problems[: settings.CSPR_IMPORT_MAX_ERRORS]]
    if len(problems) >= settings.CSPR_IMPORT_MAX_ERRORS:
        errors.append(f"(stopped after {settings.CSPR_IMPORT_MAX_ERRORS} problems)")
    return errors


def import_files(
    paths: list[Path], *, actor, progress: Callable[[int], None] | None = None, overwrite: bool = False
) -> ImportResult:
    """Check every file, then load every record in one transaction, or raise ImportFailed.

    `overwrite` lets rows without a record_version change recorded notifications
    (the file wins); without it such rows are refused (cspr/cases/actions/load.py).
    """
    paths = [Path(p) for p in paths]
    areas = AreaIndex.from_database()
    records, problems = read_files(paths, areas=areas)
    if problems:
        raise ImportFailed(_limited(problems))
    source = ", ".join(p.name for p in paths)
    try:
        summary = notifications_load(
            actor=actor, records=records, areas=areas, source=source, progress=progress, overwrite=overwrite
        )
    except LoadRefused as refused:  # rolled back whole: nothing of the files was written
        raise ImportFailed(_limited(refused.problems)) from None
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
    return ImportResult(**vars(summary), files=len(paths))
