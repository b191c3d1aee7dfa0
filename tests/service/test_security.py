"""Signing in and staying safe: headers, cookies, session expiry, lockout, MFA for every staff role.

Every sign-in here goes through allauth's real pages: the username and password
form, then the authenticator code (made with allauth's own TOTP helpers), as a
person does it. docs/adr/0010-authentication-and-sessions.md explains the choices.
"""

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from cspr.govuk.jinja2 import SERVICE_NAME
from tests.govuk.conftest import Scripts, nonce_in_header
from tests.service.personas import make_user
from tests.totp import code_now, secret_of

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_cache():
    # allauth keeps rate limits and used TOTP codes in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def totp_code(user) -> str:
    """The code the person's authenticator app shows now, good for long enough to be posted."""
    return code_now(secret_of(user), time_left=3)


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": username, "password": password}, **extra)


def sign_in_with_mfa(client, user):
    response = sign_in(client, user.username)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": totp_code(user)})


def confirm_password(client, password=PASSWORD):
    """allauth asks for the password again before MFA settings change, even just after signing in."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def signed_in_user(client):
    from django.contrib.auth import get_user

    return get_user(client)


def title(response) -> str:
    # As the browser shows it: whitespace collapsed.
    return " ".join(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).split())


# --- Headers -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [LOGIN, "/cookies"])
def test_a_page_sends_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'nonce-" in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", [LOGIN, "/cookies"])
def test_every_inline_script_carries_the_nonce_in_the_header(client, path):
    response = client.get(path)
    scripts = Scripts(response.content.decode()).scripts
    assert len(scripts) == 2  # the js-enabled class, then GOV.UK Frontend's initAll module
    assert all(script.get("nonce") == nonce_in_header(response) for script in scripts)
    assert scripts[1]["type"] == "module"


def test_the_qr_code_is_a_data_uri_the_csp_allows(client, db):
    user = make_user("nadia", "partnership_manager", None, mfa=False)
    sign_in(client, user.username)
    confirm_password(client)
    response = client.get(reverse("mfa_activate_totp"))
    assert re.search(
        r'<img class="cspr-qr-code" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', response.content.decode()
    )
    img_src = re.search(r"img-src ([^;]*)", response.headers["Content-Security-Policy"]).group(1).split()
    assert "data:" in img_src


# --- The sign-in pages are GOV.UK pages ---------------------------------------------------


def test_the_sign_in_page_is_a_govuk_page_like_the_services_own(client):
    login, cookies = client.get(LOGIN), client.get("/cookies")
    html = login.content.decode()
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert 'href="/static/govuk/cspr.css"' in html
    assert f'<a href="/" class="govuk-generic-header__homepage-link">{SERVICE_NAME}</a>' in html
    assert "govuk-phase-banner" in html and 'href="#main-content" class="govuk-skip-link"' in html
    for link in ('href="/accessibility"', 'href="/cookies"', 'href="/privacy"'):
        assert link in html
    assert title(login) == f"Sign in – {SERVICE_NAME}"
    assert title(cookies) == f"Cookies – {SERVICE_NAME}"
    # The same service name and footer as the Jinja2 layout.
    assert SERVICE_NAME in html
    footer = re.compile(r'<ul class="govuk-footer__inline-list">(.*?)</ul>', re.S)
    squash = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    assert squash(footer.search(html).group(1)) == squash(footer.search(cookies.content.decode()).group(1))
    # GOV.UK form markup: visible labels, no placeholders, a GOV.UK button.
    assert '<label class="govuk-label" for="id_login">Username</label>' in html
    assert 'class="govuk-input" id="id_password" name="password" type="password"' in html
    assert "placeholder" not in html
    assert '<button type="submit" class="govuk-button"' in html


def test_the_sign_in_page_has_the_same_demo_banner_as_the_services_own(client, settings):
    settings.DEMO_MODE = True
    banner = re.compile(r'<div class="govuk-notification-banner cspr-demo-banner".*?</div>\s*</div>', re.S)
    between_tags = lambda s: re.sub(r"\s*([<>])\s*", r"\1", s)  # noqa: E731
    login, cookies = (banner.search(client.get(path).content.decode()) for path in (LOGIN, "/cookies"))
    assert between_tags(login.group(0)) == between_tags(cookies.group(0))


def test_a_wrong_password_shows_the_govuk_error_summary(client, people):
    response = sign_in(client, "alice", "wrong password")
    html = response.content.decode()
    assert response.status_code == 200
    assert title(response).startswith("Error: Sign in")
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in html
    assert re.search(
        r'<li><a href="#id_login">The username and/or password you specified are not correct.</a></li>', html
    )
    assert not signed_in_user(client).is_authenticated


def test_signup_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode() and "govuk-template" in response.content.decode()
    client.post(reverse("account_signup"), {"username": "eve", "password1": "x" * 20, "password2": "x" * 20})
    assert not _user_exists("eve")
    assert "sign up" not in client.get(LOGIN).content.decode().lower()


def _user_exists(username):
    from cspr.core.models import User

    return User.objects.filter(username=username).exists()


@pytest.mark.parametrize(
    "name",
    [
        "account_logout",
        "account_change_password",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
    ],
)
def test_the_account_pages_are_govuk_pages(client, people, name):
    user = people["alice"]
    RecoveryCodes.activate(user)
    sign_in_with_mfa(client, user)
    confirm_password(client)
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200, response
    assert '<html lang="en-GB" class="govuk-template">' in html and "govuk-footer" in html
    assert title(response).endswith(f" – {SERVICE_NAME}")
    assert re.search(r'<h1 class="govuk-heading-l">', html)
    assert all(script.get("nonce") == nonce_in_header(response) for script in Scripts(html).scripts)
    assert re.search(r'href="/accounts/logout/"[^>]*>Sign out</a>', html)


def test_signing_out_says_so_and_no_stale_signed_in_message_waits(client, people):
    sign_in_with_mfa(client, people["alice"])
    client.get("/")
    page = client.get(reverse("account_logout")).content.decode()
    assert "govuk-notification-banner" not in page  # not "Successfully signed in", a page later
    response = client.post(reverse("account_logout"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=/"
    assert 'govuk-notification-banner govuk-notification-banner--success" role="alert"' in html
    assert "You have signed out." in html


def test_the_recovery_codes_can_be_downloaded(client, people):
    user = people["alice"]
    codes = RecoveryCodes.activate(user).get_unused_codes()
    sign_in_with_mfa(client, user)
    confirm_password(client)
    response = client.get(reverse("mfa_download_recovery_codes"))
    assert response.status_code == 200
    assert all(code in response.content.decode() for code in codes)


# --- Cookies and sessions --------------------------------------------------------------------


def test_the_session_cookie_is_httponly_lax_and_secure(client, people):
    assert django_settings.SESSION_COOKIE_SECURE and django_settings.CSRF_COOKIE_SECURE
    response = sign_in_with_mfa(client, people["alice"])
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True
    assert not cookie["max-age"]  # the session also ends with the browser


def _settings_in(env: dict) -> dict:
    """The cookie settings cspr's settings module computes under these environment variables."""
    code = "import cspr.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DJANGO_SETTINGS_MODULE"}
    needed = {"CSPR_SECRET_KEY": "test-" + "k" * 50, "CSPR_EMAIL_HOST": "localhost"}  # the refusals of unsafe settings
    out = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **needed, **env}, capture_output=True, text=True, check=True
    )
    return dict(zip(["session", "csrf"], (v == "True" for v in out.stdout.split()), strict=True))


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ({}, True),
        ({"CSPR_DEMO": "1"}, False),
        ({"CSPR_DEMO": "1", "CSPR_DEBUG": "1"}, False),  # debug outside demo mode refuses to start
        ({"CSPR_DEMO": "1", "CSPR_SECURE_COOKIES": "1"}, True),
    ],
)
def test_cookies_are_secure_unless_in_demo_or_debug(env, secure):
    assert _settings_in(env) == {"session": secure, "csrf": secure}


def test_a_session_ends_after_30_minutes_without_a_request(client, people):
    # The expiry rolls on without a write per request (cspr/core/sessions.py; test_session_writes.py).
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60 and not django_settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel(START, tick=False) as traveller:
        sign_in_with_mfa(client, people["alice"])
        assert client.get("/").status_code == 200
        # Each request restarts the 30 minutes: an hour of steady work is fine.
        for _ in range(3):
            traveller.shift(dt.timedelta(minutes=29))
            assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/"


# --- Throttling: django-axes -------------------------------------------------------------------


def test_five_wrong_passwords_lock_that_username_out_from_that_address(client, people):
    assert django_settings.AXES_FAILURE_LIMIT == 5
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(4):
            assert sign_in(client, "alice", "wrong password").status_code == 200
        response = sign_in(client, "alice", "wrong password")
        assert response.status_code == 429
        html = response.content.decode()
        assert title(response) == f"You cannot sign in at the moment – {SERVICE_NAME}"
        assert "There have been 5 attempts to sign in as alice" in html and "try again in 30 minutes" in html
        assert '<html lang="en-GB" class="govuk-template">' in html
        assert all(script.get("nonce") == nonce_in_header(response) for script in Scripts(html).scripts)

        # The right password does not help while the lockout lasts...
        traveller.shift(dt.timedelta(minutes=10))
        response = sign_in(client, "alice")
        assert response.status_code == 429 and not signed_in_user(client).is_authenticated
        # ...another person at the same address is not locked out...
        assert sign_in(client, "bob").url == reverse("mfa_authenticate")
        client.post(reverse("account_logout"))
        # ...and 30 minutes after the last attempt alice may try again.
        traveller.shift(dt.timedelta(minutes=31))
        assert sign_in(client, "alice").url == reverse("mfa_authenticate")


# --- MFA for every staff role ----------------------------------------------------------------------


def test_signing_in_takes_a_password_then_a_code_from_the_app(client, people):
    user = people["pat"]
    response = sign_in(client, "pat")
    assert response.url == reverse("mfa_authenticate")
    assert not signed_in_user(client).is_authenticated  # not after the password alone
    page = client.get(response.url)
    assert title(page) == f"Enter the code from your authenticator app – {SERVICE_NAME}"
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(user) != "000000" else "111111"})
    assert response.status_code == 200 and title(response).startswith("Error: ")
    assert '<a href="#id_code">Incorrect code.</a>' in response.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(user)})
    assert response.status_code == 302 and response.url == "/"
    assert signed_in_user(client) == user
    assert client.get("/").status_code == 200


def test_a_recovery_code_works_once(client, people):
    user = people["alice"]
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    sign_in(client, "alice")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).url == "/"
    assert signed_in_user(client) == user

    client.post(reverse("account_logout"))
    sign_in(client, "alice")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    assert not signed_in_user(client).is_authenticated


@pytest.mark.parametrize(
    "role",
    [
        "panel_secretariat",
        "panel_member",
        "partnership_manager",
        "partner_agency_user",
        "reviewer",
        "analyst",
        "administrator",
    ],
)
def test_a_person_without_an_authenticator_app_must_set_one_up(client, db, role):
    make_user("newcomer", role, None, mfa=False)
    response = sign_in(client, "newcomer")
    assert response.url == "/"  # no code to ask for yet...
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")  # ...so set one up first
    assert client.get("/notifications/").url == reverse("mfa_activate_totp")
    assert client.get("/audit/").url == reverse("mfa_activate_totp")


def test_setting_up_the_app_shows_the_recovery_codes_then_the_service(client, people):
    user = make_user("nadia", "partnership_manager", people["alice"].organisation, mfa=False)
    sign_in(client, "nadia")
    response = client.get(reverse("mfa_activate_totp"))
    assert (
        response.url == f"{reverse('account_reauthenticate')}?next={reverse('mfa_activate_totp').replace('/', '%2F')}"
    )
    assert title(client.get(response.url)) == f"Confirm Access – {SERVICE_NAME}"
    assert client.post(response.url, {"password": PASSWORD}).url == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert title(page) == f"Set up your authenticator app – {SERVICE_NAME}"
    secret = re.search(r'<code id="authenticator_secret"[^>]*>([A-Z2-7=]+)</code>', page.content.decode()).group(1)

    response = client.post(reverse("mfa_activate_totp"), {"code": "123"})
    assert response.status_code == 200 and title(response).startswith("Error: ")

    response = client.post(reverse("mfa_activate_totp"), {"code": code_now(secret, time_left=3)})
    assert response.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response.url).content.decode()
    assert len(re.findall(r"<li><code>[0-9a-f]{8}</code></li>", codes_page)) == 10
    assert 'href="/"' in codes_page and "Continue to cspr" in codes_page
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200


def test_a_demo_person_in_demo_mode_needs_no_authenticator_app(client, db, settings):
    user = make_user("partnership.manager", "partnership_manager", None, mfa=False)
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    settings.DEMO_MODE = True
    sign_in(client, "partnership.manager")
    assert client.get("/").status_code == 200


def test_outside_demo_mode_a_demo_person_must_set_up_the_app_too(client, db, settings):
    user = make_user("partnership.manager", "partnership_manager", None, mfa=False)
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    settings.DEMO_MODE = False
    sign_in(client, "partnership.manager")
    assert client.get("/").url == reverse("mfa_activate_totp")


def test_in_demo_mode_a_person_who_is_not_a_demo_person_still_needs_the_app(client, db, settings):
    make_user("nadia", "partnership_manager", None, mfa=False)
    settings.DEMO_MODE = True
    sign_in(client, "nadia")
    assert client.get("/").url == reverse("mfa_activate_totp")
