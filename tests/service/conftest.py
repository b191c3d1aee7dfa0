import pytest

from tests.service.cases import two_cases
from tests.service.personas import personas


@pytest.fixture
def people(db):
    return personas()


@pytest.fixture
def cases(people):
    """Case A in Birmingham (alice's) with an LCSPR reviewed by rita; case B in the City of London (bob's)."""
    return two_cases(people)


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
