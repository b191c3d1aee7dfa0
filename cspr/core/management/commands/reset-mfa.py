from django.core.management.base import BaseCommand, CommandError

from cspr.core.actions import user_reset_mfa
from cspr.core.actors import system_actor
from cspr.core.models import User
from cspr.domain.refusal import Refused


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes so they set MFA up again (audited)."
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why, e.g. the ticket of the identity check")

    def handle(self, *args, username, reason, **options):
        try:
            removed = user_reset_mfa(actor=system_actor("cspr reset-mfa"), username=username, reason=reason)
        except User.DoesNotExist:
            raise CommandError(f"no person with username '{username}'") from None
        except Refused as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(f"removed {removed} authenticator(s) for {username}; they set up MFA at next sign-in")
