"""People, organisations, reference data and the audit trail."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from cspr.core.access import PARTNERSHIP_ROLES, Role


class OrganisationKind(models.TextChoices):
    PANEL = "panel", "Child Safeguarding Practice Review Panel"
    PARTNERSHIP = "partnership", "Safeguarding partnership"
    PARTNER_AGENCY = "partner_agency", "Safeguarding partner (local authority, police or health)"
    REVIEWERS = "reviewers", "Independent reviewers"
    ANALYSTS = "analysts", "Analysts"


class Organisation(models.Model):
    """Where a person works. Partnership and partner-agency organisations point at
    the partnership whose cases they may see."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    partnership = models.ForeignKey(
        "core.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_code"),
            models.CheckConstraint(
                condition=~Q(kind__in=["partnership", "partner_agency"]) | Q(partnership__isnull=False),
                name="organisation_partnership_needed",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in, or a named system actor (`cspr import`, `cspr synth`).

    System actors cannot sign in (no usable password, inactive) but every write
    they make is attributed in the audit trail, exactly like a person's.
    """

    is_system = models.BooleanField(default=False)
    # Created by `cspr demo`; may skip MFA only while the service runs in demo mode.
    is_demo = models.BooleanField(default=False)
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=[*Role.values, ""]), name="user_role_code"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def partnership_id(self) -> str | None:
        """The partnership whose cases this person works on, if any."""
        if self.role in PARTNERSHIP_ROLES and self.organisation_id:
            return self.organisation.partnership_id
        return None


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE_AND_THE_HUMBER = "yorkshire_and_the_humber", "Yorkshire and The Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class LocalAuthority(models.Model):
    """An English local authority with children's services responsibility.

    Codes are versioned by validity dates because reorganisations (Cumbria split
    in April 2023, for example) retire a code and start others: a notification's
    `la_code` must be valid on its incident date. Loaded from
    cspr/reference/local_authorities.csv (sources are in that folder's README).
    """

    gss_code = models.CharField(primary_key=True, max_length=9)
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=30, choices=Region.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    predecessors = models.ManyToManyField("self", symmetrical=False, related_name="successors", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            models.CheckConstraint(condition=Q(gss_code__regex=r"^E(06|08|09|10)[0-9]{6}$"), name="la_gss_code_format"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="la_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.gss_code})"


class Partnership(models.Model):
    """Local safeguarding partners (LA, ICB, police) covering one or more LAs."""

    code = models.SlugField(primary_key=True, max_length=60)
    name = models.CharField(max_length=150)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="partnerships")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PracticeTheme(models.Model):
    """A practice theme code in a versioned taxonomy (cspr/reference/practice_themes.json).

    First-report themes carry `maps_to`, the 2020 theme they are counted under
    when periods coded with different taxonomies are compared.
    """

    code = models.SlugField(primary_key=True, max_length=40)
    taxonomy_version = models.CharField(max_length=20)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    maps_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="mapped_from")

    class Meta:
        ordering = ["taxonomy_version", "position"]

    def __str__(self) -> str:
        return self.label


class AuditChainHead(models.Model):
    """The single row holding the newest audit hash.

    Writers lock this row (SELECT ... FOR UPDATE) so concurrent transactions
    append to the chain one after another instead of forking it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, blank=True)
    last_event_id = models.BigIntegerField(null=True)


class AuditEvent(models.Model):
    """One append-only record of a read or write of case data.

    Written explicitly by actions and by views or exports of child-level data
    (never by signals, which miss bulk operations), and never read by
    application logic. Each row carries the hash of the previous one, so an
    edited or deleted row breaks the chain (`cspr audit verify`).
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    changed_fields = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")
