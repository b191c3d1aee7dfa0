"""One cell of the data standard: only ASCII digits make a number or a date, and free text is whole characters."""

import pytest

from cspr.domain.standard_cells import (
    parse_age,
    parse_date,
    parse_description,
    parse_version,
    refuse_unpaired_surrogates,
)


@pytest.mark.parametrize("text", ["٣", "²", "３", "1٣", "9" * 5000, "+3", " 3", "3.0"])
def test_an_age_is_ascii_digits(text):
    with pytest.raises(ValueError, match="is not a whole number of years"):
        parse_age(text)


@pytest.mark.parametrize(("text", "years"), [("3", 3), ("003", 3), ("0", 0), ("24", 24)])
def test_an_age_of_ascii_digits_is_read(text, years):
    assert parse_age(text) == years


@pytest.mark.parametrize("text", ["٣", "²", "9" * 5000, "1234567890123"])
def test_a_record_version_is_ascii_digits(text):
    with pytest.raises(ValueError, match="is not a record version"):
        parse_version(text)


def test_a_record_version_of_ascii_digits_is_read():
    assert parse_version("12") == 12


def test_a_date_is_ascii_digits():
    with pytest.raises(ValueError, match="is not a date in the form YYYY-MM-DD"):
        parse_date("٢٠٢٠-٠٣-٠١")


@pytest.mark.parametrize("text", ["hello \ud800 world", "\udfff", "end \ud83d"])
def test_text_with_an_unpaired_surrogate_is_refused(text):
    for check in (refuse_unpaired_surrogates, parse_description):
        with pytest.raises(ValueError, match="unpaired surrogate"):
            check(text)


def test_whole_characters_beyond_the_basic_plane_are_kept():
    text = "a child \U0001f600 and ümlaut"
    assert refuse_unpaired_surrogates(text) == text
    assert parse_description(text) == text
