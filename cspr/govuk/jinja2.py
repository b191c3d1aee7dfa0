"""The Jinja2 environment for cspr's pages, with govuk-frontend-jinja's macros.

Templates import GOV.UK macros as `{% from "govuk_frontend_jinja/components/button/macro.html"
import govukButton %}`. The loader chain is: Django's app `jinja2/` folders (set by
the backend), then the govuk_frontend_jinja package.

Django's Jinja2 backend puts `request`, `csrf_input` and `csrf_token` in every
template's context; the globals below add what the layout and the form glue need.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.timezone import localtime
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, pass_context

from cspr.govuk import forms

SERVICE_NAME = "Child safeguarding practice reviews"


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


def environment(**options) -> Environment:
    app_loader = options.pop("loader", None)
    loaders = [app_loader] if app_loader else []
    # govuk-frontend-jinja's own templates import each other as "govuk_frontend_jinja/...".
    loaders.append(PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}))
    options.setdefault("autoescape", True)
    env = Environment(loader=ChoiceLoader(loaders), **options)
    env.filters["localtime"] = localtime  # stored times are UTC; people read them in UK time
    env.globals.update(
        {
            "static": staticfiles_storage.url,
            "url": _url,
            "csrf_token_value": get_token,
            "csp_nonce": csp_nonce,
            "service_navigation": service_navigation,
            "service_name": getattr(settings, "CSPR_SERVICE_NAME", SERVICE_NAME),
            "feedback_url": getattr(settings, "CSPR_FEEDBACK_URL", ""),
            "govuk_field_params": forms.field_params,
            "govuk_error_list": forms.error_list,
        }
    )
    return env
