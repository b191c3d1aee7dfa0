"""The reviews of a case: the rapid review, the local review (LCSPR) and the Panel's national reviews.

Moved out of cspr/cases in 2026-12 without moving a table: every model keeps the
`db_table` it had as a cases model (migrations 0005 of cases and 0001 here move
the models in Django's state only). Rows change only through cspr/reviews/actions,
whose writes all go through cspr/reviews/writes.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cspr.core import access
from cspr.core.fields import code_field, flag_field, in_codes
from cspr.domain import codes
from cspr.domain.deadlines import LCSPR_PUBLICATION_MONTHS, Edition
from cspr.domain.workflow import NationalReviewStatus, PracticeReviewStatus, RapidReviewStatus, Workflow, open_states


@access.scoped(access.through("notification"))
class RapidReview(models.Model):
    """The safeguarding partners' rapid review of a notified incident.

    Created with its notification, because the 15-working-day clock starts then.
    """

    notification = models.OneToOneField("cases.Notification", on_delete=models.CASCADE, related_name="rapid_review")
    status = code_field(list(RapidReviewStatus), max_length=20)
    # The narrative the partners send to the Panel (not part of the interchange standard).
    facts = models.TextField(blank=True, help_text="what happened and what each agency knew")
    agencies_involved = models.JSONField(default=list, blank=True)
    immediate_actions = models.TextField(blank=True, help_text="action taken to keep children safe")
    learning = models.TextField(blank=True)
    decision_reasons = models.TextField(blank=True, help_text="why a local review is or is not appropriate")
    panel_query = models.TextField(blank=True, help_text="the Panel's latest question to the partners")
    # Kept beside the question, so the Panel reads both where it responds (not only in the timeline).
    panel_answer = models.TextField(blank=True, help_text="the partners' answer to the Panel's latest question")
    # Empty when the notification's kind needs no rapid review (domain/workflow.py: rapid_review_required).
    due_date = models.DateField(null=True, blank=True)
    due_rule = code_field(list(Edition), max_length=10)
    due_counted_from = code_field(["aware_date", "notified_date"], max_length=20)
    # The first send to the Panel, the date the 15 working days are measured to: an answer to a
    # Panel question never rewrites it (domain/rapid_review_dates.py).
    submitted_date = models.DateField(null=True, blank=True)
    answered_date = models.DateField(
        null=True, blank=True, help_text="date the partners sent their latest answer to a Panel question"
    )
    # Set by the write path (cspr/reviews/writes.py) from the two dates above, for the statistics (ADR 0036).
    days_late = models.PositiveIntegerField(
        null=True, blank=True, default=None, help_text="working days submitted late (0: on time; empty: not submitted)"
    )
    themes = models.ManyToManyField(
        "core.PracticeTheme", blank=True, related_name="rapid_reviews", db_table="cases_rapidreview_themes"
    )
    lcspr_recommended = flag_field("the partners decided a local review is appropriate")
    panel_response_date = models.DateField(null=True, blank=True)
    national_review = flag_field("the Panel took the case into a national review")
    version = models.PositiveIntegerField(default=1)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        db_table = "cases_rapidreview"
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            in_codes("rapid_review", "status", list(RapidReviewStatus)),
            # No deadline runs for a rapid review that is not required; one that is due has a date.
            models.CheckConstraint(
                condition=~Q(status=RapidReviewStatus.NOT_REQUIRED) | Q(due_date__isnull=True),
                name="rapid_review_not_required_has_no_due_date",
            ),
            # (A review sent though not required may be queried: it still has no deadline.)
            models.CheckConstraint(
                condition=Q(due_date__isnull=False) | ~Q(status=RapidReviewStatus.DUE),
                name="rapid_review_due_has_a_due_date",
            ),
            in_codes("rapid_review", "due_rule", list(Edition)),
            in_codes("rapid_review", "lcspr_recommended", codes.FLAG_VALUES),
            in_codes("rapid_review", "national_review", codes.FLAG_VALUES),
            models.CheckConstraint(
                condition=Q(panel_response_date__isnull=True)
                | Q(submitted_date__isnull=False, panel_response_date__gte=F("submitted_date")),
                name="rapid_review_response_after_submission",
            ),
        ]


@access.scoped(access.through("notification"))
class PracticeReview(models.Model):
    """A local child safeguarding practice review (LCSPR)."""

    notification = models.OneToOneField("cases.Notification", on_delete=models.CASCADE, related_name="practice_review")
    status = code_field(list(PracticeReviewStatus), max_length=20)
    decision_date = models.DateField("date the partners decided to commission it")
    publication_due_date = models.DateField()
    final_report_due_date = models.DateField()
    final_report_date = models.DateField(null=True, blank=True)
    # Set by the write path (cspr/reviews/writes.py) from the two dates above (ADR 0036), for the
    # pages that mark a late final report, the summary PDF among them (reviews/_lcspr_words.html).
    final_report_days_late = models.PositiveIntegerField(
        null=True,
        blank=True,
        default=None,
        help_text="working days the final report was sent late (0: on time; empty: not sent)",
    )
    published_date = models.DateField(null=True, blank=True)
    # Set by the write path (cspr/reviews/writes.py) from the publication due date and the published date.
    publication_days_late = models.PositiveIntegerField(
        null=True, blank=True, default=None, help_text="working days published late (0: on time; empty: not published)"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_reviews"
    )
    delay_reasons = models.TextField(
        blank=True, help_text=f"why publication is or was later than {LCSPR_PUBLICATION_MONTHS} months"
    )
    # Publication (practice_review_publish): the final report is a document attached to the case
    # or the address where the partners published it, and publishing with milestones not recorded
    # says why.
    final_report_document = models.ForeignKey(
        "documents.CaseDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_report_url = models.URLField(max_length=500, blank=True)
    outstanding_milestones_reason = models.TextField(
        blank=True, help_text="why the review was published with milestones not recorded"
    )
    version = models.PositiveIntegerField(default=1)

    objects = access.ScopedQuerySet.as_manager()

    @property
    def is_open(self) -> bool:
        """Still under way (domain/workflow.py's open states): published or not to be published, it is finished."""
        return self.status in open_states(Workflow.PRACTICE_REVIEW)

    class Meta:
        db_table = "cases_practicereview"
        verbose_name = "local child safeguarding practice review"
        indexes = [models.Index(fields=["status", "publication_due_date"])]
        constraints = [
            in_codes("practice_review", "status", list(PracticeReviewStatus)),
            models.CheckConstraint(
                condition=Q(published_date__isnull=True)
                | Q(final_report_date__isnull=True)
                | Q(published_date__gte=F("final_report_date")),
                name="practice_review_published_after_final_report",
            ),
        ]


@access.scoped(access.national_reviews(cases="notifications", reviewer="appointments__reviewer"))
class NationalReview(models.Model):
    """A national review commissioned by the Panel, often grouping many cases.

    The Panel sees every one; a partnership sees those that gather its cases, and only its
    cases in them (cspr/core/access.py); an appointed reviewer those they review.
    """

    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=200)
    # The work programme topic it reviews (cspr/reviews/national_models.py); empty for reviews
    # recorded before the work programme was.
    programme_topic = models.ForeignKey(
        "reviews.WorkProgrammeTopic", null=True, blank=True, on_delete=models.PROTECT, related_name="national_reviews"
    )
    status = code_field(list(NationalReviewStatus), max_length=20)
    commissioned_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    # Set when the first reviewer's appointment is confirmed (domain/deadlines.py).
    report_months = models.PositiveSmallIntegerField(null=True, blank=True)
    report_due_date = models.DateField(null=True, blank=True)
    notifications = models.ManyToManyField(
        "cases.Notification", blank=True, related_name="national_reviews", db_table="cases_nationalreview_notifications"
    )
    version = models.PositiveIntegerField(default=1)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        db_table = "cases_nationalreview"
        constraints = [
            in_codes("national_review", "status", list(NationalReviewStatus)),
            models.CheckConstraint(
                condition=Q(report_due_date__isnull=True) | Q(report_due_date__gt=F("commissioned_date")),
                name="national_review_report_due_after_commissioning",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneKind(models.TextChoices):
    REVIEWER_APPOINTED = "reviewer_appointed", "Reviewer appointed"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference agreed"
    PRACTITIONERS_INVOLVED = "practitioners_involved", "Practitioners involved"
    FAMILY_INVOLVED = "family_involved", "Family involved"
    DRAFT_REPORT = "draft_report", "Draft report received"
    PARTNERS_SIGN_OFF = "partners_sign_off", "Safeguarding partners signed off"


@access.scoped(access.through("practice_review"))
class Milestone(models.Model):
    """A step of a local review the partners monitor (regulation 14: time and quality)."""

    practice_review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=30, choices=MilestoneKind.choices)
    completed_date = models.DateField()
    note = models.TextField(blank=True)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        db_table = "cases_milestone"
        ordering = ["completed_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["practice_review", "kind"], name="milestone_once_per_review"),
            in_codes("milestone", "kind", MilestoneKind.values),
        ]


@access.scoped(access.through("notification", "national_review"))
class StatusEvent(models.Model):
    """An append-only record of a workflow moving: who, when, why."""

    notification = models.ForeignKey(
        "cases.Notification", null=True, on_delete=models.CASCADE, related_name="status_events"
    )
    national_review = models.ForeignKey(
        NationalReview, null=True, on_delete=models.CASCADE, related_name="status_events"
    )
    workflow = code_field(list(Workflow), max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        db_table = "cases_statusevent"
        ordering = ["at", "id"]
        constraints = [in_codes("status_event", "workflow", list(Workflow))]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("status events are append-only")
        super().save(*args, **kwargs)


@access.scoped(access.addressed_to("recipient"))
class ReminderSent(models.Model):
    """One reminder emailed about one deadline to one person on one day.

    The unique constraint makes `cspr send-reminders` idempotent: a second run on
    the same day finds every reminder already sent.
    """

    item = models.CharField(max_length=40)  # "rapid_review", "lcspr_final_report", "lcspr_publication"
    object_id = models.BigIntegerField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    sent_on = models.DateField()

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        db_table = "cases_remindersent"
        constraints = [
            models.UniqueConstraint(fields=["item", "object_id", "recipient", "sent_on"], name="reminder_once_a_day")
        ]


# The Panel's national work: registered with this app by being imported here.
from cspr.reviews.national_models import (  # noqa: E402, F401
    EndedAppointment,
    NationalCaseDecision,
    NationalReviewAppointment,
    PoolReviewer,
    WorkProgrammeTopic,
)
