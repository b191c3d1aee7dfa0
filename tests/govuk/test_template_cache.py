"""Compiled templates are kept in CSPR_TEMPLATE_CACHE_DIR for the next process, when it can be written; a
template's globals list their keys as Jinja's chain does (cspr/govuk/jinja2.py `_Globals`)."""

from jinja2 import DictLoader, Environment, FileSystemBytecodeCache

from cspr.govuk.jinja2 import bytecode_cache


def test_a_template_compiled_once_is_kept_for_the_next_environment(settings, tmp_path):
    settings.CSPR_TEMPLATE_CACHE_DIR = tmp_path / "jinja2"
    cache = bytecode_cache()
    assert isinstance(cache, FileSystemBytecodeCache)
    templates = DictLoader({"page.html": "Hello {{ name }}"})
    assert (
        Environment(loader=templates, bytecode_cache=cache).get_template("page.html").render(name="Sam") == "Hello Sam"
    )
    assert len(list((tmp_path / "jinja2").iterdir())) == 1
    again = Environment(loader=templates, bytecode_cache=bytecode_cache())
    assert again.get_template("page.html").render(name="Ann") == "Hello Ann"


def test_a_folder_that_cannot_be_made_means_compiling_in_each_process(settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.CSPR_TEMPLATE_CACHE_DIR = tmp_path / "a-file" / "jinja2"
    assert bytecode_cache() is None
    settings.CSPR_TEMPLATE_CACHE_DIR = ""
    assert bytecode_cache() is None


def test_the_pages_environment_keeps_its_compiled_templates():
    from django.template import engines

    assert isinstance(engines["jinja2"].env.bytecode_cache, FileSystemBytecodeCache)


def test_a_templates_globals_have_the_keys_of_jinjas_chain_in_its_order():
    from collections import ChainMap

    from django.template import engines

    env = engines["jinja2"].env
    template = env.from_string("{{ x }}", globals={"x": 1, "url": "shadowed"})
    assert list(template.globals.keys()) == list(ChainMap(*template.globals.maps).keys())
    assert {"x", "url", "static", "range"} <= template.globals.keys()
    assert env.get_template("layouts/base.html").globals.keys() == ChainMap({}, env.globals).keys()
