"""A whole report is a handful of queries, whatever the size of the register or the period."""

import pytest

from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.report import national_report
from tests.cases.rows import varied_file

pytestmark = pytest.mark.django_db

# One scan of notifications (every period the report shows, the working days late of three
# deadlines, stored with the records, and each one's theme codings: ADR 0036), one of children,
# and the register's earliest notified date (an index lookup: periods before it are [x]).
QUERIES = 3


@pytest.mark.parametrize("size", [20, 300])
def test_a_report_takes_the_same_few_queries_at_any_size(tmp_path, size, django_assert_max_num_queries):
    from django.core.management import call_command

    path = tmp_path / "register.csv"
    path.write_bytes(varied_file(size, seed=size))
    call_command("import", str(path), stdout=__import__("io").StringIO())
    for definition, period in (
        ("panel-annual", calendar_year(2020)),
        ("dfe-official", financial_year("2020-21")),
        ("first-report", calendar_year(2021)),
    ):
        with django_assert_max_num_queries(QUERIES):
            data = national_report(definition, period=period)
        data.report()
        data.published()
