"""/healthz says the process and database answer; /readyz also that every migration is applied."""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def test_a_migrated_service_is_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == {"status": "ready"}


def test_health_needs_no_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_an_unapplied_migration_makes_the_service_not_ready_and_is_named(client):
    # The migration applied last, as if a new release's `cspr migrate` had not run yet.
    latest = MigrationRecorder(connection).migration_qs.order_by("-applied", "-id").first()
    latest.delete()  # rolled back with the test's transaction
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert f"{latest.app}.{latest.name}" in response.json()["unapplied_migrations"]


def test_readiness_is_not_redirected_to_https_so_a_load_balancer_can_probe_it(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/accessibility").status_code == 301
