"""Outside demo mode the service refuses to start with each unsafe setting, in one line naming it."""

import os
import subprocess
import sys

import pytest

from cspr.config import unsafe_settings

SAFE = {
    "demo": False,
    "debug": False,
    "secret_key": "a-long-random-secret-" + "x" * 40,
    "email_backend": "django.core.mail.backends.smtp.EmailBackend",
    "allowed_hosts": ["cspr.example.org"],
}

UNSAFE = [
    ({"secret_key": ""}, "CSPR_SECRET_KEY"),
    ({"debug": True}, "CSPR_DEBUG"),
    ({"email_backend": "django.core.mail.backends.console.EmailBackend"}, "CSPR_EMAIL_HOST"),
    ({"allowed_hosts": ["cspr.example.org", "*"]}, "CSPR_ALLOWED_HOSTS"),
]


def test_safe_settings_are_accepted():
    assert unsafe_settings(**SAFE) == []


@pytest.mark.parametrize(("change", "name"), UNSAFE)
def test_each_unsafe_setting_is_refused_by_name(change, name):
    problems = unsafe_settings(**{**SAFE, **change})
    assert [problem.name for problem in problems] == [name]
    assert str(problems[0]).startswith(f"{name}: ") and "\n" not in str(problems[0])


@pytest.mark.parametrize(("change", "name"), UNSAFE)
def test_demo_mode_allows_what_production_refuses(change, name):
    assert unsafe_settings(**{**SAFE, **change, "demo": True}) == []


# The same refusals where they matter: starting the real settings module in a fresh process.
# A key of the kind docs/operations.md says to make (check --deploy wants 50 varied characters).
PRODUCTION_ENV = {
    "CSPR_SECRET_KEY": "tq3Jw9-vXb2LrN8sKp5Y0zHcA7mFgD4eUiWo1QxRtB6nMhVkZjS_aPlCyE",
    "CSPR_EMAIL_HOST": "smtp.example.org",
    "CSPR_AUDIT_KEY": "Xw4pL9-qTz7RbN2vKd5Y8hFcA3mGsE6uJiWo0QyRtB1nMhVkZjS_aPlCyD",
}


def _start(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "cspr", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"CSPR_SECRET_KEY": ""}, "CSPR_SECRET_KEY"),
        ({"CSPR_DEBUG": "1"}, "CSPR_DEBUG"),
        ({"CSPR_EMAIL_HOST": ""}, "CSPR_EMAIL_HOST"),
        ({"CSPR_ALLOWED_HOSTS": "*"}, "CSPR_ALLOWED_HOSTS"),
    ],
)
def test_the_service_does_not_start_with_an_unsafe_setting(env, name):
    result = _start({**PRODUCTION_ENV, **env})
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"cspr: refusing to start: {name}: ")


def test_the_production_configuration_passes_check_deploy():
    result = _start({**PRODUCTION_ENV, "CSPR_ALLOWED_HOSTS": "cspr.example.org"})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
