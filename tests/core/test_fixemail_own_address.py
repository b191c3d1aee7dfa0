"""People do not manage their own email addresses; a password reset goes only to the confirmed one.

A security review found that a signed-in person (one without an authenticator app yet, whom
the MFA middleware lets through to /accounts/) could add any address on allauth's email page,
with no password asked and no audit event, and a password reset then went to that unconfirmed
address: anyone at an unattended browser could take the account over. An address is part of who
someone is, set by administrators (`cspr people`, audited) as verified and primary, so:

- allauth's email pages are not served (nor its confirmation links), and nothing links to them;
- a reset is sent only to a person's confirmed primary address, and the page says the same
  for any address, so it tells nobody whose address it is (ADR 0010, amendment 2026-12-08).
"""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse

from cspr.core import people
from cspr.core.models import User

pytestmark = pytest.mark.django_db

OWN = "ada@example.org"
ATTACKER = "attacker@evil.example"
NEW_PASSWORD = "a long new passphrase 4 ada"


@pytest.fixture(autouse=True)
def service_address(settings):
    # Reset emails link to the service's public address; without it (outside demo) none is sent.
    settings.CSPR_SITE_URL = "https://cspr.example.org"


@pytest.fixture
def ada(actor) -> User:
    """A person as an administrator adds one: no password yet, no authenticator app yet."""
    return people.person_add(actor=actor, username="ada", email=OWN, role="analyst")


def signed_in(client, person):
    client.force_login(person)
    return client


def ask_for_a_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


# --- The email pages ------------------------------------------------------------------------------


def test_the_email_page_is_not_served_to_a_signed_in_person(client, ada):
    client = signed_in(client, ada)
    assert client.get("/accounts/email/").status_code == 404
    for action in ("action_add", "action_primary", "action_send", "action_remove"):
        response = client.post("/accounts/email/", {"email": ATTACKER, action: ""})
        assert response.status_code == 404, action
    assert list(EmailAddress.objects.filter(user=ada).values_list("email", "verified", "primary")) == [
        (OWN, True, True)
    ]
    assert mail.outbox == []


def test_a_confirmation_link_for_an_address_added_before_cannot_confirm_it(client, ada):
    # An address someone added while the page was served, with its confirmation email in hand.
    stray = EmailAddress.objects.create(user=ada, email=ATTACKER, verified=False, primary=False)
    key = EmailConfirmationHMAC(stray).key
    assert client.get(f"/accounts/confirm-email/{key}/").status_code == 404
    assert client.post(f"/accounts/confirm-email/{key}/").status_code == 404
    stray.refresh_from_db()
    assert not stray.verified and not stray.primary
    ada.refresh_from_db()
    assert ada.email == OWN


def test_no_account_page_links_to_the_email_pages(client, ada):
    client = signed_in(client, ada)
    for page in ("account_change_password", "mfa_index"):
        response = client.get(reverse(page), follow=True)
        assert response.status_code == 200
        assert "/accounts/email/" not in response.content.decode()


# --- Password resets ------------------------------------------------------------------------------


@pytest.mark.parametrize("verified", [False, True], ids=["unconfirmed", "confirmed-not-primary"])
def test_a_reset_for_an_address_someone_added_sends_nothing_and_says_what_it_says_for_any(client, ada, verified):
    EmailAddress.objects.create(user=ada, email=ATTACKER, verified=verified, primary=False)
    added = ask_for_a_reset(client, ATTACKER)
    unknown = ask_for_a_reset(client, "nobody@example.org")
    assert mail.outbox == []
    confirmed = ask_for_a_reset(client, OWN)
    assert [message.to for message in mail.outbox] == [[OWN]]
    # The same answer for each: no way to tell which address is whose.
    assert added.status_code == unknown.status_code == confirmed.status_code == 302
    assert added.url == unknown.url == confirmed.url == reverse("account_reset_password_done")
    done = client.get(added.url)
    assert done.status_code == 200 and ATTACKER not in done.content.decode()


def test_a_reset_for_a_confirmed_address_works_end_to_end(client, ada):
    EmailAddress.objects.create(user=ada, email=ATTACKER, verified=False, primary=False)
    ask_for_a_reset(client, "Ada@Example.org")  # in any casing
    [message] = mail.outbox
    assert message.to == [OWN]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("account_reset_password_from_key_done")
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    # Then they sign in and set up their app (the address someone added does not stop them).
    signed = client.post(reverse("account_login"), {"login": "ada", "password": NEW_PASSWORD})
    assert signed.status_code == 302 and signed.url != reverse("account_login")
    client.post(reverse("account_reauthenticate"), {"password": NEW_PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 and "Set up your authenticator app" in setup.content.decode()


def test_a_reset_for_a_person_whose_access_ended_sends_nothing(client, ada, actor):
    people.person_change(actor=actor, username="ada", reason="Left (ticket 1)", active=False)
    assert ask_for_a_reset(client, OWN).url == reverse("account_reset_password_done")
    assert mail.outbox == []


def test_allauths_limit_on_resets_still_applies(client, ada):
    answers = [ask_for_a_reset(client, OWN).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 5


# --- Who sets the address ------------------------------------------------------------------------


def test_an_administrator_changing_the_address_leaves_only_it_confirmed(ada, actor):
    EmailAddress.objects.create(user=ada, email=ATTACKER, verified=True, primary=False)
    people.person_change(actor=actor, username="ada", reason="New address (ticket 2)", email="ada@example.gov.uk")
    assert list(EmailAddress.objects.filter(user=ada).values_list("email", "verified", "primary")) == [
        ("ada@example.gov.uk", True, True)
    ]


# --- The password again before sensitive changes ----------------------------------------------------


def test_changing_the_password_or_the_authenticator_asks_for_the_password(client, actor):
    person = people.person_add(
        actor=actor, username="bea", email="bea@example.org", role="analyst", password="an old passphrase 4 bea"
    )
    client = signed_in(client, person)
    refused = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not the password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert refused.status_code == 200
    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD)
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 302 and setup.url.startswith(reverse("account_reauthenticate"))
