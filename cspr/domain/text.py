"""Plain-text handling for review documents: normalising, sentences, words.

Pure Python (the standard library and the Snowball stemmer). Extraction from PDF, DOCX and HTML lives in
cspr/learning/extract.py; everything after the raw text is here so the theme
suggester, search and the benchmarks all see text the same way.

Page breaks are kept as form feeds (``\\f``) so that an offset into the stored
text still says which page it came from (`page_of`).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

PAGE_BREAK = "\f"

# Words ending in a full stop that do not end a sentence in English review prose.
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "cf",
    "vs",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "para",
    "paras",
    "p",
    "pp",
    "fig",
    "approx",
    "dept",
    "ref",
    "nos",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}

_SOFT_HYPHEN = "\u00ad"
_HYPHENATED_LINE_END = re.compile(r"(\w)-\n(?=[a-z])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_BULLET = re.compile(r"^\s*(?:[\u2022\u25aa\u25cf\u27a2\u2013\u2014*•>-]|\(?[0-9a-z]{1,3}[.)])\s+", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """Tidy extracted text without moving paragraph or page boundaries.

    Unicode is put in NFKC form (ligatures such as "ﬁ" become "fi"), control
    characters other than newline, tab and form feed are dropped, words split
    across a line end by a hyphen are joined ("safe-\\nguarding"), runs of spaces
    become one and more than one blank line becomes one.
    """
    text = unicodedata.normalize("NFKC", text.replace(_SOFT_HYPHEN, ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _HYPHENATED_LINE_END.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text))


def page_of(text: str, offset: int) -> int:
    """The 1-based page an offset falls on (pages are separated by form feeds)."""
    return text.count(PAGE_BREAK, 0, max(0, offset)) + 1


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


# A candidate end of sentence: ., ! or ? (with closing quotes or brackets), then space.
_END = re.compile(r"[.!?][\"'’”)\]]*(?=\s)")


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if word in _ABBREVIATIONS:
        return True
    # Initials ("J. Smith") and section numbers ("3.2.") are not sentence ends.
    return len(word) == 1 or word.replace(".", "").isdigit()


def sentences(text: str) -> list[Sentence]:
    """Split text into sentences, keeping each one's offsets into `text`.

    Paragraph breaks, page breaks and bullet points always end a sentence (a
    heading or a list item is its own unit of evidence); within a paragraph a
    sentence ends at ., ! or ? followed by space and an upper-case letter, digit
    or quote, unless the word before the stop is a known abbreviation or an
    initial. Offsets are what make evidence highlightable in the source.
    """
    result: list[Sentence] = []
    for block_start, block_end in _blocks(text):
        position = block_start
        for match in _END.finditer(text, block_start, block_end):
            dot = match.start()
            following = text[match.end() : block_end].lstrip()
            if not following:
                continue
            if not (following[0].isupper() or following[0].isdigit() or following[0] in "\"'‘“("):
                continue
            if text[dot] == "." and _is_abbreviation(text, dot):
                continue
            _append(result, text, position, match.end())
            position = match.end()
        _append(result, text, position, block_end)
    return result


def _blocks(text: str):
    """Paragraphs, pages and bullet items: (start, end) spans that sentences never cross."""
    boundaries = {0, len(text)}
    for match in re.finditer(r"\n\s*\n|\f", text):
        boundaries.update((match.start(), match.end()))
    for match in _BULLET.finditer(text):
        boundaries.add(match.start())
    # A single newline after a line that looks like a heading (short, no full stop) ends it.
    for match in re.finditer(r"(?m)^([^\n.]{1,80})\n", text):
        line = match.group(1).strip()
        if line and not line.endswith((",", ";", ":", "-")) and (line[:1].isupper() or line[:1].isdigit()):
            if len(line.split()) <= 10:
                boundaries.add(match.end())
    ordered = sorted(boundaries)
    return list(zip(ordered, ordered[1:]))


def _append(result: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and re.search(r"[^\W_]", text[start:end]):
        result.append(Sentence(start, end, " ".join(text[start:end].split())))


# --- Words -------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself nor of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves""".split()
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> list[str]:
    """Lower-case word tokens ("co-sleeping" is two words, as in search indexes)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


# One stemmer for everything that compares words: the Porter algorithm as Snowball implements
# it, the same algorithm as SQLite FTS5's "porter" tokenizer that search uses, so similarity,
# suggestion features and search agree about what is the same word (docs/learning.md).
# Made on first use, not at import: snowballstemmer's package imports all its 30 languages
# (some 40 ms), and the models import this module, so every `cspr` command paid it at start-up.
@functools.cache
def _porter():
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word ("recommendations" and "recommended" -> "recommend").

    Words with digits or apostrophes are kept whole, as before: "child's" and "2019" are
    compared as written.
    """
    if not word.isalpha() or len(word) < 3:
        return word  # FTS5's porter leaves words of one or two letters alone too
    root = _porter().stemWord(word)
    if root.endswith("logi") and len(root) > 5:
        # The published Porter algorithm's later rule "-logi" -> "-log" (FTS5 has it, Snowball's
        # original Porter does not): "psychology" -> "psycholog", as search stems it.
        root = root[:-1]
    return root


def content_terms(text: str) -> list[str]:
    """Stemmed words without stop words: the terms similarity measures compare."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and len(w) > 1 and not w.isdigit()]


def mid_sentence(label: str) -> str:
    """A label ("Parental mental health") as it reads inside a sentence: first letter lower case.

    An acronym keeps its capitals: "COVID-19 a factor" and "LCSPR publication" stay as they
    are, where a blind lower-casing gave "cOVID-19" and "lCSPR".
    """
    first_word = label.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]
