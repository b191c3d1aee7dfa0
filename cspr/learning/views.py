"""The learning repository in the service: search, a review, its recommendations and its coding.

Reads go through `PublishedReview.objects.visible_to(user)`: a review out of
scope is a 404. Public read access (CSPR_LEARNING_PUBLIC_ACCESS) lets people who
are not signed in search and read *published* reviews only; it never opens the
coding page, unpublished learning or anything in the case register. Writes go
through cspr/learning/actions, each audited.
"""

import re
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cspr.cases import scope
from cspr.core import access, audit
from cspr.documents.models import CaseDocument, DocumentKind
from cspr.domain import codes
from cspr.domain.dates import long_date
from cspr.domain.refusal import Refused, plain_reason
from cspr.domain.report_labels import category_label
from cspr.domain.themes import CHARACTERISTIC_CODES
from cspr.domain.workflow import PracticeReviewStatus
from cspr.govuk.forms import submit
from cspr.govuk.pages import form_page
from cspr.learning import actions, search, similar_store
from cspr.learning.actions import reviews as review_actions
from cspr.learning.models import (
    REGIONS,
    AgeBand,
    PublishedReview,
    Recommendation,
    ReviewType,
    SuggestionStatus,
)
from cspr.learning.recurrence import recurrence_flags
from cspr.learning.search.core import facet_label, label_name
from cspr.learning.similar import similar_recommendations
from cspr.learning.suggest import suggester
from cspr.reviews import scope as review_scope
from cspr.reviews.actions.local import outstanding_milestones
from cspr.reviews.forms import local as local_forms
from cspr.reviews.views.rapid import cannot

PER_PAGE = 20
CODING_OUTCOME = "learning_coding_outcome:{pk}"  # session key: the last decision's outcome, per review
FACET_HEADINGS = {
    "year": "Year published",
    "review_type": "Type of review",
    "region": "Region",
    "age_band": "Child's age",
    "incident_type": "Incident",
    "theme": "Practice theme",
    "characteristic": "Case characteristic",
}
# The query-string name of each facet and the values it accepts (anything else is ignored).
FACET_PARAMS = {
    "year": "years",
    "type": "review_types",
    "region": "regions",
    "age": "age_bands",
    "incident": "incident_types",
    "theme": "themes",
    "characteristic": "characteristics",
}
PARAM_FOR_FACET = dict(zip(FACET_HEADINGS, FACET_PARAMS))
_ALLOWED = {
    "type": set(ReviewType.values),
    "region": set(REGIONS) | {"not_known"},
    "age": set(AgeBand.values),
    "incident": set(codes.INCIDENT_TYPES) | {"not_known"},
    "theme": set(codes.THEME_CODES),
    "characteristic": set(CHARACTERISTIC_CODES),
}


def repository_reader(view):
    """Signed-in people always; others only when the operator has turned public access on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            access.require(request.user, "learning.view_repository")
        elif not settings.CSPR_LEARNING_PUBLIC_ACCESS:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def whole_number(value: str, low: int, high: int) -> int | None:
    """`value` as an integer from `low` to `high`, or None: ASCII digits only, never an exception."""
    value = (value or "").strip()
    if not re.fullmatch(r"[0-9]{1,19}", value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def visible_reviews(user):
    return PublishedReview.objects.visible_to(user)


def filters_from(params) -> search.Filters:
    """The selected facet values in a query string; values that are not codes are dropped."""
    chosen = {}
    for param, field in FACET_PARAMS.items():
        values = []
        for value in params.getlist(param):
            value = value.strip()
            if param == "year":
                year = whole_number(value, 1945, 2100)
                if year is not None:
                    values.append(year)
            elif value in _ALLOWED[param]:
                values.append(value)
        chosen[field] = tuple(dict.fromkeys(values))
    return search.Filters(**chosen)


def _page_number(params) -> int:
    value = params.get("page", "1")
    return whole_number(value, 1, 99_999) or 1


@require_safe
@repository_reader
def repository_search(request):
    query = request.GET.get("q", "")[:500]
    filters = filters_from(request.GET)
    result = search.search(
        query, filters=filters, reviews=visible_reviews(request.user), page=_page_number(request.GET), per_page=PER_PAGE
    )
    if request.user.is_authenticated and not audit.headers_only(request):
        # The results show titles and passages of text: those of a case's record are reads.
        actions.reviews_listed(
            actor=request.user,
            reviews=visible_reviews(request.user).filter(pk__in=[hit.review_id for hit in result.hits]),
            shown_on={"page": "learning_search"},
            request=request,
        )
    pairs = [("q", query)] if query else []
    selected = []
    for facet, param in PARAM_FOR_FACET.items():
        for value in filters.selected(facet):
            pairs.append((param, str(value)))
    for facet, param in PARAM_FOR_FACET.items():
        for value in filters.selected(facet):
            rest = [p for p in pairs if p != (param, str(value))]
            selected.append(
                {
                    "heading": FACET_HEADINGS[facet],
                    "label": facet_label(facet, str(value)),
                    "remove": "?" + urlencode(rest),
                }
            )
    facets = [
        {"name": PARAM_FOR_FACET[facet], "heading": FACET_HEADINGS[facet], "values": result.facets.get(facet, [])}
        for facet in FACET_HEADINGS
    ]
    # What a search that found nothing offers, as links that keep the filters.
    filter_pairs = [pair for pair in pairs if pair[0] != "q"]
    alternatives = {
        kind: {
            "query": alternative.query,
            "count": alternative.count,
            "href": "?" + urlencode([("q", alternative.query), *filter_pairs]),
        }
        for kind, alternative in (("spelling", result.rescue.spelling), ("fewer", result.rescue.fewer))
        if alternative
    }
    return render(
        request,
        "learning/search.html",
        {
            "result": result,
            "query": query,
            "facets": facets,
            "selected": selected,
            "query_string": urlencode(pairs),
            "alternatives": alternatives,
            "anything_asked": bool(query.strip()) or bool(selected),
            "review_types": dict(ReviewType.choices),
        },
    )


@require_safe
@repository_reader
def review_detail(request, pk: int):
    visible = visible_reviews(request.user)
    review = get_object_or_404(visible.select_related("partnership", "local_authority"), pk=pk)
    signed_in = request.user.is_authenticated
    if signed_in and not audit.headers_only(request):  # a HEAD shows nothing, so it records nothing
        actions.review_viewed(actor=request.user, review=review, request=request)
    notification = None
    if signed_in and review.notification_id:
        notification = scope.notifications_for(request.user).filter(pk=review.notification_id).first()
    try:
        source = review.source
    except ObjectDoesNotExist:
        source = None
    recommendations = list(review.recommendations.all())
    labels = list(review.labels.select_related("coded_by"))  # read once, split by kind below
    can_code = signed_in and request.user.has_perm("learning.code_reviews")
    return render(
        request,
        "learning/review.html",
        {
            "review": review,
            "review_type": facet_label("review_type", review.review_type),
            "age_band": facet_label("age_band", review.child_age_band),
            "incident": facet_label("incident_type", review.incident_type) if review.incident_type else "Not recorded",
            "region": facet_label("region", review.region) if review.region else "Not recorded",
            "categories": [category_label(c.code) for c in review.incident_categories.all()],
            "themes": [(label_name(lb.code), lb) for lb in labels if lb.kind == "theme"],
            "characteristics": [(label_name(lb.code), lb) for lb in labels if lb.kind == "characteristic"],
            "recommendations": recommendations,
            # Remove is offered only for these: the rule's one home is the action's module.
            "removable": review_actions.removable_recommendation_ids(recommendations)
            if signed_in and request.user.has_perm("learning.record_recommendations", review)
            else set(),
            "recurring": recurrence_flags(review, reviews=visible, user=request.user),
            "source": source,
            "similar": similar_store.similar_for_review(review, user=request.user, limit=5),
            "notification": notification,
            "signed_in": signed_in,
            "can_code": can_code,
            "can_follow_up": signed_in and request.user.has_perm("learning.view_follow_up"),
            "can_record_recommendations": signed_in
            and request.user.has_perm("learning.record_recommendations", review),
            "pending": review.suggestions.filter(status=SuggestionStatus.PENDING).count() if can_code else 0,
        },
    )


@require_safe
@repository_reader
def recommendation_detail(request, pk: int):
    recommendation = get_object_or_404(Recommendation.objects.visible_to(request.user).select_related("review"), pk=pk)
    since = request.GET.get("since", "")
    since_year = whole_number(since, 1945, 2100)
    if request.user.is_authenticated and not audit.headers_only(request):
        actions.review_viewed(actor=request.user, review=recommendation.review, request=request)
    recurrence = similar_recommendations(recommendation, since_year=since_year, reviews=visible_reviews(request.user))
    return render(
        request,
        "learning/recommendation.html",
        {
            "recommendation": recommendation,
            "review": recommendation.review,
            "recurrence": recurrence,
            "since": since_year,
            "can_follow_up": request.user.has_perm("learning.view_follow_up"),
        },
    )


CODING_DECISIONS = ("generate", "accept", "reject", "add", "remove")


@require_safe
@login_required
def review_coding(request, pk: int):
    review = get_object_or_404(visible_reviews(request.user), pk=pk)  # out of scope: 404 before any 403
    access.require(request.user, "learning.code_reviews", review)
    if not audit.headers_only(request):
        actions.review_viewed(actor=request.user, review=review, request=request)
    engine = suggester()
    coded = {(lb.kind, lb.code) for lb in review.labels.all()}
    addable = [
        {
            "value": f"{kind}:{code}",
            "text": f"{label_name(code)} ({'practice theme' if kind == 'theme' else 'case characteristic'})",
        }
        for kind, code_list in (("theme", codes.THEME_CODES), ("characteristic", CHARACTERISTIC_CODES))
        for code in code_list
        # A first-report theme with a characteristic of the same code (home education) is offered once, as the
        # characteristic that covers it (docs/learning.md); a review already coded with the theme keeps it.
        if (kind, code) not in coded and not (kind == "theme" and code in CHARACTERISTIC_CODES)
    ]
    suggestions = review.suggestions.select_related("decided_by").order_by("-decided_at", "-score")
    # The outcome of the last decision, kept in the session for this review's page only (other
    # pages' messages, such as "signed in", and other reviews' outcomes are left where they belong).
    notices = [
        (level, text, field if field in _coding_anchors(addable, suggestions) else "")
        for level, text, field in request.session.pop(CODING_OUTCOME.format(pk=review.pk), [])
    ]
    field_errors = {field: text for level, text, field in notices if level == "error" and field}
    return render(
        request,
        "learning/coding.html",
        {
            "review": review,
            "labels": [(label_name(lb.code), lb) for lb in review.labels.select_related("coded_by")],
            "pending": [(label_name(s.code), s) for s in suggestions if s.status == SuggestionStatus.PENDING],
            "decided": [(label_name(s.code), s) for s in suggestions if s.status != SuggestionStatus.PENDING][:30],
            "addable": addable,
            "not_suggested": sorted((label_name(code), why) for code, why in engine.hidden_reasons.items()),
            "reliability": {code: engine.reliability(code) for code in engine.shown},
            "notices": notices,
            "errors": [
                {"text": text, "href": f"#{field}"} if field else {"text": text}
                for level, text, field in notices
                if level == "error"
            ],
            "field_errors": field_errors,
            "page_has_errors": any(level == "error" for level, _, _ in notices),
        },
    )


def _coding_anchors(addable, suggestions) -> set[str]:
    """The ids of the fields on the coding page an error can link to: only those shown now."""
    anchors = {f"reason-{s.pk}" for s in suggestions if s.status == SuggestionStatus.PENDING}
    return anchors | ({"label"} if addable else set())


def _coding_field(request, refusal: Refused) -> str:
    """The id of the field on the coding page a refusal is about, or "" for the whole decision."""
    if refusal.field in ("label", "kind", "code") and request.POST.get("decision") == "add":
        return "label"
    if refusal.field == "reason" and request.POST.get("decision") == "reject":
        suggestion = whole_number(request.POST.get("suggestion", ""), 1, 2**62)
        return f"reason-{suggestion}" if suggestion else ""
    return ""


@require_POST
@login_required
def review_coding_decide(request, pk: int):
    """One coding decision from the coding page, through its audited action, then back to the page."""
    review = get_object_or_404(visible_reviews(request.user), pk=pk)  # out of scope: 404 before any 403
    access.require(request.user, "learning.code_reviews", review)
    decision = request.POST.get("decision", "")
    back = redirect("learning_review_coding", pk=review.pk)
    outcome = CODING_OUTCOME.format(pk=review.pk)
    if decision not in CODING_DECISIONS:
        request.session[outcome] = [("error", "Choose accept, reject, add or remove", "")]
        return back
    try:
        message = _decide(request, review, decision)
    except Refused as refusal:  # the actions' own refusals, worded for people, by their field
        request.session[outcome] = [("error", refusal.sentence, _coding_field(request, refusal))]
    else:
        request.session[outcome] = [("success", message, "")]
    return back


# The longest reason a coding decision keeps (a sentence or two, for the audit trail).
REASON_LENGTH = 500


def _reason(request) -> str:
    """The coding decision's reason: refused, not cut short or stored, when too long or holding a
    control character (a NUL cannot be stored in PostgreSQL: this was a server error)."""
    return plain_reason(request.POST.get("reason", "").strip(), limit=REASON_LENGTH)


def _decide(request, review, decision: str) -> str:
    actor = request.user
    reason = _reason(request)
    if decision == "generate":
        made = actions.theme_suggestions_generate(actor=actor, review_id=review.pk, request=request)
        return (
            f"{len(made)} suggestion{'s' if len(made) != 1 else ''} to decide"
            if made
            else ("Nothing new to suggest among the labels the suggester finds reliably: code anything else by hand")
        )
    if decision in ("accept", "reject"):
        suggestion_id = request.POST.get("suggestion", "")
        suggestion = review.suggestions.filter(pk=whole_number(suggestion_id, 1, 2**62)).first()
        if suggestion is None:
            raise Refused(None, "that suggestion is no longer on this review: it may have been replaced; look again")
        name = label_name(suggestion.code)
        if decision == "accept":
            actions.theme_suggestion_accept(actor=actor, suggestion_id=suggestion.pk, request=request)
            return f"Coded: {name}"
        actions.theme_suggestion_reject(actor=actor, suggestion_id=suggestion.pk, reason=reason, request=request)
        return f"Rejected: {name}"
    kind, _, code = request.POST.get("label", "").partition(":")
    if not code:
        raise Refused("label", "select a practice theme or case characteristic")
    if decision == "add":
        actions.review_label_add(actor=actor, review_id=review.pk, kind=kind, code=code, reason=reason, request=request)
        return f"Coded: {label_name(code)}"
    actions.review_label_remove(actor=actor, review_id=review.pk, kind=kind, code=code, reason=reason, request=request)
    return f"No longer coded: {label_name(code)}"


# --- Publishing a case's LCSPR into the repository --------------------------------------------
# The page sits with the case's other LCSPR pages (cspr/learning/case_urls.py), but lives here:
# publishing also adds the report to the repository, which the reviews app cannot reach (ADR 0015).


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def lcspr_publish(request, ref: str):
    notification, review = review_scope.get_practice_review_for(request.user, ref)
    access.require(request.user, "cases.publish_lcspr", notification)
    back = reverse("lcspr_detail", args=[notification.ref])
    if review.status != PracticeReviewStatus.FINAL_REPORT_SENT:
        sent_first = review.status == PracticeReviewStatus.COMMISSIONED
        return cannot(
            request,
            notification,
            "Send the final report first" if sent_first else "The review is finished",
            "The final report goes to the Panel and the Secretary of State before the review is published."
            if sent_first
            else "The partners have recorded its publication, or their decision not to publish it.",
            back=back,
        )
    documents = CaseDocument.objects.visible_to(request.user).filter(
        notification=notification, withdrawn_at__isnull=True
    )
    # Final reports first: the one being published is almost always among them.
    documents = sorted(documents, key=lambda d: (d.kind != DocumentKind.LCSPR_FINAL_REPORT, d.uploaded_at))
    form = local_forms.PublishForm(
        request.POST or None,
        review=review,
        documents=documents,
        outstanding=outstanding_milestones(review),
        initial={"version": review.version},
    )
    published = []
    if submit(
        request,
        form,
        lambda **kwargs: published.append(actions.lcspr_publish(**kwargs)),
        form.action_arguments,
        practice_review_id=review.pk,
        messages={
            "published_date": local_forms.published_before_final_report(review.final_report_date),
            "final_report_url": "Enter the address in the correct format, like https://www.example.org.uk/report",
        },
        success="Report published",
    ):
        return redirect("learning_review_detail", pk=published[0].pk)
    return form_page(
        request,
        form,
        n=notification,
        title="The report has been published",
        intro=f"Publication was due by {long_date(review.publication_due_date)}. The report joins the learning "
        "repository, linked to this case, and its themes are suggested for the Panel's coders to confirm.",
        back=back,
        submit="Publish into the learning repository",
    )
