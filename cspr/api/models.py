"""API tokens and the idempotency keys of writes made with them (docs/api.md, ADR 0016).

A token acts as its own service account: a `User` with the token's organisation and
role, so the access module (`visible_to`, the `rules` permissions) answers for a
machine exactly as it does for a person, and every audit event names the token.
The token itself is stored only as its SHA-256 hash.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Scopes(models.TextChoices):
    READ = "read", "Read"
    READ_WRITE = "read write", "Read and write"


class ApiToken(models.Model):
    """One machine's key to the API, for one organisation and purpose."""

    name = models.SlugField(max_length=60, unique=True, help_text="names the token in the audit trail")
    purpose = models.CharField(max_length=200, blank=True)
    # The service account the token acts as (`api:<name>`): never signs in to the pages.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token")
    # SHA-256 of the whole token: a token has 256 random bits, so a slow hash adds nothing.
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16, help_text="the token's first characters, to recognise it")
    scopes = models.CharField(max_length=20, choices=Scopes.choices)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(scopes__in=Scopes.values), name="api_token_scopes_code"),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_later"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def allows(self, scope: str) -> bool:
        return scope in self.scope_list


class IdempotentRequest(models.Model):
    """A write made with an `Idempotency-Key`: a retry is answered again (common._replay), never written twice."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="requests")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body")
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    # The case the write recorded or changed, found again by its id on a retry: its reference can be
    # corrected in between (cases/actions/amend.py), and a retry answered 404 would be sent again as a
    # new record. Null for an answer about no case, and for keys stored before this column. A plain
    # id, not a relation: the row is read only by the token that wrote it (by token and key), and the
    # case is found again through that token's scope (common._replay), never through this row; a case
    # deleted by retention is then simply not found.
    notification_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_once_per_token")]
