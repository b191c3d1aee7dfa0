"""Briefings publish England's figures under the disclosure policy the statistics use (ADR 0022)."""

from datetime import date

import pytest

from cspr.briefings.actions import briefing_document
from cspr.briefings.gather import DEFINITION, published_reports
from cspr.domain.report_periods import calendar_year
from cspr.stats.report import national_report
from tests.stats.conftest import load_rows
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db


def test_englands_figures_follow_the_policy_and_a_partnerships_own_are_always_protected(db):
    load_rows(all_rows())
    period = calendar_year(2020)
    national, own = published_reports(period, 4, "birmingham", "panel")
    assert national.as_json() == national_report(DEFINITION, period=period).published(4, "panel").as_json()
    suppress, own_suppress = published_reports(period, 4, "birmingham", "suppress")
    assert national.as_json()["measures"] != suppress.as_json()["measures"], "the Panel's practice shows more"
    assert own.as_json() == own_suppress.as_json()


def test_a_briefing_records_the_policy_of_the_setting(db, settings):
    load_rows(all_rows())
    settings.CSPR_DISCLOSURE_POLICY = "panel"
    _doc, parameters = briefing_document(kind="national", year=2020, as_of=date(2021, 6, 30))
    assert parameters["policy"] == "panel"
