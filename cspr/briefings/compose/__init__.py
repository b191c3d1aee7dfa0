"""From gathered data to a `Document`: one module per kind of briefing.

- national: key figures and comparisons, the leading themes with their learning;
- agency: practice points, supervision questions and resources for each theme
  and circumstance;
- partnership: the partnership's own figures and themes beside England's, for
  dissemination through supervision and team meetings.
"""

from cspr.briefings.compose.agency import compose_agency
from cspr.briefings.compose.national import compose_national
from cspr.briefings.compose.partnership import compose_partnership
from cspr.briefings.document import Document
from cspr.briefings.gather import Gathered
from cspr.briefings.models import AUDIENCES, KIND_LABELS
from cspr.domain.report_labels import period_label
from cspr.govuk.synthetic import is_synthetic

COMPOSERS = {"national": compose_national, "agency": compose_agency, "partnership": compose_partnership}
TITLES = {
    "national": "Serious incidents and learning: {period}",
    "agency": "What the {period} serious incidents mean for our practice",
    "partnership": "{partnership}: serious incidents and learning, {period}",
}


def title_for(kind: str, period_words: str, partnership_name: str = "") -> str:
    return TITLES[kind].format(period=period_words, partnership=partnership_name)


def compose(g: Gathered) -> Document:
    if g.kind == "partnership" and g.partnership is None:
        raise ValueError("a partnership briefing needs the partnership's report")
    summary, sections = COMPOSERS[g.kind](g)
    words = period_label(g.period)
    caption = KIND_LABELS[g.kind] + (f" for {g.partnership_name}" if g.partnership_name else "")
    if g.agency:
        caption += f" for {g.agency.name}"
    return Document(
        title=title_for(g.kind, words, g.partnership_name),
        caption=caption,
        kind=g.kind,
        audience=AUDIENCES[g.kind],
        summary=summary,
        sections=sections,
        notes=tuple(g.national.notes),
        symbols=dict(g.national.symbols),
        made_on=g.made_on,
        source=g.national.title,
        # Composed from the database this process reads: in demo mode that is synthetic.
        synthetic=is_synthetic(),
    )
