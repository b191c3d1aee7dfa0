"""Loading records of the data standard into the register: `cspr import`'s writer.

The caller has already checked every record (cspr/domain/standard.py) and runs
this inside one transaction, so a file loads completely or not at all.
Re-importing a notification_ref updates that notification to what the file
says; a record the file leaves unchanged is not touched and gets no audit event.
Creation is done in bulk so that a national-scale synthetic file loads in
seconds, not hours.
"""

from dataclasses import dataclass
from itertools import islice

from django.db.models import F
from django.utils import timezone

from cspr.cases import clock
from cspr.cases.models import Child, Notification, PracticeReview, RapidReview, StatusEvent
from cspr.core import audit
from cspr.core.reference import AreaIndex
from cspr.domain import codes
from cspr.domain.standard import NotificationRecord
from cspr.domain.workflow import (
    PracticeReviewStatus,
    RapidReviewStatus,
    practice_review_status_from_facts,
    rapid_review_status_from_facts,
)

BATCH = 2000


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    children: int = 0


# --- What the record says each row should hold ------------------------------------


def _notification_values(record: NotificationRecord, areas: AreaIndex) -> dict:
    f = record.fields
    values = {
        "ref": record.ref,
        "local_authority_id": f["la_code"],
        "partnership_id": areas.partnership_for(f["la_code"], f["incident_date"]),
        "incident_date": f["incident_date"],
        "aware_date": f["aware_date"],
        "notified_date": f["notified_date"],
        "incident_type": f["incident_type"],
        "death_category": f.get("death_category") or "",
        "harm_category": f.get("harm_category") or "",
        "notification_due_date": clock.notification_due(f["aware_date"]),
    }
    values.update({flag: f[flag] for flag in codes.NOTIFICATION_FLAGS})
    return values


def _rapid_review_values(record: NotificationRecord) -> dict:
    f = record.fields
    due = clock.rapid_review_due(aware_date=f["aware_date"], notified_date=f["notified_date"])
    submitted = f.get("rr_submitted_date")
    return {
        "due_date": due.due,
        "due_rule": due.edition.value,
        "due_counted_from": due.counted_from,
        "submitted_date": submitted,
        "lcspr_recommended": f["rr_lcspr_recommended"],
        "panel_response_date": f.get("rr_panel_response_date"),
        "national_review": f["rr_national_review"],
        "status": rapid_review_status_from_facts(
            submitted is not None, f.get("rr_panel_response_date") is not None
        ).value,
    }


def _practice_review_values(record: NotificationRecord) -> dict | None:
    f = record.fields
    decision = f.get("lcspr_decision_date")
    if decision is None:
        return None
    due = clock.practice_review_due(decision)
    return {
        "decision_date": decision,
        "publication_due_date": due.publication,
        "final_report_due_date": due.final_report,
        "final_report_date": f.get("lcspr_final_report_date"),
        "published_date": f.get("lcspr_published_date"),
        "status": practice_review_status_from_facts(
            f.get("lcspr_final_report_date") is not None, f.get("lcspr_published_date") is not None
        ).value,
    }


def _child_values(child: dict) -> dict:
    return {column: child[column] for column in codes.CHILD_COLUMNS}


# --- Writing -------------------------------------------------------------------------


def _batches(items, size=BATCH):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@audit.action
def notifications_load(
    *, actor, records: list[NotificationRecord], areas: AreaIndex, source: str, progress=None
) -> LoadSummary:
    """Create or update every record's notification, children and reviews."""
    summary = LoadSummary()
    reason = f"imported from {source}"
    for batch in _batches(records):
        existing = {
            n.ref: n
            for n in Notification.objects.filter(ref__in=[r.ref for r in batch])
            .select_related("rapid_review", "practice_review")
            .prefetch_related("children", "rapid_review__themes")
        }
        new = [r for r in batch if r.ref not in existing]
        create_records(new, actor=actor, areas=areas, reason=reason, audit_action="notification.import_create")
        summary.created += len(new)
        events = []
        for record in batch:
            if record.ref in existing:
                changed = _update(existing[record.ref], record, actor=actor, areas=areas, reason=reason)
                if changed:
                    summary.updated += 1
                    events.append(
                        audit.PendingEvent("notification.import_update", "notification", record.ref, changed, reason)
                    )
                else:
                    summary.unchanged += 1
        if events:
            audit.record_many(actor=actor, events=events)
        summary.children += sum(len(r.children) for r in batch)
        if progress is not None:
            progress(sum(len(r.children) for r in batch))
    return summary


def create_records(
    records: list[NotificationRecord], *, actor, areas: AreaIndex, reason: str, audit_action: str
) -> list[Notification]:
    """Create notifications with their children and reviews, in bulk; one audit event each."""
    if not records:
        return []
    now = timezone.now()
    notifications = Notification.objects.bulk_create([Notification(**_notification_values(r, areas)) for r in records])
    Child.objects.bulk_create(
        [Child(notification=n, **_child_values(c)) for n, r in zip(notifications, records) for c in r.children]
    )
    rapid_reviews = RapidReview.objects.bulk_create(
        [RapidReview(notification=n, **_rapid_review_values(r)) for n, r in zip(notifications, records)]
    )
    Through = RapidReview.themes.through
    Through.objects.bulk_create(
        [
            Through(rapidreview_id=rr.pk, practicetheme_id=code)
            for rr, r in zip(rapid_reviews, records)
            for code in r.fields.get("rr_themes", ())
        ]
    )
    practice = [(n, _practice_review_values(r)) for n, r in zip(notifications, records)]
    practice_reviews = PracticeReview.objects.bulk_create(
        [PracticeReview(notification=n, **values) for n, values in practice if values]
    )
    StatusEvent.objects.bulk_create(
        [
            StatusEvent(
                notification=rr.notification,
                workflow="rapid_review",
                from_status="",
                to_status=rr.status,
                at=now,
                actor=actor,
                reason=reason,
            )
            for rr in rapid_reviews
        ]
        + [
            StatusEvent(
                notification=pr.notification,
                workflow="practice_review",
                from_status="",
                to_status=pr.status,
                at=now,
                actor=actor,
                reason=reason,
            )
            for pr in practice_reviews
        ]
    )
    audit.record_many(
        actor=actor,
        at=now,
        events=[
            audit.PendingEvent(
                audit_action,
                "notification",
                r.ref,
                {
                    "children": len(r.children),
                    "rapid_review": r.fields.get("rr_submitted_date") is not None,
                    "practice_review": r.fields.get("lcspr_decision_date") is not None,
                },
                reason,
            )
            for r in records
        ],
    )
    return notifications


def _diff(instance, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


def _set(instance, values: dict, names: list[str]) -> None:
    for name in names:
        setattr(instance, name, values[name])


def _update(notification: Notification, record: NotificationRecord, *, actor, areas, reason) -> dict:
    """Bring one notification in line with the record; return what changed (names only).

    The audit event names the fields that changed, not their values: the audit
    trail must not become a second copy of the children's records.
    """
    changed: dict = {}
    values = _notification_values(record, areas)
    names = _diff(notification, values)
    children_changed = _update_children(notification, record)
    review_changed = _update_rapid_review(notification.rapid_review, record, actor=actor, reason=reason)
    practice_changed = _update_practice_review(notification, record, actor=actor, reason=reason)
    if names or children_changed or review_changed or practice_changed:
        _set(notification, values, names)
        notification.version = F("version") + 1
        notification.save(update_fields=[*names, "version", "updated_at"])
    if names:
        changed["notification"] = sorted(names)
    if children_changed:
        changed["children"] = children_changed
    if review_changed:
        changed["rapid_review"] = review_changed
    if practice_changed:
        changed["practice_review"] = practice_changed
    return changed


def _update_children(notification: Notification, record: NotificationRecord) -> dict:
    current = {c.child_ref: c for c in notification.children.all()}
    wanted = {c["child_ref"]: _child_values(c) for c in record.children}
    removed = sorted(set(current) - set(wanted))
    added = sorted(set(wanted) - set(current))
    changed = []
    for ref in sorted(set(current) & set(wanted)):
        names = _diff(current[ref], wanted[ref])
        if names:
            _set(current[ref], wanted[ref], names)
            current[ref].save(update_fields=names)
            changed.append({"child_ref": ref, "fields": sorted(names)})
    if removed:
        Child.objects.filter(notification=notification, child_ref__in=removed).delete()
    Child.objects.bulk_create([Child(notification=notification, **wanted[ref]) for ref in added])
    result = {"added": added, "removed": removed, "changed": changed}
    return {k: v for k, v in result.items() if v}


def _reconcile(current: str, from_facts: str, in_between: dict[str, str]) -> str:
    """Keep a state the standard cannot express (queried, not published) while the facts still fit it."""
    return current if in_between.get(current) == from_facts else from_facts


def _update_rapid_review(review: RapidReview, record: NotificationRecord, *, actor, reason) -> list[str]:
    values = _rapid_review_values(record)
    values["status"] = _reconcile(
        review.status, values["status"], {RapidReviewStatus.QUERIED: RapidReviewStatus.SUBMITTED}
    )
    names = _diff(review, values)
    themes = set(record.fields.get("rr_themes", ()))
    themes_changed = {t.code for t in review.themes.all()} != themes
    if "status" in names:
        StatusEvent.objects.create(
            notification_id=review.notification_id,
            workflow="rapid_review",
            from_status=review.status,
            to_status=values["status"],
            at=timezone.now(),
            actor=actor,
            reason=reason,
        )
    if names:
        _set(review, values, names)
        review.version = F("version") + 1
        review.save(update_fields=[*names, "version"])
    if themes_changed:
        review.themes.set(sorted(themes))
        names.append("themes")
    return sorted(names)


def _update_practice_review(notification: Notification, record: NotificationRecord, *, actor, reason) -> list[str]:
    values = _practice_review_values(record)
    review = getattr(notification, "practice_review", None)
    if review is None and values is None:
        return []
    if values is None:
        review.delete()
        return ["removed"]
    if review is None:
        review = PracticeReview.objects.create(notification=notification, **values)
        StatusEvent.objects.create(
            notification=notification,
            workflow="practice_review",
            from_status="",
            to_status=review.status,
            at=timezone.now(),
            actor=actor,
            reason=reason,
        )
        return ["added"]
    values["status"] = _reconcile(
        review.status, values["status"], {PracticeReviewStatus.NOT_PUBLISHED: PracticeReviewStatus.FINAL_REPORT_SENT}
    )
    names = _diff(review, values)
    if "status" in names:
        StatusEvent.objects.create(
            notification=notification,
            workflow="practice_review",
            from_status=review.status,
            to_status=values["status"],
            at=timezone.now(),
            actor=actor,
            reason=reason,
        )
    if names:
        _set(review, values, names)
        review.version = F("version") + 1
        review.save(update_fields=[*names, "version"])
    return sorted(names)
