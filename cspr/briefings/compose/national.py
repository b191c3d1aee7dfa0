"""The national summary: key figures, comparisons, the period's leading themes and their learning."""

from cspr.briefings.compose.common import (
    about_section,
    comparison_sentence,
    fig,
    leading_sentence,
    learning_blocks,
    measure_parts,
    national_review_section,
    overdue_section,
    period_words,
    practice_blocks,
    report_table,
    theme_parts,
    themes_by_prevalence,
    themes_sentence,
    themes_table,
)
from cspr.briefings.compose.topical import topical_section, work_programme_section
from cspr.briefings.document import Column, Section, Table, bullets, p
from cspr.briefings.gather import Gathered
from cspr.domain import codes
from cspr.domain.deadlines import LCSPR_PUBLICATION_PERIOD, NOTIFICATION_PERIOD, RAPID_REVIEW_PERIOD
from cspr.domain.report_labels import label

HEADLINE_CHARACTERISTICS = tuple(
    f"notifications.characteristic.{flag}"
    for flag in ("domestic_abuse", "maternal_mental_ill_health", "paternal_mental_ill_health",
                 "parental_alcohol_misuse", "parental_drug_misuse", "neglect_feature")
)
AT_A_GLANCE = (
    "notifications.total", "children.total", "notifications.type.death", "notifications.type.serious_harm",
    "notifications.type.other", "rapid_reviews.total", "lcsprs.total",
)


def at_a_glance(g: Gathered, which: str = "national") -> Table:
    rows = tuple((label(mid), fig(g, mid, "count", which)) for mid in AT_A_GLANCE)
    return Table("At a glance", (Column("Measure"), Column("Number", True)), rows)


def summary(g: Gathered) -> Section:
    items = [
        p(fig(g, "notifications.total"), " serious incident notifications reached the Panel, concerning ",
          fig(g, "children.total"), " children."),
        p("Deaths: ", *measure_parts(g, "notifications.type.death"), ". Serious harm: ",
          *measure_parts(g, "notifications.type.serious_harm"), "."),
    ]
    comparison = comparison_sentence(g)
    if comparison:
        items.append(comparison)
    items += [
        leading_sentence(g, "The most common category of death",
                         [f"deaths.category.{c}" for c in codes.DEATH_CATEGORIES]),
        leading_sentence(g, "The most common form of non-fatal harm",
                         [f"non_fatal.category.{c}" for c in codes.HARM_CATEGORIES]),
        leading_sentence(g, "The case characteristic recorded most often", HEADLINE_CHARACTERISTICS),
        themes_sentence(g),
    ]
    return Section("summary", "Summary", (
        p(f"A summary of serious incident notifications to the Child Safeguarding Practice Review Panel in "
          f"{period_words(g)}, the practice themes found in rapid reviews, and the learning from published reviews "
          "on each theme.", style="lead"),
        bullets(*items),
        at_a_glance(g),
    ))


def theme_sections(g: Gathered) -> tuple[Section, ...]:
    found = []
    for code in themes_by_prevalence(g):
        blocks = [
            p("Rapid reviews coded with this theme: ", *theme_parts(g, code), "."),
            *practice_blocks(g, "theme", code, questions=False, resources=False),
            *learning_blocks(g, "theme", code),
        ]
        found.append(Section(f"theme-{code}", g.theme_labels[code], tuple(blocks)))
    return tuple(found)


def process_section() -> Section:
    """The review process in brief, as the Panel's and the NSPCC's summaries open. Words only: every
    number in a briefing is a figure of the report (tests/briefings/test_panel_2020.py)."""
    return Section("process", "The review process", (
        p("When a local authority in England knows or suspects that a child has been abused or neglected and "
          "the child has died or been seriously harmed, it notifies the Child Safeguarding Practice Review Panel, "
          f"within {NOTIFICATION_PERIOD} of becoming aware of the incident (the Children Act, and Working Together "
          "to Safeguard Children)."),
        p("The local safeguarding partners (the local authority, the integrated care board and the police) "
          f"then carry out a rapid review of the case, which they send to the Panel within {RAPID_REVIEW_PERIOD}. "
          "The rapid review asks what happened, what can be learned, and whether a fuller review is needed."),
        p("Where the partners decide that a case raises issues of importance locally, they commission a local "
          "child safeguarding practice review, and publish it, normally within "
          f"{LCSPR_PUBLICATION_PERIOD} of that decision. "
          "Where a case raises issues of national importance, or of a complex or recurring kind, the Panel may "
          "carry out a national review itself."),
        p("The Panel reads every rapid review and local review, responds to the partners, and draws out the "
          "themes that recur across the country: the themes and learning below come from that work."),
    ))


def representation_section(g: Gathered) -> Section | None:
    """Children by ethnic group and, where the report has a child-population baseline, against it."""
    tables = {t.id for t in g.national.tables()}
    blocks = [*report_table(g, "children-by-ethnic-group")] if "children-by-ethnic-group" in tables else []
    if "representation" in tables:
        blocks += [
            p("Each group's share of the children with a recorded ethnic group, against its share of England's "
              "child population. A ratio above one means more children of that group than the population would "
              "suggest; the reading says whether the whole ninety-five per cent interval of the ratio lies above "
              "or below one."),
            *report_table(g, "representation"),
        ]
    return Section("ethnicity", "Ethnicity and representation", tuple(blocks)) if blocks else None


def compose_national(g: Gathered) -> tuple[Section, tuple[Section, ...]]:
    representation = representation_section(g)
    topical = topical_section(g)
    sections = (
        Section("notifications", "Serious incident notifications", (
            *report_table(g, "notifications-by-type"),
            *report_table(g, "comparisons"),
        )),
        Section("children", "The children", (
            *report_table(g, "children-by-age"),
            *report_table(g, "children-by-gender"),
        )),
        *((representation,) if representation else ()),
        Section("deaths", "Child deaths", tuple(report_table(g, "deaths-by-category"))),
        Section("non-fatal", "Non-fatal incidents", tuple(report_table(g, "non-fatal-by-category"))),
        Section("characteristics", "Case characteristics", tuple(report_table(g, "case-characteristics"))),
        *((topical,) if topical else ()),
        Section(
            "themes",
            "Practice themes and learning",
            (
                p("The Panel's six practice themes, in order of how often rapid reviews in the period were coded "
                  "with them. A rapid review can be coded with several themes."),
                *themes_table(g),
            ),
            theme_sections(g),
        ),
        national_review_section(g),
        work_programme_section(g),
        overdue_section(g),
        process_section(),
        about_section(g),
    )
    return summary(g), sections
