"""Recurring recommendations: a new review recommends what an earlier one did, and that was marked done.

Issue 16, item 4: the flag, and below it each theme's share of reviews by year, as tables
and as charts (`theme_charts`, drawn by cspr/govuk/charts). For
each recommendation of a review, the recommendations of other reviews the person may read
whose wording is like it (the same measure as `similar_recommendations`: stemmed words
without the words every recommendation uses, TF-IDF cosine at least RECURRENCE_THRESHOLD)
are flagged when the earlier of the two was **marked done** (its own status is completed,
or a partnership action on it that the person may see was completed). The flag shows on both
reviews' pages: "recommended in 2021 (Child Q) and
marked done" on the new review, "recommended again in 2024 (Child R)" on the earlier one.
One TF-IDF fit per page, over every recommendation the person may read.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear

from cspr.cases.models import needing_rapid_review
from cspr.core.generation import register_generation
from cspr.domain.codes import THEME_CODES
from cspr.domain.disclosure import DEFAULT_THRESHOLD, SUPPRESSED, Table, suppress, with_percentages
from cspr.domain.report_build import ChartView
from cspr.learning.models import (
    PublishedReview,
    Recommendation,
    RecommendationAction,
    ReviewLabel,
    marked_done,
)
from cspr.learning.similar import RECURRENCE_THRESHOLD, _recommendation_terms
from cspr.reviews.models import RapidReview


@dataclass(frozen=True)
class RecurrenceFlag:
    kind: str  # "done_before" or "again_later"
    recommendation: Recommendation
    similarity: float

    @property
    def sentence(self) -> str:
        review = self.recommendation.review
        if self.kind == "done_before":
            return f"Recommended in {review.year} ({review.title}) and marked done"
        return f"Recommended again in {review.year} ({review.title})"


def recurrence_flags(review, *, reviews, user, threshold: float = RECURRENCE_THRESHOLD) -> dict[int, list]:
    """{recommendation id: [RecurrenceFlag, ...]} for each of `review`'s recommendations that recurs."""
    own = list(review.recommendations.all())
    others = list(
        Recommendation.objects.filter(review__in=reviews).exclude(review_id=review.pk).select_related("review")
    )
    own = [r for r in own if _recommendation_terms(r.text)]
    if not own or not others:
        return {}
    # Imported here, not with the module, which the URL configuration imports (cspr/learning/similar.py says why).
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectorizer = TfidfVectorizer(analyzer=_recommendation_terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform([r.text for r in own] + [o.text for o in others])
    scores = cosine_similarity(matrix[: len(own)], matrix[len(own) :])
    done = marked_done([*own, *others], actions=RecommendationAction.objects.visible_to(user))
    flags: dict[int, list] = {}
    for row, recommendation in enumerate(own):
        found = []
        for column, other in enumerate(others):
            similarity = float(scores[row, column])
            if similarity < threshold:
                continue
            # Flagged on both reviews, whenever the earlier recommendation was marked done.
            if other.review.year < review.year and other.pk in done:
                found.append(RecurrenceFlag("done_before", other, similarity))
            elif other.review.year > review.year and recommendation.pk in done:
                found.append(RecurrenceFlag("again_later", other, similarity))
        if found:
            found.sort(key=lambda f: (f.kind, f.recommendation.review.year, -f.similarity))
            flags[recommendation.pk] = found
    return flags


# --- A theme's course over the years ------------------------------------------------------------


@dataclass(frozen=True)
class ThemeYears:
    """Per practice theme and year: how many reviews (or rapid reviews) were coded with it, out of how many."""

    source: str  # "reviews" (the repository's published reviews) or "rapid_reviews" (the register)
    years: list[int]
    themes: list[str]
    # {theme: [(shown count, shown percent), ...] per year}; "c" where disclosure control hides it
    cells: dict[str, list]
    bases: list  # coded reviews per year, shown or "c"
    suppressed: bool


def theme_recurrence(*, user, partnership: str | None = None, threshold: int = DEFAULT_THRESHOLD) -> list[ThemeYears]:
    """Each practice theme's share of reviews and of rapid reviews, by year, nationally or for a partnership.

    Published reviews from the repository (human-confirmed coding only) and rapid reviews from the
    register (the themes the partners recorded), each counted once per theme. The reviews are
    those `user` may read; the rapid reviews are counted as statistics, as the annual report counts
    them (no case is shown, only counts by theme and year), so every reader sees England's
    figures and any partnership's. A partnership's figures are small: counts from 1 to
    `threshold` are suppressed (`c`), and a share whose count or base is hidden is hidden too
    (cspr/domain/disclosure.py). National figures are shown in full, as the Panel publishes them.
    """
    reviews = PublishedReview.objects.visible_to(user).published()
    labels = ReviewLabel.objects.filter(kind="theme", review__in=reviews)
    # The annual report's rapid reviews (measures' rapid_review_codings): those submitted, of
    # serious incident notifications; not a draft, nor a review the partners chose to hold of a
    # notification that needs none.
    rapid = RapidReview.themes.through.objects.filter(
        needing_rapid_review("rapidreview__notification__"), rapidreview__submitted_date__isnull=False
    )
    if partnership:
        mine = Q(review__partnership_id=partnership, review__notification__isnull=True) | Q(
            review__notification__partnership_id=partnership
        )
        labels = labels.filter(mine)
        rapid = rapid.filter(rapidreview__notification__partnership_id=partnership)
    shown_from = threshold if partnership else None
    # Counted by the database, a few hundred rows: the register's ~80,000 codings read into Python
    # and counted there took a second a page. The year is the calendar year: a published review's
    # own, a rapid review's notified date's.
    return [
        _theme_years(
            "reviews",
            *_counts(labels, reviews, year=F("review__year"), review_year=F("year"), code="code", review="review"),
            shown_from,
        ),
        _theme_years("rapid_reviews", *_rapid_counts(rapid, partnership), shown_from),
    ]


# A day at most: the key changes with the register anyway; this only lets old entries expire.
CACHE_TIMEOUT = 24 * 60 * 60


def _rapid_counts(codings, partnership: str | None) -> tuple[Counter, Counter]:
    """The rapid reviews' counts, the same for every reader (statistics, not cases), so kept in
    Django's cache under the register's generation (cspr/core/generation.py): every audited write
    changes it, so a coding added or a review submitted is counted on the next view. Counting
    joins every coding in the register: a third of a second on 80,000 of them."""
    key = f"cspr:theme-recurrence:{register_generation()}:{partnership or 'england'}"
    found = cache.get(key)
    if found is None:
        found = _counts(
            codings,
            RapidReview.objects.all(),
            year=ExtractYear("rapidreview__notification__notified_date"),
            review_year=ExtractYear("notification__notified_date"),
            code="practicetheme_id",
            review="rapidreview",
        )
        cache.set(key, found, CACHE_TIMEOUT)
    return found


def _counts(codings, reviews, *, year, review_year, code: str, review: str) -> tuple[Counter, Counter]:
    """({(year, theme): reviews coded with it}, {year: reviews coded with any theme}) of `codings`.

    A review has each theme once (both tables' unique constraints), so a theme's reviews are its
    codings; a year's coded reviews are those of `reviews` with a coding, found by EXISTS: no
    COUNT(DISTINCT), whose sort of every coding cost the database more than the counting saved.
    """
    by_theme = codings.order_by().annotate(cspr_year=year).values("cspr_year", code).annotate(n=Count("pk"))
    with_any = Exists(codings.filter(**{review: OuterRef("pk")}))
    coded = reviews.order_by().filter(with_any).annotate(cspr_year=review_year).values("cspr_year")
    return (
        Counter({(y, c): n for y, c, n in by_theme.values_list("cspr_year", code, "n")}),
        Counter(dict(coded.annotate(n=Count("pk")).values_list("cspr_year", "n"))),
    )


def _theme_years(source: str, by_theme: Counter, coded: Counter, threshold: int | None) -> ThemeYears:
    """The table of reviews per theme and year (`by_theme`) and per year coded with any (`coded`)."""
    years = sorted(coded)
    present = {code for _, code in by_theme}
    themes = [code for code in THEME_CODES if code in present]
    counts = [[by_theme[year, code] for year in years] for code in themes]
    table = Table([*themes, "coded"], [str(y) for y in years], [*counts, [coded[y] for y in years]])
    shown = suppress(table, threshold=threshold) if threshold else None

    def value(row: int, column: int):
        return shown.shown((row, column)) if shown else table.value((row, column))

    bases = [value(len(themes), j) for j in range(len(years))]
    cells = {
        code: [with_percentages([value(i, j)], bases[j])[0] for j in range(len(years))] for i, code in enumerate(themes)
    }
    return ThemeYears(source, years, themes, cells, bases, bool(shown and shown.suppressed))


# The two lines of a theme's chart, in the order theme_recurrence returns its tables. Short names:
# each is written at its line's end (the second with "(dashed)"), in the room the chart leaves there.
CHART_SERIES = {"reviews": "Published", "rapid_reviews": "Rapid"}


def theme_charts(tables: list[ThemeYears], theme_name) -> list[tuple[str, ChartView]]:
    """One line chart per theme: its share of published reviews and of rapid reviews, year by year.

    The shares are the tables' own, after disclosure control: a hidden share ("c") breaks its
    line and is marked [c], never drawn as a number. A year in which a source has no coded
    reviews breaks its line too (None). A theme a source never recorded is 0% in each year
    that source has coded reviews, and hidden where that year's base is hidden.
    """
    years = sorted({year for table in tables for year in table.years})
    if not years:
        return []
    suppressed = any(table.suppressed for table in tables)
    charts = []
    for code in (c for c in THEME_CODES if any(c in table.cells for table in tables)):
        series = []
        for table in tables:
            shares = {
                year: table.cells[code][j][1] if code in table.cells else (SUPPRESSED if base == SUPPRESSED else 0.0)
                for j, (year, base) in enumerate(zip(table.years, table.bases))
            }
            series.append((CHART_SERIES[table.source], tuple(shares.get(year) for year in years)))
        name = theme_name(code)
        span = f"in {years[0]}" if len(years) == 1 else f"each year from {years[0]} to {years[-1]}"
        hidden = " A share hidden to protect confidentiality is marked [c] and not drawn." if suppressed else ""
        charts.append(
            (
                code,
                ChartView(
                    "line",
                    f"{name}: share of reviews by year",
                    f"Line chart of the percentage of published reviews (solid line, round markers) and of rapid "
                    f"reviews (dashed line, square markers) that found {name}, {span}.{hidden} "
                    "The figures are in the tables below the charts.",
                    tuple(str(year) for year in years),
                    tuple(series),
                    unit="%",
                ),
            )
        )
    return charts
