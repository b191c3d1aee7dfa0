"""What a person typed into the search box, made safe for a full-text engine.

User input never reaches FTS5's or PostgreSQL's query syntax. It is parsed here
into a small tree whose leaves are plain lower-case words, and each backend
builds its own query from the tree: FTS5 gets every word inside double quotes,
PostgreSQL gets `SearchQuery` objects whose text is passed as a parameter.

The little language people may use (everything else is just words):

- words are all required: ``neglect dental`` finds documents with both;
- ``"quoted words"`` is a phrase; ``co-sleeping`` is the phrase "co sleeping";
- ``OR`` (capitals) between two items: either will do;
- ``-word`` or ``NOT word`` leaves out documents with that word;
- ``word*`` (at least three letters) matches words starting with it;
- ``AND`` (capitals) is accepted and changes nothing.

Anything odd (an unmatched quote, a lone ``*``, a query of only exclusions) is
handled and explained in `notices`, never an error from the database.
"""

import re
from dataclasses import dataclass, field

from cspr.domain.text import STOP_WORDS, words

MAX_TERMS = 32
MIN_PREFIX = 3


@dataclass(frozen=True)
class Term:
    """One word, one phrase (several words in order) or one prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """All of `groups` must match (each group: any of its terms); no `excluded` may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    notices: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def to_fts5(self) -> str:
        """An FTS5 MATCH expression in which every user word is a quoted string."""
        if self.is_empty:
            raise ValueError("an empty query has no FTS5 form")
        expression = " AND ".join(_fts5_group(group) for group in self.groups)
        for term in self.excluded:
            expression = f"({expression}) NOT {_fts5_term(term)}"
        return expression


def _fts5_term(term: Term) -> str:
    # Words come from `words()`: letters, digits and apostrophes only, so no
    # double quote can be inside; the quotes make every word a literal string.
    quoted = '"' + term.text.replace('"', '""') + '"'
    return quoted + ("*" if term.prefix else "")


def _fts5_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _fts5_term(group[0])
    return "(" + " OR ".join(_fts5_term(t) for t in group) + ")"


# A quoted phrase (closing quote optional), or a run of non-space characters.
_TOKEN = re.compile(r'"([^"]*)("?)|“([^”]*)(”?)|(\S+)')


def parse(text: str) -> ParsedQuery:
    notices: list[str] = []
    items: list[tuple[str, object]] = []  # ("term", Term) | ("or", None) | ("not", None)
    for match in _TOKEN.finditer(text or ""):
        phrase, closed = match.group(1), match.group(2)
        if phrase is None and match.group(3) is not None:
            phrase, closed = match.group(3), match.group(4)
        if phrase is not None:
            if not closed:
                notices.append("A closing quotation mark was missing, so the rest was searched as a phrase.")
            phrase_words = tuple(words(phrase))
            if phrase_words:
                items.append(("term", Term(phrase_words)))
            continue
        for raw in _PUNCTUATION.split(match.group(5)):
            if raw:
                _word_item(raw, items, notices)
    return _assemble(items, notices)


# Characters that separate words (a hyphen or apostrophe joins them into a phrase instead).
_PUNCTUATION = re.compile(r"[^\w'’*-]+")


def _word_item(raw: str, items: list, notices: list[str]) -> None:
    if raw == "AND":
        return
    if raw in ("OR", "|"):
        items.append(("or", None))
        return
    if raw == "NOT":
        items.append(("not", None))
        return
    negated = raw.startswith("-") and len(raw) > 1
    if negated:
        raw = raw.lstrip("-")
    prefix = raw.endswith("*")
    token_words = tuple(words(raw))
    if not token_words:
        if "*" in raw:
            notices.append("A * on its own was ignored: put it straight after the start of a word, as in neglect*.")
        return
    if prefix and (len(token_words) > 1 or len(token_words[0]) < MIN_PREFIX):
        notices.append(f"{raw} was searched as a whole word: put at least {MIN_PREFIX} letters before a *.")
        prefix = False
    if len(token_words) == 1 and not prefix and token_words[0] in STOP_WORDS:
        return  # too common to help; both search backends treat it the same way
    if negated:
        items.append(("not", None))
    items.append(("term", Term(token_words, prefix)))


def _assemble(items: list[tuple[str, object]], notices: list[str]) -> ParsedQuery:
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = pending_not = False
    for kind, term in items:
        if kind == "or":
            pending_or = bool(groups) and not pending_not
            continue
        if kind == "not":
            pending_not = True
            continue
        if pending_not:
            excluded.append(term)
        elif pending_or and groups:
            groups[-1].append(term)
        elif [term] not in groups:
            groups.append([term])
        pending_or = pending_not = False
    count = sum(len(g) for g in groups) + len(excluded)
    if count > MAX_TERMS:
        notices.append(f"Only the first {MAX_TERMS} words and phrases were used.")
        groups, excluded = _truncate(groups, excluded)
    if not groups:
        if excluded:
            notices.append("Add a word to search for as well as the words to leave out.")
            excluded = []
        elif not notices:
            notices.append("Enter a word or phrase to search for.")
    return ParsedQuery(
        tuple(tuple(_dedupe(g)) for g in groups), tuple(_dedupe(excluded)), tuple(dict.fromkeys(notices))
    )


def _truncate(groups, excluded):
    budget = MAX_TERMS
    kept_groups = []
    for group in groups:
        if budget <= 0:
            break
        kept_groups.append(group[:budget])
        budget -= len(kept_groups[-1])
    return kept_groups, excluded[: max(0, budget)]


def _dedupe(terms):
    return list(dict.fromkeys(terms))
