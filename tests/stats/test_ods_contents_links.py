"""The spreadsheet's contents sheet links to each table's sheet, and no cell is merged."""

import io

import pytest
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell
from odf.text import A

from cspr.domain.report_periods import calendar_year
from cspr.stats.render import render
from cspr.stats.render.ods import sheet_name
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def spreadsheet(load):
    load(all_rows())
    report = national_report("panel-annual", period=calendar_year(2020)).published(4)
    return report, load_ods(io.BytesIO(render(report, "ods")))


def test_every_table_is_linked_from_the_contents_and_every_link_goes_to_a_sheet(spreadsheet):
    report, doc = spreadsheet
    sheets = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    links = sheets["Contents"].getElementsByType(A)
    targets = [link.getAttribute("href") for link in links]
    expected = [sheet_name(i, t.id) for i, t in enumerate(report.tables(), start=1)]
    assert targets == [f"#{name}.A1" for name in expected]
    for link, name in zip(links, expected):
        assert str(link) == name, "the link's text names the sheet it goes to"
        assert name in sheets


def test_no_cell_is_merged(spreadsheet):
    _, doc = spreadsheet
    for cell in doc.spreadsheet.getElementsByType(TableCell):
        assert not cell.getAttribute("numbercolumnsspanned")
        assert not cell.getAttribute("numberrowsspanned")
