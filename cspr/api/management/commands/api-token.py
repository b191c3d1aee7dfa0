"""`cspr api-token`: issue and revoke the API's tokens.

    cspr api-token create --organisation birmingham --role partnership_manager --name bir-case-system \\
        --scopes "read write" --days 365 --purpose "Liquidlogic at Birmingham"
    cspr api-token revoke bir-case-system --reason "system retired"
    cspr api-token list

`create` prints the token once: only its hash is kept.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.api import actions
from cspr.api.models import ApiToken, Scopes
from cspr.core.actors import system_actor
from cspr.domain.refusal import Refused


class Command(BaseCommand):
    help = "Issue (create), revoke or list the API's tokens."
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="issue a token; prints it once")
        create.add_argument("--organisation", required=True, help="name, partnership code, or panel/analysts")
        create.add_argument("--role", required=True, help=", ".join(str(r) for r in actions.TOKEN_ROLES))
        create.add_argument("--name", required=True, help="names the token in the audit trail")
        create.add_argument("--scopes", default=Scopes.READ, choices=Scopes.values)
        create.add_argument("--days", type=int, default=365, help=f"until it expires (1 to {actions.MAX_DAYS})")
        create.add_argument("--purpose", default="")
        revoke = sub.add_parser("revoke", help="stop a token at once")
        revoke.add_argument("name")
        revoke.add_argument("--reason", default="")
        sub.add_parser("list", help="every token, its role and state")

    def handle(self, *args, verb, **options):
        actor = system_actor("cspr api-token")
        try:
            if verb == "create":
                organisation = actions.find_organisation(options["organisation"])
                issued = actions.api_token_create(
                    actor=actor,
                    name=options["name"],
                    organisation=organisation,
                    role=options["role"],
                    scopes=options["scopes"],
                    purpose=options["purpose"],
                    days=options["days"],
                )
                token = issued.token
                self.stderr.write(
                    f"issued {token.name} for {organisation} as {token.user.role} ({token.scopes}), "
                    f"expires {token.expires_at:%Y-%m-%d}; copy it now, it is not shown again:"
                )
                self.stdout.write(issued.text)
            elif verb == "revoke":
                actions.api_token_revoke(actor=actor, name=options["name"], reason=options["reason"])
                self.stdout.write(f"revoked {options['name']}")
            else:
                now = timezone.now()
                for t in ApiToken.objects.select_related("user__organisation"):
                    state = "revoked" if t.revoked_at else "expired" if t.expires_at <= now else "active"
                    used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never used"
                    self.stdout.write(
                        f"{t.name}\t{t.user.organisation}\t{t.user.role}\t{t.scopes}\t{state}\t"
                        f"expires {t.expires_at:%Y-%m-%d}\t{used}"
                    )
        except Refused as refusal:
            raise CommandError(f"{refusal.field}: {refusal.message}" if refusal.field else refusal.message) from None
