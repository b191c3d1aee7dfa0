"""`cspr people`: administrators add named people with a role and its organisation, change them, end access; audited."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from cspr.cases import scope
from cspr.core import people
from cspr.core.access import Role
from cspr.core.models import AuditEvent, OrganisationKind, User
from cspr.domain.refusal import Refused
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("people", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_partnership_manager_is_added_to_their_partnership_and_sees_its_cases(actor):
    made = factories.notifications(valid_row(notification_ref="A-1"), valid_row(notification_ref="B-1", la_code="E09000001"))
    out = run("add", "pm", "--email", "pm@example.org", "--role", "partnership_manager", "--partnership", "birmingham")
    person = User.objects.get(username="pm")
    assert "added pm: Safeguarding partnership business manager" in out and "Forgotten your password?" in out
    assert (person.role, person.partnership_id, person.organisation.kind) == (
        Role.PARTNERSHIP_MANAGER,
        "birmingham",
        OrganisationKind.PARTNERSHIP,
    )
    assert not person.has_usable_password()
    assert EmailAddress.objects.get(user=person).email == "pm@example.org"
    assert list(scope.notifications_for(person).values_list("ref", flat=True)) == ["A-1"]
    assert made  # B-1, in the City of London, is not theirs
    event = AuditEvent.objects.get(action="person.add")
    assert (event.object_type, event.object_id) == ("user", "pm")
    assert event.changed_fields == {
        "role": "partnership_manager",
        "organisation": person.organisation.name,
        "email": "pm@example.org",
        "active": True,
    }


def test_each_role_gets_its_organisation(actor):
    for username, role, extra in (
        ("sec", "panel_secretariat", {}),
        ("member", "panel_member", {}),
        ("rev", "reviewer", {}),
        ("stats", "analyst", {}),
        ("admin", "administrator", {}),
        ("cop", "partner_agency_user", {"partnership": "birmingham", "organisation": "West Midlands Police"}),
    ):
        people.person_add(actor=actor, username=username, email=f"{username}@example.org", role=role, **extra)
    organisation = {p.username: (p.organisation.name if p.organisation_id else None) for p in User.objects.all()}
    assert organisation["sec"] == organisation["member"] == "Child Safeguarding Practice Review Panel"
    assert (organisation["rev"], organisation["stats"], organisation["admin"]) == ("Independent reviewers", "Analysts", None)
    cop = User.objects.get(username="cop")
    assert (organisation["cop"], cop.partnership_id) == ("West Midlands Police", "birmingham")


@pytest.mark.parametrize(
    "arguments, field, words",
    [
        ({"role": "chief"}, "role", "is not a role"),
        ({"email": "not an address"}, "email", "is not an email address"),
        ({"role": "partnership_manager"}, "partnership", "give its code"),
        ({"role": "partnership_manager", "partnership": "atlantis"}, "partnership", "no partnership with code 'atlantis'"),
        ({"role": "partner_agency_user", "partnership": "birmingham"}, "organisation", "name the partner agency"),
        ({"role": "reviewer", "partnership": "birmingham"}, "partnership", "leave it out"),
        ({"username": "two words"}, "username", "letters, digits"),
        ({"password": "short"}, "password", "too short"),
    ],
)
def test_a_person_who_cannot_be_added_is_refused_by_field_and_nothing_is_written(actor, arguments, field, words):
    given = {"username": "new", "email": "new@example.org", "role": "analyst", **arguments}
    with pytest.raises(Refused) as refused:
        people.person_add(actor=actor, **given)
    assert refused.value.field == field and words in refused.value.message
    assert not User.objects.filter(is_system=False).exists()
    assert not AuditEvent.objects.filter(action="person.add").exists()


def test_a_username_is_taken_whatever_its_case(actor):
    people.person_add(actor=actor, username="Ada", email="ada@example.org", role="analyst")
    with pytest.raises(Refused, match="'ada' is already taken"):
        people.person_add(actor=actor, username="ada", email="ada2@example.org", role="analyst")


def test_a_password_typed_at_the_command_is_set(actor, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery staple\n"))
    run("add", "sam", "--email", "sam@example.org", "--role", "panel_secretariat", "--set-password")
    assert User.objects.get(username="sam").check_password("correct horse battery staple")


def test_a_change_of_role_moves_the_person_and_says_why(actor):
    people.person_add(actor=actor, username="pm", email="pm@example.org", role="partnership_manager", partnership="birmingham")
    out = run("change", "pm", "--role", "analyst", "--reason", "Moved to the Panel's analysts (ticket 42)")
    person = User.objects.get(username="pm")
    assert "changed pm: Analyst or statistician, Analysts" in out
    assert (person.role, person.partnership_id) == (Role.ANALYST, None)
    event = AuditEvent.objects.get(action="person.change")
    assert event.reason == "Moved to the Panel's analysts (ticket 42)"
    assert event.changed_fields["role"] == ["partnership_manager", "analyst"]


def test_ending_access_keeps_the_account_and_signs_nobody_in(actor, rf):
    people.person_add(
        actor=actor, username="cop", email="cop@example.org", role="partner_agency_user",
        partnership="birmingham", organisation="West Midlands Police", password="correct horse battery staple",
    )
    run("change", "cop", "--deactivate", "--reason", "Left the force")
    assert not User.objects.get(username="cop").is_active
    assert authenticate(rf.post("/accounts/login/"), username="cop", password="correct horse battery staple") is None
    with pytest.raises(CommandError, match="nothing to change"):
        run("change", "cop", "--deactivate", "--reason", "Again")
    run("change", "cop", "--reactivate", "--reason", "Came back")
    back = authenticate(rf.post("/accounts/login/"), username="cop", password="correct horse battery staple")
    assert back is not None and back.username == "cop"


def test_the_last_administrator_cannot_be_removed(actor):
    people.person_add(actor=actor, username="ada", email="ada@example.org", role="administrator")
    with pytest.raises(CommandError, match="only active administrator"):
        run("change", "ada", "--deactivate", "--reason", "Leaving")
    with pytest.raises(CommandError, match="only active administrator"):
        run("change", "ada", "--role", "analyst", "--reason", "New job")
    people.person_add(actor=actor, username="grace", email="grace@example.org", role="administrator")
    run("change", "ada", "--deactivate", "--reason", "Leaving")


def test_an_account_made_by_createsuperuser_gets_its_role(actor):
    """Django's own command makes an account with no role: `people change` gives it one."""
    User.objects.create_superuser(username="root", email="root@example.org", password="correct horse battery staple")
    with pytest.raises(CommandError, match="has no role yet"):
        run("change", "root", "--email", "root@example.net", "--reason", "Address")
    run("change", "root", "--role", "administrator", "--reason", "The first administrator")
    assert User.objects.get(username="root").role == Role.ADMINISTRATOR


def test_the_list_shows_everyone_but_system_actors(actor):
    people.person_add(actor=actor, username="pm", email="pm@example.org", role="partnership_manager", partnership="birmingham")
    people.person_add(actor=actor, username="stats", email="s@example.org", role="analyst")
    listed = run("list").splitlines()
    assert listed[0].split() == ["username", "name", "role", "organisation", "access"]
    assert [line.split()[0] for line in listed[1:]] == ["pm", "stats"]
    assert [line.split()[0] for line in run("list", "--partnership", "birmingham").splitlines()[1:]] == ["pm"]
