"""Sign-in lockouts (django-axes): which are in force, and the audit event of each refused attempt.

django-axes counts failed sign-ins per username *and* address (ADR 0010) and refuses
the pair after `AXES_FAILURE_LIMIT` failures, until `AXES_COOLOFF_TIME` after the last.
Administrators see the lockouts in force on /audit/sign-in-lockouts/ and may lift one
(`cspr.core.actions.lockout_lift`).
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from cspr.core import audit
from cspr.core.actors import system_actor

LOCKED_OUT = "user.locked_out"
LOCKOUT_LIFTED = "user.lockout_lifted"


def in_force():
    """The username and address pairs locked out now, newest attempt first."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - get_cool_off(),
    ).order_by("-attempt_time")


def ends_at(attempt: AccessAttempt):
    return attempt.attempt_time + get_cool_off()


def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """django-axes' `user_locked_out` signal: each refused sign-in is an audit event.

    The signal is axes' only report of a lockout, so it is the one place to record it.
    The event names the username tried (it may not be anyone's) and the address.
    """
    audit.record(
        actor=system_actor("sign-in"),
        action=LOCKED_OUT,
        object_type="user",
        object_id=(username or "")[:60],
        changed_fields={"ip_address": ip_address},
        request=request,
    )
