"""The search interface: parsing, filters, facets, ranking order and snippets.

The backends (sqlite.py, postgres.py) answer two questions only: which reviews
match this parsed query (`matching_ids`), and which page of them ranks best,
with the best passage of each (`page`). Everything else happens here once, so
the two databases cannot drift apart in behaviour.

Facets are disjunctive: the counts for one facet apply every *other* selected
filter, so choosing 2021 still shows how many matches other years have.
"""

import html
import threading
import unicodedata
import uuid
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import F
from markupsafe import Markup

from cspr.core.models import PracticeTheme
from cspr.domain import codes, text_query
from cspr.domain.text import STOP_WORDS
from cspr.domain.themes import CHARACTERISTIC_CODES
from cspr.learning.models import REGION_LABELS, AgeBand, PublishedReview, ReviewLabel, ReviewType, SearchState
from cspr.learning.search.facets import FACETS, FacetIndex, Row
from cspr.learning.search.postgres import PostgresBackend
from cspr.learning.search.rescue import Rescue, Vocabulary, rescue
from cspr.learning.search.sqlite import SqliteBackend
from cspr.learning.suggest import label_names

MARK_START, MARK_END = "\x02", "\x03"
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Filters:
    """Selected facet values; within a facet any value matches, across facets all must."""

    years: tuple[int, ...] = ()
    review_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    incident_types: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    characteristics: tuple[str, ...] = ()

    def selected(self, facet: str) -> tuple:
        return getattr(self, _FILTER_FIELD[facet])


_FILTER_FIELD = {
    "year": "years",
    "review_type": "review_types",
    "region": "regions",
    "age_band": "age_bands",
    "incident_type": "incident_types",
    "theme": "themes",
    "characteristic": "characteristics",
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    review_id: int
    title: str
    year: int
    review_type: str
    area: str
    score: float
    snippet: str  # with MARK_START/MARK_END around matched words; not escaped

    @property
    def snippet_html(self) -> Markup:
        """The snippet, HTML-escaped, with matches in <mark>: safe to put in a page."""
        escaped = html.escape(self.snippet)
        return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))

    @property
    def snippet_text(self) -> str:
        return self.snippet.replace(MARK_START, "[").replace(MARK_END, "]")


@dataclass
class SearchResult:
    query: str
    parsed: text_query.ParsedQuery
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    rescue: Rescue = field(default_factory=Rescue)  # when nothing was found: counts, fewer words, a spelling

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def backend():
    """The search backend for the default database."""
    if connection.vendor == "postgresql":
        return PostgresBackend(coded_words)
    return SqliteBackend(coded_words)


def coded_words(review_ids: list[int] | None) -> dict[int, str]:
    """Each review's coded themes and characteristics, named as the service shows them, for the index.

    Only coding a person confirmed (ReviewLabel): a pending or rejected suggestion is no label. The
    names are joined with "; ", by kind and code. `None`: every review.
    """
    labels = ReviewLabel.objects.order_by("review_id", "kind", "code")
    if review_ids is not None:
        labels = labels.filter(review_id__in=review_ids)
    return coded_words_of(labels.values_list("review_id", "kind", "code"))


def coded_words_of(labels) -> dict[int, str]:
    """`coded_words` from (review id, kind, code) rows: learning.0010 gives its own (the model as it was)."""
    names: dict[int, list[str]] = {}
    for review_id, kind, code in labels:
        names.setdefault(review_id, []).append(facet_label(kind, code))
    return {review_id: "; ".join(words) for review_id, words in names.items()}


def index_reviews(review_ids) -> None:
    """Bring the index into line with these reviews (called by every action that changes one)."""
    ids = sorted({int(i) for i in review_ids})
    if ids:
        backend().index(ids)
        touch()


def remove_reviews(review_ids) -> None:
    ids = sorted({int(i) for i in review_ids})
    if ids:
        backend().remove(ids)
        touch()


def rebuild_index() -> int:
    """Re-index every review; returns how many. `cspr learning reindex` calls this."""
    ids = list(PublishedReview.objects.order_by("id").values_list("id", flat=True))
    backend().rebuild(ids)
    touch()
    return len(ids)


def search(
    query: str = "",
    *,
    reviews,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResult:
    """Search `reviews` (the person's `PublishedReview.objects.visible_to(user)`) for `query`.

    With an empty query and some filters, lists the filtered reviews, newest first.
    """
    filters = filters or Filters()
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    parsed = _possessives_as_words(text_query.parse(query))
    notices = list(parsed.notices) if query.strip() else []
    index = _facet_index()
    rows = index.rows
    in_scope = set(reviews.values_list("pk", flat=True)) & rows.keys()
    if parsed.is_empty:
        if query.strip():
            return SearchResult(query, parsed, [], 0, 1, per_page, _facets(index, [], filters)[0], notices)
        facets, chosen = _facets(index, in_scope, filters)
        chosen.sort(key=lambda i: rows[i].year, reverse=True)  # newest first, then by id
        total = len(chosen)
        page = _clamp(page, total, per_page)
        ranked = [(i, 0.0, "") for i in chosen[(page - 1) * per_page : page * per_page]]
        return SearchResult(query, parsed, _hits(ranked, rows), total, page, per_page, facets, notices)
    engine = backend()
    ids, problems = engine.matching_ids(parsed)
    notices += problems
    matched = ids & in_scope
    facets, chosen = _facets(index, matched, filters)
    total = len(chosen)
    page = _clamp(page, total, per_page)
    # Rank in the database: all matches when nothing was filtered out, else only those left.
    allowed = None if total == len(ids) else chosen
    ranked = engine.page(parsed, allowed, (page - 1) * per_page, per_page) if total else []
    result = SearchResult(query, parsed, _hits(ranked, rows), total, page, per_page, facets, notices)
    if not total and not problems:
        # Counted among the reviews this person may see with these filters, never the whole index.
        visible = set(index.count(in_scope, _selected(filters))[1])
        result.rescue = rescue(parsed, engine=engine, allowed=visible, vocabulary=lambda: _vocabulary(engine))
    return result


def _possessives_as_words(parsed: text_query.ParsedQuery) -> text_query.ParsedQuery:
    """Search a word typed with a possessive 's ("child's") as the word itself ("child").

    PostgreSQL's english configuration dropped the 's (a stop word; cspr_english keeps every
    word since learning.0009), so there "child's" found every review about a child; FTS5
    splits at the apostrophe and searched the phrase "child s", which finds only that spelling.
    Both now search the word. In a phrase the 's stays: FTS5 counts it as a word between its
    neighbours, so without it "children's services" would not match.
    A curly apostrophe ("child’s") is a straight one here: `text_query.words` makes it so.

    What is left of a possessive or a contraction typed on its own ("’s", "'t", or "ș", which both
    databases fold to s) is dropped: PostgreSQL's english stop list dropped it, while FTS5 matched
    every review with a possessive in it. cspr decides this here, on both databases.
    """

    def word(term: text_query.Term) -> text_query.Term:
        if term.is_phrase or not term.words[0].endswith("'s"):
            return term
        base = term.words[0][:-2]
        # A stop word's contraction ("it's", "that's") is left as typed: its base finds everything.
        return term if len(base) < 2 or "'" in base or base in STOP_WORDS else replace(term, words=(base,))

    def kept(terms) -> tuple[text_query.Term, ...]:
        return tuple(dict.fromkeys(word(t) for t in terms if not _is_lone_tail(t)))

    groups = tuple(group for group in (kept(g) for g in parsed.groups) if group)
    excluded = kept(parsed.excluded) if groups else ()
    notices = parsed.notices
    if parsed.groups and not groups:  # as the parser says when nothing but stop words was typed
        notices += ("Enter a word or phrase to search for.",)
    return replace(parsed, groups=groups, excluded=excluded, notices=notices)


_LONE_TAILS = frozenset({"s", "t"})


def _is_lone_tail(term: text_query.Term) -> bool:
    if term.is_phrase or term.prefix:
        return False
    folded = "".join(c for c in unicodedata.normalize("NFKD", term.words[0]) if not unicodedata.combining(c))
    return folded in _LONE_TAILS


def _clamp(page: int, total: int, per_page: int) -> int:
    return max(1, min(int(page), max(1, -(-total // per_page))))


_cache_lock = threading.Lock()
_cache: dict[str, object] = {}


def _repository_state() -> str:
    """The token the actions change whenever a review or its coding changes."""
    return SearchState.objects.filter(id=1).values_list("token", flat=True).first() or ""


def touch() -> None:
    """Tell every process's search cache that reviews or their coding changed (call inside the action)."""
    token = uuid.uuid4().hex
    if not SearchState.objects.filter(id=1).update(version=F("version") + 1, token=token):
        SearchState.objects.get_or_create(id=1, defaults={"version": 1, "token": token})


def _facet_index() -> FacetIndex:
    """Every review's facet values, rebuilt only when the repository changes.

    Reading them for every search costs more than the full-text query itself
    once there are a few thousand reviews (bench/search.py).
    """
    state = _repository_state()
    with _cache_lock:
        if _cache.get("state") != state or "index" not in _cache:
            _cache["index"] = FacetIndex(_metadata(PublishedReview.objects.all()))
            _cache["state"] = state
        return _cache["index"]


def _metadata(reviews) -> dict[int, Row]:
    """Facet values (and what a hit shows) of every review in scope, in two queries."""
    labels: dict[int, dict[str, list[str]]] = {}
    for review_id, kind, code in ReviewLabel.objects.filter(review__in=reviews.values("pk")).values_list(
        "review_id", "kind", "code"
    ):
        labels.setdefault(review_id, {"theme": [], "characteristic": []})[kind].append(code)
    empty = {"theme": [], "characteristic": []}
    rows = {}
    for (review_id, year, review_type, region, age_band, incident_type, title, area_name, partnership,
         local_authority) in reviews.order_by().values_list(
        "id", "year", "review_type", "region", "child_age_band", "incident_type", "title", "area_name",
        "partnership__name", "local_authority__name",
    ):  # fmt: skip
        coded = labels.get(review_id, empty)
        values = {
            "year": (str(year),),
            "review_type": (review_type,),
            "region": (region or "not_known",),
            "age_band": (age_band,),
            "incident_type": (incident_type or "not_known",),
            "theme": tuple(coded["theme"]),
            "characteristic": tuple(coded["characteristic"]),
        }
        rows[review_id] = Row(
            review_id,
            values,
            title,
            area_name or partnership or local_authority or ("National" if region == "national" else ""),
        )
    return rows


def _vocabulary(engine) -> Vocabulary:
    """The index's terms, read again only when the repository changes (as the facets are)."""
    state = _repository_state()
    with _cache_lock:
        if _cache.get("vocabulary_state") != state or "vocabulary" not in _cache:
            _cache["vocabulary"] = Vocabulary(engine.vocabulary())
            _cache["vocabulary_state"] = state
        return _cache["vocabulary"]


def _selected(filters: Filters) -> dict[str, set[str]]:
    return {facet: {str(v) for v in filters.selected(facet)} for facet in FACETS}


def _facets(index: FacetIndex, review_ids, filters: Filters) -> tuple[dict[str, list[FacetValue]], list[int]]:
    """Disjunctive facet counts over `review_ids`, and those passing every filter (in id order)."""
    selected = _selected(filters)
    counts, passing = index.count(review_ids, selected)
    result = {}
    for facet in FACETS:
        for value in selected[facet]:
            counts[facet].setdefault(value, 0)
        values = [FacetValue(v, facet_label(facet, v), n, v in selected[facet]) for v, n in counts[facet].items()]
        if facet == "year":
            values.sort(key=lambda fv: fv.value, reverse=True)
        else:
            values.sort(key=lambda fv: (-fv.count, fv.label))
        result[facet] = values
    return result, passing


_THEME_LABELS: dict[str, str] = {}


def facet_label(facet: str, value: str) -> str:
    """The words a person sees for a facet value."""
    if value == "not_known":
        return "Not known"
    if facet in _LABELS:
        return _LABELS[facet].get(value, value)
    if facet in ("theme", "characteristic"):
        return label_name(value)
    return value


_LABELS = {
    "review_type": dict(ReviewType.choices),
    "region": REGION_LABELS,
    "age_band": dict(AgeBand.choices),
    "incident_type": {"death": "Death", "serious_harm": "Serious harm", "other": "Other"},
}


def label_name(code: str) -> str:
    """A theme's taxonomy label, or a characteristic's name."""
    if not _THEME_LABELS:
        _THEME_LABELS.update(label_names())
        _THEME_LABELS.update(dict(PracticeTheme.objects.values_list("code", "label")))
    if code in _THEME_LABELS:
        return _THEME_LABELS[code]
    if code in codes.THEME_CODES or code in CHARACTERISTIC_CODES:
        return code.replace("_", " ").capitalize()
    return code


def _hits(ranked: list[tuple[int, float, str]], rows: dict[int, Row]) -> list[Hit]:
    """Hits for a page of (review id, score, snippet), in that order."""
    ranked = [entry for entry in ranked if entry[0] in rows]
    missing = [review_id for review_id, _, snippet in ranked if not snippet]
    summaries = {}
    if missing:
        summaries = dict(PublishedReview.objects.filter(pk__in=missing).values_list("id", "learning_summary"))
    return [
        Hit(
            review_id,
            rows[review_id].title,
            int(rows[review_id].year),
            facet_label("review_type", rows[review_id].values["review_type"][0]),
            rows[review_id].area,
            round(float(score), 6),
            snippet or _summary_snippet(summaries.get(review_id, "")),
        )
        for review_id, score, snippet in ranked
    ]


def _summary_snippet(summary: str, words: int = 40) -> str:
    parts = summary.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
