"""The only writers of API tokens: create and revoke, each audited.

`api_token_create` returns the token's text once; only its hash is kept, so a
lost token is revoked and replaced, never recovered.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from cspr.api.models import ApiToken, Scopes
from cspr.core import audit, people
from cspr.core.access import PANEL_ROLES, PARTNERSHIP_ROLES, Role
from cspr.core.models import Organisation, OrganisationKind, Partnership, User
from cspr.domain.refusal import Refused

PREFIX = "cspr_"
MAX_DAYS = 397  # about 13 months: a token is renewed at least once a year
# Roles a token may take. An administrator's work is done in the pages; a reviewer's
# cases are assigned to a named person, never to a machine.
TOKEN_ROLES = {
    Role.PANEL_SECRETARIAT: {OrganisationKind.PANEL},
    Role.PANEL_MEMBER: {OrganisationKind.PANEL},
    Role.PARTNERSHIP_MANAGER: {OrganisationKind.PARTNERSHIP, OrganisationKind.PARTNER_AGENCY},
    Role.PARTNER_AGENCY_USER: {OrganisationKind.PARTNERSHIP, OrganisationKind.PARTNER_AGENCY},
    Role.ANALYST: {OrganisationKind.ANALYSTS},
}
assert PANEL_ROLES | PARTNERSHIP_ROLES | {Role.ANALYST} == set(TOKEN_ROLES)


def token_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# The organisations `find_organisation` makes when first named, as `cspr people add` makes them for the
# first person in them: a new register has none until then (its partnerships come with the migrations).
_SHARED_BY_KIND = {OrganisationKind.PANEL: Role.PANEL_SECRETARIAT, OrganisationKind.ANALYSTS: Role.ANALYST}


def find_organisation(code: str) -> Organisation:
    """An organisation by its name, its partnership's code (the partnership's own organisation),
    or its kind when only one organisation has it (`panel`, `analysts`); a partnership's own, the
    Panel's and the analysts' are made if nobody has been added to them yet."""
    code = code.strip()
    found = Organisation.objects.filter(name=code).first()
    if found is None:
        found = Organisation.objects.filter(kind=OrganisationKind.PARTNERSHIP, partnership_id=code).first()
    if found is None and code in OrganisationKind.values:
        of_kind = list(Organisation.objects.filter(kind=code)[:2])
        found = of_kind[0] if len(of_kind) == 1 else None
        if not of_kind and code in _SHARED_BY_KIND:
            found = people.organisation_for(_SHARED_BY_KIND[code], partnership=None, organisation=None)
    if found is None and Partnership.objects.filter(code=code).exists():
        found = people.organisation_for(Role.PARTNERSHIP_MANAGER, partnership=code, organisation=None)
    if found is None:
        raise Refused(
            "organisation",
            f"no organisation '{code}': give its name, its partnership's code (e.g. birmingham) or panel or analysts",
        )
    return found


@dataclass
class IssuedToken:
    token: ApiToken
    text: str  # shown once


@audit.action
def api_token_create(
    *,
    actor,
    name: str,
    organisation: Organisation,
    role: str,
    scopes: str = Scopes.READ,
    purpose: str = "",
    days: int = 365,
    request=None,
) -> IssuedToken:
    """Issue a token acting for `organisation` in `role`; its text is returned once, and only its hash kept."""
    name = name.strip()
    if not name or not all(c.isalnum() or c in "-_" for c in name) or len(name) > 60:
        raise Refused("name", "a token's name is 1 to 60 letters, digits, - or _ (e.g. birmingham-liquidlogic)")
    if ApiToken.objects.filter(name=name).exists() or User.objects.filter(username=f"api:{name}").exists():
        raise Refused("name", f"a token named {name} already exists (names are never reused)")
    if role not in TOKEN_ROLES:
        allowed = ", ".join(str(r) for r in TOKEN_ROLES)
        raise Refused("role", f"'{role}' cannot be given to a token: use one of {allowed}")
    if organisation.kind not in TOKEN_ROLES[role]:
        raise Refused("role", f"{organisation} ({organisation.get_kind_display()}) has no {Role(role).label} role")
    if scopes not in Scopes.values:
        raise Refused("scopes", f"'{scopes}' is not one of: read, read write")
    if not 1 <= days <= MAX_DAYS:
        raise Refused("days", f"a token lasts from 1 to {MAX_DAYS} days, not {days}")
    now = timezone.now()
    account = User(
        username=f"api:{name}",
        first_name=f"API token {name}",
        role=role,
        organisation=organisation,
        # Active, so the access module answers for it; with no usable password, so it
        # can never sign in to the pages (ADR 0016).
        is_active=True,
        is_system=True,
    )
    account.set_unusable_password()
    account.save()
    text = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        purpose=purpose.strip(),
        user=account,
        token_hash=token_hash(text),
        prefix=text[:12],
        scopes=scopes,
        expires_at=now + timedelta(days=days),
        created_at=now,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        object_type="api_token",
        object_id=name,
        changed_fields={"organisation": organisation.name, "role": role, "scopes": scopes, "days": days},
        reason=purpose.strip(),
        request=request,
    )
    return IssuedToken(token, text)


@audit.action
def api_token_revoke(*, actor, name: str, reason: str = "", request=None) -> ApiToken:
    """Stop a token at once; its service account is made inactive, so it also reaches no records."""
    token = ApiToken.objects.select_for_update().filter(name=name).first()
    if token is None:
        raise Refused("name", f"no token named {name}")
    if token.revoked_at is not None:
        raise Refused("name", f"token {name} was already revoked on {token.revoked_at:%Y-%m-%d %H:%M}")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    User.objects.filter(pk=token.user_id).update(is_active=False)
    audit.record(
        actor=actor, action="api_token.revoke", object_type="api_token", object_id=name, reason=reason, request=request
    )
    return token
