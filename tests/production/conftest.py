from tests.service.conftest import cases, client_for, people  # noqa: F401  (the service tests' personas and cases)
