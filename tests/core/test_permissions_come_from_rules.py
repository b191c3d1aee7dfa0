"""Permissions are what the rules grant (cspr/core/access.py): Django's permission tables, which
cspr never fills, grant nothing and are never read (ADR 0032)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.core.models import AuditEvent, User
from tests.service.personas import personas

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    return User.objects.select_related("organisation").get(pk=user.pk)


def test_a_permission_the_rules_refuse_is_refused_without_a_query():
    sam = fresh(personas()["sam"])  # the Panel secretariat: not an administrator
    with CaptureQueriesContext(connection) as queries:
        assert not sam.has_perm("core.view_audit")
        assert not sam.has_perm("cases.record_notification")
    assert len(queries) == 0


def test_a_permission_row_in_djangos_tables_grants_nothing():
    sam = personas()["sam"]
    view_audit = Permission.objects.create(
        codename="view_audit",
        name="Can read the audit trail",
        content_type=ContentType.objects.get_for_model(AuditEvent),
    )
    sam.user_permissions.add(view_audit)
    assert not fresh(sam).has_perm("core.view_audit")


def test_the_rules_still_grant_what_a_role_may_do():
    people = personas()
    assert fresh(people["sam"]).has_perm("cases.view_register")
    assert fresh(people["sam"]).has_perm("stats.view_statistics")
    assert not fresh(people["alice"]).has_perm("cases.withdraw_share")


def test_an_active_superuser_still_has_every_permission():
    root = User.objects.create_superuser("root", "root@example.org", "a long enough password")
    assert fresh(root).has_perm("core.view_audit")
    root.is_active = False
    assert not root.has_perm("core.view_audit")
