"""Acceptance: each kind of briefing for `panel-2020` carries the report's published figures, and only them.

The register is loaded once for the module (conftest `panel_2020`); each kind of
briefing is composed once and rendered to the formats the tests read.
"""

import io
import json
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from cspr.briefings.actions import briefing_document
from cspr.briefings.compose.partnership import BESIDE
from cspr.briefings.document import Document
from cspr.briefings.models import KINDS
from cspr.briefings.render import render
from cspr.cases.models import Notification
from cspr.domain.codes import THEMES_2020
from cspr.domain.report_labels import label
from cspr.stats.report import build_report, resolve_period, threshold
from tests.axe import axe_report, new_page
from tests.briefings.conftest import AS_OF, YEAR
from tests.briefings.numbers import at, docx_text, html_text, json_numbers, md_text, normal, numbers_in
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.django_db


@dataclass
class Made:
    national_json: dict
    own_json: dict
    topical_json: dict
    docs: dict[str, Document]
    files: dict[tuple[str, str], bytes]

    def json_for(self, which: str) -> dict:
        return {"partnership": self.own_json, "topical": self.topical_json}.get(which, self.national_json)

    def text(self, kind: str, fmt: str) -> str:
        content = self.files[(kind, fmt)]
        if fmt == "md":
            return md_text(content.decode())
        if fmt == "html":
            return html_text(content.decode())
        return docx_text(content)


@pytest.fixture(scope="module")
def made(panel_2020, django_db_blocker) -> Made:
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("report", "--year", str(YEAR), "--format", "json", "--publish", stdout=out, stderr=io.StringIO())
        own = Notification.objects.filter(partnership_id=panel_2020.partnership)
        own_json = (
            build_report("panel-annual", period=resolve_period(year=YEAR), notifications=own)
            .published(threshold())
            .as_json()
        )
        flagged = Notification.objects.filter(covid_factor="yes")
        topical_json = (
            build_report("panel-annual", period=resolve_period(year=YEAR), notifications=flagged)
            .published(threshold(), "suppress")
            .as_json()
        )
        docs = {
            kind: briefing_document(
                kind=kind,
                year=YEAR,
                as_of=AS_OF,
                partnership_code=panel_2020.partnership if kind == "partnership" else None,
            )[0]
            for kind in KINDS
        }
    files = {(kind, fmt): render(doc, fmt) for kind, doc in docs.items() for fmt in ("md", "html")}
    files[("national", "docx")] = render(docs["national"], "docx")
    return Made(json.loads(out.getvalue()), own_json, topical_json, docs, files)


@pytest.fixture(scope="module")
def national_pdf(made) -> bytes:
    return render(made.docs["national"], "pdf")


# --- Every number comes from the report -----------------------------------------------------------


@pytest.mark.parametrize("kind, fmt", [(k, f) for k in KINDS for f in ("md", "html")] + [("national", "docx")])
def test_every_number_in_the_briefing_text_is_a_number_of_the_report_json(made, kind, fmt):
    allowed = {normal(n) for n in json_numbers(made.national_json)}
    if kind == "partnership":
        allowed |= {normal(n) for n in json_numbers(made.own_json)}
    else:  # the topical factor's section: the report over the flagged notifications
        allowed |= {normal(n) for n in json_numbers(made.topical_json)}
    found = numbers_in(made.text(kind, fmt))
    assert len(found) > 50
    strangers = sorted({normal(n) for n in found} - allowed)
    assert strangers == [], f"numbers in the {kind} briefing ({fmt}) that the report does not have: {strangers}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_is_the_published_figure_at_its_place_in_the_report_json(made, kind):
    figures = made.docs[kind].figures()
    assert len(figures) > 40
    for fig in figures:
        expected = at(made.json_for(fig.report), fig.path)
        assert fig.value == expected, (fig.report, fig.path, fig.value, expected)


@pytest.mark.parametrize("kind", KINDS)
def test_no_count_from_one_to_the_threshold_is_shown(made, kind):
    limit = made.national_json["report"]["threshold"]
    small = [
        f
        for f in made.docs[kind].figures()
        if f.kind == "count"
        and f.path != ("report", "threshold")
        and isinstance(f.value, int)
        and 1 <= f.value <= limit
    ]
    assert small == []


def test_the_key_figures_of_the_year_are_in_the_national_briefing(made):
    measures = made.national_json["measures"]
    summary = md_text(made.files[("national", "md")].decode()).split("## Serious incident notifications")[0]
    for mid in ("notifications.total", "children.total", "notifications.type.death", "notifications.type.serious_harm"):
        assert f"{measures[mid]['count']:,}" in summary
    change = made.national_json["comparisons"]["apr_to_sep_vs_previous_year"]
    assert f"{abs(change['percent_change']):.1f}% higher" in summary


def test_the_national_briefing_explains_the_process_and_shows_ethnicity_against_the_population(made):
    doc = made.docs["national"]
    sections = {section.id: section for section in doc.sections}
    assert list(sections)[-2:] == ["process", "about"]
    process = md_text(made.files[("national", "md")].decode()).split("## The review process")[1].split("## ")[0]
    assert "rapid review" in process and "national review" in process
    ethnicity = [b for b in sections["ethnicity"].blocks if getattr(b, "rows", None)]
    assert [t.caption for t in ethnicity] == ["Children by ethnic group", "Representation against the child population"]
    assert len(ethnicity[1].rows) >= len(made.national_json["representation"]) > 0


def test_the_national_summary_names_the_leading_themes_with_their_prevalence(made):
    measures = made.national_json["measures"]
    themes = sorted(THEMES_2020, key=lambda c: -measures[f"rapid_reviews.theme.{c}"]["count"])[:3]
    summary = made.files[("national", "md")].decode().split("## Serious incident notifications")[0]
    for code in themes:
        pct = measures[f"rapid_reviews.theme.{code}"]["percent"]
        assert f"({pct:.1f}%)" in summary


def test_a_partnership_s_own_small_counts_are_suppressed_beside_england_s(made):
    md = made.files[("partnership", "md")].decode()
    suppressed = shown = 0
    for mid in BESIDE:
        row = re.search(rf"^\| {re.escape(label(mid))} \| ([^|]+) \|", md, re.M)
        assert row, mid
        own = made.own_json["measures"][mid]["count"]
        if own == "c":
            suppressed += 1
            assert row.group(1).strip() == r"\[c\]", mid
        else:
            shown += 1
            assert row.group(1).strip() == f"{own:,}", mid
    assert suppressed and shown  # the check saw both kinds of cell


def test_partnership_themes_are_ordered_by_published_figures_only(made):
    doc = made.docs["partnership"]
    themes = next(s for s in doc.sections if s.id == "themes")
    order = [s.id.removeprefix("theme-") for s in themes.subsections]
    measures = made.own_json["measures"]
    values = {c: measures[f"rapid_reviews.theme.{c}"]["count"] for c in THEMES_2020}
    expected = sorted((c for c in THEMES_2020 if values[c] != "c"), key=lambda c: (-values[c], THEMES_2020.index(c)))
    assert order == expected + [c for c in THEMES_2020 if values[c] == "c"]


# --- Learning, the national programme, overdue recommendations ----------------------------------------


def test_learning_under_each_theme_links_the_published_reviews_coded_with_it(made):
    md = made.files[("national", "md")].decode()
    daily_life = md.split("### Understanding the child's daily life")[1].split("\n### ")[0]
    assert "[Child Alder: a local review](https://example.org/reviews/child-alder)" in daily_life
    changing = md.split("### Responding to changing risk and need")[1].split("\n### ")[0]
    assert "Safeguarding babies from harm by male carers (National, 2021)" in changing
    assert "Child Birch" not in md  # not published


def test_the_partnership_briefing_puts_its_own_reviews_first(made, panel_2020):
    doc = made.docs["partnership"]
    md = made.files[("partnership", "md")].decode()
    assert "## Our reviews in the learning repository" in md
    assert "our partnership's review: understanding the child's daily life, critical thinking and challenge" in md
    assert doc.caption.startswith("Partnership briefing for ")


def test_the_national_review_programme_is_listed_with_topics(made):
    for kind in KINDS:
        md = made.files[(kind, "md")].decode()
        assert "| It was hard to escape | Criminal exploitation of adolescents | Commissioned on 1 March 2019 |" in md


def test_recommendations_still_open_after_their_due_date_are_listed(made):
    national = made.files[("national", "md")].decode().split("## Recommendations still open")[1]
    assert "Health visitors see fathers at the new birth visit." in national
    assert "Fund a pilot for expectant fathers." in national
    for not_overdue in ("Audit pre-birth assessments.", "Refresh the escalation policy.", "Not for publication."):
        assert not_overdue not in national
    assert national.index("Health visitors") < national.index("Fund a pilot")  # longest overdue first
    own = made.files[("partnership", "md")].decode().split("## Our recommendations still open")[1]
    assert "Health visitors see fathers" in own and "Fund a pilot" not in own


def test_the_agency_note_has_practice_points_questions_and_resources_for_every_theme(made):
    doc = made.docs["agency"]
    md = made.files[("agency", "md")].decode()
    themes = next(s for s in doc.sections if s.id == "themes").subsections
    characteristics = next(s for s in doc.sections if s.id == "characteristics").subsections
    assert {s.id for s in themes} == {f"theme-{c}" for c in THEMES_2020}
    assert len(characteristics) == 11
    for section in (*themes, *characteristics):
        body = md.split(f"### {section.title}")[1].split("\n### ")[0].split("\n## ")[0]
        assert "#### Practice points" in body and "#### Questions for supervision" in body
        assert "#### Resources" in body and "](https://" in body


# --- Readable by people: PDF, DOCX, HTML ------------------------------------------------------------


def test_the_pdf_is_tagged_and_its_first_page_is_a_one_page_summary(made, national_pdf):
    import pdfplumber
    import pypdfium2
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(national_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == made.docs["national"].title

    pdf = pypdfium2.PdfDocument(national_pdf)
    image = pdf[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:200])
    assert dark / (image.width * image.height) > 0.02, "the first page is blank"
    pdf.close()

    with pdfplumber.open(io.BytesIO(national_pdf)) as plumber:
        first, second = plumber.pages[0].extract_text(), plumber.pages[1].extract_text()
    assert "Summary" in first and "At a glance" in first and "Local reviews commissioned" in first
    assert "At a glance" not in second and "Serious incident notifications" in second


def test_the_docx_has_headings_tables_and_the_charts(made):
    from docx import Document as open_docx

    doc = made.docs["national"]
    word = open_docx(io.BytesIO(made.files[("national", "docx")]))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == [doc.title, "Summary"]
    assert {"Heading 1", "Heading 2", "Heading 3"} <= {p.style.name for p in word.paragraphs}
    assert len(word.tables) >= 8
    assert word.tables[0].rows[0].cells[0].text == "Measure"
    assert len(word.inline_shapes) == len(doc.charts()) >= 5
    for shape in word.inline_shapes:
        assert shape._inline.docPr.get("descr")
    assert word.core_properties.title == doc.title and word.core_properties.language == "en-GB"


def test_the_html_is_one_standalone_file(made):
    html = made.files[("national", "html")].decode()
    assert '<html lang="en-GB"' in html and "<style>" in html and "<svg" in html
    assert "<link" not in html and "<script" not in html


@pytest.mark.browser  # starts Chromium itself, not through the `chromium` fixture that marks the others
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not at /usr/bin/chromium")
def test_axe_finds_no_violations_in_the_html_of_each_kind(made, tmp_path):
    from playwright.sync_api import sync_playwright

    # Chromium started here, not by the module-scoped `chromium` fixture: while Playwright's sync
    # API is open Django keeps database connections per asyncio context, so this test's transaction
    # would open on a new connection and wait on the lock of the register's (conftest `panel_2020`).
    reports = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = new_page(browser)
        for kind in KINDS:
            path = tmp_path / f"{kind}.html"
            path.write_bytes(made.files[(kind, "html")])
            page.goto(path.as_uri())
            if report := axe_report(page):
                reports[kind] = report
        browser.close()
    assert reports == {}
