"""Building blocks every kind of briefing uses: figures, sentences, and shared sections.

A figure always comes from the published report (`fig`, `measure_parts`,
`report_table`); ordering by size uses only published values, so the order
never hints at a suppressed one.
"""

import functools
import re
from dataclasses import replace

from cspr.briefings.document import Bullets, Chart, Column, Fig, Link, Para, Section, Table, bullets, p
from cspr.briefings.gather import Gathered, LearningItem
from cspr.briefings.models import AUDIENCES
from cspr.domain.codes import THEMES_2020
from cspr.domain.dates import long_date
from cspr.domain.disclosure import NOT_AVAILABLE, SUPPRESSED
from cspr.domain.measures import MEASURES
from cspr.domain.report_build import TableView
from cspr.domain.report_labels import LABELS, label, period_label
from cspr.domain.themes import CHARACTERISTIC_CODES
from cspr.learning.suggest import lexicon

# The report's measures that speak to each case characteristic (the first leads).
CHARACTERISTIC_MEASURES: dict[str, tuple[str, ...]] = {
    "domestic_abuse": ("notifications.characteristic.domestic_abuse", "notifications.domestic_abuse_and_substance"),
    "parental_mental_ill_health": (
        "notifications.characteristic.maternal_mental_ill_health",
        "notifications.characteristic.paternal_mental_ill_health",
    ),
    "parental_substance_misuse": (
        "notifications.characteristic.parental_drug_misuse",
        "notifications.characteristic.parental_alcohol_misuse",
    ),
    "neglect": ("notifications.characteristic.neglect_feature", "non_fatal.category.neglect"),
    "sudi_unsafe_sleep": ("deaths.category.sudi",),
    "criminal_exploitation": (
        "notifications.characteristic.exploitation_background",
        "non_fatal.category.criminal_exploitation",
        # The Panel's "of which 75% had evidence of criminal exploitation, gang violence or county lines".
        "non_fatal.risk_taking_or_violence.exploitation_background",
    ),
    "sexual_abuse": (
        "non_fatal.category.sexual_abuse_in_family",
        "non_fatal.category.sexual_abuse_extra_familial",
        "non_fatal.category.sexual_exploitation",
    ),
    "suicide_self_harm": ("deaths.category.suicide", "children.status.child_mental_ill_health"),
    "non_accidental_injury": ("non_fatal.category.physical_abuse", "children.age.under_1"),
    "home_education": ("children.status.home_educated",),
    "looked_after": ("children.status.looked_after",),
}
assert set(CHARACTERISTIC_MEASURES) == set(CHARACTERISTIC_CODES)


# --- Figures ----------------------------------------------------------------------------


def fig(g: Gathered, mid: str, field: str = "count", which: str = "national") -> Fig:
    """One measure's count or percentage from a published report, with where it came from."""
    mv = g.report(which).measures[mid]
    return Fig(getattr(mv, field), "percent" if field == "percent" else "count", which, ("measures", mid, field))


def shown(value) -> bool:
    return isinstance(value, (int, float)) and value != SUPPRESSED


def base_words(mid: str) -> str:
    base = MEASURES[mid].base_population
    return LABELS.get(f"population.{base}", base or "")


def measure_parts(g: Gathered, mid: str, which: str = "national") -> tuple:
    """"206 (42.7% of notifications)", or the count alone when there is no percentage to show."""
    count = fig(g, mid, "count", which)
    mv = g.report(which).measures[mid]
    if count.suppressed or mv.percent is None or mv.percent == SUPPRESSED:
        return (count,)
    return (count, " (", fig(g, mid, "percent", which), f" of {base_words(mid)})")


def ranked(g: Gathered, mids, which: str = "national", field: str = "count") -> list[str]:
    """Measure ids largest first by their *published* value; suppressed ones next, in the given order;
    zeros last. A zero is never suppressed, so a [c] is known to be at least 1: above a zero, though
    it may be above or below any other shown figure."""
    mids = list(mids)
    values = {mid: getattr(g.report(which).measures[mid], field) for mid in mids}
    known = sorted((m for m in mids if shown(values[m]) and values[m]), key=lambda m: (-values[m], mids.index(m)))
    zeros = [m for m in mids if shown(values[m]) and not values[m]]
    return known + [m for m in mids if not shown(values[m])] + zeros


def nonzero(value) -> bool:
    """A published count above nothing: the only kind that can be "the most common"."""
    return shown(value) and value > 0


def _in_order(labels, row_order) -> list[int]:
    """The indexes of `labels`, those `row_order` names first in its order, the rest after as they were."""
    place = {name: i for i, name in enumerate(row_order)}
    return sorted(range(len(labels)), key=lambda i: (place.get(labels[i], len(place)), i))


def report_table(g: Gathered, table_id: str, which: str = "national", *, caption: str = "",
                 chart_only: bool = False, row_order=()) -> list:
    """A table of the published report, as blocks: its chart (if it has a bar to draw) and the table.

    `row_order` names rows (by their label) in the order the table and its chart show them, when
    the text says what order that is; each figure keeps its place in the report (its path).
    A table whose every figure is suppressed becomes one sentence saying so.
    """
    table: TableView = next(t for t in g.report(which).tables() if t.id == table_id)
    kinds = {"count": "count", "percent": "percent", "ratio": "ratio", "change": "change"}
    rows = []
    for r in _in_order([str(row[0]) for row in table.rows], row_order):
        row = table.rows[r]
        cells = []
        for c, (value, column) in enumerate(zip(row, table.columns)):
            if column.kind == "label":
                cells.append(str(value))
            else:
                cells.append(Fig(value, kinds.get(column.kind, "count"), which, ("tables", table_id, r, c)))
        rows.append(tuple(cells))
    caption = caption or table.title
    if not any(isinstance(cell, Fig) and shown(cell.value) for row in rows for cell in row):
        return [p(f"{caption}: every figure is too small to publish, so none is shown.")]
    blocks = []
    if table.chart is not None and any(shown(v) and v > 0 for _, values in table.chart.series for v in values):
        view = replace(table.chart, title=caption) if caption != table.title else table.chart
        if row_order:
            bars = _in_order(view.categories, row_order)
            view = replace(view, categories=tuple(view.categories[i] for i in bars),
                           series=tuple((name, tuple(values[i] for i in bars)) for name, values in view.series))
        blocks.append(Chart(view, f"chart-{which}-{table_id}"))
    if chart_only:
        return blocks
    columns = tuple(Column(col.header, col.kind != "label") for col in table.columns)
    blocks.append(Table(caption, columns, tuple(rows)))
    blocks.extend(p(note, style="small") for note in table.notes)
    return blocks


def themes_by_prevalence(g: Gathered, which: str = "national") -> list[str]:
    return [mid.rsplit(".", 1)[1] for mid in ranked(g, [f"rapid_reviews.theme.{c}" for c in THEMES_2020], which)]


def themes_table(g: Gathered, which: str = "national", **options) -> list:
    """The report's table of practice themes, and its chart, in the order of the theme sections."""
    order = [label(f"rapid_reviews.theme.{code}") for code in themes_by_prevalence(g, which)]
    return report_table(g, "rapid-review-themes", which, row_order=order, **options)


def theme_parts(g: Gathered, code: str, which: str = "national") -> tuple:
    return measure_parts(g, f"rapid_reviews.theme.{code}", which)


def period_words(g: Gathered) -> str:
    return period_label(g.period)


def partnership_of(g: Gathered) -> str:
    return g.partnership_name or "the partnership"


# --- Sentences -----------------------------------------------------------------------------


def comparison_sentence(g: Gathered) -> Para | None:
    c = g.national.comparisons.get("apr_to_sep_vs_previous_year")
    if c is None:
        return None
    path = ("comparisons", "apr_to_sep_vs_previous_year")
    this = Fig(c.this.count, "count", "national", (*path, "this", "count"))
    # The report marks a period the register does not cover [x] (domain/report_periods.py).
    if c.this.count == NOT_AVAILABLE:
        return None
    if c.previous.count == NOT_AVAILABLE:
        return p("Notifications from April to September: ", this, ". The register does not cover the same months "
                 "a year earlier, so there is nothing to compare them with.")
    before = Fig(c.previous.count, "count", "national", (*path, "previous", "count"))
    if not shown(c.percent_change):
        return p("Notifications from April to September: ", this, ", against ", before,
                 " in the same months a year earlier.")
    direction = "higher" if c.percent_change > 0 else "lower" if c.percent_change < 0 else "the same as"
    pct = Fig(abs(c.percent_change), "percent", "national", (*path, "percent_change"))
    if direction == "the same as":
        return p("Notifications from April to September were the same as a year earlier (", this, ").")
    return p("Notifications from April to September were ", pct, f" {direction} than in the same months a year "
             "earlier (", this, " against ", before, ").")


def leading_sentence(g: Gathered, prefix: str, mids, which: str = "national", *, of_shown: bool = False) -> Para:
    """"The most common X was Y (count, percent)", from published values only."""
    order = ranked(g, mids, which)
    top = order[0]
    count = g.report(which).measures[top].count
    if not shown(count):
        return p(prefix, " cannot be shown: the figures are too small to publish.")
    if not nonzero(count):  # every one is 0: none is the most common
        return p(prefix, " cannot be named: none was recorded.")
    words = " of those whose figures can be shown" if of_shown else ""
    return p(prefix, f"{words} was {label(top).lower()}: ", *measure_parts(g, top, which), ".")


def themes_sentence(g: Gathered, which: str = "national", count: int = 3) -> Para:
    measures = g.report(which).measures
    order = [c for c in themes_by_prevalence(g, which) if nonzero(measures[f"rapid_reviews.theme.{c}"].count)]
    if not order:
        if all(shown(measures[f"rapid_reviews.theme.{c}"].count) for c in THEMES_2020):
            return p("No rapid review was coded with one of the Panel's practice themes.")
        return p("The practice themes of rapid reviews cannot be shown: the figures are too small to publish.")
    parts: list = ["The practice themes found most often in rapid reviews were "]
    chosen = order[:count]
    for i, code in enumerate(chosen):
        if i:
            parts.append(" and " if i == len(chosen) - 1 else ", ")
        parts += [g.theme_labels[code].lower(), " (", fig(g, f"rapid_reviews.theme.{code}", "percent", which), ")"]
    parts.append(".")
    return p(*parts)


# --- Learning and practice -------------------------------------------------------------------


def first_sentence(text: str) -> str:
    """A summary's first sentence: up to the first full stop, question or exclamation mark before a capital."""
    text = " ".join(text.split())
    found = re.match(r"(.+?[.!?])\s+(?=[A-Z\"'‘“(])", text)
    return found.group(1) if found else text


def label_sentence(item: LearningItem, code: str) -> str:
    """The first evidence sentence a coder accepted for `code`, or else the sentence of the review's
    learning summary that says most plainly that it concerns `code`: the one with the label's
    strongest phrase (cspr/learning/data/lexicon.toml). "" when no sentence does: the review was
    coded with the label from its whole text, and the title alone is better than a sentence about
    something else (a review's opening sentence under every theme it was coded with)."""
    if item.evidence:  # the sentence a coder accepted as the label's evidence
        return " ".join(item.evidence[0].split())
    if not item.summary.strip():
        return ""
    found = _lexicon_match(item.summary)
    evidence = found.labels.get(code)
    if evidence is None or not evidence.sentence_indexes:
        return ""
    return " ".join(found.sentences[evidence.sentence_indexes[0]].text.split())


@functools.lru_cache(maxsize=256)
def _lexicon_match(summary: str):
    # A briefing names one review under several labels: its summary is matched once.
    return lexicon().match(summary)


def learning_item(item: LearningItem, *, found: bool = False, label: str = "") -> Para:
    """A published review: its title (linked when it has an address), where and when; with `label`, the
    sentence of its learning summary that concerns that theme or characteristic, if one does; with `found`
    alone, the summary's first sentence, so the reader learns what it found without the link."""
    title = Link(item.title, item.href) if item.href else item.title
    where = ", ".join(x for x in (item.area, str(item.year)) if x)
    parts = [title, f" ({where})" if where else "", " — our partnership's review" if item.own else ""]
    sentence = label_sentence(item, label) if label else first_sentence(item.summary) if found else ""
    if sentence.strip():
        parts += [". ", sentence]
    return p(*parts)


def learning_blocks(g: Gathered, kind: str, code: str, *, heading: str = "Learning from published reviews") -> list:
    items = g.learning.get((kind, code), [])
    if not items:
        return [p(heading, style="heading"),
                p("No published review in the learning repository is coded with this yet.")]
    return [p(heading, style="heading"), bullets(*(learning_item(i, label=code) for i in items))]


def review_links(g: Gathered) -> bool:
    """Whether any published review the briefing names has a link to follow."""
    items = [*(i for found in g.learning.values() for i in found), *g.topical_reviews,
             *(s.item for s in g.case_studies)]
    return any(i.href for i in items)


def resource_list(resources) -> Bullets:
    return bullets(*(p(Link(r["title"], r["url"]), f" ({r['publisher']})" if r.get("publisher") else "")
                     for r in resources))


def practice_blocks(g: Gathered, kind: str, code: str, *, points=True, questions=True, resources=True,
                    questions_heading="Questions for supervision") -> list:
    entry = g.practice.get((kind, code))
    if entry is None:
        return []
    blocks = [p(entry["summary"])]
    if points:
        blocks += [p("Practice points", style="heading"), bullets(*entry["practice_points"])]
    if questions:
        blocks += [p(questions_heading, style="heading"), bullets(*entry["reflective_questions"])]
    if resources:
        # An agency's own list (cspr/briefings/data/agencies/) comes first; the shared list's
        # links it already gives are not repeated.
        own = g.agency.resources.get((kind, code), ()) if g.agency else ()
        if own:
            given = {r["url"] for r in own}
            rest = [r for r in entry["resources"] if r["url"] not in given]
            blocks += [p(f"Resources for {g.agency.name}", style="heading"), resource_list(own)]
            if rest:
                blocks += [p("More resources", style="heading"), resource_list(rest)]
        else:
            blocks += [p("Resources", style="heading"), resource_list(entry["resources"])]
    return blocks


def characteristic_title(g: Gathered, code: str) -> str:
    entry = g.practice.get(("characteristic", code))
    return entry["title"] if entry else code.replace("_", " ").capitalize()


def characteristics_by_prevalence(g: Gathered, which: str = "national") -> list[str]:
    lead = {CHARACTERISTIC_MEASURES[c][0]: c for c in CHARACTERISTIC_CODES}
    return [lead[mid] for mid in ranked(g, lead, which, field="percent")]


def characteristic_figures(g: Gathered, code: str, which: str = "national") -> Bullets:
    return bullets(*(p(label(mid), ": ", *measure_parts(g, mid, which)) for mid in CHARACTERISTIC_MEASURES[code]))


# --- Shared sections ------------------------------------------------------------------------


def national_review_section(g: Gathered) -> Section:
    # Only the reviews the Panel has announced (gather.py national_reviews; ADR 0016).
    intro = p("The Panel reviews cases that raise issues of complex or national importance. These are the national "
              "reviews it has commissioned or published, with their topics.")
    if not g.national_reviews:
        return Section("national-reviews", "The Panel's national review programme",
                       (intro, p("The Panel has not commissioned a national review yet.")))
    rows = []
    for r in g.national_reviews:
        when = r.published_date or r.commissioned_date
        status = f"{r.status} on {long_date(when)}" if when else r.status
        rows.append((r.title, r.topic, status))
    table = Table("National reviews and their topics",
                  (Column("National review"), Column("Topic"), Column("Status")), tuple(rows))
    return Section("national-reviews", "The Panel's national review programme", (intro, table))


def overdue_section(g: Gathered, *, own: bool = False) -> Section:
    title = ("Our recommendations still open past their due date" if own
             else "Recommendations still open past their due date")
    whose = f"{partnership_of(g)}'s published reviews" if own else "published reviews in the learning repository"
    # Done is the follow-up pages' rule, over the actions this briefing's audience may see (gather.py).
    done = ", with no action on them recorded as completed" if own else ""
    intro = p(f"Recommendations of {whose} that were still open or in progress on "
              f"{long_date(g.as_of)}, after the date they were due{done}. The longest overdue come first.")
    if not g.overdue:
        return Section("overdue", title, (intro, p("None: every recommendation with a due date before then has "
                                                   "been completed or closed" + (", or has an action recorded as "
                                                   "completed." if own else "."))))
    rows = tuple(
        (Link(o.review_title, o.review_href) if o.review_href else o.review_title, o.text, o.owner or "Not recorded",
         long_date(o.due_date), o.status)
        for o in g.overdue
    )
    columns = (Column("Review"), Column("Recommendation"), Column("Owner"), Column("Due"), Column("Status"))
    blocks = [intro]
    caption = "Recommendations past their due date"
    if g.overdue_total > len(g.overdue):
        # The list is cut to OVERDUE_LIMIT: say so, and where the rest are.
        caption = f"Recommendations past their due date: the {len(g.overdue)} longest overdue of {g.overdue_total}"
        where = (("The full list of recommendations, and what was done about them, is in the service: ",
                  Link("What was done about recommendations", g.follow_up_href), ".") if g.follow_up_href
                 else ("The full list of recommendations, and what was done about them, is in the service, "
                       "on the page “What was done about recommendations”.",))
        blocks.append(p(f"This briefing lists the {len(g.overdue)} longest overdue of the {g.overdue_total} "
                        "recommendations past their due date. ", *where))
    return Section("overdue", title, (*blocks, Table(caption, columns, rows)))


def about_section(g: Gathered) -> Section:
    report = g.national
    blocks = [
        p(f"Made by cspr on {long_date(g.made_on)} from the case register and the learning repository. "
          f"Audience: {AUDIENCES[g.kind].lower()}."),
        p("Every figure comes from cspr's published statistics for the period (the same figures as the annual "
          "report tables), by the date each notification reached the Panel. Disclosure control is always applied: "
          "counts of ", Fig(g.threshold, "count", "national", ("report", "threshold")),
          " or fewer, and any count from which one could be worked out, are shown as [c]."),
    ]
    if g.partnership is not None:
        blocks.append(p(f"{partnership_of(g)}'s own figures are controlled in the same way, so some of its "
                        "figures are shown as [c]."))
    blocks.append(p("The practice points, questions and resources were written by the cspr team in plain English "
                    "and are kept up to date by the service's administrators."))
    blocks += [p("Notes on the figures", style="heading"), bullets(*report.notes)]
    symbols = dict(report.symbols) or {"z": "not applicable"}
    blocks += [p("Symbols", style="heading"), bullets(*(f"[{s}]: {meaning}" for s, meaning in symbols.items()))]
    return Section("about", "About this briefing", tuple(blocks))
