"""The sections the seed briefings have beside the figures: the year's topical factor (COVID-19 in
2020), case studies from published reviews, the Panel's work programme, and the exploitation line.

One register for the module (conftest `panel_2020`: the panel-2020 synthetic register, whose
notifications in the pandemic carry the COVID-19 flag, and a review that names the pandemic).
"""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from cspr.briefings.actions import briefing_document
from cspr.briefings.agencies import read_agency
from cspr.briefings.gather import theme_labels
from cspr.briefings.render import render
from cspr.cases.models import Notification
from cspr.domain.report_labels import label
from cspr.stats.report import build_report, resolve_period, threshold
from tests.briefings.conftest import AS_OF, YEAR
from tests.briefings.numbers import at, docx_text, md_text

pytestmark = pytest.mark.django_db
FLAG = "notifications.characteristic.covid_factor"
EXPLOITATION = "non_fatal.risk_taking_or_violence.exploitation_background"


@pytest.fixture(scope="module")
def briefings(panel_2020, django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("report", "--year", str(YEAR), "--format", "json", "--publish", stdout=out, stderr=io.StringIO())
        flagged = Notification.objects.filter(covid_factor="yes")
        topical = (
            build_report("panel-annual", period=resolve_period(year=YEAR), notifications=flagged)
            .published(threshold(), "suppress")
            .as_json()
        )
        docs = {kind: briefing_document(kind=kind, year=YEAR, as_of=AS_OF)[0] for kind in ("national", "agency")}
    md = {kind: render(doc, "md").decode() for kind, doc in docs.items()}
    return {"national": json.loads(out.getvalue()), "topical": topical, "docs": docs, "md": md}


def section(doc, section_id):
    return next(s for s in doc.all_sections() if s.id == section_id)


def part(md: str, heading: str) -> str:
    level = heading.split(" ")[0]
    return md.split(f"\n{heading}\n")[1].split(f"\n{level} ")[0]


@pytest.mark.parametrize("kind", ["national", "agency"])
def test_the_topical_factor_has_its_own_section_drawn_from_the_flagged_notifications(briefings, kind):
    doc, md = briefings["docs"][kind], briefings["md"][kind]
    topical = section(doc, "topical")
    assert topical.title == "COVID-19 as a factor"
    assert [s.title for s in topical.subsections] == [
        "The incidents",
        "The children",
        "Parental and family stressors",
        "Practice themes in these rapid reviews",
        "Learning from published reviews",
    ]
    count = briefings["national"]["measures"][FLAG]["count"]
    assert isinstance(count, int) and count > 0
    body = part(md, "## COVID-19 as a factor")
    assert f"Notifications where COVID-19 was recorded as a factor: {count:,} (" in body
    assert "drawn from the case register and the learning repository" in body
    # Its tables are the report over the flagged notifications, figure by figure.
    figures = [f for f in doc.figures() if f.report == "topical"]
    assert len(figures) > 30
    for fig in figures:
        assert fig.value == at(briefings["topical"], fig.path), fig.path
    ages = next(f for f in figures if f.path[:2] == ("tables", "children-by-age"))
    assert ages is not None
    assert (
        briefings["topical"]["measures"][FLAG]["count"]
        == briefings["topical"]["measures"]["notifications.total"]["count"]
    )  # every notification in it has the flag


def test_the_topical_learning_lists_only_reviews_that_name_the_factor(briefings):
    learning = part(briefings["md"]["national"], "### Learning from published reviews")
    assert "[Child Cedar: a baby in lockdown](https://example.org/reviews/child-cedar) (Westshire, 2021)" in learning
    assert "Child Alder" not in learning and "Child Birch" not in learning


def test_a_period_without_the_flag_has_no_topical_section(panel_2020, django_db_blocker):
    with django_db_blocker.unblock():
        doc, _ = briefing_document(kind="national", date_from=date(2020, 1, 1), date_to=date(2020, 2, 29), as_of=AS_OF)
    assert "topical" not in {s.id for s in doc.all_sections()}


def test_the_agency_briefing_tells_published_reviews_as_case_studies_chosen_by_theme(briefings, django_db_blocker):
    doc, md = briefings["docs"]["agency"], briefings["md"]["agency"]
    studies = section(doc, "case-studies").subsections
    assert sorted(s.title for s in studies) == ["Child Alder: a local review", "Child Cedar: a baby in lockdown"]
    alder = part(md, "### Child Alder: a local review")
    assert "#### The story in brief" in alder and "about a child aged under 1 who was seriously harmed" in alder
    assert "#### Learning for practice\n\nProfessionals did not see the baby's daily care." in alder
    assert "Health visitors see fathers at the new birth visit." in alder
    assert "[Child Alder: a local review](https://example.org/reviews/child-alder)" in alder
    # Chosen by theme: each study leads with a theme, in the order of the themes' published counts.
    measures = briefings["national"]["measures"]
    with django_db_blocker.unblock():
        code_of = {name.lower(): code for code, name in theme_labels().items()}
    coded = [s.blocks[1].parts[0].split("coded with ")[1] for s in studies]
    leads = [next(code for name, code in code_of.items() if text.startswith(name)) for text in coded]
    counts = [measures[f"rapid_reviews.theme.{c}"]["count"] for c in leads]
    assert counts == sorted(counts, reverse=True)
    # No other theme of these reviews was more common than the one the first study leads with.
    offered = {"daily_life", "critical_thinking", "reluctant_engagement"}
    assert counts[0] == max(measures[f"rapid_reviews.theme.{c}"]["count"] for c in offered)
    assert "Case studies" in docx_text(render(doc, "docx"))


def test_the_national_briefing_has_the_panel_s_work_programme(briefings):
    work = part(briefings["md"]["national"], "## The Panel's work programme")
    rows = [line for line in work.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1:] == [
        "| Supporting vulnerable children and families during COVID-19 | 2020 to 2021 | Under review |",
        "| Safeguarding children at risk of criminal exploitation | 2021 to 2022 | Planned |",
    ]
    assert "How partners kept in touch with children when schools and services closed." in work


def test_the_agency_briefing_gives_the_share_of_risk_taking_with_exploitation_in_the_background(briefings):
    body = md_text(briefings["md"]["agency"])
    value = briefings["national"]["measures"][EXPLOITATION]
    line = next(line for line in body.splitlines() if label(EXPLOITATION) in line)
    assert isinstance(value["count"], int) and isinstance(value["percent"], float)  # shown for panel-2020
    assert f": {value['count']:,} ({value['percent']:.1f}% of " in line


def test_an_agency_briefing_lists_the_agency_s_own_resources_first(panel_2020, django_db_blocker):
    with django_db_blocker.unblock():
        doc, parameters = briefing_document(kind="agency", year=YEAR, as_of=AS_OF, agency="health")
    health = read_agency("health")
    assert parameters["agency"] == {"code": "health", "sha256": health.sha256}
    assert doc.caption.endswith("for health services")
    md = render(doc, "md").decode()
    injury = md.split("\n### Non-accidental injury")[1].split("\n### ")[0]
    own = injury.split("#### Resources for health services\n")[1].split("\n#### ")[0]
    assert (
        "[Child maltreatment: when to suspect maltreatment in under eighteens](https://www.nice.org.uk/guidance/cg89)"
        in own
    )
    more = injury.split("#### More resources\n")[1]
    assert "https://www.nice.org.uk/guidance/cg89" not in more and "](https://" in more
    # A section the agency has chosen nothing for keeps the shared list alone.
    assert "#### Resources\n" in md.split("\n### Sexual abuse and sexual exploitation")[1].split("\n### ")[0]
