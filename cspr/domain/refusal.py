"""How an action says no: one refusal type for every action, page, command and import.

`Refused(field, message)` names the field it is about (a form field, or a
column of the data standard) so a page shows the message against that field in
the GOV.UK error summary and an import reports it as `FILE:LINE: column: message`.
`field` is None when the refusal is about the whole record.
"""

from cspr.domain.standard_cells import first_control_character


class Refused(Exception):
    """An action will not make this change; `message` says why in words a person can act on."""

    def __init__(self, field: str | None, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)

    @property
    def sentence(self) -> str:
        """The message as a page shows it: a capital letter first."""
        return self.message[:1].upper() + self.message[1:]


class StaleRecord(Refused):
    """The record changed since the caller read it (optimistic locking)."""

    def __init__(self, message: str):
        super().__init__(None, message)


def not_before(value, earliest, *, field: str, message: str) -> None:
    """Refuse a date earlier than the one it must follow (a response before its submission, say).

    `earliest` may be None (the date it follows is not known yet): nothing to check.
    """
    if earliest is not None and value < earliest:
        raise Refused(field, message)


def required(text: str, *, field: str, message: str) -> str:
    """The text with its surrounding spaces removed; refused when nothing is left.

    Reasons and questions are part of the audit trail: the action stores and
    records the text this returns, so both hold the same words.
    """
    text = text.strip()
    if not text:
        raise Refused(field, message)
    return text


def plain_reason(text: str, *, limit: int, field: str = "reason") -> str:
    """A reason typed in a text area, refused (never cut short) when longer than `limit` or holding
    a control character, which is invisible and breaks the XML of a briefing or export (a NUL cannot
    even be stored in PostgreSQL). Line breaks and tabs are allowed."""
    if len(text) > limit:
        raise Refused(field, f"the reason must be {limit} characters or fewer")
    found = first_control_character(text, allowed="\n\r\t")
    if found is not None:
        raise Refused(
            field,
            f"the reason must not contain invisible control characters: remove the one at character {found[0] + 1}",
        )
    return text
