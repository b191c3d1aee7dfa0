"""People for service tests: one per role, in two partnerships, each with MFA set up.

alice (partnership A) should have no access to bob's (partnership B) cases, and
charlie-style outsiders (analyst, administrator) no child-level pages at all.
"""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cspr.core.models import Organisation, Partnership, User

PARTNERSHIP_A = "birmingham"
PARTNERSHIP_B = "city-and-hackney"


def _org(name: str, kind: str, partnership: str | None = None) -> Organisation:
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "partnership_id": partnership})
    return org


def make_user(username: str, role: str, organisation: Organisation | None, *, mfa: bool = True) -> User:
    user = User.objects.create_user(
        username=username,
        password="correct horse battery staple",
        role=role,
        organisation=organisation,
        first_name=username.capitalize(),
    )
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def personas() -> dict[str, User]:
    assert Partnership.objects.filter(code__in=[PARTNERSHIP_A, PARTNERSHIP_B]).count() == 2
    panel = _org("Child Safeguarding Practice Review Panel", "panel")
    a = _org("Birmingham Safeguarding Children Partnership", "partnership", PARTNERSHIP_A)
    a_police = _org("West Midlands Police", "partner_agency", PARTNERSHIP_A)
    b = _org("City and Hackney Safeguarding Children Partnership", "partnership", PARTNERSHIP_B)
    reviewers = _org("Independent reviewers", "reviewers")
    analysts = _org("Department for Education analysts", "analysts")
    return {
        "sam": make_user("sam", "panel_secretariat", panel),
        "pat": make_user("pat", "panel_member", panel),
        "alice": make_user("alice", "partnership_manager", a),
        "agnes": make_user("agnes", "partner_agency_user", a_police),
        "bob": make_user("bob", "partnership_manager", b),
        "rita": make_user("rita", "reviewer", reviewers),
        "ron": make_user("ron", "reviewer", reviewers),
        "ann": make_user("ann", "analyst", analysts),
        "adam": make_user("adam", "administrator", None),
    }
