"""Similarity, suggestion features and search agree about what is the same word (issue 16, item 5).

Search on SQLite stems with FTS5's "porter" tokenizer; cspr.domain.text.stem (used by
similar reviews, recurring recommendations and the suggester's features) must give the
same stem for the same word, or the two would disagree about which texts share words.
"""

import json
import sqlite3

from cspr.domain.text import content_terms, stem, words
from cspr.learning.suggest import PASSAGES_PATH


def fts5_porter_stems(vocabulary: list[str]) -> dict[str, str]:
    """What SQLite FTS5, tokenized as the search index is, makes of each word."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    stems = {}
    for word in vocabulary:
        db.execute("DELETE FROM t")
        db.execute("INSERT INTO t(x) VALUES (?)", (word,))
        (term,) = db.execute("SELECT term FROM v").fetchone()
        stems[word] = term
    return stems


def test_the_stemmer_gives_what_the_search_index_gives_for_every_word_of_the_labelled_passages():
    vocabulary = set()
    for line in PASSAGES_PATH.read_text(encoding="utf-8").splitlines():
        vocabulary.update(w for w in words(json.loads(line)["text"]) if w.isalpha() and w.isascii())
    vocabulary = sorted(vocabulary)
    assert len(vocabulary) > 3000
    expected = fts5_porter_stems(vocabulary)
    disagreements = {w: (stem(w), expected[w]) for w in vocabulary if stem(w) != expected[w]}
    assert not disagreements, dict(list(disagreements.items())[:20])


def test_the_inflections_a_reader_expects_to_match_share_a_stem():
    assert stem("recommendations") == stem("recommended") == "recommend"
    assert stem("sleeping") == stem("sleeps") == "sleep"
    assert stem("exploitation") == stem("exploited")
    assert stem("child's") == "child's"  # a word with an apostrophe is compared as written


def test_content_terms_are_stemmed_words_without_stop_words_or_numbers():
    assert content_terms("The 3 agencies shared information") == [stem("agencies"), "share", "inform"]
