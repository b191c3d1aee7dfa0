"""Recording a notification: GOV.UK question pages, a check-your-answers page, a confirmation.

The answers live in the session (cspr/cases/forms/intake.py `Draft`) until the
person sends them from the check-your-answers page, when `notification_record`
writes the notification, its children and its rapid review in one transaction.
After each answer the journey moves to the first step still unanswered, so a
change made from the check-your-answers page returns there.
"""

import datetime as dt
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cspr.cases import actions, scope
from cspr.cases.forms import intake, labels, words
from cspr.core import access
from cspr.core.reference import AreaIndex
from cspr.domain import codes, workflow
from cspr.domain.refusal import Refused
from cspr.domain.standard import Problem, parse_record

QUESTION = "cases/intake/question.html"


def _journey(step: str | None):
    """Only partnership staff record notifications; a step needs the steps before it answered, and one
    the answers so far do not call for (`Draft.asked`) is passed over."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            access.require(request.user, "cases.record_notification")
            draft = intake.Draft(request.session)
            if step is not None:
                missing = draft.first_incomplete(before=step)
                if missing is not None:
                    return redirect(intake.STEP_URLS[missing])
                if not draft.asked(step):
                    return _next(draft)
            return view(request, draft, *args, **kwargs)

        return wrapper

    return decorate


def _next(draft: intake.Draft):
    missing = draft.first_incomplete()
    return redirect(intake.STEP_URLS[missing] if missing else "intake_check")


def _back(request, draft: intake.Draft, step: str) -> str:
    """The page before a step's: the last step before it that was asked (a question only for some kinds,
    or the local authority's when there is only one, is not)."""
    for earlier in reversed(intake.STEPS[: intake.STEPS.index(step)]):
        if draft.asked(earlier) and not (earlier == "local_authority" and _only_local_authority(request)):
            return reverse(intake.STEP_URLS[earlier])
    return reverse("intake_start")


def _question(
    request,
    draft,
    *,
    step,
    form,
    answers,
    title,
    heading=None,
    child=None,
    back=None,
    context=None,
    children_complete=False,
):
    """Show one question page; on a valid answer check the draft by the standard's rules and move on.

    A page whose answer is given shows the problems the draft still has with it (one a later answer
    made, such as a child's age under a SUDI category): the check-your-answers page links here, and
    the GOV.UK pattern shows the error at its field on the page the link goes to."""
    errors = {}
    if request.method == "POST" and form.is_valid():
        trial = {**draft.data, **answers(form.cleaned_data)}
        errors = _page_errors(request, trial, step, child, children_complete)
        if not errors:
            draft.save(trial)
            return None
    elif request.method == "GET" and step in intake.STEPS and draft.done(step):
        errors = _page_errors(request, draft.data, step, child, children_complete)
        form.cleaned_data = {}  # an unbound form takes added errors once it has (empty) cleaned data
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)
    return render(
        request,
        QUESTION,
        {
            "form": form,
            "title": title,
            "heading": heading,
            "back": back or _back(request, draft, step),
            **(context or {}),
        },
    )


def _page_errors(request, data, step, child, children_complete) -> dict[str, str]:
    return intake.page_errors(
        data,
        step=step,
        today=timezone.localdate(),
        areas=AreaIndex.from_database(),
        partnership_id=request.user.partnership_id,
        child=child,
        children_complete=children_complete,
    )


@require_safe
@_journey(None)
def intake_start(request, draft):
    return render(request, "cases/intake/start.html", {"draft": draft.data})


@require_http_methods(["GET", "POST"])
@_journey(None)
def intake_kind(request, draft):
    """What is being notified: the first question, with nothing chosen for the person (a wrong default
    would record the wrong kind and a rapid review's deadline). A death kind answers the type question."""
    form = intake.KindForm(
        request.POST or None, initial={"notification_kind": draft.data.get("notification_kind") or None}
    )

    def answers(data):
        kind = data["notification_kind"]
        chosen = {"notification_kind": kind}
        if not intake.abuse_neglect_asked(kind):
            chosen["abuse_neglect_suspected"] = ""  # not this kind's question: an earlier answer is dropped
        if kind in codes.DEATH_KINDS:
            chosen |= {"incident_type": "death", "harm_category": "", "near_miss": ""}
        elif draft.data.get("notification_kind") in codes.DEATH_KINDS:
            chosen |= {"incident_type": "", "death_category": ""}  # ask the type again
        return chosen

    response = _question(
        request,
        draft,
        step="kind",
        form=form,
        answers=answers,
        title=form.fields["notification_kind"].label,
        heading="notification_kind",
        back=reverse("intake_start"),
    )
    return response or _next(draft)


@require_http_methods(["GET", "POST"])
@_journey("abuse_neglect")
def intake_abuse_neglect(request, draft):
    """Whether abuse or neglect is known or suspected: asked only about a looked-after child's death."""
    form = intake.AbuseNeglectForm(
        request.POST or None, initial={"abuse_neglect_suspected": draft.data.get("abuse_neglect_suspected") or None}
    )
    response = _question(
        request,
        draft,
        step="abuse_neglect",
        form=form,
        answers=lambda data: {"abuse_neglect_suspected": data["abuse_neglect_suspected"]},
        title=form.fields["abuse_neglect_suspected"].label,
        heading="abuse_neglect_suspected",
    )
    return response or _next(draft)


def _only_local_authority(request) -> str | None:
    """The person's partnership's one local authority, when it has only one (most do)."""
    choices = intake.local_authority_choices(request.user.partnership_id, timezone.localdate())
    return choices[0][0] if len(choices) == 1 else None


@require_http_methods(["GET", "POST"])
@_journey("local_authority")
def intake_local_authority(request, draft):
    only = _only_local_authority(request)
    if only is not None:
        # A question with one possible answer is not asked (GOV.UK: ask only what you need);
        # the answer is recorded and shown on the check-your-answers page.
        draft.save({**draft.data, "la_code": only})
        return _next(draft)
    choices = intake.local_authority_choices(request.user.partnership_id, timezone.localdate())
    form = intake.LocalAuthorityForm(
        request.POST or None, choices=choices, initial={"la_code": draft.data.get("la_code")}
    )
    response = _question(
        request,
        draft,
        step="local_authority",
        form=form,
        answers=lambda data: {"la_code": data["la_code"]},
        title=form.fields["la_code"].label,
        heading="la_code",
    )
    return response or _next(draft)


@require_http_methods(["GET", "POST"])
@_journey("dates")
def intake_dates(request, draft):
    initial = {column: draft.data.get(column) for column in intake.DATE_COLUMNS}
    initial = {k: dt.date.fromisoformat(v) for k, v in initial.items() if v}
    form = intake.DatesForm(request.POST or None, initial=initial)
    response = _question(
        request,
        draft,
        step="dates",
        form=form,
        answers=lambda data: {column: data[column].isoformat() for column in intake.DATE_COLUMNS},
        title="Dates of the incident",
    )
    return response or _next(draft)


@require_http_methods(["GET", "POST"])
@_journey("type")
def intake_type(request, draft):
    form = intake.TypeForm(request.POST or None, initial={"incident_type": draft.data.get("incident_type")})

    def answers(data):
        kind = data["incident_type"]
        if kind == draft.data.get("incident_type"):
            return {"incident_type": kind}
        # A new type makes the old category (and a near miss, which only serious harm has) meaningless.
        return {"incident_type": kind, "death_category": "", "harm_category": "", "near_miss": ""}

    response = _question(
        request,
        draft,
        step="type",
        form=form,
        answers=answers,
        title=form.fields["incident_type"].label,
        heading="incident_type",
    )
    return response or _next(draft)


@require_http_methods(["GET", "POST"])
@_journey("category")
def intake_category(request, draft):
    kind = draft.data["incident_type"]
    column = "death_category" if kind == "death" else "harm_category"
    initial = {"category": draft.data.get(column), "near_miss": draft.data.get("near_miss") or None}
    form = intake.CategoryForm(
        request.POST or None,
        incident_type=kind,
        notification_kind=draft.data.get("notification_kind"),
        initial=initial,
    )

    def answers(data):
        return {column: data["category"], "near_miss": data.get("near_miss", "")}

    response = _question(
        request,
        draft,
        step="category",
        form=form,
        answers=answers,
        title=form.fields["category"].label,
        heading="category",  # its legend is the h1; a near-miss question may follow it
    )
    return response or _next(draft)


@require_http_methods(["GET", "POST"])
@_journey("characteristics")
def intake_characteristics(request, draft):
    initial = {flag: draft.data.get(flag) or None for flag in intake.CHARACTERISTICS}
    initial |= {column: draft.data.get(column, "") for column in intake.INCIDENT_TEXT}
    form = intake.CharacteristicsForm(request.POST or None, initial=initial)
    response = _question(
        request,
        draft,
        step="characteristics",
        form=form,
        answers=lambda data: {**data, "characteristics_done": True},
        title="Case characteristics",
        context={"intro": "Were these a feature of the case, as far as the local authority knows now?"},
    )
    return response or _next(draft)


@require_http_methods(["GET", "POST"])
@_journey("children")
def intake_children(request, draft):
    """The children added so far, and whether there is another."""
    children = draft.children
    if not children:
        return redirect("intake_child_add")
    form = intake.AddAnotherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            draft.save({**draft.data, "children_done": False})
            return redirect("intake_child_add")
        complete = {**draft.data, "children_done": True}
        if intake.sudi_without_baby(
            complete,
            today=timezone.localdate(),
            areas=AreaIndex.from_database(),
            partnership_id=request.user.partnership_id,
        ):
            # The children are complete only now, so the rule (a SUDI death has a child under 2) is said here.
            form.add_error("add_another", words.SUDI_WORDS["children"])
        else:
            draft.save(complete)
            return _next(draft)
    return render(
        request,
        "cases/intake/children.html",
        {"form": form, "children": children, "labels": labels, "back": _back(request, draft, "children")},
    )


def _child_page(request, draft, index: int | None):
    children = draft.children
    child = children[index] if index is not None else {}
    others = [c["child_ref"] for i, c in enumerate(children) if i != index]
    initial = {**child, "age_not_known": child.get("age_years") == "" and bool(child)}
    form = intake.ChildForm(request.POST or None, initial=initial, other_refs=others)
    position = len(children) if index is None else index

    def answers(data):
        values = {column: data[column] for column in intake.CHILD_FIELDS}
        updated = list(children)
        if index is None:
            updated.append(values)
        else:
            updated[index] = values
        return {"children": updated, "children_done": False}

    response = _question(
        request,
        draft,
        step="child",
        child=position,
        form=form,
        answers=answers,
        title=f"Child {position + 1}" if index is not None else "Add a child",
        back=reverse("intake_children") if children else _back(request, draft, "children"),
        context={"child_page": True},
        # Changing a child of a finished list (from the children or check-your-answers page).
        children_complete=index is not None and bool(draft.data.get("children_done")),
    )
    return response or redirect("intake_children")


@require_http_methods(["GET", "POST"])
@_journey("children")
def intake_child_add(request, draft):
    return _child_page(request, draft, None)


@require_http_methods(["GET", "POST"])
@_journey("children")
def intake_child_change(request, draft, number: int):
    if not 1 <= number <= len(draft.children):
        return redirect("intake_children")
    return _child_page(request, draft, number - 1)


@require_http_methods(["GET", "POST"])
@_journey("children")
def intake_child_remove(request, draft, number: int):
    children = draft.children
    if not 1 <= number <= len(children):
        return redirect("intake_children")
    child = children[number - 1]
    form = intake.RemoveChildForm(request.POST or None)
    form.fields["confirm"].label = f"Are you sure you want to remove {child['child_ref']}?"
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"] == "yes":
            remaining = children[: number - 1] + children[number:]
            draft.save({**draft.data, "children": remaining, "children_done": bool(remaining)})
        return redirect("intake_children")
    return render(
        request,
        QUESTION,
        {"form": form, "title": form.fields["confirm"].label, "heading": "confirm", "back": reverse("intake_children")},
    )


@require_http_methods(["GET", "POST"])
@_journey("reference")
def intake_reference(request, draft):
    form = intake.ReferenceForm(
        request.POST or None,
        initial={"notification_ref": draft.data.get("notification_ref")},
        user=request.user,
        incident_date=dt.date.fromisoformat(draft.data["incident_date"]),
    )
    response = _question(
        request,
        draft,
        step="reference",
        form=form,
        answers=lambda data: {"notification_ref": data["notification_ref"], "reference_done": True},
        title=form.fields["notification_ref"].label,
        heading="notification_ref",
    )
    return response or _next(draft)


def _answers_context(draft) -> dict:
    data = draft.data
    return {
        "data": data,
        "children": draft.children,
        "la_name": intake.local_authority_name(data["la_code"]),
        "dates": {column: dt.date.fromisoformat(data[column]) for column in intake.DATE_COLUMNS},
        "labels": labels,
        "characteristics": intake.CHARACTERISTICS,
        "child_flags": intake.CHILD_FLAG_FIELDS,
        "kind_words": intake.KIND_WORDS,
        "abuse_neglect_asked": draft.asked("abuse_neglect"),
        "rapid_review_required": workflow.rapid_review_required(
            data["notification_kind"], data.get("abuse_neglect_suspected") or ""
        ),
        "home_names": {
            c["home_la_code"]: intake.local_authority_name(c["home_la_code"])
            for c in draft.children
            if c.get("home_la_code")
        },
    }


@require_http_methods(["GET", "POST"])
@_journey(None)
def intake_check(request, draft):
    """Check your answers, then send: the standard's rules once more, then the one write."""
    missing = draft.first_incomplete()
    if missing is not None:
        return redirect(intake.STEP_URLS[missing])
    problems = []
    if request.method == "POST":
        today, areas = timezone.localdate(), AreaIndex.from_database()
        data = dict(draft.data)
        generated = not data.get("notification_ref")
        if generated:
            data["notification_ref"] = scope.next_free_ref(intake.generated_ref_prefix(data))
        problems = intake.check(
            data, today=today, areas=areas, partnership_id=request.user.partnership_id, placeholders=False
        )
        if not problems:
            record, _ = parse_record(
                intake.notification_text(data, today=today, placeholders=False),
                intake.children_text(data, placeholders=False),
                today=today,
                la_check=areas.problem,
            )
            try:
                notification = actions.notification_record(
                    actor=request.user, record=record, areas=areas, request=request
                )
            except Refused as refusal:
                if refusal.field == "notification_ref":
                    # Someone took the reference between the reference page and now: said as that page says it.
                    message = intake.taken_ref_message(refusal.message)
                    problems = [intake.Located("reference", "notification_ref", None, message)]
                else:  # the action's own check of the standard's rules, as the pages word them
                    problems = [intake.locate(Problem("form", "notification", refusal.field, refusal.message))]
            else:
                draft.clear()
                request.session[intake.RECORDED_KEY] = notification.ref
                return redirect("intake_confirmation")
    errors = [
        {
            "text": item.message,
            "href": reverse("intake_child_change", args=[item.child + 1])
            if item.step == "child"
            else reverse(intake.STEP_URLS.get(item.step, "intake_start")),
        }
        for item in problems
    ]
    return render(
        request,
        "cases/intake/check.html",
        {
            **_answers_context(draft),
            "errors": errors,
            "page_has_errors": bool(errors),
            "local_authority_asked": _only_local_authority(request) is None,
        },
    )


@require_safe
@_journey(None)
def intake_confirmation(request, draft):
    ref = request.session.get(intake.RECORDED_KEY)
    if not ref:
        return redirect("intake_start")
    notification = scope.get_notification_for(request.user, ref)
    return render(
        request,
        "cases/intake/confirmation.html",
        {"n": notification, "rapid_review": notification.rapid_review},
    )
