"""Reading one cell of the data standard: the value rules of docs/standard/data-standard.md.

Each parser takes the text a CSV cell holds (a JSON value is first turned into that
text) and returns the value or raises ValueError with the message a person sees
beside the file, line and column. Split from standard.py, which applies them to
rows and relates one field to another.
"""

import re
from collections.abc import Callable
from datetime import date

from cspr.domain import codes

# A reference may hold "-" but not start with it: see FORMULA_STARTS.
REF_PATTERN = re.compile(r"^[A-Za-z0-9_/][A-Za-z0-9_/-]{0,39}$")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection), so a
# reference that an exported file would carry may not start with one.
FORMULA_STARTS = ("-", "+", "=", "@")
FORMULA_MESSAGE = "must not start with -, +, = or @, which a spreadsheet would read as a formula"
# A spreadsheet still reads a formula after leading spaces, tabs, line breaks or other invisible
# characters (OWASP's CSV injection advice names tab and carriage return), so they are looked past.
_BEFORE_FORMULA = re.compile(r"^[\s\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff]*")
LA_CODE_PATTERN = re.compile(r"^E(06|08|09|10)\d{6}$")
# ASCII digits only, here and below: \d and str.isdigit() also take "٣" (read as 3) and "²" (which int() refuses).
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# More digits than any age or record version has: such a cell is refused before int() reads it
# (int() refuses over 4,300 digits with its own message).
WHOLE_NUMBER_MAX_DIGITS = 12
# A surrogate left unpaired (a JSON "\ud800" escape) is not a character: no file or database can store it.
UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet opening a cell of this text could read it as a formula.

    The one rule for CSV injection: input that an export would carry is refused by it,
    and every export neutralises what still matches (`neutralise_formula`)."""
    return text[_BEFORE_FORMULA.match(text).end() :].startswith(FORMULA_STARTS)


def neutralise_formula(text: str) -> str:
    """The text as a cell a spreadsheet shows as text: a leading ' where it would be a formula.

    Input refuses such text, so only a value stored before a rule tightened (or written
    around the service) is ever changed, and then it is shown, never run."""
    return "'" + text if starts_like_formula(text) else text


def one_of(value: str, allowed) -> str:
    return f"'{value}' is not one of {', '.join(allowed)}"


# --- Cell parsing ---------------------------------------------------------------


def parse_date(text: str) -> date:
    if not DATE_PATTERN.match(text):
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def parse_flag(text: str) -> str:
    if text == "":
        return "unknown"  # the standard: an empty cell means unknown
    if text not in codes.FLAG_VALUES:
        raise ValueError(one_of(text, codes.FLAG_VALUES))
    return text


def parse_code(allowed) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError(one_of(text, allowed))
        return text

    return parse


def parse_themes(text: str) -> tuple[str, ...]:
    items = [item.strip() for item in text.split(";") if item.strip()]
    for item in items:
        if item not in codes.THEME_CODES:
            raise ValueError(f"'{item}' is not a practice theme code (see the data standard's theme list)")
    if len(set(items)) != len(items):
        raise ValueError("a theme is listed twice")
    # Canonical order is the taxonomy's, so an export is the same whatever order came in.
    return tuple(sorted(items, key=codes.THEME_CODES.index))


def _whole_number(text: str) -> bool:
    # isascii() first: an ASCII isdigit() is exactly 0 to 9, and both are cheaper than a regex on every row.
    return len(text) <= WHOLE_NUMBER_MAX_DIGITS and text.isascii() and text.isdigit()


def parse_age(text: str) -> int | None:
    """Whole years, 0 to 24: a child's notification allows 0 to 17, which `check_children` applies
    (only a care leaver's death concerns someone older)."""
    if text == "":
        return None
    if not _whole_number(text) or not codes.MIN_AGE <= int(text) <= codes.CARE_LEAVER_MAX_AGE:
        raise ValueError(
            f"'{text}' is not a whole number of years from {codes.MIN_AGE} to {codes.MAX_AGE} "
            f"(to {codes.CARE_LEAVER_MAX_AGE} for a care leaver's death)"
        )
    return int(text)


def parse_ref(text: str) -> str:
    if starts_like_formula(text):
        raise ValueError(f"'{text}' {FORMULA_MESSAGE}")
    if not REF_PATTERN.match(text):
        raise ValueError(f"'{text}' must be 1 to 40 of A-Z a-z 0-9 - _ /")
    return text


def parse_la_code(text: str) -> str:
    if not LA_CODE_PATTERN.match(text):
        raise ValueError(
            f"'{text}' is not an ONS GSS code of an English local authority with children's services "
            "(E06, E08, E09 or E10 and 6 digits)"
        )
    return text


def optional(parse):
    return lambda text: None if text == "" else parse(text)


def parse_version(text: str) -> int | None:
    """A record_version cell: empty, or the whole number an export wrote."""
    if text == "":
        return None
    if not _whole_number(text) or int(text) < 1:
        raise ValueError(f"'{text}' is not a record version (a whole number from 1, as cspr export writes it)")
    return int(text)


def refuse_unpaired_surrogates(text: str) -> str:
    """Free text as given, or ValueError when it holds an unpaired surrogate, which cannot be stored.

    Only a JSON escape ("\\ud800") or a damaged program makes one; a pair of escapes that
    together form a character arrives as that character.
    """
    found = UNPAIRED_SURROGATE.search(text)
    if found is not None:
        raise ValueError(
            f"contains {ascii(found.group())} at character {found.start() + 1}, half of a character (an unpaired "
            "surrogate) that cannot be stored: correct the text where it was written"
        )
    return text


def parse_description(text: str) -> str:
    """The incident's description: free text, but not a formula, nor control characters, nor too long,
    nor half a character."""
    if len(text) > codes.DESCRIPTION_MAX:
        raise ValueError(f"is {len(text)} characters long; the most is {codes.DESCRIPTION_MAX}")
    if starts_like_formula(text):
        raise ValueError(f"{FORMULA_MESSAGE} (begin it with a word)")
    if "\r" in text:
        raise ValueError("contains a carriage return: use plain line breaks")
    found = first_control_character(text)
    if found is not None:
        raise ValueError(f"contains the control character 0x{ord(found[1]):02x}: only text, line breaks and tabs")
    return refuse_unpaired_surrogates(text)


def first_control_character(text: str, *, allowed: str = "\n\t") -> tuple[int, str] | None:
    """Where the first control character other than `allowed` is (index from 0) and which, or None.

    Such characters are invisible, and XML cannot hold them: one in a text that reaches a DOCX
    briefing or an export would break the document for everyone. A page also allows carriage returns,
    which a browser sends in every line break of a text area.
    """
    for position, character in enumerate(text):
        if (ord(character) < 32 and character not in allowed) or ord(character) == 127:
            return position, character
    return None


# What a one-line field (a title, a name, an address) may not hold: every control character (C0,
# tab and line breaks included, DEL and C1, whose 0x85 is a line break) and the Unicode line and
# paragraph separators. Each is invisible there, and Python's email refuses a header that
# str.splitlines() would break: a review's title in a reminder's subject stopped every reminder.
NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits at


def single_line_problem(text: str) -> str | None:
    """Why `text` cannot be a one-line field, in words the person who wrote it can act on, or None.

    The message follows the field's name: "title must be one line of text: remove the line
    break at character 15".
    """
    found = NOT_ONE_LINE.search(text)
    if found is None:
        return None
    character = found.group()
    if character in _LINE_BREAKS:
        what = "the line break"
    elif character == "\t":
        what = "the tab"
    else:
        what = f"the control character 0x{ord(character):02x}"
    return f"must be one line of text: remove {what} at character {found.start() + 1}"


def one_line(text: str) -> str:
    """The text on one line: each run of spaces, line breaks and control characters becomes one space.

    For text stored before single_line_problem was applied to it, where a line break does harm
    (an email's subject)."""
    return " ".join(NOT_ONE_LINE.sub(" ", text).split())
