"""The Panel's national work: its work programme, its pool of reviewers, the decision to take a
case nationally (regulation 3) and the appointment of reviewers to national reviews (regulation 4).

Imported by cspr/reviews/models.py, so Django registers these models with the reviews app.
Rows change only through cspr/reviews/actions/programme.py and pool.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cspr.core import access
from cspr.core.fields import code_field, in_codes
from cspr.domain.national import Reg3Criterion
from cspr.domain.workflow import WorkProgrammeStatus


class WorkProgrammeTopic(models.Model):
    """A topic of the Panel's work programme (for example, non-accidental injury in under-1s).

    The Panel publishes its programme, so a topic holds no case data and is not scoped; the
    national reviews under it, and their cases, are.
    """

    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField(blank=True, help_text="why the Panel is looking at it")
    programme_year = models.CharField(max_length=7, help_text="the work programme's year, e.g. 2024-25")
    status = code_field(list(WorkProgrammeStatus), max_length=20)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "work programme topic"
        ordering = ["-programme_year", "title"]
        constraints = [
            in_codes("work_programme_topic", "status", list(WorkProgrammeStatus)),
            models.CheckConstraint(
                condition=Q(programme_year__regex=r"^[0-9]{4}-[0-9]{2}$"), name="work_programme_topic_year_form"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PoolReviewer(models.Model):
    """A person in the Panel's pool of potential reviewers (reg 4(1)), with the areas they must not review.

    The person signs in with the independent reviewer role. A conflict is an area (a local
    authority or a safeguarding partnership) where the reviewer works, has worked or has another
    interest; an appointment to a review with a case there is refused.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pool_entry")
    expertise = models.TextField(help_text="what the reviewer knows, as the public pool describes it")
    conflict_local_authorities = models.ManyToManyField("core.LocalAuthority", blank=True, related_name="+")
    conflict_partnerships = models.ManyToManyField("core.Partnership", blank=True, related_name="+")
    conflict_note = models.TextField(blank=True, help_text="why: the reviewer's declared interests")
    joined_date = models.DateField()
    left_date = models.DateField(null=True, blank=True, help_text="removed from the pool (reg 5(1))")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "reviewer in the pool"
        constraints = [
            models.CheckConstraint(
                condition=Q(left_date__isnull=True) | Q(left_date__gte=F("joined_date")),
                name="pool_reviewer_left_after_joining",
            )
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


@access.scoped(access.through("notification"))
class NationalCaseDecision(models.Model):
    """The Panel's decision to take a case into a national review, and the regulation 3 criteria it found.

    A case's row follows the case: its partnership reads why the Panel took it, no other
    partnership does. One row per case and review; at least one criterion (a database check).
    """

    national_review = models.ForeignKey("reviews.NationalReview", on_delete=models.CASCADE, related_name="decisions")
    notification = models.ForeignKey("cases.Notification", on_delete=models.CASCADE, related_name="national_decisions")
    decided_date = models.DateField()
    improvements = models.BooleanField(default=False, help_text="regulation 3(a)")
    legislation_or_guidance = models.BooleanField(default=False, help_text="regulation 3(b)")
    recurrent_themes = models.BooleanField(default=False, help_text="regulation 3(c)")
    reasons = models.TextField(help_text="why the case is complex or of national importance")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["decided_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["national_review", "notification"], name="national_decision_once_per_case"),
            models.CheckConstraint(
                condition=Q(improvements=True) | Q(legislation_or_guidance=True) | Q(recurrent_themes=True),
                name="national_decision_names_a_criterion",
            ),
        ]

    @property
    def criteria(self) -> list[str]:
        """The criteria found, as domain/national.py's codes, in the Regulations' order."""
        return [c.value for c in Reg3Criterion if getattr(self, c.value)]


@access.scoped(access.through("national_review"))
class NationalReviewAppointment(models.Model):
    """A reviewer the Panel selected for a national review, whose appointment the Secretary of State confirmed.

    Regulation 4(5): the Panel recommends, the Secretary of State confirms; cspr records the
    confirmation and its date, and the review's clock starts at the first one.
    """

    national_review = models.ForeignKey("reviews.NationalReview", on_delete=models.CASCADE, related_name="appointments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="national_appointments"
    )
    confirmed_date = models.DateField(help_text="the Secretary of State confirmed the appointment")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["confirmed_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["national_review", "reviewer"], name="national_appointment_once"),
        ]


@access.scoped(access.through("national_review"))
class EndedAppointment(models.Model):
    """A reviewer's appointment to a national review that the Panel ended (Regulations 2018 reg 5(2)).

    The appointment itself is deleted, since it is what lets the reviewer read the review and its
    cases (core/access.py); this row keeps the register's record of it: who, when the Secretary
    of State confirmed them, when it ended and why, shown on the review's page.
    """

    national_review = models.ForeignKey(
        "reviews.NationalReview", on_delete=models.CASCADE, related_name="ended_appointments"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_date = models.DateField(help_text="the Secretary of State confirmed the appointment")
    ended_date = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["ended_date", "id"]
