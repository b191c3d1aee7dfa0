"""`once()`: a GOV.UK macro's HTML for params it was given before comes from memory, and is
exactly what the macro writes for them."""

from django.template import engines
from markupsafe import Markup

from cspr.govuk import rendered
from cspr.govuk.rendered import once


def macro(component: str, name: str):
    env = engines["jinja2"].env
    return getattr(env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module, name)


def test_it_writes_what_the_macro_writes_and_the_second_time_from_memory():
    govuk_input = macro("input", "govukInput")
    params = {"id": "q", "name": "q", "label": {"text": "Search"}, "value": "neglect", "attributes": {}}
    before = rendered._render.cache_info().hits
    first, second = once(govuk_input, params), once(govuk_input, dict(params))
    assert first == second == govuk_input(params)
    assert 'value="neglect"' in first
    assert rendered._render.cache_info().hits == before + 1


def test_text_and_markup_of_the_same_characters_are_different_params():
    hint = macro("hint", "govukHint")
    as_text = once(hint, {"text": "<b>Bold</b>"})
    as_markup = once(hint, {"text": Markup("<b>Bold</b>")})
    assert "&lt;b&gt;Bold&lt;/b&gt;" in as_text
    assert "<b>Bold</b>" in as_markup
    assert once(hint, {"text": "<b>Bold</b>"}) == as_text  # and each is remembered as itself


def test_true_and_one_are_different_params():
    assert rendered._key({"x": True}) != rendered._key({"x": 1})
    assert rendered._key(["a"]) != rendered._key(("a",))


def test_params_it_cannot_vouch_for_are_rendered_as_an_ordinary_call():
    class Label:  # an object: what the macro reads of it may change, so nothing is kept
        def __str__(self):
            return "Changing"

    hint = macro("hint", "govukHint")
    size = rendered._render.cache_info().currsize
    assert "Changing" in once(hint, {"text": Label()})
    assert "0.5" in once(hint, {"text": 0.5})
    assert rendered._render.cache_info().currsize == size
