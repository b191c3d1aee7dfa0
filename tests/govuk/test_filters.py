"""The environment's filters: one way to write a date, sentence case that keeps acronyms, Jinja's indent."""

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from jinja2.filters import do_indent
from markupsafe import Markup

from cspr.govuk.jinja2 import govuk_date, govuk_datetime, indent, sentence_case


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_a_date_reads_as_govuk_style():
    assert render("{{ d | govuk_date }}", d=date(2025, 3, 7)) == "7 March 2025"


def test_no_date_is_empty_so_a_page_can_say_what_it_means():
    assert govuk_date(None) == ""
    assert render('{{ d | govuk_date or "Not yet" }}', d=None) == "Not yet"


def test_a_stored_time_is_written_in_uk_time(settings):
    settings.TIME_ZONE = "Europe/London"
    late_evening = datetime(2025, 6, 30, 23, 30, 15, tzinfo=UTC)  # 00:30 on 1 July in BST
    assert govuk_date(late_evening) == "1 July 2025"
    assert govuk_datetime(late_evening) == "1 July 2025, 00:30"
    assert render("{{ t | govuk_datetime(seconds=true) }}", t=late_evening) == "1 July 2025, 00:30:15"


def test_sentence_case_keeps_acronyms():
    assert sentence_case("LCSPR publication") == "LCSPR publication"
    assert sentence_case("rapid review") == "Rapid review"
    assert render("{{ 'LCSPR final report to Panel' | sentence_case }}") == "LCSPR final report to Panel"


@pytest.mark.parametrize(
    "text",
    ["", "one line", "a\n\nb\r\nc\n", "\n", "<td>1 &amp; 2</td>\n  <td>x</td>\u2028y\x0bz", "\n".join(["<tr>"] * 50)],
)
@pytest.mark.parametrize("args", [(), (8,), (4, True), (2, False, True), ("\t", True, True), (0,)])
def test_indent_gives_jinjas_text_for_markup_and_plain_strings(text, args):
    for value in (Markup(text), text):
        ours, jinjas = indent(value, *args), do_indent(value, *args)
        assert ours == jinjas and type(ours) is type(jinjas)


def test_the_pages_indent_html_passed_to_a_macro_as_jinja_does():
    source = "{{ html | safe | trim | indent(4) }}|{{ text | indent(2, true) }}"
    assert engines["jinja2"].env.filters["indent"] is indent
    assert (
        render(source, html="<p>\n<b>&amp;</b>\n</p>", text="a\n<b>")
        == "<p>\n    <b>&amp;</b>\n    </p>|  a\n  &lt;b&gt;"
    )
