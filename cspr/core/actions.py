"""Actions on people: the only writers of accounts' security state, each audited."""

from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt

from cspr.core import audit, auth, lockouts
from cspr.core.models import User
from cspr.domain.refusal import Refused, required


@audit.action
def user_reset_mfa(*, actor, username: str, reason: str, request=None) -> int:
    """Remove a person's authenticator app and recovery codes (a lost or replaced phone).

    They must set MFA up again at their next sign-in (cspr/core/middleware.py
    enforces it). Returns how many authenticators were removed.
    """
    reason = required(
        reason, field="reason", message="say why MFA is being reset (e.g. the ticket number of the identity check)"
    )
    person = User.objects.get(username=username, is_system=False)
    removed, _ = Authenticator.objects.filter(user=person).delete()
    audit.record(
        actor=actor,
        action="user.reset_mfa",
        object_type="user",
        object_id=person.username,
        changed_fields={"authenticators_removed": removed},
        reason=reason,
        request=request,
    )
    return removed


@audit.action
def lockout_lift(*, actor, attempt_id: int, request=None) -> AccessAttempt:
    """Let a username sign in again from the address it was locked out at, before the lockout ends."""
    attempt = lockouts.in_force().select_for_update().filter(pk=attempt_id).first()
    if attempt is None:
        raise Refused("lockout", "this lockout has already ended or been lifted")
    AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address).delete()
    if request is not None:  # allauth's own count of failures for the same pair (cspr/core/auth.py)
        auth.lift_sign_in_limit(request, attempt.username, attempt.ip_address)
    audit.record(
        actor=actor,
        action=lockouts.LOCKOUT_LIFTED,
        object_type="user",
        object_id=(attempt.username or "")[:60],
        changed_fields={"ip_address": attempt.ip_address, "failures": attempt.failures_since_start},
        request=request,
    )
    return attempt
