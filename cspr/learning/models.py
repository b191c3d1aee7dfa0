"""The learning repository: published reviews, their recommendations, coding and source text.

Rows change only through cspr/learning/actions/, each of which writes its audit
event and keeps the search index in step (docs/adr/0009). Coded fields carry
CHECK constraints, as everywhere in cspr.

What is coded here is what a *review says* (its practice themes and the case
characteristics it concerns). Nothing in this app scores or ranks children or
families.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cspr.core import access
from cspr.core.fields import code_field, in_codes
from cspr.core.models import Region
from cspr.domain import codes
from cspr.domain.deadlines import recommendation_action_overdue
from cspr.domain.themes import CHARACTERISTIC_CODES, KINDS
from cspr.domain.workflow import RECOMMENDATION_ACTION_CLOSED, RecommendationActionStatus


class ReviewType(models.TextChoices):
    LCSPR = "lcspr", "Local child safeguarding practice review"
    SCR = "scr", "Serious case review (before September 2019)"
    NATIONAL = "national_review", "National review"
    RAPID_REVIEW_SUMMARY = "rapid_review_summary", "Rapid review learning summary"


class AgeBand(models.TextChoices):
    """The statistics' age bands (docs/standard/measures.md), plus several children in different bands."""

    UNDER_1 = "under_1", "Under 1"
    AGE_1_TO_4 = "1_to_4", "1 to 4"
    AGE_5_TO_9 = "5_to_9", "5 to 9"
    AGE_10_TO_14 = "10_to_14", "10 to 14"
    AGE_15_TO_17 = "15_to_17", "15 to 17"
    # Care leavers, whose deaths are notified up to 24 (codes.CARE_LEAVER_MAX_AGE).
    AGE_18_TO_24 = "18_to_24", "18 to 24"
    MULTIPLE = "multiple", "Children in more than one age band"
    NOT_KNOWN = "not_known", "Not known"


REGIONS = tuple(Region.values) + ("national",)
REGION_LABELS = {**dict(Region.choices), "national": "National"}
INCIDENT_CATEGORIES = codes.DEATH_CATEGORIES + codes.HARM_CATEGORIES


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    NOT_KNOWN = "not_known", "Not known"


class LabelSource(models.TextChoices):
    MANUAL = "manual", "Coded by hand"
    SUGGESTION = "suggestion", "Accepted suggestion"
    IMPORT = "import", "Imported with the review"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a coder"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class SearchVector(models.Field):
    """A tsvector column, without django.contrib.postgres in INSTALLED_APPS. On SQLite it stays empty.

    Only the column type and its `@@` lookup are used. The lookup is django.contrib.postgres's,
    given to this field by cspr/learning/search/postgres.py, the one module that queries the
    column: importing that app's search module here (for its SearchVectorField) imported
    psycopg, a tenth of a second of every `cspr` command's start-up even on SQLite.
    """

    def db_type(self, connection):
        return "tsvector"


def _label_code_constraint(model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(kind="theme", code__in=codes.THEME_CODES) | Q(kind="characteristic", code__in=CHARACTERISTIC_CODES),
        name=f"{model}_code_matches_kind",
    )


class PublishedReviewQuerySet(access.ScopedQuerySet):
    def published(self):
        """What public read access may show (when the operator turns it on): published reviews only."""
        return self.filter(is_published=True)


@access.scoped(
    access.learning(
        published="is_published",
        partnership="partnership",
        case="notification",
        case_partnership="notification__partnership",
    )
)
class PublishedReview(models.Model):
    """A review whose learning is in the repository.

    `is_published` is false for learning the partners shared with the Panel but
    did not publish; the operator's public access setting only ever shows
    published ones.
    """

    title = models.CharField(max_length=300)
    review_type = code_field(ReviewType.values, max_length=30)
    partnership = models.ForeignKey(
        "core.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="published_reviews"
    )
    local_authority = models.ForeignKey(
        "core.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="published_reviews"
    )
    area_name = models.CharField(max_length=150, blank=True, help_text="the area as the report names it")
    region = code_field(REGIONS, blank=True, max_length=30)
    year = models.PositiveSmallIntegerField(help_text="year of publication")
    publication_date = models.DateField(null=True, blank=True)
    child_age_band = code_field(AgeBand.values, max_length=12)
    incident_type = code_field(codes.INCIDENT_TYPES, blank=True, max_length=20)
    learning_summary = models.TextField(blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    is_published = models.BooleanField(default=True)
    notification = models.ForeignKey(
        "cases.Notification", null=True, blank=True, on_delete=models.PROTECT, related_name="published_reviews"
    )
    # PostgreSQL only (GIN-indexed; filled by the search backend). Empty on SQLite,
    # where the FTS5 table learning_review_fts does the same job.
    search_vector = SearchVector(null=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["year"]), models.Index(fields=["review_type", "year"])]
        constraints = [
            in_codes("published_review", "review_type", ReviewType.values),
            in_codes("published_review", "region", REGIONS, blank=True),
            in_codes("published_review", "child_age_band", AgeBand.values),
            in_codes("published_review", "incident_type", codes.INCIDENT_TYPES, blank=True),
            models.CheckConstraint(condition=Q(year__gte=1945, year__lte=2100), name="published_review_year_range"),
            models.UniqueConstraint(
                fields=["notification", "review_type"],
                condition=Q(notification__isnull=False),
                name="published_review_one_per_notification_and_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def area(self) -> str:
        if self.area_name:
            return self.area_name
        if self.partnership_id:
            return self.partnership.name
        if self.local_authority_id:
            return self.local_authority.name
        return "National" if self.region == "national" else ""


@access.scoped(access.through("review"))
class IncidentCategory(models.Model):
    """A death or harm category the review concerns (a national review may concern several)."""

    review = models.ForeignKey(PublishedReview, on_delete=models.CASCADE, related_name="incident_categories")
    code = code_field(INCIDENT_CATEGORIES, max_length=40)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["review", "code"]
        constraints = [
            in_codes("incident_category", "code", INCIDENT_CATEGORIES),
            models.UniqueConstraint(fields=["review", "code"], name="incident_category_unique"),
        ]


@access.scoped(access.through("review"))
class Recommendation(models.Model):
    """One recommendation of a review, tracked to completion."""

    review = models.ForeignKey(PublishedReview, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    owner_agency = models.CharField(max_length=150, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = code_field(RecommendationStatus.values, max_length=20)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["review", "position"]
        constraints = [
            in_codes("recommendation", "status", RecommendationStatus.values),
            models.UniqueConstraint(fields=["review", "position"], name="recommendation_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}.{self.position}"

    @property
    def status_name(self) -> str:
        return RecommendationStatus(self.status).label


@access.scoped(access.through("review"))
class ReviewLabel(models.Model):
    """A practice theme or case characteristic a person coded the review with: who and when."""

    review = models.ForeignKey(PublishedReview, on_delete=models.CASCADE, related_name="labels")
    kind = code_field(KINDS, max_length=20)
    code = models.CharField(max_length=40)
    source = code_field(LabelSource.values, max_length=20)
    coded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    coded_at = models.DateTimeField()

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["review", "kind", "code"]
        indexes = [models.Index(fields=["kind", "code"])]
        constraints = [
            in_codes("review_label", "kind", KINDS),
            in_codes("review_label", "source", LabelSource.values),
            _label_code_constraint("review_label"),
            models.UniqueConstraint(fields=["review", "kind", "code"], name="review_label_unique"),
        ]


@access.scoped(access.through("review"))
class SourceDocument(models.Model):
    """The review's document: its extracted text (the file itself is not kept)."""

    review = models.OneToOneField(PublishedReview, on_delete=models.CASCADE, related_name="source")
    file_name = models.CharField(max_length=255)
    file_format = code_field(("pdf", "docx", "html", "text"), max_length=10)
    sha256 = models.CharField(max_length=64, unique=True)
    size_bytes = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField(null=True, blank=True)
    word_count = models.PositiveIntegerField()
    text = models.TextField(help_text="pages are separated by form feeds")
    extractor = models.CharField(max_length=60)
    extracted_at = models.DateTimeField()

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        constraints = [in_codes("source_document", "file_format", ("pdf", "docx", "html", "text"))]


@access.scoped(access.through("review"))
class ThemeSuggestion(models.Model):
    """A machine suggestion for a coder to accept or reject, with its evidence and versions.

    Rejected suggestions are kept: they are how the suggester is evaluated in use.
    """

    review = models.ForeignKey(PublishedReview, on_delete=models.CASCADE, related_name="suggestions")
    kind = code_field(KINDS, max_length=20)
    code = models.CharField(max_length=40)
    score = models.FloatField()
    evidence = models.JSONField(default=list, blank=True)
    lexicon_version = models.CharField(max_length=20)
    model_version = models.CharField(max_length=20)
    created_at = models.DateTimeField()
    status = code_field(SuggestionStatus.values, max_length=10)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    objects = access.ScopedQuerySet.as_manager()

    @property
    def status_name(self) -> str:
        return SuggestionStatus(self.status).label

    class Meta:
        ordering = ["review", "-score"]
        constraints = [
            in_codes("theme_suggestion", "kind", KINDS),
            in_codes("theme_suggestion", "status", SuggestionStatus.values),
            _label_code_constraint("theme_suggestion"),
            models.UniqueConstraint(
                fields=["review", "kind", "code"],
                condition=Q(status="pending"),
                name="theme_suggestion_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="theme_suggestion_decision_recorded",
            ),
        ]


class SearchState(models.Model):
    """One row the actions change whenever what search shows changes.

    Search caches every review's facet values in the process and refreshes them
    when `token` changes (reading them for every search costs more than the
    full-text query itself at a few thousand reviews). A random token, not only a
    counter: a rolled-back transaction can never make an old state come back.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="search_state_single_row")]


class SimilarSet(models.Model):
    """The reviews most like one review or one case, computed once for one state of the repository.

    Pages read these instead of comparing the case with every review (issue 18; ADR 0031).
    `subject` names what was compared ("review:12", "case:345"): a string, not a key, so a case's
    sets say nothing about the case and go with the next change of the repository. `fingerprint`
    is the hash of the profile compared and of `generation`, the search state's token when it was
    computed (SearchState): a case whose facts changed, or a reader allowed to see less of it, has
    another fingerprint, and a change to the repository another token.
    """

    subject = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64)
    generation = models.CharField(max_length=32, db_index=True)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "fingerprint"], name="similar_set_unique")]


@access.scoped(access.through("match"))
class SimilarMatch(models.Model):
    """One stored match, best first: read through `visible_to`, so a person sees only reviews they may read."""

    set = models.ForeignKey(SimilarSet, on_delete=models.CASCADE, related_name="matches")
    rank = models.PositiveSmallIntegerField()
    match = models.ForeignKey(PublishedReview, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    text_similarity = models.FloatField()
    shared = models.JSONField(default=list, help_text="what the two share, as the page names it")

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["set", "rank"]
        constraints = [models.UniqueConstraint(fields=["set", "rank"], name="similar_match_rank_unique")]


# A partnership's own actions, and only on recommendations it may still read: when the Panel
# moves a case to another partnership, unpublished learning from it goes with the case
# (`access.learning`), and the old partnership's actions on it go out of its sight with it.
@access.scoped(access.both(access.partnership_follow_up(partnership="partnership"), access.through("recommendation")))
class RecommendationAction(models.Model):
    """What one partnership did about a recommendation of a local or national review, and its impact.

    Written only by the actions in cspr/learning/actions/follow_up.py, each audited.
    """

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    partnership = models.ForeignKey("core.Partnership", on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    owning_agency = models.CharField(max_length=150)
    owner = models.CharField(max_length=150, help_text="the person or post responsible")
    due_date = models.DateField()
    status = code_field([str(v) for v in RecommendationActionStatus], max_length=20)
    completion_evidence = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    impact = models.TextField(blank=True, help_text="what changed")
    impact_measure = models.TextField(blank=True, help_text="how it was measured")
    impact_recorded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            in_codes("recommendation_action", "status", [str(v) for v in RecommendationActionStatus]),
            models.CheckConstraint(
                condition=~Q(status=RecommendationActionStatus.COMPLETED) | ~Q(completion_evidence=""),
                name="recommendation_action_completed_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.description[:60]}"

    @property
    def closed(self) -> bool:
        return self.status in RECOMMENDATION_ACTION_CLOSED

    def overdue(self, today) -> bool:
        return recommendation_action_overdue(self.due_date, closed=self.closed, today=today)


def marked_done(recommendations, *, actions) -> set[int]:
    """The ids of `recommendations` that were marked done: their own status is completed, or an
    action among `actions` on them was completed.

    `actions` are the partnership actions the reader may see (`RecommendationAction.objects.visible_to`,
    or a briefing's audience's): whether a recommendation is done depends on who is looking. The
    recurrence flags (recurrence.py) and the briefings' overdue recommendations both use this rule;
    it lives with the models so that a briefing need not load the learning search to read it.
    """
    recommendations = list(recommendations)
    by_action = set(
        actions.filter(recommendation__in=recommendations, status=RecommendationActionStatus.COMPLETED).values_list(
            "recommendation_id", flat=True
        )
    )
    return {r.pk for r in recommendations if r.status == RecommendationStatus.COMPLETED or r.pk in by_action}
