"""A person's authenticator app, for tests that sign in: its secret and the codes it shows.

One home for the test suite's TOTP codes (the browser tests and tests/service/test_security.py
both sign in through allauth's code page), made with allauth's own TOTP helpers.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

WINDOW = 30  # seconds: allauth's TOTP period, the default of every authenticator app


def secret_of(user) -> str:
    """The secret of the person's authenticator app, as allauth stores it (encrypted) decrypted."""
    return decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])


def code_in(secret: str, window: int) -> str:
    """The app's code for `secret` in the 30-second `window` (Unix time // 30)."""
    return format_hotp_value(hotp_value(secret, window))


def code_now(secret: str, *, time_left: float = 5) -> str:
    """The app's code for `secret`, from a window with at least `time_left` seconds left to send it.

    allauth accepts only the current window's code: one read in the window's last
    moments expires before a loaded machine submits it, and the sign-in fails. So
    near a window's end this waits for the next one.
    """
    left = WINDOW - time.time() % WINDOW
    if left < time_left:
        time.sleep(left + 0.1)
    return code_in(secret, int(time.time()) // WINDOW)
