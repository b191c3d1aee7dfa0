import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def actor(db):
    from cspr.core.actors import system_actor

    return system_actor("cspr tests")


@pytest.fixture
def reference_data(transactional_db):
    """The reference data the migrations load, back again after a transactional test's flush.

    Used instead of `serialized_rollback`, which collides with content types that
    an earlier flush re-created (UNIQUE constraint failed: django_content_type).
    """
    from cspr.core.models import LocalAuthority, Partnership, PracticeTheme
    from cspr.core.reference import sync_reference_data

    if not LocalAuthority.objects.exists():
        sync_reference_data(LocalAuthority, Partnership, PracticeTheme)
