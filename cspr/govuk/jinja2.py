"""The Jinja2 environment for cspr's pages, with govuk-frontend-jinja's macros.

Templates import GOV.UK macros as `{% from "govuk_frontend_jinja/components/button/macro.html"
import govukButton %}`. The loader chain is: Django's app `jinja2/` folders (set by
the backend), then the govuk_frontend_jinja package.

Django's Jinja2 backend puts `request`, `csrf_input` and `csrf_token` in every
template's context; the globals below add what the layout and the form glue need,
and the statutory periods' wording (`{{ RAPID_REVIEW_PERIOD }}`, from
cspr/domain/deadlines.py); `once(macro, params)` gives a GOV.UK macro's HTML for
params seen before from memory (cspr/govuk/rendered.py). Filters: `govuk_date`,
`govuk_datetime` (cspr/domain/dates.py, in UK time), `sentence_case`, and Jinja's `indent` made
faster for markup (the same HTML). Tables and summary lists go through
includes/table.html and includes/summary_list.html (govukTable, govukSummaryList).
"""

import itertools
import logging
import os
from collections import ChainMap
from datetime import date, datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.timezone import is_aware, localtime
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    PrefixLoader,
    pass_context,
    select_autoescape,
)
from jinja2.filters import do_indent
from markupsafe import Markup

from cspr.domain import dates, deadlines, workflow
from cspr.govuk import forms
from cspr.govuk.rendered import once
from cspr.govuk.synthetic import PAGE_NOTICE, is_synthetic

SERVICE_NAME = "Child safeguarding practice reviews"
log = logging.getLogger(__name__)


def _url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def csp_nonce(context) -> str:
    """The request's CSP nonce, or "" when the CSP middleware is not installed.

    Reading it makes Django's ContentSecurityPolicyMiddleware put the same nonce
    in the response's Content-Security-Policy header (`CSP.NONCE` in SECURE_CSP).
    """
    request = context.get("request")
    nonce = get_nonce(request) if request is not None else None
    return str(nonce) if nonce is not None else ""


def service_navigation(nav_items, request=None) -> list[dict]:
    """govukServiceNavigation's items, with the item for the current page marked.

    A view may mark an item itself (`"current": True` or `"active": True`);
    otherwise an item whose href is the request's path is the current page, and
    one whose href starts the path (a section such as /reviews/) is active.
    """
    path = getattr(request, "path", None)
    items = []
    for item in nav_items or ():
        item = dict(item)
        href = item.get("href")
        if path and href and "current" not in item and "active" not in item:
            item["current"] = href == path
            item["active"] = href != "/" and href.endswith("/") and path.startswith(href)
        items.append(item)
    return items


def _uk_time(value: datetime) -> datetime:
    """Stored times are UTC; people read them in UK time (TIME_ZONE)."""
    return localtime(value) if is_aware(value) else value


def govuk_date(value: date | datetime | None) -> str:
    """`{{ d | govuk_date }}`: "27 March 2025" ("" for no date: `{{ d | govuk_date or "Not yet" }}`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _uk_time(value)
    return dates.long_date(value)


def govuk_datetime(value: datetime | None, seconds: bool = False) -> str:
    """`{{ e.at | govuk_datetime }}`: "27 March 2025, 14:05" in UK time; `seconds=true` adds them."""
    return "" if value is None else dates.long_date_time(_uk_time(value), seconds=seconds)


def sentence_case(text: str) -> str:
    """The first letter upper case, the rest as written: "LCSPR publication" stays so (not `capitalize`)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def indent(s, width=4, first=False, blank=False):
    """Jinja's `indent` filter, which govuk-frontend-jinja's macros apply to the HTML they are given.

    Given markup, Jinja's makes each line a Markup and joins them through Markup's
    escaping, about 2 µs a line: the statistics page's tabs (govukTabs) indent some
    1,700 lines of tables each, 4 ms a tab. Nothing in markup is escaped again, so
    indenting its text and marking the result safe gives the same HTML, in a tenth of the time.
    """
    if type(s) is Markup:
        return Markup(do_indent(str(s), width, first, blank))
    return do_indent(s, width, first, blank)


# Statutory periods as pages say them, from the one place they are defined.
DEADLINE_GLOBALS = {
    "NOTIFICATION_PERIOD": deadlines.NOTIFICATION_PERIOD,
    "RAPID_REVIEW_PERIOD": deadlines.RAPID_REVIEW_PERIOD,
    "LCSPR_PUBLICATION_PERIOD": deadlines.LCSPR_PUBLICATION_PERIOD,
    # A rapid review's stored rule codes in words: rapid_review_rule(review.due_rule, review.due_counted_from).
    "rapid_review_rule": deadlines.rule_for_rapid_review,
}

# Each state's tag colour (includes/tags.html status_tag), keyed by the workflow's own states so
# that every state has one (tests/govuk/test_fixrules_state_tags.py checks none is missing). The
# words carry the meaning; the colour only supports it.
_R, _P, _N, _W = workflow.RapidReviewStatus, workflow.PracticeReviewStatus, workflow.NationalReviewStatus, \
    workflow.WorkProgrammeStatus
STATE_TAG_COLOURS: dict[str, str] = {
    _R.DUE: "grey", _R.NOT_REQUIRED: "purple", _R.SUBMITTED: "blue", _R.QUERIED: "yellow", _R.RESPONDED: "green",
    _P.COMMISSIONED: "grey", _P.FINAL_REPORT_SENT: "blue", _P.PUBLISHED: "green", _P.NOT_PUBLISHED: "purple",
    _N.PROPOSED: "grey", _N.COMMISSIONED: "grey", _N.PUBLISHED: "green",
    _W.PLANNED: "grey", _W.UNDER_REVIEW: "blue", _W.REPORTED: "green", _W.WITHDRAWN: "purple",
}


def state_tag_colour(status: str) -> str:
    return STATE_TAG_COLOURS.get(status, "grey")


def due_soon_within() -> int:
    """Working days left at which a deadline is "due soon" (includes/tags.html due_tag): the window
    `cspr send-reminders` warns about (settings.CSPR_REMINDER_WORKING_DAYS), read at each render."""
    return settings.CSPR_REMINDER_WORKING_DAYS


FILTERS = {
    "indent": indent,
    "govuk_date": govuk_date,
    "govuk_datetime": govuk_datetime,
    "sentence_case": sentence_case,
}


class _Globals(ChainMap):
    """A template's globals (Jinja's ChainMap over the environment's), whose keys are a plain dict's.

    Every `{% from "…" import … %}` that runs, including those inside govuk-frontend-jinja's
    macros, asks which of the importing context's globals the imported template lacks
    (`Template._get_default_module`: a set minus `globals.keys()`). A ChainMap answers that
    one key at a time in Python, some 25 µs for our twenty-two globals: about a fifth of a
    page's template time. The same keys, in the same order, as a dict's view answer it in C.
    """

    def keys(self):
        return dict.fromkeys(itertools.chain.from_iterable(reversed(self.maps))).keys()


class _Environment(Environment):
    def make_globals(self, d):
        return _Globals(d if d is not None else {}, self.globals)


def govuk_frontend_loader() -> BaseLoader:
    """govuk-frontend-jinja's macros, as "govuk_frontend_jinja/components/…/macro.html".

    The package's own templates import each other by that prefix. The standalone
    report and briefing renderers add it to their environments too.
    """
    return PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")})


def document_environment(app_package: str) -> Environment:
    """For standalone documents made outside Django's template backend (the statistics
    report, briefings): the app's jinja2/ folder, the shared includes (includes/table.html)
    and govuk-frontend-jinja's macros, with the same filters as the pages."""
    loader = ChoiceLoader(
        [PackageLoader(app_package, "jinja2"), PackageLoader("cspr.govuk", "jinja2"), govuk_frontend_loader()]
    )
    env = _Environment(loader=loader, autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    env.globals["once"] = once  # includes/table.html's
    return env


class FolderBytecodeCache(FileSystemBytecodeCache):
    """Jinja's folder of compiled templates, for a folder that may be emptied or removed under it.

    Operators empty CSPR_CACHE_DIR (docs/operations.md), which holds this folder; Jinja's own
    class then raised FileNotFoundError for every template not yet compiled, so pages (403 and
    404 ones too) were a 500 until the workers restarted. Keeping a template is only a saving:
    the folder is made again when it is gone, and one that cannot be written means the
    template is compiled again next time, said once per process in the log.
    """

    _warned = False

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:  # Jinja's skips a missing file only; a folder made a file, say, is "not kept" too
            return

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError as error:
            log.log(logging.DEBUG if self._warned else logging.WARNING, "compiled template not kept: %s", error)
            self._warned = True


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates shared by the processes of one host (settings.CSPR_TEMPLATE_CACHE_DIR).

    Each is checked against its template's source before use, so a changed template is compiled
    again. A folder that cannot be written means compiling in each process, as before; one that
    is emptied while the service runs is filled again (FolderBytecodeCache).
    """
    folder = getattr(settings, "CSPR_TEMPLATE_CACHE_DIR", None)
    if not folder:
        return None
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return FolderBytecodeCache(str(folder)) if os.access(folder, os.W_OK | os.X_OK) else None


def environment(**options) -> Environment:
    app_loader = options.pop("loader", None)
    loaders = [app_loader] if app_loader else []
    loaders.append(govuk_frontend_loader())
    options.setdefault("autoescape", True)
    options.setdefault("bytecode_cache", bytecode_cache())
    env = _Environment(loader=ChoiceLoader(loaders), **options)
    env.filters.update(FILTERS)
    env.globals.update(
        {
            "static": staticfiles_storage.url,
            "url": _url,
            "csrf_token_value": get_token,
            "csp_nonce": csp_nonce,
            # The messages an action left for the next page: layouts/base.html shows each as a banner.
            "get_messages": get_messages,
            "service_navigation": service_navigation,
            "service_name": getattr(settings, "CSPR_SERVICE_NAME", SERVICE_NAME),
            "feedback_url": getattr(settings, "CSPR_FEEDBACK_URL", ""),
            # Demo mode's banner on every page (layouts/base.html): a call, so it is read at each render.
            "synthetic_data": is_synthetic,
            "synthetic_notice": PAGE_NOTICE,
            "govuk_field_params": forms.field_params,
            # A GOV.UK macro's output for params it was given before (cspr/govuk/rendered.py).
            "once": once,
            "govuk_error_list": forms.error_list,
            **DEADLINE_GLOBALS,
            # States and state sets come from the workflow's one home, never typed in a template.
            "workflow": workflow,
            # A state's words are workflow.state_name's; its tag's colour and the "due soon" window are these.
            "state_tag_colour": state_tag_colour,
            "due_soon_within": due_soon_within,
        }
    )
    return env
