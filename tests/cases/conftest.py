"""The case register tests' personas, and a test client signed in as one of them."""

import pytest

from tests.service.personas import personas


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
