"""The search box's little language: nothing a person types reaches FTS5 or tsquery syntax raw."""

import pytest

from cspr.domain.text_query import MAX_TERMS, Term, parse


def fts(text):
    return parse(text).to_fts5()


def test_words_are_all_required_and_quoted():
    assert fts("neglect dental") == '"neglect" AND "dental"'


def test_a_hyphenated_word_is_a_phrase():
    assert fts("co-sleeping") == '"co sleeping"'


def test_quotes_make_a_phrase_and_a_missing_closing_quote_is_explained():
    assert fts('"voice of the child"') == '"voice of the child"'
    parsed = parse('"professional curiosity')
    assert parsed.to_fts5() == '"professional curiosity"'
    assert any("closing quotation mark" in n for n in parsed.notices)


def test_and_is_accepted_and_or_makes_alternatives():
    assert fts("alcohol AND drugs") == '"alcohol" AND "drugs"'
    assert fts("cannabis OR cocaine neglect") == '("cannabis" OR "cocaine") AND "neglect"'


def test_lower_case_operators_are_ordinary_common_words():
    assert fts("alcohol and drugs") == '"alcohol" AND "drugs"'


def test_exclusions_with_minus_or_not():
    assert fts("neglect -dental") == '("neglect") NOT "dental"'
    assert fts("neglect NOT dental") == '("neglect") NOT "dental"'


def test_prefix_needs_three_letters():
    assert fts("negl*") == '"negl"*'
    parsed = parse("ne* baby")
    assert parsed.to_fts5() == '"ne" AND "baby"'
    assert parsed.notices


def test_a_lone_star_is_ignored_with_a_notice():
    parsed = parse("* neglect")
    assert parsed.to_fts5() == '"neglect"'
    assert any("*" in n for n in parsed.notices)


def test_only_exclusions_is_empty_with_a_notice():
    parsed = parse("-neglect")
    assert parsed.is_empty
    assert parsed.notices == ("Add a word to search for as well as the words to leave out.",)


def test_punctuation_and_query_syntax_are_just_words():
    assert fts('NEAR(information sharing) title:neglect ^start') == (
        '"near" AND "information" AND "sharing" AND "title" AND "neglect" AND "start"'
    )
    assert fts("information/sharing") == '"information" AND "sharing"'
    assert fts("child's-voice") == '"child\'s voice"'
    assert fts("'); DROP TABLE learning_review_fts; --") == '"drop" AND "table" AND "learning review fts"'


def test_an_embedded_double_quote_cannot_escape_its_string():
    parsed = parse('say "a" b"c')
    assert all('"' not in w for t in parsed.terms() for w in t.words)


def test_very_long_queries_are_cut_with_a_notice():
    parsed = parse(" ".join(f"word{i}" for i in range(100)))
    assert len(parsed.terms()) == MAX_TERMS
    assert parsed.notices


def test_an_empty_query_asks_for_words():
    assert parse("   ").notices == ("Enter a word or phrase to search for.",)


@pytest.mark.parametrize("text", ['"', "*", "AND", "OR OR", "NOT", "-", '""', "()", "the of and"])
def test_hostile_inputs_give_an_empty_query_never_an_exception(text):
    parsed = parse(text)
    assert parsed.is_empty


def test_terms_are_deduplicated():
    assert parse("neglect neglect").terms() == [Term(("neglect",))]
