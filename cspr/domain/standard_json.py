"""Reading the JSON form of the cspr data standard (cspr-2, and cspr-1 unchanged).

Each JSON value is first turned into the text a CSV cell would hold, then goes through
the same rules as a CSV row (cspr/domain/standard.py), so a rule is written once and
says the same thing whichever form the file took. Split from standard.py, which keeps
the CSV form, the cells' rules and the records.
"""

import json
import re
from datetime import date

from cspr.domain import codes
from cspr.domain.standard import (
    CHILD_PARSERS,
    NOTIFICATION_PARSERS,
    REQUIRED_VALUES,
    NotificationRecord,
    Problem,
    Problems,
    _decode,
    _parse_cells,
    _version_of,
    line_at,
)
from cspr.domain.standard_cells import parse_flag
from cspr.domain.standard_rules import LaCheck, check_children, check_notification, complete_child


class _RepeatedKeys(dict):
    """A JSON object that gave a key more than once: json keeps the last silently, so the keys are noted."""

    def __init__(self, pairs: list[tuple[str, object]], repeated: list[str]):
        super().__init__(pairs)
        self.repeated = repeated


def _json_object(pairs: list[tuple[str, object]]) -> dict:
    """json's object_pairs_hook: the object, noting any key given twice (see `_check_keys`)."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    repeated = [key for key, _ in pairs if key in seen or seen.add(key)]
    return _RepeatedKeys(pairs, list(dict.fromkeys(repeated)))


def _check_keys(obj: dict, location: str, problems: Problems) -> None:
    for key in getattr(obj, "repeated", ()):
        problems.add(location, key, "is given twice in this object (only the last would be read): give each field once")


# More digits than int() reads (sys.get_int_max_str_digits(), 4,300 by default), for which json.loads
# raises ValueError rather than JSONDecodeError. No field of the standard is nearly as long.
LONG_NUMBER = re.compile(r"-?[0-9]{4301,}")


def _load_json(text: str, problems: Problems):
    """The JSON document, or None after saying why the text is not one."""
    try:
        return json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as error:
        # json counts only LF as a line end; a file saved with lone CRs would all be line 1.
        line, column = line_at(text, error.pos), _column_at(text, error.pos)
        problems.add(line, "(file)", f"invalid JSON: {error.msg} (column {column})")
    except RecursionError:
        problems.add("(document)", "(file)", "invalid JSON: nested too deeply (the standard nests a few levels)")
    except ValueError:  # int() refused a number json read: found again, to say where
        found = LONG_NUMBER.search(text)
        at = found.start() if found else 0
        line, column = line_at(text, at), _column_at(text, at)
        digits = f"of {len(found.group().lstrip('-'))} digits (column {column})" if found else "too long to read"
        problems.add(line, "(file)", f"invalid JSON: a number {digits}; no field of the standard is that long")
    return None


def _column_at(text: str, at: int) -> int:
    """The column of position `at`, counted from the line's start as `line_at` finds lines."""
    return at - max(text.rfind("\n", 0, at), text.rfind("\r", 0, at))


def true_false_refused(column: str, value: bool) -> str:
    """Why JSON's true or false is refused for a column, saying what the column takes: only a flag
    takes "yes", "no" or "unknown", so telling a date's sender to use them would mislead."""
    given = f"{str(value).lower()} is not allowed"
    if NOTIFICATION_PARSERS.get(column, CHILD_PARSERS.get(column)) is parse_flag:
        return f'{given}: use "yes", "no" or "unknown"'
    if column.endswith("_date"):
        return f'{given}: give a date as "YYYY-MM-DD", e.g. "2026-03-02"'
    if column.endswith("la_code"):
        return f'{given}: give a local authority\'s code, e.g. "E08000025"'
    if column.endswith("_ref"):
        return f'{given}: give the reference as text, e.g. "BIR/2026/001"'
    if column == "age_years":
        return f"{given}: give the age in whole years"
    if column == "incident_description":
        return f"{given}: give the description as text"
    if column == "rr_themes":
        return f"{given}: give a list of theme codes"
    return f"{given}: give one of the standard's codes for {column}"


# The fields the JSON form does not give as text (its schema: an integer, an array), with what to give:
# "4" or "daily_life" would read as a CSV cell does, but the schema refuses them, so the import does too.
NOT_TEXT = {
    "age_years": "give a whole number of years, e.g. 4",
    "rr_themes": 'give a list of theme codes, e.g. ["daily_life"]',
}


def _whole(value) -> int | None:
    """A JSON number that is a whole number, as that int; else None.

    JSON Schema (Draft 2020-12) counts a number with a zero fraction (3.0) as an
    integer, so the published schema accepts it, and so must the import."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def json_cell(value, location: str, column: str, problems: Problems, name: str = "") -> str | None:
    """The text a CSV cell would hold for a JSON value, or None after a problem.

    `name`: the field's name in its JSON object where that is not the column's (`submitted_date`
    inside `rapid_review`), which the problem names."""
    name = name or column
    if value is None:
        return ""
    if isinstance(value, bool):
        problems.add(location, name, true_false_refused(column, value))
        return None
    if isinstance(value, str) and column not in NOT_TEXT:
        return value
    if isinstance(value, int | float) and column == "age_years":
        whole = _whole(value)
        if whole is not None:
            return str(whole)
        problems.add(location, name, f"{value!r} is not a whole number: {NOT_TEXT[column]}")
        return None
    if isinstance(value, list) and column == "rr_themes":
        if all(isinstance(item, str) for item in value):
            return ";".join(value)
        problems.add(location, name, "must be a list of theme codes (strings)")
        return None
    hint = f": {NOT_TEXT[column]}" if column in NOT_TEXT else ""
    problems.add(location, name, f"has the wrong type ({type(value).__name__}){hint}")
    return None


# The CSV columns that the JSON form holds inside an object: the object and the field's name there.
NESTED = {"rapid_review": codes.RAPID_REVIEW_FIELDS, "practice_review": codes.PRACTICE_REVIEW_FIELDS}
JSON_NAMES = {column: (key, short) for key, fields in NESTED.items() for column, short in fields.items()}
COLUMN_NAMED = re.compile(r"\b(" + "|".join(JSON_NAMES) + r")\b")


def _as_written(items: list[Problem], start: int, location: str, *, rules: bool = False) -> None:
    """Name the fields of a notification's problems (from `start` on) as its JSON form does.

    The rules read the flat CSV columns, so a problem of `rr_submitted_date` is moved to
    `notifications[N].rapid_review`, field `submitted_date`. With `rules`, the columns a rule's
    message names are renamed too (`needs rapid_review.submitted_date`); a cell's message quotes
    the sender's text, which is left as written.
    """
    for index in range(start, len(items)):
        problem = items[index]
        if problem.location != location:
            continue
        at, column = location, problem.column
        if column in JSON_NAMES:
            key, column = JSON_NAMES[column]
            at = f"{location}.{key}"
        message = COLUMN_NAMED.sub(lambda m: ".".join(JSON_NAMES[m[0]]), problem.message) if rules else problem.message
        if (at, column, message) != (problem.location, problem.column, problem.message):
            items[index] = Problem(problem.file, at, column, message)


def _newer_field(version: str) -> str:
    return f'is a field of {codes.STANDARD}, but the document says "standard": "{version}": declare {codes.STANDARD}'


def _flatten_json(obj: dict, location: str, problems: Problems, version: str, reported: set[str]) -> dict[str, str]:
    """Turn a JSON notification into the flat column -> text form of a CSV row.

    A column whose value has the wrong type is left out and added to `reported`.
    """
    flat: dict[str, str] = {}
    _check_keys(obj, location, problems)
    if version != codes.STANDARD:
        for key in obj:
            if key in codes.CSPR2_ONLY_COLUMNS:
                problems.add(location, key, _newer_field(version))
        children = obj.get("children")  # not a list: parse_json says so
        for child_index, child in enumerate(children if isinstance(children, list) else ()):
            for key in child if isinstance(child, dict) else ():
                if key in codes.CSPR2_ONLY_COLUMNS:
                    problems.add(f"{location}.children[{child_index}]", key, _newer_field(version))
    allowed = set(codes.NOTIFICATION_COLUMNS) - set(JSON_NAMES)
    allowed |= set(codes.COMPUTED_COLUMNS) | {"children", codes.VERSION_COLUMN, *NESTED}
    for key, value in obj.items():
        if key not in allowed:
            problems.add(location, key, "unknown field; unknown fields are refused so no data is dropped")
        elif key in NESTED and value is not None:
            if not isinstance(value, dict):
                problems.add(location, key, "must be an object or null")
                continue
            prefixed = {short: long for long, short in NESTED[key].items()}
            _check_keys(value, f"{location}.{key}", problems)
            required = codes.NESTED_REQUIRED[key]
            if required not in value:  # the schema requires it: read as "no review", {} would hide a mistake
                why = f'a {key} object must give {required}; give "{key}": null when there is none'
                problems.add(f"{location}.{key}", required, f"required field is missing: {why}")
            for short, inner in value.items():
                if short not in prefixed:
                    problems.add(f"{location}.{key}", short, "unknown field")
                    continue
                cell = json_cell(inner, f"{location}.{key}", prefixed[short], problems, short)
                if cell is None:
                    reported.add(prefixed[short])
                else:
                    flat[prefixed[short]] = cell
        elif key not in NESTED and key not in ("children", codes.VERSION_COLUMN) and key not in codes.COMPUTED_COLUMNS:
            cell = json_cell(value, location, key, problems)
            if cell is None:
                reported.add(key)
            else:
                flat[key] = cell
    return flat


def parse_json(
    data: bytes, file: str, *, today: date, la_check: LaCheck, limit: int = 200
) -> tuple[list[NotificationRecord], list[Problem]]:
    """Parse one JSON file of the standard."""
    problems = Problems(file, limit)
    text = _decode(data, problems, "JSON")
    if text is None:
        return [], problems.items
    document = _load_json(text, problems)
    if problems.items:
        return [], problems.items
    if not isinstance(document, dict) or document.get("standard") not in codes.STANDARDS:
        problems.add(
            "standard",
            "standard",
            f'the document must be an object with "standard": "{codes.STANDARD}" (or an earlier '
            f"{', '.join(codes.STANDARDS[:-1])})",
        )
        return [], problems.items
    version = document["standard"]
    _check_keys(document, "(document)", problems)
    extra = set(document) - {"standard", "notifications"}
    for key in sorted(extra):
        problems.add("(document)", key, "unknown field")
    items = document.get("notifications")
    if not isinstance(items, list):
        problems.add("notifications", "notifications", "must be a list")
        return [], problems.items
    if not items:
        problems.add("notifications", "notifications", "the list is empty: nothing to import")
    records: dict[str, NotificationRecord] = {}
    for index, obj in enumerate(items):
        if problems.full:
            break
        location = f"notifications[{index}]"
        if not isinstance(obj, dict):
            problems.add(location, "(notification)", "must be an object")
            continue
        reported: set[str] = set()
        flat = _flatten_json(obj, location, problems, version, reported)
        before = len(problems.items)
        for column in codes.REQUIRED_COLUMNS:
            if column in CHILD_PARSERS:
                continue
            if column not in obj:
                problems.add(location, column, "required field is missing")
                reported.add(column)
        values = _parse_cells(flat, NOTIFICATION_PARSERS, problems, location, reported)
        _as_written(problems.items, before, location)
        ref = values.get("notification_ref")
        if ref in records:
            problems.add(location, "notification_ref", f"'{ref}' appears twice (also {records[ref].location})")
            continue
        # A required value of the wrong type was reported before `before`, but is as missing as an empty one.
        if len(problems.items) == before and not reported & REQUIRED_VALUES:
            check_notification(values, problems, location, today=today, la_check=la_check)
            _as_written(problems.items, before, location, rules=True)
        record = NotificationRecord(ref or "", values, [], file, location, _json_version(obj, location, problems))
        children = obj.get("children")
        if not isinstance(children, list) or not children:
            problems.add(location, "children", "must be a list of at least one child")
            children = []
        seen: dict[str, str] = {}
        for child_index, child_obj in enumerate(children):
            child_location = f"{location}.children[{child_index}]"
            child = _parse_json_child(child_obj, child_location, problems)
            if child is None:
                continue
            child_ref = child.get("child_ref")
            if child_ref in seen:
                problems.add(
                    child_location,
                    "child_ref",
                    f"'{child_ref}' appears twice in this notification (also {seen[child_ref]})",
                )
                continue
            if child_ref is not None:
                seen[child_ref] = child_location
            complete_child(child, values.get("incident_type"))
            record.children.append(child)
        check_children(
            values, record.children, problems, location, la_check, lambda i, at=location: f"{at}.children[{i}]"
        )
        if ref is not None:
            records[ref] = record
    return list(records.values()), problems.items


def _json_version(obj: dict, location: str, problems: Problems) -> int | None:
    value = obj.get(codes.VERSION_COLUMN)
    if value is None:
        return None
    whole = _whole(value)
    if whole is None:
        given = f" ({value!r} is not)" if isinstance(value, float) else ""
        problems.add(location, codes.VERSION_COLUMN, f"must be a whole number, as cspr export writes it{given}")
        return None
    return _version_of({codes.VERSION_COLUMN: str(whole)}, problems, location)


def _parse_json_child(obj, location: str, problems: Problems) -> dict | None:
    if not isinstance(obj, dict):
        problems.add(location, "(child)", "must be an object")
        return None
    _check_keys(obj, location, problems)
    flat: dict[str, str] = {}
    reported: set[str] = set()
    for key, value in obj.items():
        if key not in CHILD_PARSERS:
            problems.add(location, key, "unknown field; unknown fields are refused so no data is dropped")
            continue
        cell = json_cell(value, location, key, problems)
        if cell is None:
            reported.add(key)
        else:
            flat[key] = cell
    for column in ("child_ref", "gender", "age_years", "ethnicity"):
        if column not in obj:
            problems.add(location, column, "required field is missing")
            reported.add(column)
    return _parse_cells(flat, CHILD_PARSERS, problems, location, reported)
