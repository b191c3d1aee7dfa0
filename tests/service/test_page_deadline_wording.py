"""Pages say the statutory periods in cspr/domain/deadlines.py's words, and dates one way.

Case A (alice's) has a local review decided on 1 April 2020: publication due by
1 October 2020, which her dashboard lists as "LCSPR publication".
"""

import pytest
from django.template import engines
from django.urls import reverse

from cspr.domain.deadlines import LCSPR_PUBLICATION_PERIOD, NOTIFICATION_PERIOD, RAPID_REVIEW_PERIOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_globals(monkeypatch):
    """The template globals, to show that a page takes its wording from them and not from prose."""
    env = engines["jinja2"].env

    def set_global(name, value):
        monkeypatch.setitem(env.globals, name, value)

    return set_global


def test_the_periods_are_the_domains_wording():
    assert (NOTIFICATION_PERIOD, RAPID_REVIEW_PERIOD, LCSPR_PUBLICATION_PERIOD) == (
        "5 working days",
        "15 working days",
        "6 calendar months",
    )


def test_the_intake_start_page_says_both_periods_from_the_domain(people, client_for, page_globals):
    page_globals("RAPID_REVIEW_PERIOD", "RAPID-PERIOD-FROM-DOMAIN")
    html = client_for(people["alice"]).get(reverse("intake_start")).content.decode()
    assert f"due within {NOTIFICATION_PERIOD} of the local authority becoming aware" in html
    assert "The rapid review is due within RAPID-PERIOD-FROM-DOMAIN." in html
    assert "15 working days" not in html


def test_the_case_page_says_the_rapid_review_rule_from_the_domain(cases, people, client_for, monkeypatch):
    from cspr.domain import deadlines

    alice = client_for(people["alice"])
    review = cases["A"].rapid_review
    html = alice.get(reverse("notification_detail", args=["A-1"])).content.decode()
    assert f"— {deadlines.rule_for_rapid_review(review.due_rule, review.due_counted_from)}" in html
    assert f"— {RAPID_REVIEW_PERIOD} (Working Together " in html
    monkeypatch.setattr(deadlines, "RAPID_REVIEW_PERIOD", "RAPID-PERIOD-FROM-DOMAIN")
    html = alice.get(reverse("notification_detail", args=["A-1"])).content.decode()
    assert "— RAPID-PERIOD-FROM-DOMAIN (Working Together " in html


def test_the_local_review_page_says_the_publication_period_and_due_date(cases, people, client_for):
    html = client_for(people["alice"]).get(reverse("lcspr_detail", args=["A-1"])).content.decode()
    assert f"1 October 2020 ({LCSPR_PUBLICATION_PERIOD} after the decision)" in html


def test_the_commissioning_page_says_the_publication_period(cases, people, client_for):
    html = client_for(people["bob"]).get(reverse("lcspr_commission", args=["B-1"])).content.decode()
    assert f"must be published within {LCSPR_PUBLICATION_PERIOD} of the decision" in html


def test_the_dashboard_keeps_acronyms_and_writes_dates_in_full(cases, people, client_for):
    html = client_for(people["alice"]).get(reverse("dashboard")).content.decode()
    assert "LCSPR publication" in html and "Lcspr" not in html
    assert "1 October 2020" in html
    assert '<th scope="col" class="govuk-table__header">Due</th>' in html
