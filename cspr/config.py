"""Reading cspr's settings from the environment: typed, validated, and refused when unsafe.

`cspr/settings.py` reads every variable through an `Env`, so a mistyped value
(`CSPR_DEBUG=ture`) stops the service with a message naming the variable instead
of silently meaning False. `unsafe_settings` lists the settings that must never
reach production; outside demo mode the settings module refuses to load with any
of them. Pure Python, no Django: gunicorn's configuration uses it before Django
starts. Every variable is documented in docs/operations.md, and a test checks
that each one read here appears in that table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# The shortest keys accepted outside demo mode: Django's own deploy check asks 50 characters of a
# secret key; the audit checkpoints' HMAC key needs 32 (cspr/core/checkpoints.py reads this).
SECRET_KEY_LENGTH = 50
AUDIT_KEY_LENGTH = 32
KEY_HINT = "set it to a long random value: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"

# django-ninja's throttle (ninja/throttling.py, `SimpleRateThrottle.parse_rate`) reads a rate only
# when a request comes, so a mistyped one would start the service and make every API call a 500.
# These are the forms it reads: a count, then a period as a unit it knows, optionally a multiple
# of it (`600/min`, `100/10m`). Its bare-number periods (`600/60`, seconds) are not accepted: the
# unit is what an operator reads, and nothing else is sent on to ninja.
_RATE = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)?(s|sec|m|min|h|hour|d|day)")
RATE_HINT = "use a number of requests per period, such as 600/min: N/s, N/sec, N/m, N/min, N/h, N/hour, N/d or N/day"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingError(Exception):
    """A setting that cannot be used, named in a one-line message."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"{name}: {message}")


class Env:
    """Typed reads of environment variables, remembering which ones were read.

    Each method returns the default when the variable is unset, and raises
    `SettingError` naming the variable when it is set to something of the wrong type.
    """

    def __init__(self, environ: Mapping[str, str]):
        self.environ = environ
        self.names: list[str] = []

    def _raw(self, name: str) -> str | None:
        if name not in self.names:
            self.names.append(name)
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def bool(self, name: str, default: bool = False) -> bool:
        raw = self._raw(name)
        if raw is None:
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise SettingError(name, f"{raw!r} is not a yes/no value (use 1 or 0, true or false, yes or no, on or off)")

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise SettingError(name, f"{raw!r} is not a whole number") from None
        if minimum is not None and value < minimum:
            raise SettingError(name, f"{value} is less than the smallest allowed value, {minimum}")
        return value

    def float(self, name: str, default: float, *, minimum: float | None = None) -> float:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        try:
            value = float(raw)
        except ValueError:
            raise SettingError(name, f"{raw!r} is not a number") from None
        if minimum is not None and value < minimum:
            raise SettingError(name, f"{value:g} is less than the smallest allowed value, {minimum:g}")
        return value

    def str(self, name: str, default: str = "") -> str:
        raw = self._raw(name)
        return default if raw is None or raw == "" else raw

    def rate(self, name: str, default: str) -> str:
        """A request rate as django-ninja's throttle reads it (`600/min`); see `_RATE`."""
        raw = self.str(name, default)
        if not _RATE.fullmatch(raw):
            raise SettingError(name, f"{raw!r} is not a request rate; {RATE_HINT}")
        return raw

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        """A comma-separated list; unset or empty gives the default."""
        raw = self._raw(name)
        items = [item.strip() for item in (raw or "").split(",") if item.strip()]
        return items or list(default or [])

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        if raw.lower() not in choices:
            raise SettingError(name, f"{raw!r} is not one of {', '.join(choices)}")
        return raw.lower()


def _weak_key(name: str, key: str, shortest: int) -> SettingError | None:
    """A key left at the example file's placeholder, or too short to be random enough."""
    if key.lower().startswith("change-me"):
        return SettingError(name, f"is still the example file's placeholder; {KEY_HINT}")
    if len(key) < shortest:
        return SettingError(name, f"has {len(key)} characters, fewer than {shortest}; {KEY_HINT}")
    return None


def unsafe_settings(
    *,
    demo: bool,
    debug: bool,
    secret_key: str,
    email_backend: str,
    allowed_hosts: list[str],
    audit_key: str = "",
) -> list[SettingError]:
    """The settings that must never reach production, each as a one-line refusal.

    Demo mode (`cspr demo`, synthetic data on 127.0.0.1) is the one place they are
    allowed; that is why `cspr demo` refuses to run outside it.
    """
    if demo:
        return []
    problems = []
    if not secret_key:
        problems.append(
            SettingError(
                "CSPR_SECRET_KEY",
                "is not set; set it to a long random value kept secret "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))')",
            )
        )
    # `check --deploy` only warns about a short secret key; an unset audit key refuses only checkpoints.
    for name, key, shortest in (
        ("CSPR_SECRET_KEY", secret_key, SECRET_KEY_LENGTH),
        ("CSPR_AUDIT_KEY", audit_key, AUDIT_KEY_LENGTH),
    ):
        if key and (weak := _weak_key(name, key, shortest)):
            problems.append(weak)
    if debug:
        problems.append(
            SettingError("CSPR_DEBUG", "debug is on; it shows internals on error pages, so only a demo may use it")
        )
    if email_backend.endswith("console.EmailBackend"):
        problems.append(
            SettingError(
                "CSPR_EMAIL_HOST",
                "is not set, so reminders would be printed to the console instead of sent; set the SMTP relay's host",
            )
        )
    if any(host == "*" or host.startswith("*") for host in allowed_hosts):
        problems.append(
            SettingError(
                "CSPR_ALLOWED_HOSTS", f"{','.join(allowed_hosts)!r} allows any host; list the service's own names"
            )
        )
    return problems
