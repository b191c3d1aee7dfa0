"""The service tests' personas and cases A and B as a module's world (tests/module_world.py).

tests/service/conftest.py's `people` and `cases` build them afresh for every test. A module
whose tests all start from them can build them once instead: it imports the fixtures here by
name, `world` (built once per module) and the `people` and `cases` that read it for each test
(named so that the tests' arguments do not shadow the imports),

    from tests.service.world import world, world_cases, world_people  # noqa: F401 (fixtures)

or defines its own module-scoped `world` that calls `people_and_cases()` and builds more on them.
Each test is rolled back to the world, and the world is gone at the module's end.
"""

import pytest

from cspr.cases.models import Notification
from cspr.core.models import User
from tests.module_world import module_world
from tests.service.cases import two_cases
from tests.service.personas import PEOPLE, personas


def people_and_cases() -> tuple[dict, dict]:
    """The personas, then cases A and B, as the conftest's fixtures make them."""
    people = personas()
    return people, two_cases(people)


@pytest.fixture(scope="module")
def world(request):
    yield from module_world(request, people_and_cases)


# Fetched afresh for each test: a shared instance would carry one test's in-memory changes
# (a sign-in's last_login, a cached relation) into the next while the database does not.
@pytest.fixture(name="people")
def world_people(db, world):
    return {user.username: user for user in User.objects.filter(username__in=PEOPLE)}


@pytest.fixture(name="cases")
def world_cases(db, world):
    found = Notification.objects.in_bulk(["A-1", "B-1"], field_name="ref")
    return {"A": found["A-1"], "B": found["B-1"]}
