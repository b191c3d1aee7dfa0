"""The statistics endpoint refuses what the request got wrong (422) and answers a fault as one (500), ADR 0013."""

import pytest

from tests.api.conftest import problem

pytestmark = pytest.mark.django_db


def test_official_tables_for_a_calendar_year_are_refused_on_the_definition(cases, token_for):
    body = problem(token_for("ann").get("/api/v1/statistics", {"year": 2020, "definition": "dfe-official"}))
    assert body["status"] == 422 and [e["field"] for e in body["errors"]] == ["definition"]
    assert "dfe-official is for a financial year" in body["detail"]


def test_the_official_tables_for_a_financial_year_are_published(cases, token_for):
    response = token_for("ann").get("/api/v1/statistics", {"financial_year": "2020-21"})
    assert response.status_code == 200, response.content[:300]


def test_a_fault_in_building_the_report_is_a_500_not_the_caller_s_mistake(cases, token_for, settings):
    # A disclosure policy the settings never allow (cspr/settings.py checks the variable): the
    # report refuses it with a bare ValueError, which is the service's fault, not the request's.
    settings.CSPR_DISCLOSURE_POLICY = "no-such-policy"
    api = token_for("ann")
    api.client.raise_request_exception = False
    body = problem(api.get("/api/v1/statistics", {"year": 2020}))
    assert body["status"] == 500
