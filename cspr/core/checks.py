"""System checks that `cspr check --deploy` runs before a release (docs/operations.md)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from cspr.core import checkpoints


@register(Tags.security, deploy=True)
def audit_key_is_set(app_configs, **kwargs) -> list[Warning]:
    """Without the audit key no checkpoint is made, so a missing tail or an emptied audit table cannot show.

    A warning, not an error: the service runs without it, and `cspr backup` still backs up (with no
    checkpoint), as docs/operations.md describes; but `cspr audit checkpoint` and its timer refuse.
    """
    if settings.DEMO_MODE:
        return []
    try:
        checkpoints.audit_key()
    except checkpoints.CheckpointError as error:
        return [
            Warning(
                f"audit checkpoints cannot be made: {error}",
                hint="make a key with python3 -c 'import secrets; print(secrets.token_urlsafe(50))' and keep it off "
                'the database host (docs/operations.md, "Audit checkpoints")',
                id="core.W001",
            )
        ]
    return []
