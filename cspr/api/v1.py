"""The API's version 1: one NinjaAPI, its routers, its errors and its OpenAPI document.

Served under /api/v1/ (cspr/api/urls.py); the document at /api/v1/openapi.json is
checked into docs/openapi.json and compared by tests/api/test_openapi_document.py.
"""

import functools
import json
from pathlib import Path

from django.http import HttpResponseNotAllowed
from django.urls import URLPattern
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser

from cspr.api import common, problems
from cspr.api.auth import TokenThrottle
from cspr.api.routes import learning, notifications, other, reviews
from cspr.core import converters  # noqa: F401  (registers the `ref` path converter)

DESCRIPTION = """\
The API for case management systems: notifications and their children, the rapid
review, the Panel's response, the local review (LCSPR), open deadlines, the published
statistics, the learning repository's search, and reviews' recommendations with the
partnerships' actions on them. See docs/api.md for worked examples.

Send a token as `Authorization: Bearer cspr_...`. Every error is RFC 9457 problem
details (`application/problem+json`); a validation error lists each field and why, in
the data standard's words. Writes take the record's `version` (a stale one answers 409
with the current record) and an optional `Idempotency-Key`.
"""


class Api(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts):
        """As django-ninja's, but keeping the value that was wrong, so a message can quote it as the importer does."""
        errors = []
        for context in error_contexts:
            model = context.model
            for error in context.pydantic_validation_error.errors(include_url=False):
                error["loc"] = (model.__ninja_param_source__,) + model.__ninja_flatten_map_reverse__.get(
                    error["loc"], error["loc"]
                )
                value = error.pop("input", None)
                if value is None or isinstance(value, (str, int, float)):  # true and false too, to quote them
                    error["input"] = value
                if isinstance(error.get("ctx", {}).get("error"), Exception):
                    error["ctx"]["error"] = str(error["ctx"]["error"])
                errors.append(dict(error))
        return ValidationError(errors)

    @property
    def urls(self):
        """ninja's URLs, each path's view wrapped by `_methods_answered` (405 as a problem, HEAD as GET)."""
        patterns, app_name, namespace = super().urls
        wrapped = [
            URLPattern(p.pattern, _methods_answered(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        return wrapped, app_name, namespace

    def get_openapi_schema(self, *args, **kwargs):
        """Errors are problem documents: say so in the document, and list the throttle's 429 everywhere,
        and a body's 400 (not JSON), 413 (too large) and 415 (not sent as JSON) wherever one is read."""
        schema = super().get_openapi_schema(*args, **kwargs)
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                answers = operation.setdefault("responses", {})
                answers.setdefault(429, {"description": "Too many requests from this token", "content": problem})
                if "requestBody" in operation:
                    for status, description in BODY_ERRORS.items():
                        answers.setdefault(status, {"description": description, "content": problem})
                for status, answer in answers.items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        return schema


BODY_ERRORS = {
    400: "The body is not JSON: the problem says where the JSON error is",
    413: "The body is larger than the service reads",
    415: "The body was not sent as JSON (Content-Type: application/json)",
}


class _NotJson(ValueError):
    pass


def _not_json(name: str):
    # Python's decoder reads NaN and Infinity, which JSON (RFC 8259) does not have; the decoder
    # does not say where it found one.
    raise _NotJson(f"{name} is not a JSON value (JSON has no NaN or Infinity)")


class JsonBody(Parser):
    """The body as JSON, or the problem that says why not: 415 when it is sent as another media type
    (a form, text/plain), 400 with the line and column of the JSON error.

    ninja turns any error of the parser into its own 400 "Cannot parse request body"; the handler
    (cspr.api.problems.install) answers with the Problem raised here instead.
    """

    def parse_body(self, request):
        refused = problems.not_json(request)
        if refused:
            raise refused
        try:
            return json.loads(request.body, parse_constant=_not_json)
        except json.JSONDecodeError as error:
            message = f"invalid JSON: {error.msg}: line {error.lineno} column {error.colno}"
        except _NotJson as error:
            message = f"invalid JSON: {error}"
        except UnicodeDecodeError:
            message = "invalid JSON: the body is not UTF-8 text"
        except RecursionError:
            message = "invalid JSON: nested too deeply (the API's bodies nest a few levels)"
        raise problems.Problem(400, f"(body): {message}", errors=[("(body)", message)])


def _methods_answered(view):
    """A path's view, answering a method it has no operation for as a problem document (405, with the
    Allow header ninja gives), and HEAD as GET without the body (RFC 9110 §9.3.2)."""

    @functools.wraps(view)
    def answered(request, *args, **kwargs):
        method = request.method
        if method == "HEAD":
            # The same checks and headers as a GET; its reads are not recorded (audit.headers_only).
            request.method = "GET"
        try:
            found = view(request, *args, **kwargs)
        finally:
            request.method = method
        if isinstance(found, HttpResponseNotAllowed):
            allowed = {m.strip() for m in found["Allow"].split(",") if m.strip()}
            allowed = sorted(allowed | ({"HEAD"} if "GET" in allowed else set()))
            found = problems.response(
                request, 405, f"{method} is not allowed here; this address answers {', '.join(allowed)}"
            )
            found["Allow"] = ", ".join(allowed)
        if method == "HEAD":
            length = len(found.content) if not found.streaming else None
            found.content = b""
            if length is not None:
                found["Content-Length"] = str(length)
        return found

    return answered


class OwnFilesSwagger(Swagger):
    """Swagger UI from the service's own static files, with ninja left out of INSTALLED_APPS.

    ninja renders its own-files page only when "ninja" is an installed app, and otherwise
    a page that loads Swagger UI from a CDN (which the Content-Security-Policy refuses).
    cspr leaves the app out so that `cspr` commands start without importing ninja
    (settings.NINJA_FILES), so the fallback is pointed at the own-files page.
    """

    template_cdn = str(Path(Swagger.template_cdn).with_name("swagger.html"))


api = Api(
    title="cspr API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-1",
    docs=OwnFilesSwagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    throttle=[TokenThrottle()],
    parser=JsonBody(),
)
problems.install(api)
for router in (notifications.router, reviews.router, learning.router, other.router):
    router.add_decorator(common.query_checked)  # a query parameter an endpoint does not take is refused
    api.add_router("", router)


def document() -> str:
    """The OpenAPI document as docs/openapi.json holds it: sorted keys, so a change is a small diff."""
    return json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), indent=2, sort_keys=True, ensure_ascii=False)
