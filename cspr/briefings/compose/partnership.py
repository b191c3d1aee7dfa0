"""The partnership briefing: its own figures beside England's, for supervision and team meetings.

Both sets of figures are published (disclosure control applied to each), so a
partnership's small counts show as [c]. Orderings use only published values:
a theme whose local figure is suppressed is listed after the ones shown.
"""

from cspr.briefings.compose.common import CHARACTERISTIC_MEASURES as LEADS
from cspr.briefings.compose.common import (
    about_section,
    characteristic_title,
    characteristics_by_prevalence,
    fig,
    learning_blocks,
    learning_item,
    measure_parts,
    national_review_section,
    nonzero,
    overdue_section,
    partnership_of,
    period_words,
    practice_blocks,
    report_table,
    shown,
    themes_by_prevalence,
    themes_table,
)
from cspr.briefings.document import Column, Section, Table, bullets, p
from cspr.briefings.gather import Gathered
from cspr.domain.report_labels import label

LOCAL = "partnership"
BESIDE = (
    "notifications.total",
    "notifications.type.death",
    "notifications.type.serious_harm",
    "notifications.type.other",
    "children.total",
    "children.age.under_1",
    "children.age.15_to_17",
    "notifications.characteristic.domestic_abuse",
    "notifications.characteristic.maternal_mental_ill_health",
    "notifications.characteristic.parental_drug_misuse",
    "notifications.characteristic.parental_alcohol_misuse",
    "notifications.characteristic.neglect_feature",
    "notifications.characteristic.previously_known",
    "rapid_reviews.total",
    "lcsprs.total",
)


def _pct(g: Gathered, mid: str, which: str):
    return fig(g, mid, "percent", which) if g.report(which).measures[mid].base is not None else "—"


def beside_table(g: Gathered, mids, caption: str, first: str = "Measure") -> Table:
    rows = tuple(
        (label(mid), fig(g, mid, "count", LOCAL), _pct(g, mid, LOCAL), fig(g, mid), _pct(g, mid, "national"))
        for mid in mids
    )
    columns = (Column(first), Column("Partnership: number", True), Column("Partnership: percentage", True),
               Column("England: number", True), Column("England: percentage", True))
    return Table(caption, columns, rows)


def local_vs_national(g: Gathered, mid: str) -> tuple:
    """"[c] in the partnership; 206 (42.7% of notifications) in England." """
    return (*measure_parts(g, mid, LOCAL), f" in {partnership_of(g)}; ", *measure_parts(g, mid), " in England.")


def summary(g: Gathered) -> Section:
    counts = {c: g.partnership.measures[f"rapid_reviews.theme.{c}"].count for c in g.theme_labels}
    # A theme with none is never "the most common"; with a theme's count hidden, the top of those
    # shown is only the top of those shown (a hidden one may be larger).
    local_order = [c for c in themes_by_prevalence(g, LOCAL) if nonzero(counts[c])]
    hidden = any(not shown(n) for n in counts.values())
    items = [
        p("Notifications: ", *local_vs_national(g, "notifications.total")),
        p("Deaths: ", *local_vs_national(g, "notifications.type.death")),
        p("Serious harm: ", *local_vs_national(g, "notifications.type.serious_harm")),
    ]
    if local_order:
        top = local_order[0]
        whose = "Of the practice themes whose local figures can be shown, our" if hidden else "Our"
        items.append(p(f"{whose} rapid reviews were coded most often with {g.theme_labels[top].lower()}: ",
                       *local_vs_national(g, f"rapid_reviews.theme.{top}")))
    elif hidden:
        items.append(p("Which practice theme our rapid reviews were coded with most often cannot be shown: the "
                       "figures are too small to publish."))
    else:
        items.append(p("None of our rapid reviews was coded with one of the Panel's practice themes."))
    return Section("summary", "Summary", (
        p(f"{partnership_of(g)}'s serious incident notifications in {period_words(g)} beside England's, the practice "
          "themes of our rapid reviews beside the national themes, and what they mean for practice. For sharing "
          "through supervision, team meetings, training and staff newsletters.", style="lead"),
        bullets(*items),
        p("Small numbers are not published: a figure shown as [c] is suppressed to protect the children and families "
          "concerned.", style="small"),
    ))


def theme_sections(g: Gathered) -> tuple[Section, ...]:
    return tuple(
        Section(f"theme-{code}", g.theme_labels[code], (
            p("Rapid reviews coded with this theme: ", *local_vs_national(g, f"rapid_reviews.theme.{code}")),
            *practice_blocks(g, "theme", code, questions_heading="Questions for supervision and team meetings"),
            *learning_blocks(g, "theme", code),
        ))
        for code in themes_by_prevalence(g, LOCAL)
    )


def characteristic_sections(g: Gathered) -> tuple[Section, ...]:
    found = []
    for code in characteristics_by_prevalence(g):
        figures = bullets(*(p(label(mid), ": ", *local_vs_national(g, mid)) for mid in LEADS[code]))
        found.append(Section(f"characteristic-{code}", characteristic_title(g, code), (
            figures,
            *practice_blocks(g, "characteristic", code, points=False,
                             questions_heading="Questions for supervision and team meetings"),
            *learning_blocks(g, "characteristic", code),
        )))
    return tuple(found)


def own_reviews_section(g: Gathered) -> Section:
    if not g.own_reviews:
        return Section("our-reviews", "Our reviews in the learning repository",
                       (p(f"The learning repository holds no published review of {partnership_of(g)} yet."),))
    items = []
    for item, codes_ in g.own_reviews:
        themes = [g.theme_labels[c] for c in g.theme_labels if c in codes_]
        extra = f": {', '.join(t.lower() for t in themes)}" if themes else ""
        items.append(p(*learning_item(item).parts, extra))
    return Section("our-reviews", "Our reviews in the learning repository", (
        p("Published reviews of our partnership in the learning repository, with the practice themes they were coded "
          "with."),
        bullets(*items),
    ))


def sharing_section() -> Section:
    return Section("sharing", "Sharing this briefing", (
        p("Please share this briefing across your organisation. Some ways to use it:"),
        bullets(
            "In supervision: choose one theme and work through its questions with a case you hold now.",
            "In team meetings: compare our figures with England's and talk about what lies behind any difference.",
            "In training: use the published reviews listed under each theme as case studies.",
            "In newsletters: link to this briefing and to the resources under each theme.",
        ),
        p("This document can be edited: add your organisation's name, local contacts and procedures before you "
          "send it out, but do not change the figures."),
    ))


def compose_partnership(g: Gathered) -> tuple[Section, tuple[Section, ...]]:
    name = partnership_of(g)
    theme_mids = [f"rapid_reviews.theme.{c}" for c in themes_by_prevalence(g, LOCAL)]
    sections = (
        Section("figures", "Our figures beside England's", (
            beside_table(g, BESIDE, f"{name} and England"),
            *report_table(g, "notifications-by-type", LOCAL, caption=f"{name}: notifications by type of incident"),
        )),
        Section(
            "themes",
            "Practice themes in our rapid reviews",
            (
                p("How often our rapid reviews were coded with each of the Panel's practice themes, beside England. "
                  "Themes whose local figure is suppressed come after those shown, and themes with none last."),
                beside_table(g, theme_mids, f"Practice themes: {name} and England", "Practice theme"),
                *themes_table(g, LOCAL, chart_only=True, caption=f"{name}: rapid reviews by practice theme"),
            ),
            theme_sections(g),
        ),
        Section("characteristics", "Circumstances of the incidents",
                (p("Circumstances recorded in the notifications, locally and in England."),),
                characteristic_sections(g)),
        own_reviews_section(g),
        overdue_section(g, own=True),
        national_review_section(g),
        sharing_section(),
        about_section(g),
    )
    return summary(g), sections
