"""Reading a CSV file of the data standard as a stream: one notification at a time, memory flat.

`parse_csv` (standard.py) holds a whole file: every record, and every reference to
join a notification's rows wherever they are. A national file of a million
children is read here instead, row by row from the open file, and each
notification is given to the caller as soon as its last row is read, by the same
rules and with the same `FILE:LINE: column: message` problems.

That needs a notification's rows to be consecutive, as `cspr export` and `cspr
synth` write them. The standard does not require it, so the caller (the
importer) notices a reference met again further down the file and reads that
file with `parse_csv` instead: nothing a person may write is refused for its order.
"""

import io
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from cspr.domain import codes
from cspr.domain.standard import (
    NotificationRecord,
    Problems,
    _check_agreement,
    _decode,
    check_children,
    check_notification,
    complete_child,
    csv_header,
    csv_rows,
    parsed_rows,
)
from cspr.domain.standard_rules import LaCheck


def iter_csv(
    stream: BinaryIO, file: str, problems: Problems, *, today: date, la_check: LaCheck
) -> Iterator[NotificationRecord]:
    """Each notification of one CSV file, in file order; problems go to `problems` as they are found.

    The caller stops using the records once there is a problem (imports are all or
    nothing) but may read on to report more, up to the problems' limit.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from _records(csv_rows(_lines(text), problems), file, problems, today, la_check)
    except (UnicodeDecodeError, _NulByte):
        # Found while decoding ahead: the whole file's check says exactly where (reading it
        # all only on this path, whose file is refused anyway).
        stream.seek(0)
        if _decode(stream.read(), problems) is not None:
            problems.add(1, "(encoding)", "the file is not valid UTF-8: save the file as UTF-8")
    finally:
        text.detach()  # the caller closes its file


class _NulByte(Exception):
    pass


def _lines(text) -> Iterator[str]:
    for line in text:
        if "\x00" in line:
            raise _NulByte
        yield line


def _records(rows, file: str, problems: Problems, today: date, la_check: LaCheck) -> Iterator[NotificationRecord]:
    header = csv_header(rows, problems)
    if header is None:
        if problems.items and problems.items[-1].message.startswith("the file is empty: expected a header row"):
            problems.items.pop()  # a file of nothing but blanks: say it as parse_csv does
            problems.add(1, "(file)", "the file is empty: expected a header row and at least one child row")
        return
    record: NotificationRecord | None = None
    first: tuple[int, dict] = (0, {})
    children: dict[str, int] = {}  # child_ref -> line, within the notification being read
    lines: list[int] = []  # the lines of the notification's children, in order
    for line, notification, child, version, clean in parsed_rows(header, rows, problems):
        ref = notification["notification_ref"]
        if record is None or ref != record.ref:
            if record is not None:
                check_children(record.fields, record.children, problems, record.location, la_check, lines.__getitem__)
                yield record
            record = NotificationRecord(ref, notification, [], file, str(line), version.get(codes.VERSION_COLUMN))
            first, children, lines = (line, notification | version), {}, []
            if clean:
                check_notification(notification, problems, line, today=today, la_check=la_check)
        else:
            _check_agreement(notification | version, first, problems, line)
        child_ref = child.get("child_ref")
        if child_ref is not None:
            if child_ref in children:
                also = children[child_ref]
                problems.add(line, "child_ref", f"'{child_ref}' appears twice in notification {ref} (also line {also})")
                continue
            children[child_ref] = line
        complete_child(child, record.fields.get("incident_type"))
        record.children.append(child)
        lines.append(line)
    if record is not None:
        check_children(record.fields, record.children, problems, record.location, la_check, lines.__getitem__)
        yield record
