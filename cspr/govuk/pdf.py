"""The one way cspr hands a page to WeasyPrint: with a fetcher that reads nothing from outside it.

Every document cspr renders (a report, a briefing, a case summary, a chart image) carries its
stylesheet in a <style> element and its charts as inline SVG, and its fonts are the system's,
so it needs no file and no address. WeasyPrint's own fetcher opens any URL a page names: a
`file://` address reads the server's files into the PDF, and an `http://` one reaches the
network from inside it. A template that ever put a person's text into a `src` or a `url()`
would hand both to whoever wrote that text. So only `data:` URLs (content written into the
page itself) are read; anything else is refused, with a warning saying so.

WeasyPrint takes seconds to import: import this module where WeasyPrint is used, not at start-up.
"""

import logging
from urllib.parse import urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger("cspr.render")


class PageOnlyFetcher(URLFetcher):
    """Reads `data:` URLs; refuses, and logs, every other address a page names."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() != "data":
            # The scheme and host only: the rest of an address could hold the text that put it there.
            where = f"{parts.scheme}://{parts.hostname or ''}" if parts.scheme else "a relative address"
            logger.warning("refused to fetch %s while making a document: only data: URLs are read", where)
            raise ValueError(f"fetching {where} is not allowed: only data: URLs are read")
        return super().fetch(url, headers)


def html_document(html: str) -> HTML:
    """The page as WeasyPrint's document, ready for `write_pdf`, reading nothing beyond itself."""
    return HTML(string=html, url_fetcher=PageOnlyFetcher())
