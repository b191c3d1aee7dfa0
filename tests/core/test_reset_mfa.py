"""`cspr reset-mfa`: a person who lost their phone sets MFA up again; the reset is audited."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from cspr.core.models import AuditEvent
from tests.service.personas import make_user

pytestmark = pytest.mark.django_db


def test_a_reset_removes_the_authenticator_and_forces_set_up_again(client):
    pat = make_user("pat", "panel_member", None)
    assert Authenticator.objects.filter(user=pat).exists()
    out = io.StringIO()
    call_command("reset-mfa", "pat", "--reason", "Identity checked by phone, ticket 4711", stdout=out)
    assert "removed 1 authenticator(s) for pat" in out.getvalue()
    assert not Authenticator.objects.filter(user=pat).exists()
    event = AuditEvent.objects.get(action="user.reset_mfa")
    assert event.object_id == "pat" and "4711" in event.reason
    client.force_login(pat)
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")


def test_a_reset_needs_a_reason_and_a_real_person(db):
    make_user("pat", "panel_member", None)
    with pytest.raises(CommandError, match="say why"):
        call_command("reset-mfa", "pat", "--reason", " ", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no person with username 'nobody'"):
        call_command("reset-mfa", "nobody", "--reason", "ticket 1", stdout=io.StringIO())
    assert not AuditEvent.objects.filter(action="user.reset_mfa").exists()
