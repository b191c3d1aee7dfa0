"""The dashboard's counts equal the rows they summarise, for the Panel and for a partnership."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cspr.cases.actions.load import notifications_load
from cspr.core.reference import AreaIndex
from cspr.domain.standard import parse_csv
from tests.cases.rows import varied_file

pytestmark = pytest.mark.django_db


def _register(actor, size: int, seed: int) -> None:
    areas = AreaIndex.from_database()
    records, problems = parse_csv(varied_file(size, seed), "r.csv", today=date(2030, 1, 1), la_check=areas.problem)
    assert not problems
    notifications_load(actor=actor, records=records, areas=areas, source="dashboard test")


def _counts_and_rows(html: str) -> tuple[int, int, int, int]:
    said = re.search(r"(\d+) open items?, of which <strong>(\d+) overdue</strong>", html)
    body = "".join(part.split("</tbody>", 1)[0] for part in html.split("<tbody")[1:])  # every section's table
    rows = body.count('<tr class="govuk-table__row"')
    overdue_rows = body.count(">Overdue by ")
    return int(said[1]), int(said[2]), rows, overdue_rows


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("who", ["sam", "alice"])
def test_every_count_on_the_dashboard_equals_the_rows_below_it(actor, people, client_for, seed, who, monkeypatch):
    # Every open item on the first screen (each section shows all of its kind): the rows are all there.
    # Following each section's pages is tests/service/test_dashboard_reaches_every_item.py's.
    from cspr.reviews.views import dashboard

    monkeypatch.setattr(dashboard, "SECTION_ROWS", 50)
    _register(actor, size=12, seed=seed)
    html = client_for(people[who]).get(reverse("dashboard")).content.decode()
    open_count, overdue_count, rows, overdue_rows = _counts_and_rows(html)
    assert open_count == rows
    assert overdue_count == overdue_rows
    if who == "sam":  # the Panel sees every case: the comparison is not vacuous
        assert rows > 0 and overdue_rows > 0
