"""A case's timeline: its workflow's status events and its corrections, oldest first, in words.

The notification page and the case summary (page and PDF) show the same list.
Values of a correction are stored in the data standard's text form
(cspr/cases/actions/amend.py); here they become the words the pages use.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from cspr.cases.forms import labels
from cspr.core.models import Partnership
from cspr.domain import codes
from cspr.domain.dates import long_date
from cspr.domain.workflow import WORKFLOW_NAMES

COLUMN_WORDS = {
    "notification_ref": "Notification reference",
    "la_code": "Local authority",
    "incident_date": "Date of the incident",
    "aware_date": "Date the local authority became aware",
    "notified_date": "Date the notification reached the Panel",
    "incident_type": "Type of incident",
    "death_category": "Category of death",
    "harm_category": "Category of harm",
    "child_ref": "Child's reference",
    "gender": "Gender",
    "age_years": "Age",
    "ethnicity": "Ethnicity",
    "outcome": "Outcome",
    "home_la_code": "Home local authority",
    **labels.NOTIFICATION_FLAGS,
    **labels.CHILD_FLAGS,
}


def value_words(column: str, text: str) -> str:
    """A stored value of the standard as a page says it."""
    if text == "":
        return "Not given" if column not in ("age_years",) else "Not known"
    if column.endswith("_date"):
        return long_date(date.fromisoformat(text))
    if column in (*codes.NOTIFICATION_FLAGS, *codes.CHILD_FLAGS):
        return labels.FLAG_WORDS.get(text, text)
    words = {
        "incident_type": labels.INCIDENT_TYPES,
        "death_category": labels.DEATH_CATEGORIES,
        "harm_category": labels.HARM_CATEGORIES,
        "gender": labels.GENDERS,
        "ethnicity": labels.ETHNICITIES,
        "outcome": labels.OUTCOMES,
    }.get(column, {})
    if column == "age_years":
        return labels.age_words(text)
    return words.get(text, text)


def _change(column: str, old: str, new: str) -> str:
    return f"{COLUMN_WORDS.get(column, column)}: {value_words(column, old)} changed to {value_words(column, new)}"


@dataclass
class Entry:
    at: datetime
    actor: object
    title: str
    reason: str = ""
    details: list[str] = field(default_factory=list)
    correction: bool = False


def _due_change(due: dict) -> str:
    """A deadline a correction moved, started (no old date) or stopped (no new date)."""
    old, new = (due[k] and long_date(date.fromisoformat(due[k])) for k in ("old", "new"))
    if old is None:
        return f"set to {new}"
    return f"{old} removed" if new is None else f"{old} changed to {new}"


def amendment_details(amendment) -> list[str]:
    """What a correction changed, each automatic share it ended, and each due date it moved with the rule."""
    found = [_change(column, *values) for column, values in amendment.changes.get("notification", {}).items()]
    children = amendment.changes.get("children", {})
    for child in children.get("changed", []):
        found += [f"Child {child['child_ref']}: {_change(c, *v)}" for c, v in child["fields"].items()]
    found += [f"Child {child['child_ref']} added" for child in children.get("added", [])]
    found += [f"Child {child['child_ref']} removed" for child in children.get("removed", [])]
    withdrawn = amendment.changes.get("shares_withdrawn", [])
    names = dict(Partnership.objects.filter(code__in=withdrawn).values_list("code", "name")) if withdrawn else {}
    found += [
        f"Stopped sharing the case with {names.get(code, code)}: after this correction no child of the case "
        "normally lives in its area"
        for code in withdrawn
    ]
    for due in amendment.due_dates:
        found.append(f"{due['label'][:1].upper() + due['label'][1:]} due date: {_due_change(due)} ({due['rule']})")
    return found


def case_timeline(notification) -> list[Entry]:
    events = [
        Entry(
            e.at,
            e.actor,
            f"{WORKFLOW_NAMES.get(e.workflow, e.workflow)}: {e.to_status.replace('_', ' ')}",
            e.reason,
        )
        for e in notification.status_events.select_related("actor")
    ]
    corrections = [
        Entry(a.at, a.actor, "Notification corrected", a.reason, amendment_details(a), correction=True)
        for a in notification.amendments.select_related("actor")
    ]
    return sorted([*events, *corrections], key=lambda entry: entry.at)
