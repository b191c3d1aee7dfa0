"""The data standard's `rr_` and `lcspr_` columns: a case's rapid review and local review.

Registered with cspr/cases/parts.py at start-up, so that `cspr import` and the
intake pages (in cases/, a lower layer) create and update a case's reviews
through this app's one write path (cspr/reviews/writes.py), never around it.

Re-importing a file is idempotent; a file may move a review on through its
workflow (a submission and the Panel's response arriving together), never
back. A file without a local review the register holds is refused rather than
the review deleted: nothing is lost by omission (ADR 0013).
"""

from cspr.core import clock
from cspr.core.writes import lock
from cspr.domain import codes, workflow
from cspr.domain.deadlines import DEADLINES, Deadline, rule_for_rapid_review
from cspr.domain.refusal import Refused
from cspr.domain.standard import NotificationRecord
from cspr.domain.workflow import RapidReviewStatus, Workflow
from cspr.reviews import open_items
from cspr.reviews.actions.pool import refuse_conflicts
from cspr.reviews.actions.programme import TAKEN, check_national_review_answer
from cspr.reviews.models import PracticeReview, RapidReview
from cspr.reviews.national_models import NationalReviewAppointment
from cspr.reviews.writes import move, open_records


def rapid_review_values(record: NotificationRecord) -> dict:
    f = record.fields
    due = clock.rapid_review_due(aware_date=f["aware_date"], notified_date=f["notified_date"])
    submitted = f.get("rr_submitted_date")
    # A notification whose kind needs no rapid review has no rapid review deadline (domain/workflow.py).
    required = workflow.rapid_review_required(
        f.get("notification_kind") or codes.DEFAULT_KIND, f.get("abuse_neglect_suspected", "unknown")
    )
    return {
        "due_date": due.due if required else None,
        "due_rule": due.edition.value,
        "due_counted_from": due.counted_from,
        "submitted_date": submitted,
        "lcspr_recommended": f["rr_lcspr_recommended"],
        "panel_response_date": f.get("rr_panel_response_date"),
        "national_review": f["rr_national_review"],
        "status": workflow.rapid_review_status_from_facts(
            submitted is not None, f.get("rr_panel_response_date") is not None, required
        ).value,
    }


def practice_review_values(record: NotificationRecord) -> dict | None:
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
        "status": workflow.practice_review_status_from_facts(
            f.get("lcspr_final_report_date") is not None, f.get("lcspr_published_date") is not None
        ).value,
    }


def _implied_by(flow: Workflow, status: str) -> str:
    """The column whose date a file would have to drop to take a record back out of `status`."""
    columns = {
        (Workflow.RAPID_REVIEW, workflow.RapidReviewStatus.RESPONDED): "rr_panel_response_date",
        (Workflow.PRACTICE_REVIEW, workflow.PracticeReviewStatus.PUBLISHED): "lcspr_published_date",
    }
    fallback = "rr_submitted_date" if flow == Workflow.RAPID_REVIEW else "lcspr_final_report_date"
    return columns.get((flow, status), fallback)


class ReviewsPart:
    select_related = ("rapid_review", "practice_review")
    prefetch_related = ("rapid_review__themes",)

    def create(self, cases: list, *, actor, reason: str, writer) -> None:
        """The rapid review of every new notification (its clock starts now), and any local review."""
        rapid_reviews = open_records(
            RapidReview,
            Workflow.RAPID_REVIEW,
            [{"notification_id": pk, **rapid_review_values(r)} for pk, r in cases],
            actor=actor,
            reason=reason,
            writer=writer,
        )
        writer.insert(
            RapidReview.themes.through,
            [
                {"rapidreview_id": rr, "practicetheme_id": code}
                for rr, (_, r) in zip(rapid_reviews, cases)
                for code in r.fields.get("rr_themes", ())
            ],
        )
        practice = [(pk, practice_review_values(r)) for pk, r in cases]
        open_records(
            PracticeReview,
            Workflow.PRACTICE_REVIEW,
            [{"notification_id": pk, **values} for pk, values in practice if values],
            actor=actor,
            reason=reason,
            writer=writer,
        )

    def check_moved(self, notification, *, field: str) -> None:
        """The case's reviewers, on its reviews still open, must not have declared a conflict with its
        new area (as appointing them, or adding the case to their review, would be refused)."""
        appointments = NationalReviewAppointment.objects.filter(national_review__notifications=notification).exclude(
            national_review__status__in=workflow.closed_states(Workflow.NATIONAL_REVIEW)
        )
        reviewers = [a.reviewer for a in appointments.select_related("reviewer")]
        local = getattr(notification, "practice_review", None)
        if (
            local is not None
            and local.reviewer_id
            and local.status not in workflow.closed_states(Workflow.PRACTICE_REVIEW)
        ):
            reviewers.append(local.reviewer)
        for reviewer in reviewers:
            refuse_conflicts(reviewer, [notification], field=field)

    def overdue(self, today):
        """The notification list's "overdue" filter: the open items' rule (open_items.py)."""
        return open_items.overdue_cases(today)

    def update(self, notification, record: NotificationRecord, *, actor, reason: str) -> dict[str, list[str]]:
        changed = {}
        if names := self._update_rapid_review(notification.rapid_review, record, actor=actor, reason=reason):
            changed["rapid_review"] = names
        if names := self._update_practice_review(notification, record, actor=actor, reason=reason):
            changed["practice_review"] = names
        return changed

    def recompute_due_dates(self, notification, *, actor, reason: str) -> list[dict]:
        """The rapid review's due date from the corrected aware and notified dates and kind.

        A correction of the aware date may change the edition in force (Working Together
        2018 or 2023), and so what the 15 working days are counted from. A correction of
        whether a rapid review is required (a looked-after child's death found to involve
        abuse or neglect, or not: domain/workflow.py's `rapid_review_required`) starts or
        stops the clock: a review not yet sent becomes due or not required, and one already
        sent keeps its state but gains or loses its deadline (its lateness with it). The local
        review's dates count from its own decision date, which a notification's correction
        does not touch.
        """
        review = lock(RapidReview, notification.rapid_review.pk, None)
        due = clock.rapid_review_due(aware_date=notification.aware_date, notified_date=notification.notified_date)
        required = workflow.rapid_review_required(notification.notification_kind, notification.abuse_neglect_suspected)
        values = {"due_date": due.due if required else None, "due_rule": due.edition.value}
        values["due_counted_from"] = due.counted_from
        to_status = {
            (True, RapidReviewStatus.NOT_REQUIRED): RapidReviewStatus.DUE,
            (False, RapidReviewStatus.DUE): RapidReviewStatus.NOT_REQUIRED,
        }.get((required, review.status))
        if to_status is None and all(getattr(review, k) == v for k, v in values.items()):
            return []
        old = review.due_date
        # A date that moved is in the correction's own audit event (its `due_dates`); a clock that
        # starts or stops moves the review's state too, which is audited as the review's own event.
        move(
            review,
            Workflow.RAPID_REVIEW,
            actor=actor,
            changes=values,
            to_status=to_status,
            action="rapid_review.requirement_changed",
            reason=reason,
            audited=to_status is not None,
        )
        if old == values["due_date"]:  # only the edition and what it counts from moved: no deadline to report
            return []
        return [
            {
                "deadline": Deadline.RAPID_REVIEW.value,
                "label": DEADLINES[Deadline.RAPID_REVIEW].label,
                "old": old and old.isoformat(),
                "new": values["due_date"] and values["due_date"].isoformat(),
                "rule": rule_for_rapid_review(due.edition.value, due.counted_from)
                if required
                else "no rapid review is required for this notification",
            }
        ]

    def _update_rapid_review(self, review: RapidReview, record: NotificationRecord, *, actor, reason) -> list[str]:
        values = rapid_review_values(record)
        values["national_review"] = _national_review_answer(review, values)
        themes = set(record.fields.get("rr_themes", ()))
        themes_changed = {t.code for t in review.themes.all()} != themes
        names = _catch_up(review, Workflow.RAPID_REVIEW, values, actor=actor, reason=reason)
        if themes_changed:
            review.themes.set(sorted(themes))
            names.append("themes")
        return sorted(set(names))

    def _update_practice_review(self, notification, record: NotificationRecord, *, actor, reason) -> list[str]:
        values = practice_review_values(record)
        review = getattr(notification, "practice_review", None)
        if review is None and values is None:
            return []
        if values is None:
            raise Refused(
                "lcspr_decision_date",
                f"is empty, but the register holds a local review of {notification.ref} commissioned on "
                f"{review.decision_date.isoformat()}; a file cannot remove a local review",
            )
        if review is None:
            rows = [{"notification": notification, **values}]
            open_records(PracticeReview, Workflow.PRACTICE_REVIEW, rows, actor=actor, reason=reason)
            return ["added"]
        return _catch_up(review, Workflow.PRACTICE_REVIEW, values, actor=actor, reason=reason)


def _national_review_answer(review: RapidReview, values: dict) -> str:
    """The `rr_national_review` a file brings for a case the register holds: a case in a national review stays yes.

    Without `rr_submitted_date` the file has no answer to give (the standard: `yes` or `no`
    needs it; the export leaves the cell empty, which reads as `unknown`), so the `yes` stored
    when the Panel took the case (`programme.flag_taken_nationally`) stands. With it, a `no` or
    `unknown` for a case in a national review is refused, as the Panel's response is. Only an
    answer that would change the stored one is checked: an unchanged row costs no query.
    """
    answer = values["national_review"]
    if answer in (review.national_review, TAKEN):
        return answer
    if values["submitted_date"] is None:
        return TAKEN if review.national_review == TAKEN else answer
    check_national_review_answer(review, answer, field="rr_national_review", then="the file must say yes")
    return answer


def _catch_up(review, flow: Workflow, values: dict, *, actor, reason: str) -> list[str]:
    """Bring an existing review in line with a file's values through the write path; return what changed.

    The state the file implies is reconciled with one the standard cannot
    express (a queried rapid review stays queried while the file says
    submitted); a move the workflow does not allow is refused against the
    column whose date would have had to go.
    """
    values = dict(values)
    status = workflow.reconcile(flow, review.status, values.pop("status"))
    if status == review.status and all(getattr(review, k) == v for k, v in values.items()):
        return []
    names = move(
        review,
        flow,
        actor=actor,
        changes=values,
        to_status=status,
        reason=reason,
        catch_up=True,
        audited=False,
        refused_field=_implied_by(flow, review.status),
    )
    return sorted(names)
