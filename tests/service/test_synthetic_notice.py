"""Demo mode says its data is synthetic: on every page, and at the top of every report output.

In demo mode every child, case, review and figure is made up, yet the pages and files look like the
Panel's own. Outside demo mode nothing changes (the output tests in tests/stats keep their bytes).
The demo's national review has a title no real Panel review has.
"""

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from cspr.domain.report_periods import calendar_year
from cspr.govuk.synthetic import OUTPUT_NOTICE, PAGE_NOTICE
from cspr.reviews.models import NationalReview
from cspr.service.national_demo import DEMO_REVIEW_TITLE, load_demo_national_work
from cspr.stats.render import render
from cspr.stats.render.ees import NOTICE_FILE, render_ees_files
from cspr.stats.render.zips import zip_bytes
from cspr.stats.report import national_report

pytestmark = pytest.mark.django_db

BANNER = 'aria-labelledby="cspr-demo-banner-title"'
# The Panel's published national reviews (process.md §4 and the Panel's reports): never a demo's title.
REAL_NATIONAL_REVIEWS = (
    "The myth of invisible men",
    "Out of routine",
    "It was hard to escape",
    "I wanted them all to notice",
    "Child protection in England",
)


def report():
    return national_report("panel-annual", period=calendar_year(2020)).published()


def test_every_page_says_the_data_is_synthetic_once_in_demo_mode(settings, cases, people, client_for, client):
    settings.DEMO_MODE = True
    signed_out = client.get(reverse("accessibility")).content.decode()
    assert signed_out.count(BANNER) == 1 and PAGE_NOTICE in signed_out
    client = client_for(people["sam"])
    for name in ("statistics", "national_review_list", "learning_search"):
        page = client.get(reverse(name)).content.decode()
        # At the top of <main>, before the page's heading; the statistics page's report does not repeat it.
        main = page.split('id="main-content"')[1]
        assert main.index(BANNER) < main.index("<h1"), name
        assert page.count(BANNER) == 1 and page.count("synthetic (made up") == 1, name


def test_outside_demo_mode_no_page_has_the_notice(settings, cases, people, client_for):
    settings.DEMO_MODE = False
    page = client_for(people["sam"]).get(reverse("statistics")).content.decode()
    assert "cspr-demo-banner" not in page and "synthetic (made up" not in page


def test_the_sign_in_page_says_so_too_in_demo_mode_and_not_outside_it(settings, client, db):
    # allauth's pages are Django templates (cspr/core/templates/allauth/layouts/base.html), and the
    # sign-in page is the first a demo's visitor sees.
    settings.DEMO_MODE = True
    page = client.get(reverse("account_login")).content.decode()
    main = page.split('id="main-content"')[1]
    assert page.count(BANNER) == 1 and PAGE_NOTICE in page
    assert main.index(BANNER) < main.index("<h1")
    settings.DEMO_MODE = False
    page = client.get(reverse("account_login")).content.decode()
    assert "cspr-demo-banner" not in page and "synthetic (made up" not in page


def test_every_report_output_starts_with_the_notice_in_demo_mode(settings, cases):
    settings.DEMO_MODE = True
    made = report()
    found = json.loads(render(made, "json"))
    assert list(found)[:2] == ["synthetic", "synthetic_note"] and found["synthetic"] is True
    assert found["synthetic_note"] == OUTPUT_NOTICE
    rows = list(csv.reader(io.StringIO(render(made, "csv").decode())))
    # A notes row as the report's own notes are written, but the first after the header.
    assert rows[1] == ["notes", "Notes", "", "note", OUTPUT_NOTICE]
    with zipfile.ZipFile(io.BytesIO(render(made, "ods"))) as ods:
        content = ods.read("content.xml").decode()
    cover = content.split('table:name="Contents"')[0]
    assert cover.index("Synthetic data") < cover.index("synthetic (made up") < cover.index("Period")
    html = render(made, "html").decode()
    assert html.index("<h1") < html.index("synthetic (made up") < html.index("<h2")
    first_page = PdfReader(io.BytesIO(render(made, "pdf"))).pages[0].extract_text()
    assert "synthetic (made up" in " ".join(first_page.split())


def test_the_report_command_and_the_download_say_so_in_demo_mode(settings, cases, people, client_for):
    settings.DEMO_MODE = True
    out = io.StringIO()
    call_command("report", "--year", "2020", "--format", "json", "--publish", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["synthetic"] is True
    query = {"report": "panel-annual", "period": "2020", "format": "csv"}
    response = client_for(people["ann"]).get(reverse("statistics_download"), query)
    assert response.content.decode().splitlines()[1].endswith(f'"{OUTPUT_NOTICE}"')


def test_outside_demo_mode_the_report_outputs_are_unchanged(settings, cases):
    settings.DEMO_MODE = False
    made = report()
    for fmt in ("json", "csv", "html"):
        content = render(made, fmt)
        assert content == render(made, fmt, synthetic=False) and b"synthetic" not in content.lower(), fmt
    assert "synthetic" not in json.loads(render(made, "json"))
    # The EES zip: the pair alone, zipped as before the notice existed, byte for byte.
    data, meta = render_ees_files(made)
    expected = zip_bytes((("panel_annual_2020.csv", data), ("panel_annual_2020.meta.csv", meta)))
    assert render(made, "ees") == render(made, "ees", synthetic=False) == expected
    assert b"synthetic" not in data.lower() + meta.lower()


def test_the_ees_zip_says_so_beside_files_whose_shape_ees_fixes_in_demo_mode(settings, cases, tmp_path):
    made = report()
    with zipfile.ZipFile(io.BytesIO(render(made, "ees", synthetic=False))) as archive:
        plain = {name: archive.read(name) for name in archive.namelist()}
    settings.DEMO_MODE = True
    with zipfile.ZipFile(io.BytesIO(render(made, "ees"))) as archive:
        assert archive.namelist() == [NOTICE_FILE, "panel_annual_2020.csv", "panel_annual_2020.meta.csv"]
        assert archive.read(NOTICE_FILE).decode() == OUTPUT_NOTICE + "\n"
        demo = {name: archive.read(name) for name in archive.namelist()}
    # The data file is EES's shape, unchanged; the metadata file's rows and columns too, its labels say so.
    assert demo["panel_annual_2020.csv"] == plain["panel_annual_2020.csv"]
    was, now = (list(csv.DictReader(io.StringIO(m["panel_annual_2020.meta.csv"].decode()))) for m in (plain, demo))
    assert [list(row) for row in now] == [list(row) for row in was]
    assert [row["col_name"] for row in now] == [row["col_name"] for row in was]
    for before, after in zip(was, now):
        synthetic = before["col_type"] == "Indicator"
        assert after["label"] == before["label"] + (" (synthetic)" if synthetic else ""), before["col_name"]
    # `cspr report --out x.csv` writes the pair without the zip: the labels still say so.
    out = tmp_path / "tables.csv"
    call_command("report", "--year", "2020", "--format", "ees", "--out", str(out), stderr=io.StringIO())
    assert "Number (synthetic)" in (tmp_path / "tables.meta.csv").read_text()


def test_the_demo_national_review_has_a_title_no_real_review_has(cases, people):
    load_demo_national_work(
        actor=people["sam"], reviewer=people["rita"], partnership="birmingham", today=date(2021, 1, 4)
    )
    title = NationalReview.objects.get().title
    assert title == DEMO_REVIEW_TITLE and title.startswith("Demonstration review")
    assert not any(real.casefold() in title.casefold() for real in REAL_NATIONAL_REVIEWS)
