"""People for service tests: one per role, in two partnerships, each with MFA set up.

alice (partnership A) should have no access to bob's (partnership B) cases, and
charlie-style outsiders (analyst, administrator) no child-level pages at all.

Many tests make them, so `personas()` writes them in four queries (organisations,
people, authenticators) with a password hash made once per process and hasher.
"""

from functools import lru_cache

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.contrib.auth.hashers import make_password

from cspr.core.models import Organisation, Partnership, User

PARTNERSHIP_A = "birmingham"
PARTNERSHIP_B = "city-and-hackney"
PASSWORD = "correct horse battery staple"

PANEL = "Child Safeguarding Practice Review Panel"
ORGANISATIONS = {
    # name: (kind, partnership)
    PANEL: ("panel", None),
    "Birmingham Safeguarding Children Partnership": ("partnership", PARTNERSHIP_A),
    "West Midlands Police": ("partner_agency", PARTNERSHIP_A),
    "City and Hackney Safeguarding Children Partnership": ("partnership", PARTNERSHIP_B),
    "Independent reviewers": ("reviewers", None),
    "Department for Education analysts": ("analysts", None),
}
PEOPLE = {
    # username: (role, organisation name)
    "sam": ("panel_secretariat", PANEL),
    "pat": ("panel_member", PANEL),
    "alice": ("partnership_manager", "Birmingham Safeguarding Children Partnership"),
    "agnes": ("partner_agency_user", "West Midlands Police"),
    "bob": ("partnership_manager", "City and Hackney Safeguarding Children Partnership"),
    "rita": ("reviewer", "Independent reviewers"),
    "ron": ("reviewer", "Independent reviewers"),
    "ann": ("analyst", "Department for Education analysts"),
    "adam": ("administrator", None),
}


@lru_cache(maxsize=4)
def _password_hash(hashers: tuple[str, ...]) -> str:
    """The password hashed by the first hasher in use (tests use MD5: tests/conftest.py)."""
    return make_password(PASSWORD)


def password_hash() -> str:
    return _password_hash(tuple(settings.PASSWORD_HASHERS))


def _person(username: str, role: str, organisation: Organisation | None) -> User:
    return User(
        username=username,
        password=password_hash(),
        role=role,
        organisation=organisation,
        first_name=username.capitalize(),
    )


def make_user(username: str, role: str, organisation: Organisation | None, *, mfa: bool = True) -> User:
    user = _person(username, role, organisation)
    user.save()
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def personas() -> dict[str, User]:
    assert Partnership.objects.filter(code__in=[PARTNERSHIP_A, PARTNERSHIP_B]).count() == 2
    organisations = Organisation.objects.in_bulk(list(ORGANISATIONS), field_name="name")
    organisations |= {
        o.name: o
        for o in Organisation.objects.bulk_create(
            Organisation(name=name, kind=kind, partnership_id=partnership)
            for name, (kind, partnership) in ORGANISATIONS.items()
            if name not in organisations
        )
    }
    people = User.objects.bulk_create(
        _person(username, role, organisations.get(organisation)) for username, (role, organisation) in PEOPLE.items()
    )
    Authenticator.objects.bulk_create(
        Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(generate_totp_secret())})
        for user in people
    )
    return {user.username: user for user in people}
