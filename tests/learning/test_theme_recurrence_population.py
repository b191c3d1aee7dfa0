"""Themes over the years count the rapid reviews the annual report counts: submitted ones, of serious
incident notifications (measures' rapid_review_codings), not drafts nor voluntary reviews."""

import pytest

from cspr.core.models import PracticeTheme
from cspr.domain.report_periods import calendar_year
from cspr.learning.recurrence import theme_recurrence
from cspr.stats.report import national_report
from tests import factories
from tests.cases.rows import valid_row
from tests.service.personas import personas


@pytest.fixture
def people(db):
    return personas()


def test_only_submitted_rapid_reviews_of_serious_incidents_are_counted(people):
    death = {"incident_type": "death", "harm_category": "", "death_category": "sudi"}
    made = factories.notifications(
        valid_row(notification_ref="SENT", rr_submitted_date="2020-03-20", rr_themes="information_sharing"),
        # A looked-after child's death, abuse or neglect not known: a serious incident notification.
        valid_row(
            notification_ref="LAC-UNKNOWN",
            child_ref="C2",
            notification_kind="looked_after_death",
            abuse_neglect_suspected="unknown",
            rr_submitted_date="2020-03-20",
            rr_themes="information_sharing",
            **death,
        ),
        # Reviews the partners chose to hold: no rapid review is required of either.
        valid_row(
            notification_ref="LAC-NO",
            child_ref="C3",
            notification_kind="looked_after_death",
            abuse_neglect_suspected="no",
            rr_submitted_date="2020-03-20",
            rr_themes="information_sharing",
            **death,
        ),
        valid_row(notification_ref="DRAFT", child_ref="C4"),
    )
    # A draft not yet sent, whose themes the partners have begun to record.
    draft = made["DRAFT"].rapid_review
    assert draft.submitted_date is None
    draft.themes.add(PracticeTheme.objects.get(pk="information_sharing"))

    _, rapid = theme_recurrence(user=people["sam"])
    assert rapid.years == [2020]
    assert rapid.bases == [2]  # SENT and LAC-UNKNOWN, as the annual report's rapid_reviews.theme.* count
    assert rapid.cells["information_sharing"] == [(2, 100.0)]
    annual = national_report("panel-annual", period=calendar_year(2020)).report()
    assert annual.measures["rapid_reviews.theme.information_sharing"].count == 2
