"""Sentences with offsets, tidy text and words (pure Python); stemming is in test_one_stemmer.py."""

from cspr.domain.text import normalise, page_of, sentences, words


def test_sentences_keep_offsets_into_the_original_text():
    text = "The baby was seen on 3 May. Dr. Smith saw no bruising, e.g. on the face. Nobody asked why!"
    found = sentences(text)
    assert [s.text for s in found] == [
        "The baby was seen on 3 May.",
        "Dr. Smith saw no bruising, e.g. on the face.",
        "Nobody asked why!",
    ]
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text


def test_paragraphs_pages_and_bullets_always_end_a_sentence():
    text = "Findings\nThe plan did not change\n\nThe school\fwas not told\n• first point\n• second point"
    assert [s.text for s in sentences(text)] == [
        "Findings",
        "The plan did not change",
        "The school",
        "was not told",
        "• first point",
        "• second point",
    ]


def test_a_lower_case_word_after_a_full_stop_does_not_start_a_sentence():
    assert len(sentences("The father (approx. 30 years old) was not seen.")) == 1


def test_normalise_joins_hyphenated_line_ends_and_ligatures():
    assert normalise("safe-\nguarding  ﬁndings\x07\r\n\n\n\nnext") == "safeguarding findings\n\nnext"


def test_page_of_counts_form_feeds():
    text = "one\ftwo\fthree"
    assert [page_of(text, text.index(w)) for w in ("one", "two", "three")] == [1, 2, 3]


def test_words_split_hyphenated_words_like_the_search_indexes():
    assert words("Co-sleeping, the child's COT") == ["co", "sleeping", "the", "child's", "cot"]
