"""The standalone documents' stylesheet: GOV.UK Frontend, built, never copied by hand.

`report.css` is compiled from `frontend/src/report.scss` by `frontend/build.sh` (GOV.UK
Frontend's core, objects and the components a document uses) and committed, so Python work
never needs Node. Browsers read it as it is (`screen_css`). WeasyPrint, making the PDF,
ignores what it does not support (media features, `@supports`, `user-select`, ...) and logs a
warning for each; `trimmed()` keeps only what WeasyPrint's own parser accepts, rule by rule and
then declaration by declaration, so the PDF is made without a warning and nothing it could use
is lost. That takes seconds, so build.sh writes it once, after the sass step, to
`report.print.css` (`python -m cspr.stats.render.css`), which `print_css` reads; a test checks
the committed file is what the built one gives.
"""

import logging
from functools import cache
from pathlib import Path

import tinycss2

BUILT = Path(__file__).with_name("report.css")
FOR_PRINT = Path(__file__).with_name("report.print.css")


# Sass writes a byte order mark before compressed CSS that holds a non-ASCII character; inside
# the page's <style> it would become part of the first selector and void that rule.
BOM = "\ufeff"


@cache
def screen_css() -> str:
    return BUILT.read_text(encoding="utf-8").removeprefix(BOM)


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _accepted(css_text: str) -> bool:
    """Whether WeasyPrint parses this CSS without a warning."""
    from weasyprint import CSS  # lazy: WeasyPrint takes seconds to import

    logger = logging.getLogger("weasyprint")
    handler = _Warnings()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        CSS(string=css_text)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    return handler.count == 0


def _declarations(rule) -> list[str]:
    return [
        item.serialize()
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        if item.type == "declaration"
    ]


def _trim_one(rule) -> list[str]:
    """One rule WeasyPrint warns about: keep its accepted declarations, or its accepted inner rules."""
    if rule.type == "qualified-rule":
        selector = tinycss2.serialize(rule.prelude).strip()
        good = [d for d in _declarations(rule) if _accepted(f"{selector}{{{d}}}")]
        return [f"{selector}{{{';'.join(good)}}}"] if good else []
    if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
        inner = _trim(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
        wrapped = f"@media {tinycss2.serialize(rule.prelude).strip()}{{{''.join(inner)}}}"
        return [wrapped] if inner and _accepted(wrapped) else []
    return []  # any other at-rule WeasyPrint warns about (@supports, ...) is left out whole


def _media_type_only(rule) -> bool:
    """@media naming only media types ("print"): WeasyPrint reads no media features, so GOV.UK's
    breakpoints (`(min-width: 40.0625em)`) and @supports are for screens and are left out at once."""
    if rule.lower_at_keyword != "media":
        return False
    return all(
        t.type in ("ident", "whitespace", "comment") or (t.type == "literal" and t.value == ",") for t in rule.prelude
    )


def _trim(rules) -> list[str]:
    """Halving: a run of rules WeasyPrint accepts together is kept in one check, so the few it
    warns about are found in a few dozen parses rather than one per rule."""
    rules = [r for r in rules if r.type == "qualified-rule" or (r.type == "at-rule" and _media_type_only(r))]
    if not rules:
        return []
    texts = [r.serialize() for r in rules]
    if _accepted("".join(texts)):
        return texts
    if len(rules) == 1:
        return _trim_one(rules[0])
    middle = len(rules) // 2
    return _trim(rules[:middle]) + _trim(rules[middle:])


def trimmed(css_text: str) -> str:
    """The stylesheet without what WeasyPrint would ignore with a warning."""
    rules = tinycss2.parse_stylesheet(css_text.removeprefix(BOM), skip_comments=True, skip_whitespace=True)
    return "".join(_trim(rules))


@cache
def print_css() -> str:
    return FOR_PRINT.read_text(encoding="utf-8")


if __name__ == "__main__":
    FOR_PRINT.write_text(trimmed(screen_css()) + "\n", encoding="utf-8")
    print(f"wrote {FOR_PRINT} ({FOR_PRINT.stat().st_size:,} bytes) from {BUILT.name}")
