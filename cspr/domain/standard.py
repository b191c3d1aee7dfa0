"""Reading the cspr data standard (cspr-2, and cspr-1 unchanged): every rule of docs/standard/data-standard.md.

Pure Python, so the same checks serve `cspr import`, the synthetic data
generator's tests and anything else that reads the standard. A file is parsed
into `NotificationRecord`s and a list of `Problem`s; the caller loads the records
only when there are no problems (imports are all-or-nothing).

CSV and JSON go through one set of rules: JSON values are first turned into the
text a CSV cell would hold, so a rule is written once and says the same thing
whichever form the file took.
"""

import csv
import difflib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from cspr.domain import codes
from cspr.domain.standard_cells import (  # noqa: F401 - FORMULA_*, REF_PATTERN and parse_date are read from here
    FORMULA_MESSAGE,
    FORMULA_STARTS,
    REF_PATTERN,
    optional,
    parse_age,
    parse_code,
    parse_date,
    parse_description,
    parse_flag,
    parse_la_code,
    parse_ref,
    parse_themes,
    parse_version,
    starts_like_formula,
)
from cspr.domain.standard_rules import (  # noqa: F401 - NOTIFICATION_DATES is read from here too
    NOTIFICATION_DATES,
    NOTIFICATION_FLAG_COLUMNS,
    LaCheck,
    check_children,
    check_notification,
    complete_child,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, located as precisely as possible."""

    file: str
    location: str  # a line number for CSV, a path such as notifications[3].children[0] for JSON
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.location}: {self.column}: {self.message}"


@dataclass(slots=True)
class NotificationRecord:
    """A notification as the standard describes it, values parsed and checked."""

    ref: str
    fields: dict  # notification columns -> date | str | tuple | None
    children: list[dict] = field(default_factory=list)
    file: str = ""
    location: str = ""
    # The record_version the file carries (the version of the record it was exported
    # from), or None: a new record, or a file written without the column.
    version: int | None = None


class Problems:
    """Collects problems up to a limit, after which parsing can stop early."""

    def __init__(self, file: str, limit: int, items: list | None = None):
        # `items`: a list shared with other files' problems (one import's), counted against one limit.
        self.file, self.limit, self.items = file, limit, [] if items is None else items

    def add(self, location, column: str, message: str) -> None:
        self.items.append(Problem(self.file, str(location), column, message))

    @property
    def full(self) -> bool:
        return len(self.items) >= self.limit


def _version_of(raw: dict[str, str], problems: "Problems", location) -> int | None:
    try:
        return parse_version(raw.get(codes.VERSION_COLUMN, "").strip())
    except ValueError as error:
        problems.add(location, codes.VERSION_COLUMN, str(error))
        return None


NOTIFICATION_PARSERS: dict[str, Callable] = {
    "notification_ref": parse_ref,
    "la_code": parse_la_code,
    "incident_type": parse_code(codes.INCIDENT_TYPES),
    "death_category": optional(parse_code(codes.DEATH_CATEGORIES)),
    "harm_category": optional(parse_code(codes.HARM_CATEGORIES)),
    "rr_themes": parse_themes,
    **{column: optional(parse_date) for column in NOTIFICATION_DATES},
    **{column: parse_flag for column in NOTIFICATION_FLAG_COLUMNS},
    # cspr-2
    "notification_kind": lambda text: parse_code(codes.NOTIFICATION_KINDS)(text or codes.DEFAULT_KIND),
    "abuse_neglect_suspected": parse_flag,
    **{column: parse_flag for column in codes.NOTIFICATION_FLAGS_2},
    "late_notification_reason": optional(parse_code(codes.LATE_NOTIFICATION_REASONS)),
    "late_rapid_review_reason": optional(parse_code(codes.LATE_RAPID_REVIEW_REASONS)),
    "incident_description": parse_description,
}
CHILD_PARSERS: dict[str, Callable] = {
    "child_ref": parse_ref,
    "gender": parse_code(codes.GENDERS),
    "age_years": parse_age,
    "ethnicity": parse_code(codes.ETHNICITIES),
    "outcome": optional(parse_code(codes.OUTCOMES)),
    **{column: parse_flag for column in codes.CHILD_FLAGS},
    **{column: parse_flag for column in codes.CHILD_FLAGS_2},  # cspr-2
    "home_la_code": optional(parse_la_code),
}
# Values that must not be empty (the rest have a meaning for empty).
REQUIRED_VALUES = {
    "notification_ref",
    "la_code",
    "incident_date",
    "aware_date",
    "notified_date",
    "incident_type",
    "child_ref",
    "gender",
    "ethnicity",
}


class CellReader:
    """Parses the cells of rows that share one header, each distinct text of a column once.

    A national file holds a million rows but only thousands of distinct dates and a
    handful of codes per column, so a parsed value is looked up rather than parsed again
    (values are immutable: dates, text, tuples). Texts that fail are never remembered,
    so every bad cell is still reported at its own line.
    """

    MEMO = 4096  # distinct texts remembered per column: references and descriptions barely repeat

    def __init__(self, header: list[str], parsers: dict):
        self.plan = [
            (column, header.index(column) if column in header else None, parse, column in REQUIRED_VALUES, {})
            for column, parse in parsers.items()
        ]

    def parse(self, row: list[str], problems: Problems, location) -> dict:
        parsed = {}
        for column, index, parse, required, memo in self.plan:
            # Remembered by the cell's text as written, so a known cell is not even stripped.
            cell = row[index] if index is not None else ""
            value = memo.get(cell, memo)  # the memo itself stands for "not seen"
            if value is memo:
                text = cell.strip()
                if text == "" and required:
                    problems.add(location, column, "a value is required")
                    continue
                try:
                    value = parse(text)
                except ValueError as error:
                    problems.add(location, column, str(error))
                    continue
                if len(memo) < self.MEMO:
                    memo[cell] = value
            parsed[column] = value
        return parsed


def _parse_cells(raw: dict[str, str], parsers: dict, problems: Problems, location, reported=frozenset()) -> dict:
    """Each column's value; `reported`: columns already given their problem (a JSON value of the wrong
    type, a missing field), which get no second one."""
    parsed = {}
    for column, parse in parsers.items():
        if column in reported:
            continue
        text = raw.get(column, "").strip()
        if text == "" and column in REQUIRED_VALUES:
            problems.add(location, column, "a value is required")
            continue
        try:
            parsed[column] = parse(text)
        except ValueError as error:
            problems.add(location, column, str(error))
    return parsed


# --- CSV ------------------------------------------------------------------------------


EMPTY = {"CSV": "expected a header row and at least one child row", "JSON": "expected a JSON document"}


def _decode(data: bytes, problems: Problems, kind: str = "CSV") -> str | None:
    """The file's text; `kind` (CSV or JSON) names what it should have been."""
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        problems.add(1, "(file)", f"the file is empty: {EMPTY[kind]}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16's byte order mark, as Excel's "Unicode text" writes
        problems.add(1, "(encoding)", "the file is UTF-16 text: save it as UTF-8")
        return None
    if b"\x00" in data:
        line = line_at(data, data.index(b"\x00"))
        problems.add(line, "(file)", f"binary data (a NUL byte): this is not a {kind} text file")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = line_at(data, error.start)
        problems.add(line, "(encoding)", f"byte 0x{data[error.start]:02x} is not valid UTF-8: save the file as UTF-8")
        return None


def line_at(data: bytes | str, at: int) -> int:
    """The line number of position `at`, line ends counted as the CSV reader counts them (CR LF, LF or a
    lone CR, as old Mac Excel's "CSV (Macintosh)" writes), so every problem in a file names the same lines."""
    cr, lf = ("\r", "\n") if isinstance(data, str) else (b"\r", b"\n")
    return data.count(lf, 0, at) + data.count(cr, 0, at) - data.count(cr + lf, 0, at) + 1


# A header read as one column holding one of these was written with another separator.
SEPARATORS = {";": "semicolons", "\t": "tabs"}


def _shown(name: str) -> str:
    """A column name as the reader can see it: escaped when it holds an invisible character (a second BOM,
    a no-break space), which would otherwise look like the right name."""
    if not name:
        return "(blank)"
    return name if name.isprintable() else ascii(name)


def _check_header(header: list[str], problems: Problems) -> bool:
    known = set(codes.ALL_COLUMNS)
    if len(header) == 1 and header[0] not in known:
        separator = next((s for s in SEPARATORS if s in header[0]), None)
        if separator is not None:
            # One problem, not one per missing column: the columns are all there, wrongly separated.
            problems.add(
                1,
                "(header)",
                f"the columns seem to be separated by {SEPARATORS[separator]}: save the file comma-separated (CSV)",
            )
            return False
    seen = set()
    for name in header:
        if name in seen:
            problems.add(1, _shown(name), "column appears twice in the header")
        seen.add(name)
        if name not in known:
            guess = difflib.get_close_matches(name, codes.ALL_COLUMNS, n=1)
            hints = [] if not name or name.isprintable() else ["its name holds an invisible character, shown escaped"]
            hints += [f"did you mean {guess[0]}?"] if guess else []
            hint = f" ({'; '.join(hints)})" if hints else ""
            problems.add(1, _shown(name), f"unknown column{hint}; unknown columns are refused so no data is dropped")
    for name in codes.REQUIRED_COLUMNS:
        if name not in seen:
            problems.add(1, name, "required column is missing from the header")
    return not problems.items


def csv_rows(lines, problems: Problems) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of each non-empty row of CSV text given as lines (or a file).

    A line of nothing but spaces or commas (the blank rows a spreadsheet leaves below its data)
    is as empty as a blank line: no data, so nothing to report.
    """
    reader = csv.reader(lines, strict=True)
    line_end = 0
    try:
        for row in reader:
            start, line_end = line_end + 1, reader.line_num
            # The first cell (the notification's reference) decides almost every row without a scan.
            if row and (row[0].strip() or any(cell.strip() for cell in row)):
                yield start, row
    except csv.Error as error:
        problems.add(line_end + 1, "(file)", f"malformed CSV: {error}")


def csv_header(rows: Iterator[tuple[int, list[str]]], problems: Problems) -> list[str] | None:
    """The header row's column names, or None (and the problems) when there is none or it is wrong."""
    first = next(rows, None)
    if first is None:
        problems.add(1, "(file)", "the file is empty: expected a header row")
        return None
    header = [name.strip() for name in first[1]]
    return header if _check_header(header, problems) else None


def parsed_rows(header: list[str], rows, problems: Problems) -> Iterator[tuple[int, dict, dict, dict, bool]]:
    """(line, notification values, child values, version, clean) of each row that names a notification.

    `version`: {"record_version": the version or None}, or {} when the cell could not be read.

    `clean`: the row's notification cells had no problem, so the rules across its notification's
    fields are worth checking. A bad child cell does not hide them: all problems are reported at
    once, as parse_json does. Stops when the problems are full.
    """
    notification_cells, child_cells = CellReader(header, NOTIFICATION_PARSERS), CellReader(header, CHILD_PARSERS)
    version_at = header.index(codes.VERSION_COLUMN) if codes.VERSION_COLUMN in header else None
    count = 0
    for line, row in rows:
        count += 1
        if problems.full:
            return
        if len(row) != len(header):
            problems.add(line, "(row)", f"has {len(row)} fields but the header has {len(header)}")
            continue
        before = len(problems.items)
        notification = notification_cells.parse(row, problems, line)
        clean = len(problems.items) == before
        child = child_cells.parse(row, problems, line)
        before = len(problems.items)
        version = _version_of({codes.VERSION_COLUMN: row[version_at]} if version_at is not None else {}, problems, line)
        # Left out when it could not be read, as a bad cell is: its one problem is said, and no rows disagree.
        read = {codes.VERSION_COLUMN: version} if len(problems.items) == before else {}
        if notification.get("notification_ref") is not None:
            yield line, notification, child, read, clean
    if count == 0 and not problems.items:
        problems.add(2, "(file)", "the file has a header but no rows")


def parse_csv(
    data: bytes, file: str, *, today: date, la_check: LaCheck, limit: int = 200
) -> tuple[list[NotificationRecord], list[Problem]]:
    """Parse one CSV file of the standard (one row per child)."""
    problems = Problems(file, limit)
    text = _decode(data, problems)
    if text is None:
        return [], problems.items
    rows = csv_rows(io.StringIO(text, newline=""), problems)
    header = csv_header(rows, problems)
    if header is None:
        return [], problems.items
    records: dict[str, NotificationRecord] = {}
    first_values: dict[str, tuple[int, dict]] = {}
    seen_children: dict[tuple[str, str], int] = {}
    child_lines: dict[str, list[int]] = {}  # each notification's children's lines, in order
    for line, notification, child, version, clean in parsed_rows(header, rows, problems):
        ref = notification["notification_ref"]
        if ref not in records:
            first_values[ref] = (line, notification | version)
            records[ref] = NotificationRecord(ref, notification, [], file, str(line), version.get(codes.VERSION_COLUMN))
            if clean:
                check_notification(notification, problems, line, today=today, la_check=la_check)
        else:
            _check_agreement(notification | version, first_values[ref], problems, line)
        child_ref = child.get("child_ref")
        if child_ref is not None:
            key = (ref, child_ref)
            if key in seen_children:
                problems.add(
                    line,
                    "child_ref",
                    f"'{child_ref}' appears twice in notification {ref} (also line {seen_children[key]})",
                )
                continue
            seen_children[key] = line
        complete_child(child, records[ref].fields.get("incident_type"))
        records[ref].children.append(child)
        child_lines.setdefault(ref, []).append(line)
    for record in records.values():
        lines = child_lines.get(record.ref, [])
        check_children(record.fields, record.children, problems, record.location, la_check, lines.__getitem__)
    return list(records.values()), problems.items


def _check_agreement(values: dict, first: tuple[int, dict], problems: Problems, line: int) -> None:
    first_line, first_values = first
    for column in (*codes.NOTIFICATION_COLUMNS, codes.VERSION_COLUMN):
        if column in values and column in first_values and values[column] != first_values[column]:
            problems.add(
                line,
                column,
                f"'{format_value(values[column])}' disagrees with line {first_line} of the "
                f"same notification ('{format_value(first_values[column])}')",
            )


# --- Writing ------------------------------------------------------------------------------


def format_value(value) -> str:
    """The canonical text of a value in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return ";".join(value)
    return str(value)


def parse_record(
    notification: dict[str, str],
    children: list[dict[str, str]],
    *,
    today: date,
    la_check: LaCheck,
    source: str = "form",
) -> tuple[NotificationRecord | None, list[Problem]]:
    """Check one notification given as text (e.g. from the service's intake pages) by the standard's rules.

    Problems are located as `notification` or `children[N]`, so a form can put
    each message beside the field it concerns.
    """
    problems = Problems(source, limit=1000)
    values = _parse_cells(notification, NOTIFICATION_PARSERS, problems, "notification")
    if not problems.items:
        check_notification(values, problems, "notification", today=today, la_check=la_check)
    if not children:
        problems.add("notification", "children", "add at least one child")
    parsed_children, seen = [], set()
    for index, raw in enumerate(children):
        child = _parse_cells(raw, CHILD_PARSERS, problems, f"children[{index}]")
        if child.get("child_ref") in seen:
            problems.add(f"children[{index}]", "child_ref", "two children cannot have the same reference")
        seen.add(child.get("child_ref"))
        complete_child(child, values.get("incident_type"))
        parsed_children.append(child)
    check_children(values, parsed_children, problems, "notification", la_check, lambda i: f"children[{i}]")
    if problems.items:
        return None, problems.items
    return NotificationRecord(values["notification_ref"], values, parsed_children, source, "notification"), []
