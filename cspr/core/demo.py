"""Demo organisations and people, one per role, for `cspr demo` only."""

from cspr.core.models import Organisation, OrganisationKind, Partnership, Role, User

DEMO_PASSWORD = "cspr-demo-only"
DEMO_PARTNERSHIP = "birmingham"

PEOPLE = [
    # username, role, organisation name
    ("panel.secretariat", Role.PANEL_SECRETARIAT, "Child Safeguarding Practice Review Panel"),
    ("panel.member", Role.PANEL_MEMBER, "Child Safeguarding Practice Review Panel"),
    ("partnership.manager", Role.PARTNERSHIP_MANAGER, "Birmingham Safeguarding Children Partnership"),
    ("police.officer", Role.PARTNER_AGENCY_USER, "West Midlands Police (Birmingham partner)"),
    ("reviewer", Role.REVIEWER, "Independent reviewers"),
    ("analyst", Role.ANALYST, "Analysts"),
    ("administrator", Role.ADMINISTRATOR, None),
]
ORGANISATIONS = {
    "Child Safeguarding Practice Review Panel": (OrganisationKind.PANEL, None),
    "Birmingham Safeguarding Children Partnership": (OrganisationKind.PARTNERSHIP, DEMO_PARTNERSHIP),
    "West Midlands Police (Birmingham partner)": (OrganisationKind.PARTNER_AGENCY, DEMO_PARTNERSHIP),
    "Independent reviewers": (OrganisationKind.REVIEWERS, None),
    "Analysts": (OrganisationKind.ANALYSTS, None),
}


def ensure_demo_people() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo organisations and people; return (username, password, role) rows."""
    Partnership.objects.get(code=DEMO_PARTNERSHIP)
    orgs = {
        name: Organisation.objects.update_or_create(name=name, defaults={"kind": kind, "partnership_id": p})[0]
        for name, (kind, p) in ORGANISATIONS.items()
    }
    rows = []
    for username, role, org in PEOPLE:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"role": role, "organisation": orgs.get(org), "is_demo": True, "is_active": True,
                      "first_name": username.replace(".", " ").title(), "email": f"{username}@demo.invalid"},
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        rows.append((username, DEMO_PASSWORD, role.label))
    return rows
