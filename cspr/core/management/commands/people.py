import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from cspr.core import people
from cspr.core.access import Role
from cspr.core.actors import system_actor
from cspr.core.models import User
from cspr.domain.refusal import Refused


class Command(BaseCommand):
    help = (
        "People's accounts: add a person with a role and organisation, change their role, organisation or "
        "email, end or restore their access, list them (each change audited)."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        roles = ", ".join(Role.values)
        add = sub.add_parser("add", help="add a named person")
        add.add_argument("username")
        add.add_argument("--email", required=True, help="where their password reset is sent")
        add.add_argument("--role", required=True, help=roles)
        add.add_argument("--partnership", help="the partnership's code, for partnership managers and agency staff")
        add.add_argument("--organisation", help="the partner agency, for agency staff (e.g. 'West Midlands Police')")
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument(
            "--set-password",
            action="store_true",
            help="type a password now (asked twice; read from standard input when it is not a terminal); "
            "without it they set one with 'Forgotten your password?'",
        )
        change = sub.add_parser("change", help="change a person's role, organisation or email, or their access")
        change.add_argument("username")
        change.add_argument("--reason", required=True, help="why, e.g. the request or ticket it answers")
        change.add_argument("--role", help=roles)
        change.add_argument("--partnership")
        change.add_argument("--organisation")
        change.add_argument("--email")
        access = change.add_mutually_exclusive_group()
        access.add_argument("--deactivate", action="store_true", help="end their access (the account and audit stay)")
        access.add_argument("--reactivate", action="store_true", help="restore their access")
        listing = sub.add_parser("list", help="everyone who can sign in, or could")
        listing.add_argument("--role", help=roles)
        listing.add_argument("--partnership")

    def handle(self, *args, subcommand, **options):
        actor = system_actor(f"cspr people {subcommand}")
        try:
            if subcommand == "add":
                self.add(actor, **options)
            elif subcommand == "change":
                self.change(actor, **options)
            else:
                self.list(**options)
        except Refused as refusal:
            raise CommandError(str(refusal)) from None

    def add(
        self, actor, *, username, email, role, partnership, organisation, first_name, last_name, set_password, **options
    ):
        password = self.ask_password() if set_password else None
        person = people.person_add(
            actor=actor,
            username=username,
            email=email,
            role=role,
            partnership=partnership,
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            password=password,
        )
        self.stdout.write(f"added {person.username}: {self.described(person)}")
        if password is None:
            self.stdout.write(
                f"They set a password with 'Forgotten your password?' on the sign-in page (sent to {person.email}), "
                "then set up their authenticator app when they first sign in."
            )
        else:
            self.stdout.write(
                "They sign in with the password you set, and set up their authenticator app the first time they do."
            )

    def change(
        self, actor, *, username, reason, role, partnership, organisation, email, deactivate, reactivate, **options
    ):
        person = people.person_change(
            actor=actor,
            username=username,
            reason=reason,
            role=role,
            partnership=partnership,
            organisation=organisation,
            email=email,
            active=False if deactivate else True if reactivate else None,
        )
        self.stdout.write(f"changed {person.username}: {self.described(person)}")

    def list(self, *, role, partnership, **options):
        found = User.objects.filter(is_system=False).select_related("organisation").order_by("username")
        if role:
            found = found.filter(role=role)
        if partnership:
            found = found.filter(organisation__partnership_id=partnership)
        rows = [("username", "name", "role", "organisation", "access")] + [
            (
                p.username,
                p.get_full_name(),
                p.role or "(none)",
                p.organisation.name if p.organisation_id else "",
                "active" if p.is_active else "ended",
            )
            for p in found
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())

    @staticmethod
    def described(person) -> str:
        role = Role(person.role).label if person.role else "no role"
        where = f", {person.organisation.name}" if person.organisation_id else ""
        return f"{role}{where}, {person.email}" + ("" if person.is_active else " (access ended)")

    @staticmethod
    def ask_password() -> str:
        if not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ: nothing was changed")
        return first
