"""The case register: notifications, children, rapid reviews, LCSPRs, national reviews.

Rows change only through the functions in cspr/cases/actions.py, each of which
writes its audit event. Statutory due dates are stored (computed by
cspr/domain/deadlines.py when the facts they depend on change) so that lists can
sort and filter by them in the database.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cspr.cases.models.fields import code_field, flag_field, in_codes
from cspr.domain import codes
from cspr.domain.deadlines import Edition
from cspr.domain.workflow import NationalReviewStatus, PracticeReviewStatus, RapidReviewStatus

NOTIFICATION_REF_PATTERN = r"^[A-Za-z0-9_/-]{1,40}$"


PANEL_ROLES = ("panel_secretariat", "panel_member")
PARTNERSHIP_ROLES = ("partnership_manager", "partner_agency_user")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The notifications this person may see: the only way views read case data.

        The Panel sees every case; a partnership its own and those another
        partnership shared with it; a reviewer only the cases of the reviews they
        are assigned to; analysts and administrators no child-level records.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role in PANEL_ROLES:
            return self
        if user.role in PARTNERSHIP_ROLES and user.partnership_id:
            shared = CaseShare.objects.filter(partnership_id=user.partnership_id).values("notification_id")
            return self.filter(Q(partnership_id=user.partnership_id) | Q(pk__in=shared))
        if user.role == "reviewer":
            return self.filter(practice_review__reviewer=user)
        return self.none()

    def in_period(self, date_from=None, date_to=None):
        """Notifications received by the Panel in the period (the statistics' basis)."""
        qs = self
        if date_from:
            qs = qs.filter(notified_date__gte=date_from)
        if date_to:
            qs = qs.filter(notified_date__lte=date_to)
        return qs

    def canonical_order(self):
        return self.order_by("notified_date", "ref")


class Notification(models.Model):
    """A serious incident notification from a local authority to the Panel.

    One incident; it may concern several children (a sibling group).
    """

    ref = models.CharField("notification reference", max_length=40, unique=True)
    local_authority = models.ForeignKey("core.LocalAuthority", on_delete=models.PROTECT, related_name="notifications")
    # Derived from the LA and the incident date when the record is written, so
    # that a partnership's scope is one indexed column.
    partnership = models.ForeignKey("core.Partnership", on_delete=models.PROTECT, related_name="notifications")
    incident_date = models.DateField()
    aware_date = models.DateField("date the local authority became aware")
    notified_date = models.DateField("date the notification reached the Panel")
    incident_type = code_field(codes.INCIDENT_TYPES, max_length=20)
    death_category = code_field(codes.DEATH_CATEGORIES, blank=True)
    harm_category = code_field(codes.HARM_CATEGORIES, blank=True)
    near_miss = flag_field("the child could easily have died (serious harm only)")
    domestic_abuse = flag_field()
    maternal_mental_ill_health = flag_field()
    paternal_mental_ill_health = flag_field()
    parental_alcohol_misuse = flag_field()
    parental_drug_misuse = flag_field()
    neglect_feature = flag_field("neglect an underlying feature, whatever the primary harm")
    previously_known = flag_field("already identified as vulnerable by the child protection system")
    exploitation_background = flag_field("criminal exploitation, gang violence or county lines in the background")
    covid_factor = flag_field()
    notification_due_date = models.DateField(help_text="5 working days after the LA became aware")
    version = models.PositiveIntegerField(
        default=1, help_text="incremented by every change; guards against lost updates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["notified_date", "ref"]
        indexes = [
            models.Index(fields=["notified_date"]),
            models.Index(fields=["partnership", "notified_date"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ref__regex=NOTIFICATION_REF_PATTERN), name="notification_ref_format"),
            in_codes("notification", "incident_type", codes.INCIDENT_TYPES),
            in_codes("notification", "death_category", codes.DEATH_CATEGORIES, blank=True),
            in_codes("notification", "harm_category", codes.HARM_CATEGORIES, blank=True),
            *[in_codes("notification", flag, codes.FLAG_VALUES) for flag in codes.NOTIFICATION_FLAGS],
            models.CheckConstraint(
                condition=Q(aware_date__gte=F("incident_date")), name="notification_aware_after_incident"
            ),
            models.CheckConstraint(
                condition=Q(notified_date__gte=F("aware_date")), name="notification_notified_after_aware"
            ),
            models.CheckConstraint(
                condition=(Q(incident_type="death") & ~Q(death_category="") & Q(harm_category=""))
                | (~Q(incident_type="death") & Q(death_category="") & ~Q(harm_category="")),
                name="notification_category_matches_type",
            ),
            models.CheckConstraint(
                condition=Q(incident_type="serious_harm") | ~Q(near_miss="yes"),
                name="notification_near_miss_only_serious_harm",
            ),
        ]

    def __str__(self) -> str:
        return self.ref


class Child(models.Model):
    """A child a notification concerns. `child_ref` is a pseudonym, never a name."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="children")
    child_ref = models.CharField(max_length=40)
    gender = code_field(codes.GENDERS, max_length=20)
    age_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="whole years at the incident; empty when not known"
    )
    ethnicity = code_field(codes.ETHNICITIES, max_length=4)
    disability = flag_field()
    cp_plan = flag_field("subject of a child protection plan at the time")
    looked_after = flag_field()
    child_in_need = flag_field()
    known_to_csc = flag_field("children's social care was working with the family")
    home_educated = flag_field("electively home educated")
    child_mental_ill_health = flag_field()
    outcome = code_field(codes.OUTCOMES, max_length=20)

    class Meta:
        ordering = ["notification", "child_ref"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(fields=["notification", "child_ref"], name="child_ref_unique_in_notification"),
            in_codes("child", "gender", codes.GENDERS),
            in_codes("child", "ethnicity", codes.ETHNICITIES),
            in_codes("child", "outcome", codes.OUTCOMES),
            *[in_codes("child", flag, codes.FLAG_VALUES) for flag in codes.CHILD_FLAGS],
            models.CheckConstraint(
                condition=Q(age_years__isnull=True) | Q(age_years__gte=codes.MIN_AGE, age_years__lte=codes.MAX_AGE),
                name="child_age_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification.ref}/{self.child_ref}"


class RapidReview(models.Model):
    """The safeguarding partners' rapid review of a notified incident.

    Created with its notification, because the 15-working-day clock starts then.
    """

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="rapid_review")
    status = code_field(list(RapidReviewStatus), max_length=20)
    # The narrative the partners send to the Panel (not part of the interchange standard).
    facts = models.TextField(blank=True, help_text="what happened and what each agency knew")
    agencies_involved = models.JSONField(default=list, blank=True)
    immediate_actions = models.TextField(blank=True, help_text="action taken to keep children safe")
    learning = models.TextField(blank=True)
    decision_reasons = models.TextField(blank=True, help_text="why a local review is or is not appropriate")
    panel_query = models.TextField(blank=True, help_text="the Panel's latest question to the partners")
    due_date = models.DateField()
    due_rule = code_field(list(Edition), max_length=10)
    due_counted_from = code_field(["aware_date", "notified_date"], max_length=20)
    submitted_date = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField("core.PracticeTheme", blank=True, related_name="rapid_reviews")
    lcspr_recommended = flag_field("the partners decided a local review is appropriate")
    panel_response_date = models.DateField(null=True, blank=True)
    national_review = flag_field("the Panel took the case into a national review")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            in_codes("rapid_review", "status", list(RapidReviewStatus)),
            in_codes("rapid_review", "due_rule", list(Edition)),
            in_codes("rapid_review", "lcspr_recommended", codes.FLAG_VALUES),
            in_codes("rapid_review", "national_review", codes.FLAG_VALUES),
            models.CheckConstraint(
                condition=Q(panel_response_date__isnull=True)
                | Q(submitted_date__isnull=False, panel_response_date__gte=F("submitted_date")),
                name="rapid_review_response_after_submission",
            ),
        ]


class PracticeReview(models.Model):
    """A local child safeguarding practice review (LCSPR)."""

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="practice_review")
    status = code_field(list(PracticeReviewStatus), max_length=20)
    decision_date = models.DateField("date the partners decided to commission it")
    publication_due_date = models.DateField()
    final_report_due_date = models.DateField()
    final_report_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_reviews"
    )
    delay_reasons = models.TextField(blank=True, help_text="why publication is or was later than 6 months")
    version = models.PositiveIntegerField(default=1)

    class Meta:
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


class NationalReview(models.Model):
    """A national review commissioned by the Panel, often grouping many cases."""

    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=200)
    status = code_field(list(NationalReviewStatus), max_length=20)
    commissioned_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    notifications = models.ManyToManyField(Notification, blank=True, related_name="national_reviews")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [in_codes("national_review", "status", list(NationalReviewStatus))]

    def __str__(self) -> str:
        return self.title


class MilestoneKind(models.TextChoices):
    REVIEWER_APPOINTED = "reviewer_appointed", "Reviewer appointed"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference agreed"
    PRACTITIONERS_INVOLVED = "practitioners_involved", "Practitioners involved"
    FAMILY_INVOLVED = "family_involved", "Family involved"
    DRAFT_REPORT = "draft_report", "Draft report received"
    PARTNERS_SIGN_OFF = "partners_sign_off", "Safeguarding partners signed off"


class Milestone(models.Model):
    """A step of a local review the partners monitor (regulation 14: time and quality)."""

    practice_review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=30, choices=MilestoneKind.choices)
    completed_date = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["completed_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["practice_review", "kind"], name="milestone_once_per_review"),
            in_codes("milestone", "kind", MilestoneKind.values),
        ]


class CaseShare(models.Model):
    """Another partnership may see this case, e.g. the child's home authority's."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="shares")
    partnership = models.ForeignKey("core.Partnership", on_delete=models.PROTECT, related_name="shared_cases")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "partnership"], name="case_shared_once_per_partnership")
        ]


class StatusEvent(models.Model):
    """An append-only record of a workflow moving: who, when, why."""

    notification = models.ForeignKey(Notification, null=True, on_delete=models.CASCADE, related_name="status_events")
    national_review = models.ForeignKey(
        NationalReview, null=True, on_delete=models.CASCADE, related_name="status_events"
    )
    workflow = code_field(["rapid_review", "practice_review", "national_review"], max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [in_codes("status_event", "workflow", ["rapid_review", "practice_review", "national_review"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("status events are append-only")
        super().save(*args, **kwargs)


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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "object_id", "recipient", "sent_on"], name="reminder_once_a_day")
        ]
