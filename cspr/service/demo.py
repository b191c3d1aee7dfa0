"""Demo organisations and people, one per role, for `cspr demo` only."""

from django.db.models import Count, Q

from cspr.core.access import Role
from cspr.core.models import Organisation, OrganisationKind, Partnership, User
from cspr.core.people import SHARED_ORGANISATIONS
from cspr.domain.workflow import RAPID_REVIEW_EDITABLE, Workflow, open_states

DEMO_PASSWORD = "cspr-demo-only"

# The Panel, reviewers and analysts are the organisations `cspr people add` puts those roles in.
PANEL, _ = SHARED_ORGANISATIONS[Role.PANEL_SECRETARIAT]
REVIEWERS, _ = SHARED_ORGANISATIONS[Role.REVIEWER]
ANALYSTS, _ = SHARED_ORGANISATIONS[Role.ANALYST]
PEOPLE = [
    # username, role, organisation name
    ("panel.secretariat", Role.PANEL_SECRETARIAT, PANEL),
    ("panel.member", Role.PANEL_MEMBER, PANEL),
    ("partnership.manager", Role.PARTNERSHIP_MANAGER, "Demo safeguarding partnership"),
    ("police.officer", Role.PARTNER_AGENCY_USER, "Demo partnership: police"),
    ("reviewer", Role.REVIEWER, REVIEWERS),
    ("analyst", Role.ANALYST, ANALYSTS),
    ("administrator", Role.ADMINISTRATOR, None),
]
ORGANISATIONS = {
    **{name: kind for name, kind in SHARED_ORGANISATIONS.values()},
    "Demo safeguarding partnership": OrganisationKind.PARTNERSHIP,
    "Demo partnership: police": OrganisationKind.PARTNER_AGENCY,
}


def busiest_partnership() -> str:
    """The partnership with the most open rapid reviews and local reviews, so the demo has work to show."""
    best = (
        Partnership.objects.annotate(
            open=Count("notifications", filter=Q(notifications__rapid_review__status__in=RAPID_REVIEW_EDITABLE))
            + Count(
                "notifications",
                filter=Q(notifications__practice_review__status__in=open_states(Workflow.PRACTICE_REVIEW)),
            )
        )
        .order_by("-open", "code")
        .first()
    )
    return best.code


def ensure_demo_people(partnership_code: str) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo organisations and people; return (username, password, role) rows."""
    partnership = Partnership.objects.get(code=partnership_code)
    orgs = {}
    for name, kind in ORGANISATIONS.items():
        linked = partnership if kind in (OrganisationKind.PARTNERSHIP, OrganisationKind.PARTNER_AGENCY) else None
        orgs[name] = Organisation.objects.update_or_create(name=name, defaults={"kind": kind, "partnership": linked})[0]
    rows = []
    for username, role, org in PEOPLE:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "organisation": orgs.get(org),
                "is_demo": True,
                "is_active": True,
                "first_name": username.replace(".", " ").title(),
                "email": f"{username}@demo.invalid",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        rows.append((username, DEMO_PASSWORD, role.label))
    return rows
