"""A password reset email names the service and links to its public address, not the host asked.

A privacy review found the reset email greeted people "from 127.0.0.1:8743", linked to
http://127.0.0.1:8743/accounts/password/reset/key/... and thanked them "for using" it: allauth
names, and links to, whatever host the request came in on, so any name in CSPR_ALLOWED_HOSTS (an
internal one) became the address people were told to sign in at. Links start with
CSPR_SITE_URL, as reminders' do; only demo mode, without it, uses the address asked for.
"""

import html
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from cspr.core import people
from cspr.core.models import User
from cspr.govuk.jinja2 import SERVICE_NAME

pytestmark = pytest.mark.django_db

SITE = "https://cspr.example.org"
INTERNAL = "cspr-web-1.internal"
ADDRESS = "resetme@example.org"
NEW_PASSWORD = "a long new passphrase 4 resetme"


@pytest.fixture(autouse=True)
def fresh_cache():
    # allauth rate-limits password resets in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resetme(actor) -> User:
    """A person as `cspr people add resetme --email resetme@example.org` makes them: no password yet."""
    return people.person_add(actor=actor, username="resetme", email=ADDRESS, role="analyst")


@pytest.fixture
def internal_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, INTERNAL]


def ask_for_a_reset(client, email=ADDRESS, **extra):
    return client.post(reverse("account_reset_password"), {"email": email}, **extra)


def reset_link(body: str) -> str:
    return re.search(r"\S+/accounts/password/reset/key/\S+/", body).group(0)


def test_the_email_links_to_the_service_address_whichever_host_was_asked(client, settings, internal_host, resetme):
    settings.CSPR_SITE_URL = SITE
    ask_for_a_reset(client, HTTP_HOST=INTERNAL)
    [email] = mail.outbox
    assert email.to == [ADDRESS]
    assert reset_link(email.body).startswith(f"{SITE}/accounts/password/reset/key/")
    whole = f"{email.subject}\n{email.body}"
    for host in (INTERNAL, "example.com", "testserver", "127.0.0.1"):
        assert host not in whole
    assert SERVICE_NAME in email.body and "resetme" in email.body
    assert not email.alternatives  # plain text only


def test_the_link_sets_a_new_password(client, settings, internal_host, resetme):
    settings.CSPR_SITE_URL = SITE
    ask_for_a_reset(client, HTTP_HOST=INTERNAL)
    [email] = mail.outbox
    link = reset_link(email.body)
    assert link.startswith(f"{SITE}/")
    path = link.removeprefix(SITE)
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("account_reset_password_from_key_done")
    resetme.refresh_from_db()
    assert resetme.check_password(NEW_PASSWORD)


def test_a_service_under_a_path_is_linked_at_that_path_once(client, settings, resetme):
    # CSPR_SITE_URL ends with the path the service is mounted under; the request's own prefix
    # (the same path) is not added to it a second time.
    settings.CSPR_SITE_URL = "https://www.example.org/cspr/"
    ask_for_a_reset(client, SCRIPT_NAME="/cspr")
    [email] = mail.outbox
    assert reset_link(email.body).startswith("https://www.example.org/cspr/accounts/password/reset/key/")


def test_without_the_service_address_no_reset_is_sent_and_every_address_is_told_the_same(
    client, settings, internal_host, resetme, caplog
):
    settings.CSPR_SITE_URL = ""
    known = ask_for_a_reset(client, HTTP_HOST=INTERNAL)
    unknown = ask_for_a_reset(client, "nobody@example.org", HTTP_HOST=INTERNAL)
    assert mail.outbox == []
    assert known.status_code == unknown.status_code == 200
    for page in (known, unknown):
        assert "cannot be sent until the service's web address is set up" in html.unescape(page.content.decode())
    assert "set CSPR_SITE_URL" in caplog.text


def test_in_demo_mode_without_the_address_the_link_is_the_address_asked(client, settings, resetme):
    settings.CSPR_SITE_URL = ""
    settings.DEMO_MODE = True
    ask_for_a_reset(client, HTTP_HOST="127.0.0.1:8743")
    [email] = mail.outbox
    assert reset_link(email.body).startswith("http://127.0.0.1:8743/accounts/password/reset/key/")
    assert SERVICE_NAME in email.body
