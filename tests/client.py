"""The test client the `client` fixture gives (tests/conftest.py)."""

import django.test
from django.test import override_settings


class Client(django.test.Client):
    """Django's test client, whose `force_login` leaves out django-axes' record of a sign-in.

    `force_login` is the tests' way past the sign-in page, so past what django-axes does
    when someone signs in there: expired attempts deleted, an access log row (and a session
    made only to be hashed into it when the client had signed out or was someone else),
    failed attempts cleared; a fifth of each `force_login`'s time, some 3 s of the
    authorisation matrix. The sign-in tests (tests/service/test_sign_in_*.py) sign in
    through the page, with django-axes.
    """

    def force_login(self, user, backend=None):
        with override_settings(AXES_ENABLED=False):
            super().force_login(user, backend)
