"""Whether what the service shows is synthetic, and the words that say so.

In demo mode (settings.DEMO_MODE, set by CSPR_DEMO=1 and required by `cspr demo`) every
child, case, review and figure was made up by cspr's generators, yet a briefing or report
built from it looks like the Panel's own: real partnership names, "Key figures for England".
So the pages (layouts/base.html), every briefing and every report output say so at the top.

The decision is made where the output is made, by the process that reads the demo database:
domain objects (Report) stay free of Django, and a renderer is told `synthetic=` by its caller.
"""

from django.conf import settings

# The pages' banner (titled "Demonstration"): one line, at the top of every page in demo mode.
PAGE_NOTICE = "Every child, case, review and figure in this service is synthetic (made up)."
# A briefing's or report's notice: the file travels without the page around it, so it says what it is not.
OUTPUT_NOTICE = (
    "Demonstration data: every child, case, review and figure in this document is synthetic (made up for a "
    "demonstration of cspr). These are not the Child Safeguarding Practice Review Panel's figures, and the "
    "reviews named are not real reviews."
)


def is_synthetic() -> bool:
    """True in demo mode: read at each use, so a test's settings change is seen."""
    return bool(getattr(settings, "DEMO_MODE", False))


def demo_context(request) -> dict:
    """The Django-template twin of the Jinja globals (cspr/govuk/jinja2.py), for allauth's layout:
    the sign-in pages are the first a demo's visitor sees, so they carry the banner too."""
    return {"synthetic_data": is_synthetic(), "synthetic_notice": PAGE_NOTICE}
