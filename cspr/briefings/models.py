"""Briefings made from the register, and the practice content they carry.

`Briefing` records each generated briefing: what was asked for (kind, period,
partnership, format), who asked and when, and the file itself with its SHA-256,
so a download is exactly what was made and can be checked. `PracticeContent`
holds the practice points, reflective questions and resources for each practice
theme and case characteristic; every change is a new `PracticeContentVersion`
(append-only). Rows change only through cspr/briefings/actions.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cspr.core import access
from cspr.core.fields import code_field, in_codes
from cspr.domain import codes
from cspr.domain.themes import CHARACTERISTIC_CODES

KINDS = ("national", "agency", "partnership")
KIND_LABELS = {
    "national": "National summary",
    "agency": "Practice note for an agency",
    "partnership": "Partnership briefing",
}
AUDIENCES = {
    "national": "Everyone who works with children and families, and safeguarding leads",
    "agency": "Practitioners and their supervisors in a safeguarding partner agency",
    "partnership": "Practitioners, supervisors and managers across a safeguarding partnership",
}
FORMATS = ("html", "pdf", "docx", "md")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}
CONTENT_KINDS = ("theme", "characteristic")


@access.scoped(access.briefings(partnership="partnership"))
class Briefing(models.Model):
    kind = code_field(KINDS, max_length=20)
    title = models.CharField(max_length=300)
    period_start = models.DateField()
    period_end = models.DateField()
    partnership = models.ForeignKey(
        "core.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="briefings"
    )
    format = code_field(FORMATS, max_length=10)
    as_of = models.DateField(help_text="the day open recommendations were judged overdue")
    threshold = models.PositiveSmallIntegerField(help_text="counts up to this were suppressed")
    parameters = models.JSONField(
        default=dict, help_text="everything needed to make the briefing again, with the practice content versions"
    )
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    content_sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_index=True)

    objects = access.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            in_codes("briefing", "kind", KINDS),
            in_codes("briefing", "format", FORMATS),
            models.CheckConstraint(
                condition=Q(kind="partnership", partnership__isnull=False)
                | (~Q(kind="partnership") & Q(partnership__isnull=True)),
                name="briefing_partnership_only_for_partnership_kind",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="briefing_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


class PracticeContent(models.Model):
    """What a briefing says to practitioners about one theme or characteristic."""

    kind = code_field(CONTENT_KINDS, max_length=20)
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="what reviews tend to find, in a sentence or two")
    practice_points = models.JSONField(default=list)
    reflective_questions = models.JSONField(default=list)
    resources = models.JSONField(default=list, help_text='[{"title", "publisher", "url"}]')
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            in_codes("practice_content", "kind", CONTENT_KINDS),
            models.CheckConstraint(
                condition=Q(kind="theme", code__in=codes.THEME_CODES)
                | Q(kind="characteristic", code__in=CHARACTERISTIC_CODES),
                name="practice_content_code_matches_kind",
            ),
            models.UniqueConstraint(fields=["kind", "code"], name="practice_content_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def snapshot(self) -> dict:
        return {
            "title": self.title,
            "summary": self.summary,
            "practice_points": list(self.practice_points),
            "reflective_questions": list(self.reflective_questions),
            "resources": [dict(r) for r in self.resources],
        }


class PracticeContentVersion(models.Model):
    """One version of an entry, as it was saved: append-only."""

    content = models.ForeignKey(PracticeContent, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["content", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["content", "version"], name="practice_content_version_unique"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("practice content versions are append-only")
        super().save(*args, **kwargs)
