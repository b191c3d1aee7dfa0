"""A briefing made in demo mode says at its top, in every format, that its data is synthetic; and a case study
names a review's themes in words, a 2018-19 theme (written agreements) as much as the Panel's six.

One register for the module (conftest `panel_2020`).
"""

import io
from dataclasses import replace
from datetime import date

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from cspr.briefings.actions import briefing_document
from cspr.briefings.document import Document, Section, p
from cspr.briefings.render import render
from cspr.core.actors import system_actor
from cspr.core.models import Partnership
from cspr.domain.codes import THEMES_2020
from cspr.govuk.synthetic import OUTPUT_NOTICE
from cspr.learning.actions import review_add
from cspr.learning.ingest import ReviewMetadata
from tests.briefings.conftest import AS_OF, YEAR

pytestmark = pytest.mark.django_db
MADE_UP = "synthetic (made up"

BRIEFING = Document(
    title="A briefing",
    caption="National summary",
    kind="national",
    audience="everyone",
    summary=Section("summary", "Summary", (p("Two notifications."),)),
    sections=(),
    notes=(),
    symbols={},
    made_on=date(2026, 12, 7),
)


def test_demo_mode_decides_that_a_briefing_is_synthetic(panel_2020, settings):
    settings.DEMO_MODE = True
    demo, _ = briefing_document(kind="national", year=YEAR, as_of=AS_OF)
    settings.DEMO_MODE = False
    real, _ = briefing_document(kind="national", year=YEAR, as_of=AS_OF)
    assert demo.synthetic and not real.synthetic
    md = render(demo, "md").decode()
    assert md.index(MADE_UP) < md.index("## Summary")
    assert MADE_UP not in render(real, "md").decode()


def test_every_format_puts_the_notice_at_the_top_of_a_synthetic_briefing():
    demo = replace(BRIEFING, synthetic=True)
    md = render(demo, "md").decode()
    assert md.splitlines()[2] == f"**{OUTPUT_NOTICE}**"  # the line after the title
    html = render(demo, "html").decode()
    assert html.index("<h1") < html.index(MADE_UP) < html.index("Summary</h2>")
    word = [paragraph.text for paragraph in open_docx(io.BytesIO(render(demo, "docx"))).paragraphs]
    assert word[0] == "A briefing" and word[1] == OUTPUT_NOTICE
    pdf = PdfReader(io.BytesIO(render(demo, "pdf"))).pages[0].extract_text()
    assert MADE_UP in " ".join(pdf.split())


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_briefing_that_is_not_synthetic_has_no_notice(fmt):
    content = render(BRIEFING, fmt)
    text = content.decode() if fmt != "docx" else " ".join(x.text for x in open_docx(io.BytesIO(content)).paragraphs)
    assert MADE_UP not in text and "Demonstration" not in text


def test_a_case_study_names_a_2018_theme_in_words(panel_2020):
    # The newest review with a learning summary and every theme: the first case study, whatever theme leads.
    review_add(
        actor=system_actor("cspr tests"),
        metadata=ReviewMetadata(
            title="Child Dogwood: a local review",
            review_type="lcspr",
            year=2021,
            publication_date=date(2021, 12, 1),
            partnership=Partnership.objects.get(code=panel_2020.partnership),
            child_age_band="1_to_4",
            incident_type="serious_harm",
            learning_summary="A written agreement stood in for a safety plan.",
            themes=[*THEMES_2020, "written_agreements"],
        ),
    )
    doc, _ = briefing_document(kind="agency", year=YEAR, as_of=AS_OF)
    md = render(doc, "md").decode()
    story = md.split("### Child Dogwood: a local review")[1].split("#### Learning for practice")[0]
    assert story.rstrip().endswith("and written agreements.")
    assert "written_agreements" not in md and "written\\_agreements" not in md
