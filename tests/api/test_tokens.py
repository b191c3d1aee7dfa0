"""Tokens: issued by administrators (page and CLI), stored as a hash, expiring, revocable, scoped."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cspr.api import actions
from cspr.api.models import ApiToken
from cspr.core.models import AuditEvent, Organisation
from cspr.domain.refusal import Refused
from tests.api.conftest import Api, problem

pytestmark = pytest.mark.django_db


def _cli(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api-token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_cli_prints_a_token_once_and_keeps_only_its_hash(people, cases):
    text, note = _cli("create", "--organisation", "birmingham", "--role", "partnership_manager", "--name", "bir-cms")
    token = ApiToken.objects.get(name="bir-cms")
    assert text.startswith("cspr_") and text not in str(ApiToken.objects.values().get(name="bir-cms"))
    assert token.token_hash == actions.token_hash(text) and "not shown again" in note
    assert token.user.username == "api:bir-cms" and token.user.organisation.partnership_id == "birmingham"
    assert Api(text, token).get("/api/v1/notifications/A-1").status_code == 200


def test_the_cli_revokes_a_token_and_it_stops_at_once(people, cases):
    text, _ = _cli("create", "--organisation", "birmingham", "--role", "partnership_manager", "--name", "old")
    api = Api(text, ApiToken.objects.get(name="old"))
    assert api.get("/api/v1/notifications/A-1").status_code == 200
    assert _cli("revoke", "old")[0] == "revoked old"
    body = problem(api.get("/api/v1/notifications/A-1"))
    assert body["status"] == 401 and "revoked" in body["detail"]
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id="old").exists()


def test_the_cli_says_what_is_wrong_with_a_token_request(people):
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        _cli("create", "--organisation", "nowhere", "--role", "analyst", "--name", "x")
    with pytest.raises(CommandError, match="cannot be given to a token"):
        _cli("create", "--organisation", "birmingham", "--role", "administrator", "--name", "x")
    with pytest.raises(CommandError, match="has no Analyst"):
        _cli("create", "--organisation", "birmingham", "--role", "analyst", "--name", "x")


def test_an_expired_token_is_refused_with_the_date(people, cases, token_for):
    api = token_for("alice")
    ApiToken.objects.filter(pk=api.token.pk).update(
        created_at=timezone.now() - timedelta(days=2), expires_at=timezone.now() - timedelta(minutes=1)
    )
    body = problem(api.get("/api/v1/notifications/A-1"))
    assert body["status"] == 401 and "expired on" in body["detail"]


def test_an_unknown_or_missing_token_is_refused(cases, client):
    assert problem(client.get("/api/v1/notifications"))["status"] == 401
    response = client.get("/api/v1/notifications", HTTP_AUTHORIZATION="Bearer cspr_made_up")
    assert problem(response)["status"] == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_a_read_token_may_not_write(cases, token_for):
    body = problem(token_for("alice", scopes="read").put("/api/v1/notifications/B-1/~/rapid-review", {"version": 1}))
    assert body["status"] == 403 and "may only read" in body["detail"]


def test_signing_in_to_the_pages_never_opens_the_api(cases, people, client):
    client.force_login(people["sam"])
    assert problem(client.get("/api/v1/notifications/A-1"))["status"] == 401


def test_a_token_never_opens_the_pages(cases, token_for):
    api = token_for("sam")
    response = api.client.get("/notifications/A-1/", HTTP_AUTHORIZATION=f"Bearer {api.text}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_service_account_cannot_sign_in(token_for):
    api = token_for("alice")
    assert not api.token.user.has_usable_password()


def test_a_name_is_never_reused(people, token_for):
    token_for("alice", name="once")
    with pytest.raises(Refused, match="already exists"):
        actions.api_token_create(
            actor=people["adam"], name="once", organisation=people["alice"].organisation, role="partnership_manager"
        )


def test_last_used_is_recorded(cases, token_for):
    api = token_for("alice")
    assert api.token.last_used_at is None
    api.get("/api/v1/token")
    assert ApiToken.objects.get(pk=api.token.pk).last_used_at is not None


def test_an_administrator_issues_and_revokes_tokens_on_the_page(people, client):
    client.force_login(people["adam"])
    page = client.get("/administration/api-tokens/")
    assert page.status_code == 200
    organisation = Organisation.objects.get(name="Department for Education analysts")
    response = client.post(
        "/administration/api-tokens/",
        {"name": "dfe-stats", "organisation": organisation.pk, "role": "analyst", "scopes": "read", "days": "90"},
    )
    token = ApiToken.objects.get(name="dfe-stats")
    shown = response.content.decode()
    assert "cspr_" in shown and token.prefix in shown
    client.post("/administration/api-tokens/dfe-stats/revoke/", {"reason": "test"})
    assert ApiToken.objects.get(name="dfe-stats").revoked_at is not None


@pytest.mark.parametrize("persona", ["sam", "alice", "ann"])
def test_only_administrators_manage_tokens(people, client, persona):
    client.force_login(people[persona])
    assert client.get("/administration/api-tokens/").status_code == 403


def test_a_new_register_issues_tokens_before_anyone_is_added(reference_data):
    """A new register has its partnerships (from the migrations) but no organisations until `cspr people
    add` makes them: a token for a partnership's code, or for the Panel, makes its organisation too."""
    Organisation.objects.all().delete()
    _cli("create", "--organisation", "birmingham", "--role", "partnership_manager", "--name", "bir")
    _cli("create", "--organisation", "panel", "--role", "panel_secretariat", "--name", "panel")
    made = {t.name: t.user.organisation for t in ApiToken.objects.select_related("user__organisation")}
    assert (made["bir"].kind, made["bir"].partnership_id) == ("partnership", "birmingham")
    assert made["panel"].kind == "panel"
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        _cli("create", "--organisation", "nowhere", "--role", "partnership_manager", "--name", "x")
