"""Emptying the cache folder while the service runs never breaks a page (docs/operations.md says
to, after a restore): the compiled templates' folder inside it is made again, or templates are
simply compiled again (cspr/govuk/jinja2.py FolderBytecodeCache)."""

import shutil

import pytest
from django.template import engines
from django.urls import reverse
from jinja2 import DictLoader, Environment
from jinja2.environment import create_cache

from cspr.govuk.jinja2 import bytecode_cache

pytestmark = pytest.mark.django_db


def empty(folder):
    for path in folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def test_a_template_compiled_after_the_folder_is_removed_renders_and_is_kept_again(settings, tmp_path):
    settings.CSPR_TEMPLATE_CACHE_DIR = tmp_path / "cache" / "jinja2"
    templates = DictLoader({"a.html": "A {{ x }}", "b.html": "B {{ x }}"})
    env = Environment(loader=templates, bytecode_cache=bytecode_cache())
    assert env.get_template("a.html").render(x=1) == "A 1"
    empty(tmp_path / "cache")  # `rm -r CSPR_CACHE_DIR/*`
    assert env.get_template("b.html").render(x=2) == "B 2"
    assert len(list((tmp_path / "cache" / "jinja2").iterdir())) == 1  # b, kept for the next process


def test_a_folder_that_cannot_be_made_again_means_compiling_again_with_one_warning(settings, tmp_path, caplog):
    settings.CSPR_TEMPLATE_CACHE_DIR = tmp_path / "cache" / "jinja2"
    templates = DictLoader({name: f"{name} {{{{ x }}}}" for name in ("a", "b", "c")})
    env = Environment(loader=templates, bytecode_cache=bytecode_cache())
    shutil.rmtree(tmp_path / "cache")
    (tmp_path / "cache").write_text("")  # a file where the folder was: it cannot be made
    with caplog.at_level("DEBUG", logger="cspr.govuk.jinja2"):
        assert [env.get_template(name).render(x=0) for name in ("a", "b", "c")] == ["a 0", "b 0", "c 0"]
    assert [r.levelname for r in caplog.records] == ["WARNING", "DEBUG", "DEBUG"]


def test_pages_render_after_the_cache_folder_is_emptied(client, settings, tmp_path, monkeypatch):
    """The pages' own environment, as a gunicorn worker has it: one page rendered, the folder
    emptied, then templates not yet compiled in this process (the page again, a 404)."""
    settings.CSPR_TEMPLATE_CACHE_DIR = tmp_path / "cache" / "jinja2"
    env = engines["jinja2"].env
    monkeypatch.setattr(env, "bytecode_cache", bytecode_cache())
    monkeypatch.setattr(env, "cache", create_cache(400))  # nothing compiled yet in this "worker"
    assert client.get(reverse("feedback")).status_code == 200
    assert any((tmp_path / "cache" / "jinja2").iterdir())
    empty(tmp_path / "cache")
    monkeypatch.setattr(env, "cache", create_cache(400))
    assert client.get(reverse("feedback")).status_code == 200
    assert client.get("/no-such-page/").status_code == 404
