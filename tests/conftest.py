import pytest


@pytest.fixture
def actor(db):
    from cspr.core.actors import system_actor

    return system_actor("cspr tests")
