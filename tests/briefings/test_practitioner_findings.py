"""The practitioner briefings' findings: what is overdue, how many, where the links are, in what order.

- a recommendation whose action the partnership recorded as completed is not "still open" in its
  briefing (the recurrence flags' rule of done, cspr/learning/recurrence.py `marked_done`);
- a list cut to OVERDUE_LIMIT says how many there are and where the full list is;
- "follow the links" and "Read the review" only when there is a link, and each published review
  under "Learning from published reviews" says what it found;
- the themes' table and chart follow the order the text gives (the published values), as the
  theme sections below them do.

Figures come from a small synthetic register evaluated by the reference semantics (no database);
the recommendations and actions are written through the actions, as the service writes them.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cspr.briefings.compose import compose
from cspr.briefings.compose.common import overdue_section, themes_by_prevalence
from cspr.briefings.gather import OVERDUE_LIMIT, CaseStudy, Gathered, LearningItem, overdue_recommendations
from cspr.briefings.render import render
from cspr.domain import codes
from cspr.domain.report_build import ReportData, plan
from cspr.domain.report_labels import label
from cspr.domain.report_periods import calendar_year
from cspr.domain.reports import DEFINITIONS
from cspr.learning import actions
from tests.briefings.numbers import docx_text, html_text, md_text
from tests.briefings.test_figures_findings_2026_12_07b import register as coded_register
from tests.learning.reviews import add_review_as
from tests.service.personas import PARTNERSHIP_A, personas
from tests.stats.test_publish import evaluate

AS_OF = date(2026, 12, 7)
PERIOD = calendar_year(2025)
# Rapid reviews coded with each theme: far from the taxonomy's order, one tie, one theme never.
CODED = {
    "daily_life": 6,
    "reluctant_engagement": 9,
    "critical_thinking": 12,
    "changing_risk": 9,
    "information_sharing": 15,
}


def register(size: int = 16) -> dict[str, list[dict]]:
    return coded_register(("serious_harm",) * size, coded=CODED, start=date(2025, 1, 6))


def gathered(kind: str = "national", **extra) -> Gathered:
    definition = DEFINITIONS["panel-annual"]
    report = ReportData(definition, PERIOD, evaluate(register(), plan(definition, PERIOD).keys)).published(4)
    labels = {code: label(f"rapid_reviews.theme.{code}") for code in codes.THEMES_2020}
    return Gathered(
        kind=kind, period=PERIOD, as_of=AS_OF, threshold=4, national=report, theme_labels=labels, made_on=AS_OF, **extra
    )


def texts(g: Gathered) -> dict[str, str]:
    doc = compose(g)
    return {
        "md": md_text(render(doc, "md").decode()),
        "html": html_text(render(doc, "html").decode()),
        "docx": docx_text(render(doc, "docx")),
    }


def section_words(section) -> str:
    found = []
    for block in section.blocks:
        for para in getattr(block, "items", (block,)):
            found += [getattr(part, "text", str(part)) for part in getattr(para, "parts", ())]
        found += [getattr(block, "caption", "")]
        found += [getattr(cell, "text", str(cell)) for row in getattr(block, "rows", ()) for cell in row]
    return " ".join(found)


# --- Overdue recommendations ---------------------------------------------------------------------


@pytest.fixture
def people(db):
    return personas()


def _local_review(actor, partnership, count: int, title: str = "Child Q: local child safeguarding practice review"):
    return add_review_as(
        actor,
        title=title,
        partnership=partnership,
        recommendations=[
            {
                "text": f"Recommendation number {i}.",
                "owner_agency": "Health visiting",
                "due_date": (date(2022, 1, 1) + timedelta(days=i)).isoformat(),
                "status": "open",
            }
            for i in range(1, count + 1)
        ],
    )


def _complete(person, recommendation):
    action = actions.recommendation_action_add(
        actor=person,
        recommendation_id=recommendation.pk,
        description="Safer sleep at every contact",
        owning_agency="Health visiting",
        owner="Head of service",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    actions.recommendation_action_update(
        actor=person,
        action_id=action.pk,
        version=action.version,
        status="completed",
        completion_evidence="Audit of contacts",
    )


def test_a_recommendation_whose_action_the_partnership_completed_is_not_still_open_in_its_briefing(actor, people):
    review = _local_review(actor, PARTNERSHIP_A, 2)
    first, second = review.recommendations.order_by("position")
    _complete(people["alice"], first)  # alice: Birmingham's manager, the review's own partnership
    items, total = overdue_recommendations(AS_OF, PARTNERSHIP_A)
    assert [i.text for i in items] == [second.text] and total == 1
    g = gathered(
        "partnership", partnership_code=PARTNERSHIP_A, partnership_name="Birmingham", overdue=items, overdue_total=total
    )
    words = section_words(overdue_section(g, own=True))
    assert second.text in words and first.text not in words
    assert "with no action on them recorded as completed" in words
    # A national briefing goes to every partnership's managers, who may not see Birmingham's actions.
    items, total = overdue_recommendations(AS_OF)
    assert [i.text for i in items] == [first.text, second.text] and total == 2


def test_a_cut_overdue_list_says_how_many_there_are_and_where_the_full_list_is(actor, people, settings):
    _local_review(actor, PARTNERSHIP_A, OVERDUE_LIMIT + 3)
    items, total = overdue_recommendations(AS_OF)
    assert len(items) == OVERDUE_LIMIT and total == OVERDUE_LIMIT + 3
    assert items[0].text == "Recommendation number 1."  # the longest overdue first
    said = f"the {OVERDUE_LIMIT} longest overdue of the {OVERDUE_LIMIT + 3} recommendations past their due date"
    for site in ("", "https://cspr.example.org"):
        settings.CSPR_SITE_URL = site
        g = gathered(overdue=items, overdue_total=total, follow_up_href=f"{site}/learning/follow-up/" if site else "")
        for fmt, text in texts(g).items():
            assert said in text, fmt
            assert "What was done about recommendations" in text, fmt
        md = render(compose(g), "md").decode()
        assert ("](https://cspr.example.org/learning/follow-up/)" in md) == bool(site)


def test_an_overdue_list_that_is_not_cut_says_nothing_of_a_total(actor, people):
    _local_review(actor, PARTNERSHIP_A, 2)
    items, total = overdue_recommendations(AS_OF)
    words = section_words(overdue_section(gathered(overdue=items, overdue_total=total)))
    assert "longest overdue of the" not in words and "Recommendation number 2." in words


# --- Links, and what each review found -------------------------------------------------------------

# Listed under daily life: the sentence quoted is the one about the child's daily life (compose/common.py).
SUMMARY = (
    "The family were seen only on video calls, so nobody saw the baby's lived experience. "
    "No one saw where the baby slept."
)


def _item(href: str) -> LearningItem:
    return LearningItem("Child Cedar: a baby in lockdown", href, "Westshire", 2021, "Local review", summary=SUMMARY)


def _agency(href: str) -> Gathered:
    item = _item(href)
    study = CaseStudy(item, ("daily_life",), "Under 1", "death", SUMMARY, ("See the baby's sleeping place.",))
    return gathered("agency", learning={("theme", "daily_life"): [item]}, case_studies=[study])


def test_the_agency_note_asks_readers_to_follow_links_only_when_there_are_links():
    for fmt, text in texts(_agency("")).items():
        assert "Follow the links" not in text and "Read the review" not in text, fmt
    for fmt, text in texts(_agency("https://example.org/reviews/child-cedar")).items():
        assert "Follow the links to the published reviews" in text, fmt
        assert "Read the review: " in text, fmt


def test_each_published_review_under_learning_says_what_it_found():
    for fmt, text in texts(_agency("")).items():
        assert (
            "Child Cedar: a baby in lockdown (Westshire, 2021). The family were seen only on video calls, so nobody "
            "saw the baby's lived experience." in text
        )
        assert text.count("No one saw where the baby slept") == 1, (
            fmt
        )  # the first sentence only (the case study has all)


# --- The order of the themes -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["national", "agency"])
def test_the_themes_table_and_chart_follow_the_published_values_as_the_sections_do(kind):
    g = gathered(kind)
    order = themes_by_prevalence(g)
    # information sharing 15, critical thinking 12, then the tie at 9 in the taxonomy's order, daily life 6 ([c]
    # were it at the threshold), and the theme never coded last.
    assert order == [
        "information_sharing",
        "critical_thinking",
        "reluctant_engagement",
        "changing_risk",
        "daily_life",
        "leadership_culture",
    ]
    names = [g.theme_labels[c] for c in order]
    doc = compose(g)
    themes = next(s for s in doc.all_sections() if s.id == "themes")
    table = next(b for b in themes.blocks if getattr(b, "caption", "").startswith("Rapid reviews by practice theme"))
    assert [row[0] for row in table.rows] == names
    assert [row[1].path for row in table.rows] == [
        ("tables", "rapid-review-themes", codes.THEMES_2020.index(c), 1) for c in order
    ]  # each figure keeps its place in the report
    chart = next(b for b in themes.blocks if type(b).__name__ == "Chart")
    assert list(chart.view.categories) == names
    counts = dict(zip(chart.view.categories, chart.view.series[0][1]))
    assert [counts[n] for n in names] == [15, 12, 9, 9, 6, 0]
    assert [s.title for s in themes.subsections] == names
    md = md_text(render(doc, "md").decode())
    table_md = md.split("**Rapid reviews by practice theme")[1]
    assert [table_md.index(f"| {n} |") for n in names] == sorted(table_md.index(f"| {n} |") for n in names)
