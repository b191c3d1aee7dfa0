"""Sign-in throttling by username and address together; lockouts audited, shown to administrators, lifted by them."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cspr.core.models import AuditEvent
from tests.service.personas import PASSWORD

LOGIN = "/accounts/login/"
OFFICE, ELSEWHERE, PROXY = "203.0.113.7", "198.51.100.20", "10.0.0.2"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # allauth's own rate limits live in the cache
    yield
    cache.clear()


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": username, "password": password}, **extra)


def refused(response) -> bool:
    """Refused without checking the password: axes' lockout page, or allauth's own limit on the form."""
    return response.status_code == 429 or "Too many failed login attempts" in response.content.decode()


def lock_out(client, username, **extra):
    for _ in range(5):
        response = sign_in(client, username, "wrong password", **extra)
    assert response.status_code == 429


def test_a_lockout_at_one_address_does_not_block_the_same_person_from_another(people):
    lock_out(Client(REMOTE_ADDR=OFFICE), "alice")
    assert refused(sign_in(Client(REMOTE_ADDR=OFFICE), "alice"))
    assert sign_in(Client(REMOTE_ADDR=ELSEWHERE), "alice").url == reverse("mfa_authenticate")


def test_behind_the_proxy_the_address_is_the_client_s_not_the_proxy_s(people, settings):
    settings.CSPR_TRUSTED_PROXIES = 1
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ELSEWHERE}")
    lock_out(attacker, "alice")  # a forged first entry is not believed: the proxy saw ELSEWHERE
    assert sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE), "alice").url == reverse("mfa_authenticate")
    assert refused(sign_in(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE), "alice"))


def test_each_refused_sign_in_is_audited(people):
    lock_out(Client(REMOTE_ADDR=OFFICE), "alice")
    event = AuditEvent.objects.get(action="user.locked_out")
    assert (event.object_id, event.ip_address, event.actor.username) == ("alice", OFFICE, "system:sign-in")
    assert event.changed_fields == {"ip_address": OFFICE}


def test_administrators_see_lockouts_in_force_and_lift_them(people, client):
    lock_out(Client(REMOTE_ADDR=OFFICE), "alice")
    client.force_login(people["adam"])
    page = client.get(reverse("lockout_list")).content.decode()
    assert "alice" in page and OFFICE in page and "Lift<span" in page

    attempt = AccessAttempt.objects.get(username="alice")
    response = client.post(reverse("lockout_lift", args=[attempt.pk]), follow=True)
    assert f"alice can sign in again from {OFFICE}" in response.content.decode()
    assert "No one is locked out." in response.content.decode()
    lifted = AuditEvent.objects.get(action="user.lockout_lifted")
    assert (lifted.actor, lifted.object_id, lifted.changed_fields["ip_address"]) == (people["adam"], "alice", OFFICE)
    assert sign_in(Client(REMOTE_ADDR=OFFICE), "alice").url == reverse("mfa_authenticate")

    again = client.post(reverse("lockout_lift", args=[attempt.pk]), follow=True)
    assert "This lockout has already ended or been lifted" in again.content.decode()
    assert AuditEvent.objects.filter(action="user.lockout_lifted").count() == 1


@pytest.mark.parametrize("persona", ["sam", "alice", "bob", "rita", "ann"])
def test_only_administrators_may_lift_a_lockout(people, client, persona):
    lock_out(Client(REMOTE_ADDR=OFFICE), "bob" if persona != "bob" else "alice")
    attempt = AccessAttempt.objects.get()
    client.force_login(people[persona])
    assert client.post(reverse("lockout_lift", args=[attempt.pk])).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
