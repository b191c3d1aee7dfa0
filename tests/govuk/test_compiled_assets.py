"""The committed build of govuk-frontend: Arial, no GOV.UK font, every referenced file present."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "cspr" / "govuk" / "static" / "govuk"
CSS = STATIC / "cspr.css"


def test_the_compiled_css_exists_and_is_minified():
    css = CSS.read_text(encoding="utf-8-sig")
    assert len(css) > 50_000
    assert css.count("\n") < 5


def test_it_uses_arial():
    families = set(re.findall(r"font-family:([^;}]+)", CSS.read_text(encoding="utf-8-sig")))
    assert families == {"arial,sans-serif", "sans-serif"}  # sans-serif is GOV.UK's print font


def test_it_has_no_govuk_font_and_no_font_files():
    css = CSS.read_text(encoding="utf-8-sig")
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert not re.search(r"\.woff2?\b|fonts/", css)
    assert not (STATIC / "assets" / "fonts").exists()


def test_every_url_in_the_css_is_a_committed_file():
    # ManifestStaticFilesStorage fails collectstatic on a missing one.
    urls = set(re.findall(r'url\("?([^")]+)"?\)', CSS.read_text(encoding="utf-8-sig")))
    assert urls
    for url in urls:
        assert (STATIC / url).is_file(), url


def test_it_is_the_pinned_version_of_govuk_frontend():
    package = json.loads((ROOT / "frontend" / "package.json").read_text())
    pinned = package["devDependencies"]["govuk-frontend"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"
    assert f'--govuk-frontend-version: "{pinned}"' in CSS.read_text(encoding="utf-8-sig")
    assert f"govuk-frontend {pinned}" in (ROOT / "docs" / "frontend.md").read_text()


def test_it_has_the_cspr_status_tags():
    css = CSS.read_text(encoding="utf-8-sig")
    for status in ("overdue", "due-soon", "on-time"):
        assert f".cspr-status--{status}{{" in css


def test_the_javascript_exports_init_all_and_names_no_missing_source_map():
    js = (STATIC / "govuk-frontend.min.js").read_text()
    assert "initAll" in js and "export{" in js
    assert "sourceMappingURL" not in js
