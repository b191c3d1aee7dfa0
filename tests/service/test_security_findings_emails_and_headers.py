"""Security review findings: password-reset emails and the Permissions-Policy header.

Sign-up is closed, so a reset asked for an address nobody has must send nothing:
allauth's default mails that address an invitation to sign up, which let anyone
make the service mail any address. Emails name the service, never the host asked for.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from cspr.govuk.jinja2 import SERVICE_NAME
from tests.service.personas import make_user


@pytest.fixture(autouse=True)
def fresh_cache():
    # allauth rate-limits password resets in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def service_address(settings):
    # Reset emails link to the service's public address; without it (outside demo) none is sent.
    settings.CSPR_SITE_URL = "https://cspr.example.org"


def ask_for_a_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_a_reset_for_an_unknown_address_sends_no_email(client, db):
    response = ask_for_a_reset(client, "someone.else@example.org")
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_reset_for_a_known_address_is_mailed_under_the_services_name(client, db):
    user = make_user("alice", "partnership_manager", None)
    user.email = "alice@example.org"
    user.save(update_fields=["email"])
    # Confirmed and primary, as `cspr people` records it: a reset goes to no other address.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ask_for_a_reset(client, "alice@example.org")
    [email] = mail.outbox
    assert email.to == ["alice@example.org"]
    assert email.subject.startswith(f"[{SERVICE_NAME}] ")
    assert "testserver" not in email.subject


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz", "/no-such-page/"])
def test_every_response_turns_off_browser_features_the_service_never_uses(client, db, path):
    policy = client.get(path).headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
