"""The agency practice note: what the period's figures and themes mean for our practice."""

from cspr.briefings.compose.common import CHARACTERISTIC_MEASURES as LEADS
from cspr.briefings.compose.common import (
    about_section,
    characteristic_figures,
    characteristic_title,
    characteristics_by_prevalence,
    fig,
    learning_blocks,
    measure_parts,
    national_review_section,
    overdue_section,
    period_words,
    practice_blocks,
    report_table,
    review_links,
    shown,
    theme_parts,
    themes_by_prevalence,
    themes_sentence,
    themes_table,
)
from cspr.briefings.compose.topical import case_studies_section, topical_section
from cspr.briefings.document import Column, Section, Table, bullets, p
from cspr.briefings.gather import Gathered
from cspr.domain.report_labels import label

KEY_FIGURES = (
    "notifications.total",
    "notifications.type.death",
    "notifications.type.serious_harm",
    "children.total",
    "children.age.under_1",
    "children.age.15_to_17",
    "notifications.characteristic.previously_known",
    "rapid_reviews.total",
)


def key_figures(g: Gathered) -> Table:
    rows = []
    for mid in KEY_FIGURES:
        mv = g.national.measures[mid]
        pct = fig(g, mid, "percent") if mv.base is not None else "—"
        rows.append((label(mid), fig(g, mid), pct))
    columns = (Column("Measure"), Column("Number", True), Column("Percentage", True))
    return Table("Key figures for England", columns, tuple(rows))


def characteristics_sentence(g: Gathered) -> object:
    order = [c for c in characteristics_by_prevalence(g) if shown(g.national.measures[LEADS[c][0]].percent)][:3]
    if not order:
        return p("The case characteristics cannot be shown: the figures are too small to publish.")
    parts: list = ["Among the circumstances recorded: "]
    for i, code in enumerate(order):
        if i:
            parts.append("; ")
        parts += [label(LEADS[code][0]).lower(), " ", *measure_parts(g, LEADS[code][0])]
    parts.append(".")
    return p(*parts)


def summary(g: Gathered) -> Section:
    return Section("summary", "Summary", (
        p(f"What the serious incidents notified to the Child Safeguarding Practice Review Panel in {period_words(g)} "
          "mean for our practice: practice points, questions to use in supervision, and where to find out more.",
          style="lead"),
        bullets(
            p(fig(g, "notifications.total"), " serious incident notifications concerned ", fig(g, "children.total"),
              " children. Deaths: ", *measure_parts(g, "notifications.type.death"), "."),
            themes_sentence(g),
            characteristics_sentence(g),
            p("Children under one: ", *measure_parts(g, "children.age.under_1"),
              ". Young people aged fifteen to seventeen: ", *measure_parts(g, "children.age.15_to_17"), "."),
        ),
        p("How to use this note", style="heading"),
        bullets(
            "Read the practice points for the themes and circumstances you meet most often in your work.",
            "Take one or two of the questions to your next supervision or team meeting.",
            # Only when there is a link to follow: a review with no public address has none unless the
            # service's address is set (gather.py review_href).
            *(("Follow the links to the published reviews to read the learning in full.",) if review_links(g) else ()),
        ),
    ))


def theme_sections(g: Gathered) -> tuple[Section, ...]:
    return tuple(
        Section(f"theme-{code}", g.theme_labels[code], (
            p("Rapid reviews coded with this theme: ", *theme_parts(g, code), "."),
            *practice_blocks(g, "theme", code),
            *learning_blocks(g, "theme", code),
        ))
        for code in themes_by_prevalence(g)
    )


def characteristic_sections(g: Gathered) -> tuple[Section, ...]:
    return tuple(
        Section(f"characteristic-{code}", characteristic_title(g, code), (
            characteristic_figures(g, code),
            *practice_blocks(g, "characteristic", code),
            *learning_blocks(g, "characteristic", code),
        ))
        for code in characteristics_by_prevalence(g)
    )


def compose_agency(g: Gathered) -> tuple[Section, tuple[Section, ...]]:
    optional = tuple(s for s in (topical_section(g), case_studies_section(g)) if s is not None)
    sections = (
        Section("key-figures", "Key figures", (key_figures(g), *report_table(g, "notifications-by-type"))),
        Section(
            "themes",
            "Practice themes: what they mean for our practice",
            (p("The Panel's six practice themes, the most frequent first."), *themes_table(g)),
            theme_sections(g),
        ),
        Section(
            "characteristics",
            "Circumstances of the incidents",
            (p("Circumstances recorded in the notifications, the most frequent first."),
             *report_table(g, "case-characteristics")),
            characteristic_sections(g),
        ),
        *optional,
        national_review_section(g),
        overdue_section(g),
        about_section(g),
    )
    return summary(g), sections
