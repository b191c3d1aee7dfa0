"""The year's topical factor (COVID-19 in 2020), the Panel's work programme, and case studies.

The topical section is drawn from the register and the repository only: the notifications
flagged with the factor (their own published report, fully protected), the rapid reviews of
those notifications and their themes, and the published reviews that name the factor. The
section says so, and never holds a figure the reports do not.
"""

from cspr.briefings.compose.common import comparison_sentence, learning_item, measure_parts, report_table
from cspr.briefings.document import Column, Link, Section, Table, bullets, p
from cspr.briefings.gather import CaseStudy, Gathered
from cspr.domain.report_labels import label

INCIDENTS = {"death": "who died", "serious_harm": "who was seriously harmed"}


def topical_section(g: Gathered) -> Section | None:
    if g.topical is None:
        return None
    name, mid = g.topical_name, f"notifications.characteristic.{g.topical_code}"
    blocks = [
        p(f"Notifications where {name} was recorded as a factor: ", *measure_parts(g, mid), "."),
        p(
            f"This section is drawn from the case register and the learning repository: the notifications whose "
            f"partnership recorded {name} as a factor, the rapid reviews of those notifications and the themes they "
            f"were coded with, and the published reviews that name {name}. Its figures are published with the same "
            "disclosure control as a partnership's, so some show as [c].",
            style="small",
        ),
    ]
    comparison = comparison_sentence(g)
    if comparison:
        blocks.append(comparison)

    def sub(sid: str, title: str, intro: str, *tables: str):
        found = [p(intro)]
        for table_id in tables:
            # A caption of its own: each table is a region named by its caption (axe: landmark-unique).
            title_of = next(t.title for t in g.topical.tables() if t.id == table_id)
            caption = f"{name} a factor: {title_of[:1].lower()}{title_of[1:]}"
            found += report_table(g, table_id, "topical", caption=caption)
        return Section(f"topical-{sid}", title, tuple(found))

    reviews = (
        [bullets(*(learning_item(i, found=True) for i in g.topical_reviews))]
        if g.topical_reviews
        else [p(f"No published review in the learning repository names {name} yet.")]
    )
    subsections = (
        sub(
            "incidents",
            "The incidents",
            f"The incidents where {name} was a factor, by type and category.",
            "notifications-by-type",
            "deaths-by-category",
            "non-fatal-by-category",
        ),
        sub("children", "The children", "The children in those incidents, by age.", "children-by-age"),
        sub(
            "stressors",
            "Parental and family stressors",
            "What else was recorded in those notifications.",
            "case-characteristics",
        ),
        sub(
            "themes",
            "Practice themes in these rapid reviews",
            "The practice themes the rapid reviews of these incidents were coded with.",
            "rapid-review-themes",
        ),
        Section(
            "topical-learning",
            "Learning from published reviews",
            (p(f"Published reviews in the learning repository that name {name}."), *reviews),
        ),
    )
    return Section("topical", f"{name} as a factor", tuple(blocks), subsections)


def work_programme_section(g: Gathered) -> Section:
    intro = p("The topics the Panel is looking at across the country, beyond single cases, with their status.")
    if not g.work_programme:
        return Section(
            "work-programme", "The Panel's work programme", (intro, p("There are no topics in the work programme yet."))
        )
    rows = tuple((t.title, t.programme_year, t.status) for t in g.work_programme)
    table = Table("Work programme topics", (Column("Topic"), Column("Programme year"), Column("Status")), rows)
    summaries = bullets(*(p(t.title, ": ", t.summary) for t in g.work_programme if t.summary))
    return Section(
        "work-programme", "The Panel's work programme", (intro, table, *((summaries,) if summaries.items else ()))
    )


def case_study(g: Gathered, study: CaseStudy, number: int) -> Section:
    item = study.item
    where = ", ".join(x for x in (item.area, str(item.year)) if x)
    story = [f"A {item.review_type.lower() or 'review'}" + (f" ({where})" if where else ""), "about a child"]
    if study.child_age_band:
        story.append(f"aged {study.child_age_band.lower()}")
    if study.incident_type in INCIDENTS:
        story.append(INCIDENTS[study.incident_type])
    # A review may carry a 2018-19 theme (written_agreements) beside the Panel's six: the labels' one home names it.
    names = [(g.theme_labels.get(t) or label(f"rapid_reviews.theme.{t}")).lower() for t in study.themes]
    themes = " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    blocks = [
        p("The story in brief", style="heading"),
        p(" ".join(story) + f". The review was coded with {themes}."),
        p("Learning for practice", style="heading"),
        p(study.learning_summary),
    ]
    if study.recommendations:
        blocks += [p("What the review asked partners to change", style="heading"), bullets(*study.recommendations)]
    if item.href:  # without an address there is nothing to read it at: the title heads the study already
        blocks.append(p("Read the review: ", Link(item.title, item.href), "."))
    return Section(f"case-study-{number}", item.title, tuple(blocks))


def case_studies_section(g: Gathered) -> Section | None:
    if not g.case_studies:
        return None
    intro = p(
        "Published reviews from the learning repository, one for each of the leading practice themes: what "
        "happened in brief, and what the review found for practice."
    )
    subsections = tuple(case_study(g, s, i) for i, s in enumerate(g.case_studies, 1))
    return Section("case-studies", "Case studies", (intro,), subsections)
