"""The module world (tests/module_world.py): built once, each test rolled back to it, gone afterwards.

Run on SQLite and on PostgreSQL (`DATABASE_URL=postgres://...`): the world is the
tests' outer transaction and pytest-django's own per-test transaction a savepoint in it.
"""

import pytest

from cspr.core.models import Organisation
from tests.module_world import module_world

WORLD = "An organisation of the module world's own tests"
LEAK = "Written by one test of the module world"

# The worlds this process built, and the world each write test saw, by primary key.
built: list[int] = []
seen: dict[int, int] = {}


def build() -> int:
    organisation = Organisation.objects.create(name=WORLD, kind="analysts")
    built.append(organisation.pk)
    return organisation.pk


@pytest.fixture(scope="class")
def world(request):
    yield from module_world(request, build)


class TestOneWorldForTheClass:
    # Whichever turn runs second fails if the first one's writes outlived it.
    @pytest.mark.parametrize("turn", [1, 2])
    def test_a_tests_writes_are_gone_before_the_next_test(self, db, world, turn):
        organisation = Organisation.objects.get(pk=world)
        assert organisation.name == WORLD and organisation.kind == "analysts"
        assert not Organisation.objects.filter(name=LEAK).exists()
        Organisation.objects.filter(pk=world).update(kind="reviewers")
        Organisation.objects.create(name=LEAK, kind="analysts")
        assert Organisation.objects.filter(name=LEAK).count() == 1
        seen[turn] = world
        assert built[-1] == world and set(seen.values()) == {world}, "one world for both turns, not one per test"

    def test_a_test_without_the_database_still_cannot_reach_it(self, world):
        with pytest.raises(RuntimeError, match="Database access not allowed"):
            Organisation.objects.count()


def test_the_world_is_rolled_back_after_its_class(db):
    if not built:
        pytest.skip("the class's tests ran in another pytest-xdist worker")
    assert not Organisation.objects.filter(name__in=[WORLD, LEAK]).exists()
