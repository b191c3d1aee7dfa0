"""The Jinja2 environment for cspr's pages, with govuk-frontend-jinja's macros.

Templates import GOV.UK macros as `{% from "govuk_frontend_jinja/components/button/macro.html"
import govukButton %}`. The loader chain is: Django's app `jinja2/` folders (set by
the backend), then the govuk_frontend_jinja package.
"""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.middleware.csrf import get_token
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader


def _url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    app_loader = options.pop("loader", None)
    loaders = [app_loader] if app_loader else []
    loaders.append(PackageLoader("govuk_frontend_jinja", "templates"))
    options.setdefault("autoescape", True)
    env = Environment(loader=ChoiceLoader(loaders), **options)
    env.globals.update({"static": staticfiles_storage.url, "url": _url, "csrf_token_value": get_token})
    return env
