"""Everything a briefing shows, read from the database in a few queries.

Figures come only from the report object (cspr/stats/report.py), published:
disclosure control is always applied, for England and for a partnership's own
figures alike. The rest is text the register and the learning repository hold:
published reviews coded with each theme or characteristic, the Panel's
national reviews it has announced, and recommendations still open after their due date.
States, their names and the open recommendations come from cspr/domain/workflow.py.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cspr.briefings.agencies import AgencyResources
from cspr.briefings.models import PracticeContent
from cspr.cases.models import Notification
from cspr.core.models import Partnership, PracticeTheme
from cspr.domain.codes import THEMES_2020
from cspr.domain.measures import Period
from cspr.domain.report_build import Report
from cspr.domain.report_labels import label
from cspr.domain.themes import CHARACTERISTIC_CODES
from cspr.domain.workflow import (
    NATIONAL_REVIEW_ANNOUNCED,
    RECOMMENDATION_OPEN,
    NationalReviewStatus,
    WorkProgrammeStatus,
    state_name,
)
from cspr.learning.models import (
    AgeBand,
    PublishedReview,
    Recommendation,
    RecommendationAction,
    RecommendationStatus,
    ReviewLabel,
    ReviewType,
    SuggestionStatus,
    ThemeSuggestion,
    marked_done,
)
from cspr.reviews.models import NationalReview, WorkProgrammeTopic
from cspr.stats.report import build_report, national_report

DEFINITION = "panel-annual"
LEARNING_PER_LABEL = 5  # published reviews listed under each theme or characteristic
OVERDUE_LIMIT = 25  # recommendations listed, longest overdue first; the briefing says how many there are
# The learning repository's review page, linked when a review has no public address
# of its own and the operator has set CSPR_SITE_URL (a briefing is a file: links must be absolute).
REVIEW_URL_NAME = "learning_review_detail"
# Where the full list of what was done about recommendations is, named when the overdue list is cut.
FOLLOW_UP_URL_NAME = "learning_follow_up"
# National reviews in the order of their workflow (commissioned, then published).
NATIONAL_REVIEW_ORDER = tuple(NationalReviewStatus)
# The year's topical factor: a yes/no flag on notifications (cspr/domain/codes.py NOTIFICATION_FLAGS)
# and the words that find it in the learning repository's published reviews. The section shows
# only when the period's published count of notifications with the flag is above nothing.
TOPICAL_FACTORS = {"covid_factor": ("COVID-19", ("covid", "coronavirus", "pandemic", "lockdown"))}
CASE_STUDIES = 2  # published reviews told in brief in the agency briefing, chosen by theme
# Work-programme topics under review first: what the Panel is working on now, then what is to come.
WORK_PROGRAMME_ORDER = (WorkProgrammeStatus.UNDER_REVIEW, WorkProgrammeStatus.PLANNED,
                        WorkProgrammeStatus.REPORTED, WorkProgrammeStatus.WITHDRAWN)


@dataclass(frozen=True)
class LearningItem:
    title: str
    href: str
    area: str
    year: int
    review_type: str
    own: bool = False  # the partnership's own review
    summary: str = ""  # the review's learning summary: what it found
    # The sentences a coder accepted as the label's evidence, when it was coded from a suggestion.
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class NationalReviewItem:
    title: str
    topic: str
    status: str
    commissioned_date: date | None
    published_date: date | None


@dataclass(frozen=True)
class OverdueItem:
    review_title: str
    review_href: str
    text: str
    owner: str
    due_date: date
    status: str


@dataclass(frozen=True)
class CaseStudy:
    """A published review told in brief: what happened (from its coded facts), and its learning."""

    item: LearningItem
    themes: tuple[str, ...]
    child_age_band: str
    incident_type: str
    learning_summary: str
    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class WorkProgrammeItem:
    title: str
    summary: str
    programme_year: str  # "2024 to 2025": a year's "-25" would read as a number
    status: str


@dataclass
class Gathered:
    kind: str
    period: Period
    as_of: date
    threshold: int
    national: Report
    partnership: Report | None = None
    partnership_code: str = ""
    partnership_name: str = ""
    theme_labels: dict[str, str] = field(default_factory=dict)
    practice: dict[tuple[str, str], dict] = field(default_factory=dict)
    learning: dict[tuple[str, str], list[LearningItem]] = field(default_factory=dict)
    own_reviews: list[tuple[LearningItem, list[str]]] = field(default_factory=list)
    national_reviews: list[NationalReviewItem] = field(default_factory=list)
    overdue: list[OverdueItem] = field(default_factory=list)  # the OVERDUE_LIMIT longest overdue
    overdue_total: int = 0  # how many there are in all
    follow_up_href: str = ""  # the service's follow-up page, when the site's address is set
    topical: Report | None = None  # the published report over the notifications with the topical flag
    topical_code: str = ""
    topical_name: str = ""
    topical_reviews: list[LearningItem] = field(default_factory=list)
    case_studies: list[CaseStudy] = field(default_factory=list)
    work_programme: list[WorkProgrammeItem] = field(default_factory=list)
    agency: AgencyResources | None = None  # an agency briefing's own resource lists
    made_on: date = field(default_factory=timezone.localdate)

    def report(self, which: str) -> Report:
        if which == "topical":
            return self.topical
        return self.partnership if which == "partnership" else self.national

    def practice_versions(self) -> dict[str, int]:
        return {f"{kind}:{code}": entry["version"] for (kind, code), entry in sorted(self.practice.items())}


def site_href(url_name: str, *args) -> str:
    """The service's page as an absolute address when the site's address is set; else nothing."""
    site = getattr(settings, "CSPR_SITE_URL", "").rstrip("/")
    if not site:
        return ""
    try:
        return site + reverse(url_name, args=args)
    except NoReverseMatch:
        return ""


def review_href(review_id: int, source_url: str) -> str:
    """The review's public address; else the service's review page when the site's address is set."""
    return source_url or site_href(REVIEW_URL_NAME, review_id)


def published_reports(
    period: Period, threshold: int, partnership_code: str = "", policy: str = "suppress"
) -> tuple[Report, Report | None]:
    """England's published report under the disclosure `policy` and, for a partnership, its own.

    A partnership's own counts are all below national level, so they are always protected
    ("suppress"): the Panel's practice of national counts in full does not reach them (ADR 0022).
    """
    national = national_report(DEFINITION, period=period).published(threshold, policy)
    own = None
    if partnership_code:
        mine = Notification.objects.filter(partnership_id=partnership_code)
        own = build_report(DEFINITION, period=period, notifications=mine).published(threshold, "suppress")
    return national, own


def theme_labels() -> dict[str, str]:
    found = dict(
        PracticeTheme.objects.filter(code__in=THEMES_2020).order_by("position").values_list("code", "label")
    )
    return {code: found.get(code) or label(f"rapid_reviews.theme.{code}") for code in THEMES_2020}


def practice_content() -> dict[tuple[str, str], dict]:
    return {(c.kind, c.code): {**c.snapshot(), "version": c.version, "updated_at": c.updated_at}
            for c in PracticeContent.objects.all()}


def tidy_name(name: str) -> str:
    """A partnership's name without a trailing note such as "(before 2019: ...)"."""
    return re.sub(r"\s*\([^()]*\)$", "", name or "") or name or ""


def _area(row: dict) -> str:
    partnership = tidy_name(row["review__partnership__name"])
    return row["review__area_name"] or partnership or row["review__local_authority__name"] or (
        "National" if row["review__region"] == "national" else ""
    )


def learning(partnership_code: str = "") -> tuple[dict, list]:
    """Published reviews coded with each 2020 theme and each characteristic (own partnership's first),
    and the partnership's own published reviews with their themes."""
    wanted = [("theme", c) for c in THEMES_2020] + [("characteristic", c) for c in CHARACTERISTIC_CODES]
    rows = (
        ReviewLabel.objects.filter(review__is_published=True, code__in=[c for _, c in wanted])
        .values(
            "kind", "code", "review_id", "review__title", "review__year", "review__source_url",
            "review__area_name", "review__partnership_id", "review__partnership__name",
            "review__local_authority__name", "review__region", "review__review_type", "review__learning_summary",
        )
        .order_by("-review__year", "review__title", "review_id")
    )
    types = dict(ReviewType.choices)
    accepted = {
        (s["review_id"], s["kind"], s["code"]): tuple(s["evidence"] or ())
        for s in ThemeSuggestion.objects.filter(
            review__is_published=True, status=SuggestionStatus.ACCEPTED, code__in=[c for _, c in wanted]
        ).values("review_id", "kind", "code", "evidence").order_by("decided_at")
    }
    by_label: dict[tuple[str, str], list[LearningItem]] = {key: [] for key in wanted}
    own: dict[int, tuple[LearningItem, list[str]]] = {}
    for row in rows:
        key = (row["kind"], row["code"])
        item = LearningItem(
            title=row["review__title"],
            href=review_href(row["review_id"], row["review__source_url"]),
            area=_area(row),
            year=row["review__year"],
            review_type=types.get(row["review__review_type"], ""),
            own=bool(partnership_code) and row["review__partnership_id"] == partnership_code,
            summary=row["review__learning_summary"],
            evidence=accepted.get((row["review_id"], *key), ()),
        )
        if key in by_label:
            by_label[key].append(item)
        if item.own:
            own.setdefault(row["review_id"], (item, []))[1].append(row["code"])
    for items in by_label.values():
        items.sort(key=lambda i: not i.own)  # stable: own reviews first, then newest
        del items[LEARNING_PER_LABEL:]
    return by_label, list(own.values())


def _position(order: tuple[str, ...], status: str) -> int:
    return order.index(status) if status in order else len(order)


def national_reviews() -> list[NationalReviewItem]:
    """The national reviews the Panel has announced (domain/workflow.py NATIONAL_REVIEW_ANNOUNCED).

    Only these, whoever makes the briefing: it is handed to practitioners and kept for every
    partnership's managers to read, so it carries what is public and nothing of the maker's own
    view of the register (ADR 0016). A proposed review is on the pages of those who may see it.
    """
    announced = NationalReview.objects.filter(status__in=NATIONAL_REVIEW_ANNOUNCED)
    reviews = sorted(announced, key=lambda r: (_position(NATIONAL_REVIEW_ORDER, r.status), r.title.lower(), r.pk))
    return [
        NationalReviewItem(r.title, r.topic, state_name(r.status), r.commissioned_date, r.published_date)
        for r in reviews
    ]


def audience_actions(partnership_code: str = ""):
    """The partnership actions a briefing's audience may see (cspr/core/access.py partnership_follow_up).

    A partnership's briefing goes to its own staff, who see their partnership's actions. A national
    or agency briefing goes to every partnership's managers as well, who do not see one another's:
    so it counts none, and a recommendation there is done only when its own status says so.
    """
    if not partnership_code:
        return RecommendationAction.objects.none()
    return RecommendationAction.objects.filter(partnership_id=partnership_code)


def overdue_recommendations(as_of: date, partnership_code: str = "") -> tuple[list[OverdueItem], int]:
    """The OVERDUE_LIMIT longest overdue recommendations not marked done, and how many there are in all.

    Done is the recurrence flags' rule (cspr/learning/models.py `marked_done`), over the actions
    the briefing's audience may see: a recommendation whose action the partnership completed is not
    still open, as the follow-up pages leave a completed action out of the overdue ones.
    """
    qs = Recommendation.objects.filter(
        status__in=RECOMMENDATION_OPEN, due_date__lt=as_of, review__is_published=True
    ).select_related("review")
    if partnership_code:
        qs = qs.filter(review__partnership_id=partnership_code)
    candidates = list(qs.order_by("due_date", "review__title", "position"))
    done = marked_done(candidates, actions=audience_actions(partnership_code))
    still_open = [r for r in candidates if r.pk not in done]
    statuses = dict(RecommendationStatus.choices)
    items = [
        OverdueItem(
            review_title=r.review.title,
            review_href=review_href(r.review_id, r.review.source_url),
            text=r.text,
            owner=r.owner_agency,
            due_date=r.due_date,
            status=statuses[r.status],
        )
        for r in still_open[:OVERDUE_LIMIT]
    ]
    return items, len(still_open)


def topical_report(national: Report, period: Period, threshold: int) -> tuple[str, Report | None]:
    """The first topical flag with a published count above nothing, and the report over its notifications.

    Its counts are a part of England's, so they are always protected ("suppress"), as a partnership's are.
    """
    for code in TOPICAL_FACTORS:
        count = national.measures[f"notifications.characteristic.{code}"].count
        if isinstance(count, int) and not isinstance(count, bool) and count > 0:
            flagged = Notification.objects.filter(**{code: "yes"})
            return code, build_report(DEFINITION, period=period, notifications=flagged).published(threshold, "suppress")
    return "", None


def _item(review, types: dict) -> LearningItem:
    partnership = tidy_name(review.partnership.name) if review.partnership_id else ""
    local_authority = review.local_authority.name if review.local_authority_id else ""
    area = review.area_name or partnership or local_authority or ("National" if review.region == "national" else "")
    return LearningItem(review.title, review_href(review.pk, review.source_url), area, review.year,
                        types.get(review.review_type, ""), summary=review.learning_summary)


def _published_reviews():
    return (PublishedReview.objects.filter(is_published=True)
            .select_related("partnership", "local_authority").order_by("-year", "title", "pk"))


def topical_reviews(code: str) -> list[LearningItem]:
    """Published reviews whose title or learning summary names the topical factor, newest first."""
    words = TOPICAL_FACTORS[code][1]
    match = Q()
    for word in words:
        match |= Q(title__icontains=word) | Q(learning_summary__icontains=word)
    types = dict(ReviewType.choices)
    return [_item(r, types) for r in _published_reviews().filter(match)[:LEARNING_PER_LABEL]]


def case_studies(theme_order: list[str]) -> list[CaseStudy]:
    """One published review with a learning summary for each of the leading themes, newest first, no review twice."""
    reviews = list(_published_reviews().exclude(learning_summary="").prefetch_related("labels", "recommendations"))
    types, ages = dict(ReviewType.choices), dict(AgeBand.choices)
    chosen: list[CaseStudy] = []
    used: set[int] = set()
    for theme in theme_order:
        for review in reviews:
            themes = tuple(lbl.code for lbl in review.labels.all() if lbl.kind == "theme")
            if review.pk in used or theme not in themes:
                continue
            used.add(review.pk)
            recommendations = tuple(r.text for r in sorted(review.recommendations.all(), key=lambda r: r.position))
            chosen.append(CaseStudy(_item(review, types), (theme, *(t for t in themes if t != theme)),
                                    ages.get(review.child_age_band, ""), review.incident_type,
                                    review.learning_summary, recommendations))
            break
        if len(chosen) == CASE_STUDIES:
            break
    return chosen


def work_programme() -> list[WorkProgrammeItem]:
    topics = sorted(WorkProgrammeTopic.objects.all(),
                    key=lambda t: (_position(WORK_PROGRAMME_ORDER, t.status), t.programme_year, t.title.lower()))
    return [
        WorkProgrammeItem(t.title, t.summary, t.programme_year.replace("-", " to 20", 1), state_name(t.status))
        for t in topics
    ]


def gather(
    *,
    kind: str,
    period: Period,
    as_of: date,
    threshold: int,
    partnership: Partnership | None,
    policy: str = "suppress",
    agency: AgencyResources | None = None,
) -> Gathered:
    code = partnership.code if partnership else ""
    national, own = published_reports(period, threshold, code, policy)
    by_label, own_reviews = learning(code)
    topical_code, topical = topical_report(national, period, threshold) if kind != "partnership" else ("", None)
    overdue, overdue_total = overdue_recommendations(as_of, code)
    return Gathered(
        kind=kind,
        period=period,
        as_of=as_of,
        threshold=threshold,
        national=national,
        partnership=own,
        partnership_code=code,
        partnership_name=tidy_name(partnership.name) if partnership else "",
        theme_labels=theme_labels(),
        practice=practice_content(),
        learning=by_label,
        own_reviews=own_reviews,
        national_reviews=national_reviews(),
        overdue=overdue,
        overdue_total=overdue_total,
        follow_up_href=site_href(FOLLOW_UP_URL_NAME),
        topical=topical,
        topical_code=topical_code,
        topical_name=TOPICAL_FACTORS[topical_code][0] if topical_code else "",
        topical_reviews=topical_reviews(topical_code) if topical_code else [],
        case_studies=case_studies(leading_themes(national)) if kind == "agency" else [],
        work_programme=work_programme(),
        agency=agency,
    )


def leading_themes(report: Report) -> list[str]:
    """The 2020 themes by published count, largest first (suppressed ones cannot lead)."""
    counts = {c: report.measures[f"rapid_reviews.theme.{c}"].count for c in THEMES_2020}
    known = [c for c in THEMES_2020 if isinstance(counts[c], int) and not isinstance(counts[c], bool)]
    return sorted(known, key=lambda c: (-counts[c], THEMES_2020.index(c)))
