"""Correcting a notification and its children: `notification_amend`.

A correction is checked by the data standard's own rules (`parse_record`, the rules
`cspr import` and the intake apply), on the whole record as it would stand, with the
case's review dates, so a corrected aware date cannot fall after the rapid review's
submission. Due dates that count from a corrected date are recomputed: the
notification's here, the reviews' by the parts registered with cspr/cases/parts.py.

The audit event and the `Amendment` the case timeline shows carry the changed fields
with their old and new values, in the standard's text form: a correction must show
what the record said before. Who may correct when is `cases.amend_notification`
(cspr/core/access.py); anyone else is refused with PermissionDenied (403), as the
page refuses them. A correction that leaves no child living in a partnership's area
ends that partnership's automatic share (cspr/cases/actions/sharing.py).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cspr.cases import exporter, parts
from cspr.cases.actions.load import _child_values, _notification_values, late_reason_problem
from cspr.cases.actions.service import refuse_taken_ref
from cspr.cases.actions.sharing import share_with_home_authorities, withdraw_home_authority_shares
from cspr.cases.models import Amendment, Child, Notification
from cspr.core import audit, writes
from cspr.core.reference import AreaIndex
from cspr.domain import codes, workflow
from cspr.domain.deadlines import NOTIFICATION_PERIOD
from cspr.domain.refusal import Refused
from cspr.domain.standard import Problems, format_value, parse_record
from cspr.domain.standard_json import json_cell, true_false_refused

# The notification's own columns of the standard; the rr_ and lcspr_ columns are the
# reviews', changed by their own actions.
AMENDABLE = tuple(c for c in codes.NOTIFICATION_COLUMNS if not c.startswith(("rr_", "lcspr_")))
# The dates the statutory clocks count from: correcting one recomputes the due dates.
CLOCK_DATES = ("aware_date", "notified_date")


class CorrectionRefused(Refused):
    """A correction the standard's rules refuse; `problems` lists every (field, message), the first is raised.

    A field is a column of the standard (`aware_date`) or a child's (`children[0].gender`).
    """

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__(*problems[0])


def _text(value) -> str:
    return "" if value is None else format_value(value).strip()


def _given_text(field: str, value, *, json_types: bool = False) -> str:
    """The text of a value a correction gives: text, a whole number, a date or nothing (null).

    Anything else (a list, an object, true) has no cell text in the standard, so it is refused
    naming the field rather than turned into text the rules might accept. With `json_types` (the
    API's JSON) each field takes the type the standard's JSON form gives it, checked where POST and
    `cspr import` check it (`json_cell`): "4" is refused for age_years there, so here too.
    """
    if json_types:
        problems = Problems("request", 1)
        cell = json_cell(value, field, field.rsplit(".", 1)[-1], problems)
        if cell is None:
            raise Refused(field, problems.items[0].message)
        return _text(cell)
    if isinstance(value, bool):
        raise Refused(field, true_false_refused(field.rsplit(".", 1)[-1], value))
    if value is not None and not isinstance(value, (str, int, date)):
        raise Refused(field, f"has the wrong type ({type(value).__name__}): give text, a whole number or null")
    return _text(value)


def _children_text(children: list[dict], *, json_types: bool = False) -> list[dict[str, str]]:
    rows = []
    for index, child in enumerate(children):
        unknown = sorted(set(child) - set(codes.CHILD_COLUMNS))
        if unknown:
            raise Refused(f"children[{index}].{unknown[0]}", "is not a column of a child in the data standard")
        rows.append(
            {
                column: _given_text(f"children[{index}].{column}", child.get(column), json_types=json_types)
                for column in codes.CHILD_COLUMNS
            }
        )
    return rows


def _field(location: str, column: str) -> str:
    return column if location == "notification" else f"{location}.{column}"


def read_correction(
    before: dict, before_children: dict, changes: dict, children: list[dict] | None, *, areas, json_types=False
):
    """The record a correction would leave, read by the standard's rules (`parse_record`), and their
    problems as (field, message): the one reading of a correction, by the action and by the page,
    which shows these problems beside its own so that every error is shown at once.

    `before`/`before_children`: the notification's and its children's columns as stored
    (exporter); the review columns stay as stored, the answers given replace the rest.
    """
    text = {column: _text(before[column]) for column in codes.NOTIFICATION_COLUMNS}
    text |= {column: _given_text(column, value, json_types=json_types) for column, value in changes.items()}
    if children is not None:
        wanted = _children_text(children, json_types=json_types)
    else:
        wanted = _children_text(list(before_children.values()))
    record, problems = parse_record(
        text, wanted, today=timezone.localdate(), la_check=areas.problem, source="correction"
    )
    found = [(_field(p.location, p.column), p.message) for p in problems]
    # A correction that makes a late notification on time (a corrected date) leaves its reason for
    # lateness meaning nothing: refused like any reason on an on-time notification, so the person
    # correcting says whether it goes, rather than the correction dropping it unasked.
    if message := late_reason_problem(text):
        found.append(("late_notification_reason", message))
    if found:
        record = None
    return record, found


def _may_amend(actor, notification) -> None:
    if actor.has_perm("cases.amend_notification", notification):
        return
    # A 403, as the correction page answers: the access rules say no, whatever the correction says.
    if actor.has_perm("cases.edit_rapid_review", notification):
        raise PermissionDenied(
            "the Panel has responded to this case's rapid review, so only the Panel secretariat can correct "
            "the notification now: ask them, saying what is wrong"
        )
    raise PermissionDenied("you cannot correct this notification")


@audit.action
def notification_amend(
    *,
    actor,
    notification_id: int,
    version: int | None,
    changes: dict,
    children: list[dict] | None = None,
    reason: str,
    json_types: bool = False,
    request=None,
) -> Notification:
    """Correct any of a notification's own columns and, when `children` is given, its children.

    `changes` maps columns of the standard (`aware_date`, `la_code`, `near_miss`, ...) to
    their new values (dates as `date` or ISO text). `children`, when given, is every child
    the notification should have, each a whole row of the standard's child columns; a
    child is matched by `child_ref`, so one left out is removed and a new ref is added.
    `json_types`: the values are the standard's JSON form as the API sends it, each of the type
    POST takes (an age a whole number, not "4"); the pages give text and dates.
    PermissionDenied when the person may not correct the case now; Refused when the reason is
    empty, nothing changes, or the record would break the standard's rules; StaleRecord when
    the notification changed since `version` was read.
    """
    reason = (reason or "").strip()
    if not reason:
        raise Refused("reason", "say why the notification is being corrected")
    unknown = sorted(set(changes) - set(AMENDABLE))
    if unknown:
        raise Refused(unknown[0], "is not a column of a notification that a correction can change")
    notification = writes.lock(Notification, notification_id, version)
    _may_amend(actor, notification)

    before = exporter.notification_columns(notification)
    current_children = {c.child_ref: c for c in notification.children.all()}
    before_children = {ref: exporter.child_columns(c) for ref, c in current_children.items()}
    areas = AreaIndex.from_database()
    record, problems = read_correction(before, before_children, changes, children, areas=areas, json_types=json_types)
    if problems:
        raise CorrectionRefused(problems)

    changed = {
        column: [_text(before[column]), _text(record.fields[column])]
        for column in AMENDABLE
        if _text(before[column]) != _text(record.fields[column])
    }
    children_changed = _children_diff(before_children, {c["child_ref"]: c for c in record.children})
    if not changed and not children_changed:
        raise Refused(None, "the correction changes nothing: change at least one answer")

    values = _notification_values(record, areas)
    required = (
        workflow.rapid_review_required(notification.notification_kind, notification.abuse_neglect_suspected),
        workflow.rapid_review_required(values["notification_kind"], values["abuse_neglect_suspected"]),
    )
    requirement_changed = required[0] != required[1]
    if requirement_changed and not actor.has_perm("cases.change_rapid_review_requirement", notification):
        # The rapid review's clock started (or not) when the notification was recorded; a correction
        # that would start or stop it is agreed between the Panel and the partners, so it is the
        # secretariat's to make (the parts then start or stop the clock: recompute_due_dates).
        column = "notification_kind" if "notification_kind" in changed else "abuse_neglect_suspected"
        raise Refused(
            column,
            "this would change whether a rapid review is required for this notification, so only the Panel "
            "secretariat can make this correction: ask them, saying what is wrong",
        )
    if values["ref"] != notification.ref:
        refuse_taken_ref(actor, values["ref"], field="notification_ref", areas=areas, on=values["incident_date"])
    if values["partnership_id"] != notification.partnership_id and not actor.has_perm(
        "cases.move_case_to_partnership", notification
    ):
        raise Refused(
            "la_code",
            f"this would make the case partnership {values['partnership_id']}'s, not yours: "
            "only the Panel secretariat can move a case to another partnership",
        )

    old_notification_due = notification.notification_due_date
    old_area = (notification.local_authority_id, notification.partnership_id)
    writes.save(notification, values, also=("updated_at",))
    if (notification.local_authority_id, notification.partnership_id) != old_area:
        # A reviewer appointed to the case may have declared a conflict with its new area; the
        # action is atomic, so a refusal here leaves the record as it was.
        for part in parts.registered():
            part.check_moved(notification, field="la_code")
    _write_children(notification, current_children, {c["child_ref"]: c for c in record.children})
    share_with_home_authorities(actor=actor, notification=notification, children=record.children, areas=areas)
    shares_ended = withdraw_home_authority_shares(
        actor=actor, notification=notification, children=record.children, areas=areas, request=request
    )

    due_dates = []
    if notification.notification_due_date != old_notification_due:
        due_dates.append(
            {
                "deadline": "notification",
                "label": "notification to the Panel",
                "old": old_notification_due.isoformat(),
                "new": notification.notification_due_date.isoformat(),
                "rule": f"{NOTIFICATION_PERIOD} after the local authority became aware",
            }
        )
    if requirement_changed or any(column in changed for column in CLOCK_DATES):
        for part in parts.registered():
            due_dates += part.recompute_due_dates(notification, actor=actor, reason=reason)

    detail = {"notification": changed, "children": children_changed, "shares_withdrawn": shares_ended}
    detail = {k: v for k, v in detail.items() if v}
    Amendment.objects.create(
        notification=notification, at=timezone.now(), actor=actor, reason=reason, changes=detail, due_dates=due_dates
    )
    audit.record(
        actor=actor,
        action="notification.amend",
        object_type="notification",
        object_id=notification.ref,
        changed_fields={**detail, "due_dates": due_dates},
        reason=reason,
        request=request,
    )
    return notification


def _children_diff(before: dict[str, dict], after: dict[str, dict]) -> dict:
    """Children added and removed (their whole rows) and changed (each changed column, old and new)."""

    def as_text(row: dict) -> dict:
        return {column: _text(row.get(column)) for column in codes.CHILD_COLUMNS}

    changed = []
    for ref in sorted(set(before) & set(after)):
        old, new = as_text(before[ref]), as_text(after[ref])
        fields = {column: [old[column], new[column]] for column in codes.CHILD_COLUMNS if old[column] != new[column]}
        if fields:
            changed.append({"child_ref": ref, "fields": fields})
    result = {
        "added": [as_text(after[ref]) for ref in sorted(set(after) - set(before))],
        "removed": [as_text(before[ref]) for ref in sorted(set(before) - set(after))],
        "changed": changed,
    }
    return {k: v for k, v in result.items() if v}


def _write_children(notification, current: dict[str, Child], wanted: dict[str, dict]) -> None:
    for ref in sorted(set(current) & set(wanted)):
        values = _child_values(wanted[ref])
        names = [name for name, value in values.items() if getattr(current[ref], name) != value]
        if names:
            for name in names:
                setattr(current[ref], name, values[name])
            current[ref].save(update_fields=names)
    removed = sorted(set(current) - set(wanted))
    if removed:
        Child.objects.filter(notification=notification, child_ref__in=removed).delete()
    Child.objects.bulk_create(
        [Child(notification=notification, **_child_values(wanted[ref])) for ref in sorted(set(wanted) - set(current))]
    )
