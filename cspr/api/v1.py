"""The API's version 1: one NinjaAPI, its routers, its errors and its OpenAPI document.

Served under /api/v1/ (cspr/api/urls.py); the document at /api/v1/openapi.json is
checked into docs/openapi.json and compared by tests/api/test_openapi_document.py.
"""

import json
from pathlib import Path

from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger

from cspr.api import problems
from cspr.api.auth import TokenThrottle
from cspr.api.routes import notifications, other, reviews
from cspr.core import converters  # noqa: F401  (registers the `ref` path converter)

DESCRIPTION = """\
The API for case management systems: notifications and their children, the rapid
review, the Panel's response, the local review (LCSPR), open deadlines, the published
statistics and the learning repository's search. See docs/api.md for worked examples.

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
                if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                    error["input"] = value
                if isinstance(error.get("ctx", {}).get("error"), Exception):
                    error["ctx"]["error"] = str(error["ctx"]["error"])
                errors.append(dict(error))
        return ValidationError(errors)

    def get_openapi_schema(self, *args, **kwargs):
        """Errors are problem documents: say so in the document, and list the throttle's 429 everywhere."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                answers = operation.setdefault("responses", {})
                answers.setdefault(
                    429,
                    {
                        "description": "Too many requests from this token",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProblemOut"}}},
                    },
                )
                for status, answer in answers.items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        return schema


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
)
problems.install(api)
api.add_router("", notifications.router)
api.add_router("", reviews.router)
api.add_router("", other.router)


def document() -> str:
    """The OpenAPI document as docs/openapi.json holds it: sorted keys, so a change is a small diff."""
    return json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), indent=2, sort_keys=True, ensure_ascii=False)
