"""Actions on people: the only writers of accounts' security state, each audited."""

from allauth.mfa.models import Authenticator

from cspr.core import audit
from cspr.core.models import User
from cspr.domain.refusal import Refused


@audit.action
def user_reset_mfa(*, actor, username: str, reason: str, request=None) -> int:
    """Remove a person's authenticator app and recovery codes (a lost or replaced phone).

    They must set MFA up again at their next sign-in (cspr/core/middleware.py
    enforces it). Returns how many authenticators were removed.
    """
    if not reason.strip():
        raise Refused("reason", "say why MFA is being reset (e.g. the ticket number of the identity check)")
    person = User.objects.get(username=username, is_system=False)
    removed, _ = Authenticator.objects.filter(user=person).delete()
    audit.record(
        actor=actor,
        action="user.reset_mfa",
        object_type="user",
        object_id=person.username,
        changed_fields={"authenticators_removed": removed},
        reason=reason.strip(),
        request=request,
    )
    return removed
