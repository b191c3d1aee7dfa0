"""What is due, the published statistics, the learning repository's search, and the token itself."""

from typing import Any, Literal

from ninja import Field, Query, Router

from cspr.api import auth, common, schemas
from cspr.api.problems import Problem
from cspr.api.routes.notifications import ERRORS
from cspr.cases.models import Notification
from cspr.core import access
from cspr.domain.report_build import DisclosureError, PeriodNotEnded
from cspr.domain.reports import DEFINITIONS
from cspr.learning import search
from cspr.learning.models import PublishedReview
from cspr.reviews.open_items import open_items
from cspr.stats.population import BaselineError
from cspr.stats.report import national_report, policy, resolve_period, threshold

router = Router()


@router.get(
    "/token",
    auth=auth.read,
    response={200: schemas.TokenInfoOut, **ERRORS},
    url_name="api_token",
    tags=["token"],
    summary="Who this token acts as: its organisation, role, scopes and expiry",
)
def token_info(request):
    token = request.auth
    common.read_recorded(request, "api_token", {"name": token.name})
    return {
        "name": token.name,
        "organisation": str(token.user.organisation),
        "role": token.user.role,
        "scopes": token.scope_list,
        "expires_at": token.expires_at,
    }


class DeadlineFilters(schemas.QueryParams):
    overdue: bool = Field(False, description="only the items already overdue")
    limit: int = Field(100, ge=1, le=500)


@router.get(
    "/deadlines",
    auth=auth.read,
    response={200: schemas.DeadlinesOut, **ERRORS},
    url_name="api_deadlines",
    tags=["deadlines"],
    summary="The open statutory deadlines of the cases this token may see, soonest first",
)
def deadlines(request, filters: Query[DeadlineFilters]):
    today = common.today()
    scope = Notification.objects.visible_to(common.actor(request))
    items = open_items(today=today, scope=scope, overdue_only=filters.overdue, limit=filters.limit)
    common.cases_seen(request, [i.notification_ref for i in items], "api:deadlines")
    return {
        "today": today,
        "items": [
            {
                "item": i.item,
                "kind": str(i.kind),
                "notification_ref": i.notification_ref,
                "due_date": i.due_date,
                "working_days_left": i.working_days_left,
                "overdue": i.overdue,
                "rule": i.rule,
            }
            for i in items
        ],
    }


class StatisticsQuery(schemas.QueryParams):
    year: int | None = Field(None, ge=2018, le=2100, description="a calendar year")
    financial_year: str | None = Field(None, max_length=9, description="April to March, e.g. 2023-24")
    definition: Literal[tuple(sorted(DEFINITIONS))] | None = Field(
        None, description="which report (default: panel-annual; dfe-official for a financial year)"
    )


@router.get(
    "/statistics",
    auth=auth.read,
    response={200: dict[str, Any], **ERRORS},
    url_name="api_statistics",
    tags=["statistics"],
    summary="The published statistics tables (disclosure control applied, as `cspr report --publish`)",
)
def statistics(request, query: Query[StatisticsQuery]):
    access.require(common.actor(request), "stats.view_statistics")
    field = "financial_year" if query.financial_year is not None else "year"
    try:
        period = resolve_period(year=query.year, fy=query.financial_year)
    except ValueError as error:
        raise Problem(422, f"{field}: {error}", errors=[(field, str(error))]) from None
    definition = query.definition or ("dfe-official" if query.financial_year else "panel-annual")
    if DEFINITIONS[definition].period_kind == "financial_year" and query.financial_year is None:
        # Its tables split the year into April-September and October-March: a calendar year has no halves.
        message = f"{definition} is for a financial year: give financial_year, not year"
        raise Problem(422, f"definition: {message}", errors=[("definition", message)])
    try:
        report = national_report(definition, period=period).published(threshold(), policy())
    except PeriodNotEnded as error:  # the period asked for, not the report, is what cannot be published
        raise Problem(422, f"{field}: {error}", errors=[(field, str(error))]) from None
    # The refusals of the figures, not of the request: anything else (a bare ValueError) is a fault, a 500 (ADR 0013).
    except (BaselineError, DisclosureError) as error:
        raise Problem(422, str(error), errors=[("definition", str(error))]) from None
    common.read_recorded(request, "statistics", {"definition": definition, "period": str(period)})
    return report.as_json()


class SearchQuery(schemas.QueryParams):
    q: schemas.FreeText = Field("", max_length=500, description="words to find; empty lists the newest")
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=200)


@router.get(
    "/learning/search",
    auth=auth.read,
    response={200: schemas.SearchOut, **ERRORS},
    url_name="api_learning_search",
    tags=["learning"],
    summary="Search the learning repository's published reviews",
)
def learning_search(request, query: Query[SearchQuery]):
    page = common.cursor_value("learning", query.cursor, least=1) or 1
    reviews = PublishedReview.objects.visible_to(common.actor(request)).published()
    result = search.search(query.q, reviews=reviews, page=page, per_page=query.limit)
    # The search shows its last page for a page past the end; a cursor past the end lists nothing.
    past_end = result.page != page
    more = result.page < result.pages and not past_end
    hits = [] if past_end else result.hits
    common.read_recorded(request, "learning.search", {"query": query.q, "page": result.page})
    common.reviews_seen(request, reviews.filter(pk__in=[hit.review_id for hit in hits]), "api:learning_search")
    return {
        "query": result.query,
        "total": result.total,
        "items": [
            {
                "review_id": hit.review_id,
                "title": hit.title,
                "year": hit.year,
                "review_type": hit.review_type,
                "area": hit.area,
                "snippet": hit.snippet_text,
            }
            for hit in hits
        ],
        "next_cursor": common.cursor_for("learning", result.page + 1) if more else None,
        "notices": list(result.notices),
    }
