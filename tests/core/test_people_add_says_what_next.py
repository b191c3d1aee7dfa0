"""`cspr people add` ends with one whole sentence on what the new person does next, in either case."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def added(*options) -> list[str]:
    out = io.StringIO()
    call_command("people", "add", "sam", "--email", "sam@example.org", "--role", "analyst", *options, stdout=out)
    return out.getvalue().splitlines()


def test_with_a_password_typed_the_last_line_is_a_whole_sentence(actor, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery staple\n"))
    [_, next_step] = added("--set-password")
    assert next_step[0].isupper() and next_step.endswith(".")
    assert "authenticator app" in next_step and "Forgotten your password?" not in next_step


def test_without_one_they_are_told_how_to_set_it_in_the_same_sentence(actor):
    [_, next_step] = added()
    assert next_step.startswith("They set a password with 'Forgotten your password?'")
    assert next_step.endswith("then set up their authenticator app when they first sign in.")
