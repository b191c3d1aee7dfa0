"""The case register: notifications, their children, and sharing a case.

The reviews of a case (rapid review, LCSPR, national review) are the reviews
app's (cspr/reviews/models.py). Rows change only through the action functions,
each of which writes its audit event. Statutory due dates are stored (computed
by cspr/domain/deadlines.py when the facts they depend on change) so that lists
can sort and filter by them in the database.
"""

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Collate, Length, Upper
from django.db.models.lookups import LessThanOrEqual

from cspr.core import access
from cspr.core.fields import code_field, coded_checks, flag_field, packed_codes
from cspr.domain import codes, workflow
from cspr.domain.deadlines import NOTIFICATION_PERIOD

# The data standard's REF_PATTERN: never starting with "-", which a spreadsheet reads as a formula.
NOTIFICATION_REF_PATTERN = r"^[A-Za-z0-9_/][A-Za-z0-9_/-]{0,39}$"


def needing_rapid_review(prefix: str = "") -> Q:
    """Notifications that need a rapid review, the serious incidents the Panel's statistics count
    (domain/workflow.py's NEEDING_RAPID_REVIEW); `prefix` is the path to the notification from a
    related model ("rapidreview__notification__")."""
    condition = Q(pk__in=[])
    for kind, values in workflow.NEEDING_RAPID_REVIEW:
        condition |= Q(**{f"{prefix}notification_kind": kind, f"{prefix}abuse_neglect_suspected__in": values})
    return condition


class NotificationQuerySet(access.ScopedQuerySet):
    def in_period(self, date_from=None, date_to=None):
        """Notifications received by the Panel in the period (the statistics' basis)."""
        qs = self
        if date_from:
            qs = qs.filter(notified_date__gte=date_from)
        if date_to:
            qs = qs.filter(notified_date__lte=date_to)
        return qs

    def canonical_order(self):
        return self.order_by("notified_date", in_byte_order("ref", self.db))


# The collation that compares bytes: PostgreSQL's "C"; SQLite's default, BINARY, already does.
_BYTE_COLLATION = {"postgresql": "C", "sqlite": "BINARY"}


def in_byte_order(field: str, using: str):
    """`field` to order by its bytes, whatever the database's collation.

    The export promises the same bytes from every register (docs/standard/data-standard.md);
    a PostgreSQL database made with an ICU or en_US locale sorts "a-2" before "B-1", SQLite
    after it. Byte order is Python's sorted() order too.
    """
    return Collate(F(field), _BYTE_COLLATION[connections[using].vendor])


@access.scoped(
    access.cases(
        partnership="partnership",
        shared_with="shares__partnership",
        reviewer="practice_review__reviewer",
        national_reviewer="national_reviews__appointments__reviewer",
    )
)
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
    # cspr-2: the kind of notification (domain/workflow.py says which need a rapid review).
    notification_kind = code_field(codes.NOTIFICATION_KINDS, max_length=20, default=codes.DEFAULT_KIND)
    abuse_neglect_suspected = flag_field("abuse or neglect known or suspected (a looked-after child's death)")
    # cspr-2: what the seeds count that cspr-1 could not hold.
    offending_adults = flag_field("adults in the household with a history of offending (MAPPA)")
    home_educated_incident = flag_field("the incident involved an electively home-educated child")
    late_notification_reason = code_field(codes.LATE_NOTIFICATION_REASONS, blank=True)
    late_rapid_review_reason = code_field(codes.LATE_RAPID_REVIEW_REASONS, blank=True)
    # Child-level data like the rest of the record: read only through visible_to, and
    # every page that shows it writes a read audit event.
    incident_description = models.TextField(blank=True, default="", help_text="what happened, in the partners' words")
    notification_due_date = models.DateField(help_text=f"{NOTIFICATION_PERIOD} after the LA became aware")
    # Stored with the dates it is counted from, by every writer of them (cspr/cases/actions/load.py's
    # values), so that the statistics count it without working-day arithmetic (ADR 0036).
    notification_days_late = models.PositiveIntegerField(
        help_text="working days the notification was late (domain/deadlines.py working_days_late; 0: on time)"
    )
    # What the statistics read of the coded fields above (ADR 0036, third amendment).
    coded = packed_codes(codes.NOTIFICATION_CODED)
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
            # The notification list's order (cspr/cases/find.py ORDER), with the key a page is read as, so
            # that any page, the last of the register's too, is a walk along this index and no sort.
            models.Index(fields=["-notified_date", "ref", "id"], name="notification_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ref__regex=NOTIFICATION_REF_PATTERN), name="notification_ref_format"),
            *coded_checks("notification", codes.NOTIFICATION_CODED),
            models.CheckConstraint(
                condition=~Q(notification_kind__in=codes.DEATH_KINDS) | Q(incident_type="death"),
                name="notification_death_kinds_are_deaths",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("incident_description"), codes.DESCRIPTION_MAX),
                name="notification_incident_description_length",
            ),
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


@access.scoped(access.through("notification"))
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
    # Where the child normally lives, when not the notifying authority's area ("" = the same). Its
    # partnership sees the case (an automatic share). Valid on the incident date: the standard's rule.
    home_la_code = models.CharField("home local authority (GSS code)", max_length=9, blank=True, default="")
    previous_care_proceedings = flag_field("previously subject to care proceedings")
    siblings_removed_not_returned = flag_field(
        "earlier siblings removed permanently, and this child's case not returned to court"
    )
    outcome = code_field(codes.OUTCOMES, max_length=20)
    coded = packed_codes(codes.CHILD_CODED)  # what the statistics read (ADR 0036, third amendment)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["notification", "child_ref"]
        verbose_name_plural = "children"
        # Find a case looks a child's reference up whatever its case (cspr/cases/find.py).
        indexes = [models.Index(Upper("child_ref"), name="child_ref_any_case")]
        constraints = [
            models.UniqueConstraint(fields=["notification", "child_ref"], name="child_ref_unique_in_notification"),
            *coded_checks("child", codes.CHILD_CODED),
            models.CheckConstraint(
                condition=Q(home_la_code="") | Q(home_la_code__regex=r"^E(06|08|09|10)\d{6}$"),
                name="child_home_la_code_format",
            ),
            models.CheckConstraint(
                # 0-17, or to 24 for a care leaver's death: the kind is the notification's, so the
                # table allows 24 and the standard's rules (check_children) hold the rest.
                condition=Q(age_years__isnull=True)
                | Q(age_years__gte=codes.MIN_AGE, age_years__lte=codes.CARE_LEAVER_MAX_AGE),
                name="child_age_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification.ref}/{self.child_ref}"


@access.scoped(access.through("notification"))
class CaseShare(models.Model):
    """Another partnership may see this case, e.g. the child's home authority's."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="shares")
    partnership = models.ForeignKey("core.Partnership", on_delete=models.PROTECT, related_name="shared_cases")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()
    reason = models.TextField()

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "partnership"], name="case_shared_once_per_partnership")
        ]
