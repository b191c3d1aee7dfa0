"""What a search that found nothing offers instead: each word's count, fewer words, a spelling.

Search is strict: every word must match (docs/learning.md). When nothing does, a person is
told how many reviews each word finds on its own ("county: 0 reviews, criminal: 20"), offered
the largest set of their words that finds something ("criminal exploitation", 13 reviews), and,
for a word that finds nothing, the nearest word in the index ("neglet": did you mean "neglect"?).

Everything counted or suggested here is of the reviews the person may see (`allowed`: their scope
with their filters applied), so nothing here says anything about a review they cannot open:

- each word is searched once in the whole index and the matches are intersected with `allowed`
  in Python; a word's count, and which of its sets is the largest that finds something, come
  from those intersections only.
- the spelling candidates are the index's terms within a small edit distance of the word, and
  every one of them is then looked up (one query) and kept only if a review in `allowed` has it;
  the nearest kept one wins. No candidate is dropped before that check, so a word only an
  unpublished review has can neither be suggested nor push out one the person could be offered:
  the answer is the one a vocabulary of their own reviews would give. Its spelling is taken from
  one of those reviews (the index holds stems: "famili", not "family").

The cost is paid only when a search found nothing: one query per word (at most MAX_WORDS), one
for the words left out, one for the stems of the unmatched words, one for the candidates, one
per suggested spelling and one to count the suggestion. The index's vocabulary is read once per
repository state (core.py caches it with the facets).
"""

from dataclasses import dataclass
from itertools import combinations

from cspr.domain.text_query import ParsedQuery, Term, parse

MAX_WORDS = 8  # more and the page would be a table of counts; 2**8 subsets are counted in memory
MAX_CORRECTIONS = 3  # words corrected in one query
MIN_CORRECTED = 4  # shorter words have too many neighbours to guess between


@dataclass(frozen=True)
class WordCount:
    text: str  # as the search box would take it: a word, "a phrase", word*, or a OR b
    count: int
    nearest: "WordCount | None" = None  # for a word that finds nothing: the nearest word that does


@dataclass(frozen=True)
class Alternative:
    query: str  # to put in the search box (the link's q)
    count: int


@dataclass(frozen=True)
class Rescue:
    words: tuple[WordCount, ...] = ()  # each word's own count, for a query of two words or more
    fewer: Alternative | None = None  # the largest set of the words that finds something
    spelling: Alternative | None = None  # the query with unmatched words replaced by the nearest

    def __bool__(self) -> bool:
        return bool(self.words or self.fewer or self.spelling)


def rescue(parsed: ParsedQuery, *, engine, allowed: set[int], vocabulary) -> Rescue:
    """What to offer when `parsed` found nothing among `allowed` (the reviews the person may see, filtered).

    `vocabulary()` returns the index's terms as a `Vocabulary` (cached by the caller); it is called
    only when a word needs a spelling.
    """
    groups = parsed.groups
    if not groups or len(groups) > MAX_WORDS:
        return Rescue()
    left_out = _matches(engine, ParsedQuery(groups=(parsed.excluded,))) if parsed.excluded else set()
    visible = allowed - left_out
    found = [_matches(engine, ParsedQuery(groups=(group,))) & visible for group in groups]
    corrections = _corrections(parsed, found, engine=engine, visible=visible, vocabulary=vocabulary)
    words = tuple(
        WordCount(_group_text(g), len(ids), corrections.get(_plain(g))) for g, ids in zip(groups, found, strict=True)
    )
    fewer = _largest_subset(groups, found, parsed.excluded) if len(groups) > 1 else None
    spelling = _spelling(parsed, corrections, engine=engine, visible=visible)
    return Rescue(words if len(groups) > 1 else (), fewer, spelling)


def _matches(engine, parsed: ParsedQuery) -> set[int]:
    ids, _problems = engine.matching_ids(parsed)
    return ids


def _largest_subset(groups, found: list[set[int]], excluded) -> Alternative | None:
    """The most words that still find something together (then the most reviews), in the order typed."""
    kept = [i for i, ids in enumerate(found) if ids]
    for size in range(min(len(kept), len(groups) - 1), 0, -1):
        best = None
        for chosen in combinations(kept, size):
            together = set.intersection(*(found[i] for i in chosen))
            if together and (best is None or len(together) > best[1]):
                best = (chosen, len(together))
        if best:
            return Alternative(query_text([groups[i] for i in best[0]], excluded), best[1])
    return None


def _corrections(parsed: ParsedQuery, found, *, engine, visible: set[int], vocabulary) -> dict[str, WordCount]:
    """For each unmatched plain word, the nearest index term that `visible` reviews have, as written there."""
    unmatched = [
        _plain(g)
        for g, ids in zip(parsed.groups, found, strict=True)
        if not ids and _plain(g) and len(_plain(g)) >= MIN_CORRECTED and _plain(g).isalpha()
    ][:MAX_CORRECTIONS]
    if not unmatched or not visible:
        return {}
    stems = engine.stems(unmatched)
    terms = vocabulary()
    candidates = {word: terms.near(word, stems.get(word, word)) for word in unmatched}
    wanted = sorted({term for near in candidates.values() for term in near})
    having = {term: ids & visible for term, ids in engine.reviews_with(wanted).items()} if wanted else {}
    corrections = {}
    for word, near in candidates.items():
        kept = [(distance, -len(having.get(term, ())), term) for term, distance in near.items() if having.get(term)]
        if not kept:
            continue
        _, _, term = min(kept)  # the nearest; then the one more reviews have; then alphabetical
        written = engine.surface(term, having[term])
        if written and _folded(written).startswith(term[: max(3, len(term) - 2)]):
            corrections[word] = WordCount(written.lower(), len(having[term]))
    return corrections


def _plain(group) -> str | None:
    """The word, if the group is one plain word (not a phrase, a prefix or words joined by OR)."""
    if len(group) == 1 and not group[0].is_phrase and not group[0].prefix:
        return group[0].words[0]
    return None


def _spelling(parsed: ParsedQuery, corrections: dict[str, WordCount], *, engine, visible) -> Alternative | None:
    """The query with its unmatched words corrected, if that finds something."""
    if not corrections:
        return None
    groups = [(Term((corrections[_plain(g)].text,)),) if _plain(g) in corrections else g for g in parsed.groups]
    query = query_text(groups, parsed.excluded)
    count = len(_matches(engine, parse(query)) & visible)
    return Alternative(query, count) if count else None


class Vocabulary:
    """The index's terms by length, each with a bit per letter, so that a spelling is found in milliseconds.

    A substitution changes at most two of a word's letter bits and an insertion or deletion one, so two
    words whose bits differ in more than twice the budget cannot be within it: most terms are passed over
    without computing a distance (100,000 terms: under 0.1 s, against 1.5 s comparing every one).
    """

    def __init__(self, terms):
        self.by_length: dict[int, list[tuple[str, int]]] = {}
        for term in terms:
            if term.isalpha():
                self.by_length.setdefault(len(term), []).append((term, _letters(term)))

    def near(self, word: str, stem: str) -> dict[str, int]:
        """Terms within the edit budget of the word or of its stem (each by its own length), with their distance."""
        found = {}
        for typed in dict.fromkeys((word, stem)):
            budget = 1 if len(typed) <= 5 else 2  # as Elasticsearch's AUTO fuzziness: short words, one edit
            bits = _letters(typed)
            for length in range(len(typed) - budget, len(typed) + budget + 1):
                for term, term_bits in self.by_length.get(length, ()):
                    if term in (word, stem) or (bits ^ term_bits).bit_count() > 2 * budget:
                        continue
                    distance = edit_distance(typed, term, budget)
                    if distance <= budget and distance < found.get(term, budget + 1):
                        found[term] = distance
        return found


def _letters(word: str) -> int:
    bits = 0
    for c in word:
        bits |= 1 << (ord(c) % 63)  # letters sharing a bit only make the bound looser, never wrong
    return bits


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment: a swap of neighbours costs 1).

    Stops early and returns limit + 1 once the distance must exceed `limit`.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before is not None and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _folded(word: str) -> str:
    import unicodedata  # only for a suggestion's spelling

    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def _term_text(term: Term) -> str:
    if term.is_phrase:
        return '"' + term.text + '"'
    return term.text + ("*" if term.prefix else "")


def _group_text(group) -> str:
    return " OR ".join(_term_text(t) for t in group)


def query_text(groups, excluded=()) -> str:
    """A query in the search box's language that parses back to these groups and left-out words."""
    # A phrase is left out with NOT: the box reads -"a phrase" as the word -"a and the word phrase".
    parts = [_group_text(g) for g in groups]
    parts += [("NOT " if t.is_phrase else "-") + _term_text(t) for t in excluded]
    return " ".join(parts)
