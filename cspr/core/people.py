"""Actions on people's accounts: adding a person, changing their role or organisation, ending access.

Accounts are made by administrators for named people, never by sign-up
(`cspr.core.auth.AccountAdapter`); these actions, run by `cspr people`, are the only
writers of who someone is and what their role lets them see, each with one audit event.
A person is added with no usable password unless one is given: they set it with the
sign-in page's "Forgotten your password?" (an email to the address given here), then
set up their authenticator app at first sign-in (cspr/core/middleware.py).

A role's organisation says for whom the person works (`User.partnership_id`):
a partnership's manager belongs to the partnership itself, a partner agency's staff to
their agency within a partnership, the Panel's people, reviewers and analysts to one
organisation each, and administrators to none.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from cspr.core import audit
from cspr.core.access import PANEL_ROLES, PARTNERSHIP_ROLES, Role
from cspr.core.models import Organisation, OrganisationKind, Partnership, User
from cspr.domain.refusal import Refused, required

# The organisation everyone in one of these roles belongs to, made on first use.
SHARED_ORGANISATIONS = {
    **dict.fromkeys(PANEL_ROLES, ("Child Safeguarding Practice Review Panel", OrganisationKind.PANEL)),
    Role.REVIEWER: ("Independent reviewers", OrganisationKind.REVIEWERS),
    Role.ANALYST: ("Analysts", OrganisationKind.ANALYSTS),
}


def _role(value: str) -> Role:
    if value not in Role.values:
        raise Refused("role", f"'{value}' is not a role: use one of {', '.join(Role.values)}")
    return Role(value)


def organisation_for(role: Role, *, partnership: str | None, organisation: str | None) -> Organisation | None:
    """The organisation a person in `role` belongs to, made if it is new (refused where the role has none)."""
    if role in PARTNERSHIP_ROLES:
        if not partnership:
            raise Refused("partnership", f"a {role.label.lower()} works for a partnership: give its code")
        found = Partnership.objects.filter(code=partnership).first()
        if found is None:
            known = "see cspr/reference/partnerships.csv"
            raise Refused("partnership", f"no partnership with code '{partnership}' ({known})")
        if role == Role.PARTNERSHIP_MANAGER:
            if organisation:
                raise Refused("organisation", "a partnership's manager belongs to the partnership itself: leave it out")
            name, kind = found.name, OrganisationKind.PARTNERSHIP
        else:
            if not organisation:
                raise Refused("organisation", "name the partner agency (for example 'West Midlands Police')")
            name, kind = organisation.strip(), OrganisationKind.PARTNER_AGENCY
        made, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "partnership": found})
        if (made.kind, made.partnership_id) != (kind, found.code):
            raise Refused("organisation", f"'{name}' is already an organisation of another kind or partnership")
        return made
    if partnership or organisation:
        field = "partnership" if partnership else "organisation"
        whose = "to no organisation" if role == Role.ADMINISTRATOR else f"to '{SHARED_ORGANISATIONS[role][0]}'"
        raise Refused(field, f"a person in the role {role.label.lower()} belongs {whose}: leave it out")
    if role == Role.ADMINISTRATOR:
        return None
    name, kind = SHARED_ORGANISATIONS[role]
    return Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def _email(value: str) -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        raise Refused("email", f"'{value}' is not an email address") from None
    return value


def _the_person(username: str) -> User:
    person = User.objects.filter(username__iexact=username, is_system=False).first()
    if person is None:
        raise Refused("username", f"no person with username '{username}'")
    return person


def _keeps_an_administrator(person: User, *, role: Role, active: bool) -> None:
    """Refuse to leave the service with no active administrator: nobody could then add or lift anything."""
    if person.role != Role.ADMINISTRATOR or not person.is_active or (role == Role.ADMINISTRATOR and active):
        return
    others = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True, is_system=False).exclude(pk=person.pk)
    if not others.exists():
        raise Refused("role", f"{person.username} is the only active administrator: add another first")


def _described(person: User) -> dict:
    return {
        "role": person.role,
        "organisation": person.organisation.name if person.organisation_id else "",
        "email": person.email,
        "active": person.is_active,
    }


@audit.action
def person_add(
    *,
    actor,
    username: str,
    email: str,
    role: str,
    partnership: str | None = None,
    organisation: str | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    request=None,
) -> User:
    """Add a named person with a role, for the organisation the role needs."""
    username = (username or "").strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise Refused("username", "use letters, digits and @ . + - _ only") from None
    if User.objects.filter(username__iexact=username).exists():
        raise Refused("username", f"'{username}' is already taken")
    role = _role(role)
    person = User(
        username=username,
        email=_email(email),
        role=role,
        organisation=organisation_for(role, partnership=partnership, organisation=organisation),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    if password is None:
        person.set_unusable_password()
    else:
        try:
            validate_password(password, person)
        except ValidationError as refusal:
            raise Refused("password", " ".join(refusal.messages)) from None
        person.set_password(password)
    person.save()
    # The address the password reset goes to; the administrator vouches for it.
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    audit.record(
        actor=actor,
        action="person.add",
        object_type="user",
        object_id=person.username,
        changed_fields=_described(person),
        request=request,
    )
    return person


@audit.action
def person_change(
    *,
    actor,
    username: str,
    reason: str,
    role: str | None = None,
    partnership: str | None = None,
    organisation: str | None = None,
    email: str | None = None,
    active: bool | None = None,
    request=None,
) -> User:
    """Change a person's role, organisation or email, or end or restore their access; says why."""
    reason = required(reason, field="reason", message="say why (for example the request or ticket it answers)")
    person = _the_person(username)
    before = _described(person)
    new_role = _role(role) if role is not None else Role(person.role) if person.role else None
    if new_role is None:
        raise Refused("role", f"{person.username} has no role yet: give one")
    if role is not None or partnership is not None or organisation is not None:
        if partnership is None and new_role in PARTNERSHIP_ROLES and person.organisation_id:
            partnership = person.organisation.partnership_id  # within the partnership they work for now
        person.organisation = organisation_for(new_role, partnership=partnership, organisation=organisation)
    _keeps_an_administrator(person, role=new_role, active=person.is_active if active is None else active)
    person.role = new_role
    if email is not None:
        person.email = _email(email)
        EmailAddress.objects.filter(user=person).delete()
        EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    if active is not None:
        person.is_active = active
    after = _described(person)
    changed = {field: [before[field], after[field]] for field in after if before[field] != after[field]}
    if not changed:
        raise Refused(None, f"nothing to change: {person.username} is already so")
    person.save(update_fields=["role", "organisation", "email", "is_active"])
    audit.record(
        actor=actor,
        action="person.change",
        object_type="user",
        object_id=person.username,
        changed_fields=changed,
        reason=reason,
        request=request,
    )
    return person
