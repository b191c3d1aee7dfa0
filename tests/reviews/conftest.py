"""The service tests' personas and cases A and B, for the tests of the Panel's national work here."""

from tests.service.conftest import cases, people  # noqa: F401 (fixtures)
