"""Every URL x every role x own/other organisation: allowed, 404 or 403 exactly as designed."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EVERYONE = ("sam", "pat", "alice", "agnes", "bob", "rita", "ron", "ann", "adam")

# url name, args (by case key), expected status per persona.
MATRIX = [
    ("dashboard", (), {"adam": 302, **{p: 200 for p in EVERYONE if p != "adam"}}),
    (
        "notification_list",
        (),
        {
            "sam": 200,
            "pat": 200,
            "alice": 200,
            "agnes": 200,
            "bob": 200,
            "rita": 200,
            "ron": 200,
            "ann": 403,
            "adam": 403,
        },
    ),
    (
        "notification_list_csv",
        (),
        {
            "sam": 200,
            "pat": 403,
            "alice": 200,
            "agnes": 403,
            "bob": 200,
            "rita": 403,
            "ron": 403,
            "ann": 403,
            "adam": 403,
        },
    ),
    (
        "notification_detail",
        ("A",),
        {
            "sam": 200,
            "pat": 200,
            "alice": 200,
            "agnes": 200,
            "bob": 404,
            "rita": 200,
            "ron": 404,
            "ann": 404,
            "adam": 404,
        },
    ),
    (
        "notification_detail",
        ("B",),
        {
            "sam": 200,
            "pat": 200,
            "alice": 404,
            "agnes": 404,
            "bob": 200,
            "rita": 404,
            "ron": 404,
            "ann": 404,
            "adam": 404,
        },
    ),
    ("audit_list", (), {**{p: 403 for p in EVERYONE}, "adam": 200}),
    ("access_report", ("A",), {**{p: 403 for p in EVERYONE}, "adam": 200}),
]


def matrix_cases():
    for name, args, expected in MATRIX:
        assert set(expected) == set(EVERYONE), f"{name}: every persona needs an expectation"
        for persona, status in expected.items():
            yield pytest.param(name, args, persona, status, id=f"{name}{list(args)}-{persona}")


@pytest.mark.parametrize(("name", "args", "persona", "status"), list(matrix_cases()))
def test_access(cases, people, client_for, name, args, persona, status):
    url = reverse(name, args=[cases[a].ref for a in args])
    response = client_for(people[persona]).get(url)
    assert response.status_code == status


@pytest.mark.parametrize("name", ["dashboard", "notification_list", "audit_list"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name, cases):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_person_without_mfa_is_sent_to_set_it_up(cases, client):
    from tests.service.personas import make_user

    newcomer = make_user("nina", "panel_member", None, mfa=False)
    client.force_login(newcomer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_partnership_lists_hold_only_their_own_cases(cases, people, client_for):
    page = client_for(people["alice"]).get(reverse("notification_list")).content.decode()
    assert "A-1" in page and "B-1" not in page
    exported = client_for(people["bob"]).get(reverse("notification_list_csv")).content.decode()
    assert "B-1" in exported and "A-1" not in exported


def test_a_shared_case_becomes_visible_to_the_other_partnership(cases, people, client_for):
    from cspr.cases import actions

    actions.case_share(
        actor=people["alice"],
        notification_id=cases["A"].pk,
        partnership_id="city-and-hackney",
        reason="The child's home authority",
    )
    assert client_for(people["bob"]).get(reverse("notification_detail", args=["A-1"])).status_code == 200
