"""`cspr export`: the register as files of the data standard, in canonical order.

Canonical order is by notified_date then notification_ref, children by
child_ref; flags are written out in full (`unknown`, not empty); computed due
dates follow the standard columns, then the record's version (`record_version`),
which an import checks so that a file never overwrites a change made after it
was exported. An export imports back unchanged.
"""

import csv
import json
from collections.abc import Iterator
from datetime import date

from cspr.cases import parts
from cspr.cases.models import Notification
from cspr.domain import codes
from cspr.domain.standard import format_value


def _notifications(queryset, date_from: date | None, date_to: date | None) -> Iterator[Notification]:
    return (
        queryset.in_period(date_from, date_to)
        .canonical_order()
        .select_related("rapid_review", "practice_review")
        .prefetch_related("children", "rapid_review__themes")
        .iterator(chunk_size=2000)
    )


def record_version(n: Notification) -> int:
    """The version of the whole record a row of the standard carries: the notification's and its parts'.

    Every write to a case raises one of these versions (core/writes.py,
    reviews/writes.py, the import), and no part of a case is ever deleted (a file
    cannot remove a local review), so the sum only grows: a file carrying an
    older sum was exported before someone else's change. Reads the parts
    fetched with `select_related` (no query per row).
    """
    names = [name for part in parts.registered() for name in part.select_related]
    return n.version + sum(getattr(getattr(n, name, None), "version", 0) for name in names)


def notification_columns(n: Notification) -> dict:
    """The notification-level values of the standard, as Python values."""
    rr = n.rapid_review
    pr = getattr(n, "practice_review", None)
    submitted = rr.submitted_date is not None
    values = {
        "notification_ref": n.ref,
        "la_code": n.local_authority_id,
        "incident_date": n.incident_date,
        "aware_date": n.aware_date,
        "notified_date": n.notified_date,
        "incident_type": n.incident_type,
        "death_category": n.death_category or None,
        "harm_category": n.harm_category or None,
        **{flag: getattr(n, flag) for flag in codes.NOTIFICATION_FLAGS},
        "rr_submitted_date": rr.submitted_date,
        # Theme order is the taxonomy's, whatever order the database returns.
        "rr_themes": tuple(sorted((t.code for t in rr.themes.all()), key=codes.THEME_CODES.index)),
        # A rapid review not yet submitted has no answers to give, not "unknown" ones.
        "rr_lcspr_recommended": rr.lcspr_recommended if submitted else None,
        "rr_panel_response_date": rr.panel_response_date,
        "rr_national_review": rr.national_review if submitted else None,
        "lcspr_decision_date": pr.decision_date if pr else None,
        "lcspr_final_report_date": pr.final_report_date if pr else None,
        "lcspr_published_date": pr.published_date if pr else None,
        "notification_kind": n.notification_kind,
        "abuse_neglect_suspected": n.abuse_neglect_suspected,
        **{flag: getattr(n, flag) for flag in codes.NOTIFICATION_FLAGS_2},
        "late_notification_reason": n.late_notification_reason or None,
        "late_rapid_review_reason": n.late_rapid_review_reason or None,
        "incident_description": n.incident_description,
    }
    computed = {
        "notification_due_date": n.notification_due_date,
        "rr_due_date": rr.due_date,
        "lcspr_due_date": pr.publication_due_date if pr else None,
    }
    return values | computed | {codes.VERSION_COLUMN: record_version(n)}


def child_columns(child) -> dict:
    return {column: getattr(child, column) for column in codes.CHILD_COLUMNS}


def write_csv(out, *, queryset, date_from=None, date_to=None) -> int:
    """Write one row per child of the notifications in `queryset`; return the number of notifications written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(codes.ALL_COLUMNS)
    count = 0
    for n in _notifications(queryset, date_from, date_to):
        values = notification_columns(n)
        for child in n.children.all():
            row = values | child_columns(child)
            writer.writerow([format_value(row[c]) for c in codes.ALL_COLUMNS])
        count += 1
    return count


def _json_notification(n: Notification) -> dict:
    values = {k: format_value(v) if not isinstance(v, tuple) else list(v) for k, v in notification_columns(n).items()}
    values = {k: (v if v != "" else None) for k, v in values.items()}
    rapid_review = {short: values.pop(long) for long, short in codes.RAPID_REVIEW_FIELDS.items()}
    practice_review = {short: values.pop(long) for long, short in codes.PRACTICE_REVIEW_FIELDS.items()}
    computed = {k: values.pop(k) for k in codes.COMPUTED_COLUMNS}
    version = int(values.pop(codes.VERSION_COLUMN))
    children = []
    for child in n.children.all():
        row = {k: format_value(v) if k != "age_years" else v for k, v in child_columns(child).items()}
        row["home_la_code"] = row["home_la_code"] or None  # JSON: null when it is the notifying authority
        children.append(row)
    return {
        **values,
        "children": children,
        "rapid_review": rapid_review if rapid_review["submitted_date"] else None,
        "practice_review": practice_review if practice_review["decision_date"] else None,
        **computed,
        codes.VERSION_COLUMN: version,
    }


def write_json(out, *, queryset, date_from=None, date_to=None) -> int:
    """Write `{"standard": "cspr-2", "notifications": [...]}`, streaming one notification at a time."""
    out.write(f'{{"standard": "{codes.STANDARD}", "notifications": [')
    count = 0
    for n in _notifications(queryset, date_from, date_to):
        out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(_json_notification(n), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count
