"""Briefings in the service: the list, making one, downloads, and the practice content.

Reads go through `Briefing.objects.visible_to(user)`: a briefing out of scope
(another partnership's) is a 404. Making a briefing for another partnership is
a 403. Writes go through cspr/briefings/actions.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cspr.briefings import actions
from cspr.briefings.forms import BriefingForm, PracticeContentForm
from cspr.briefings.models import Briefing, PracticeContent
from cspr.core import access
from cspr.govuk.forms import submit

PAGE_SIZE = 25


@require_safe
@login_required
def briefing_list(request):
    access.require(request.user, "briefings.view_briefings")
    briefings = (
        Briefing.objects.visible_to(request.user)
        .select_related("created_by", "partnership")
        .defer("content", "parameters")
    )
    page = Paginator(briefings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "briefings/list.html", {
        "page": page,
        "can_make": request.user.has_perm("briefings.generate_briefing"),
        "can_edit_content": request.user.has_perm("briefings.edit_practice_content"),
        "notices": [str(m) for m in messages.get_messages(request)],
    })


@require_http_methods(["GET", "POST"])
@login_required
def briefing_new(request):
    access.require(request.user, "briefings.generate_briefing")
    form = BriefingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        wanted = request.POST.get("partnership", "") if request.POST.get("kind") == "partnership" else ""
        if not request.user.has_perm("briefings.generate_briefing", wanted):
            raise PermissionDenied("briefings.generate_briefing")
        if form.is_valid():
            data = form.cleaned_data
            try:
                briefing = actions.briefing_generate(
                    actor=request.user, kind=data["kind"], year=data["year"], fmt=data["format"],
                    partnership_code=data["partnership"] or None, request=request, agency=data["agency"] or None,
                )
            except actions.BriefingError as error:
                form.add_error(None, str(error)[:1].upper() + str(error)[1:])
            else:
                messages.success(request, f"{briefing.title} is ready to download")
                return redirect("briefing_list")
    return render(request, "pages/form_page.html", {
        "form": form,
        "title": "Make a briefing",
        "caption": "Briefings",
        "intro": "A briefing carries the year's figures and learning to practitioners. Its figures are the "
                 "published statistics: small numbers are always suppressed.",
        "back": reverse("briefing_list"),
        "submit": "Make the briefing",
    })


@require_safe
@login_required
def briefing_download(request, pk: int):
    briefing = get_object_or_404(Briefing.objects.visible_to(request.user), pk=pk)
    response = HttpResponse(bytes(briefing.content), content_type=briefing.content_type)
    response["Content-Disposition"] = f'attachment; filename="{briefing.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def practice_content_list(request):
    access.require(request.user, "briefings.edit_practice_content")
    entries = PracticeContent.objects.select_related("updated_by").order_by("-kind", "title")
    return render(request, "briefings/practice_content_list.html", {
        "entries": entries, "notices": [str(m) for m in messages.get_messages(request)],
    })


@require_http_methods(["GET", "POST"])
@login_required
def practice_content_edit(request, pk: int):
    access.require(request.user, "briefings.edit_practice_content")
    content = get_object_or_404(PracticeContent, pk=pk)
    form = PracticeContentForm(request.POST or None, initial=PracticeContentForm.initial_for(content))
    if submit(request, form, actions.practice_content_update,
              lambda d: {"changes": form.changes(), "reason": d["reason"].strip()}, content_id=content.pk):
        messages.success(request, f"{content.title}: your changes are saved")
        return redirect("practice_content_list")
    return render(request, "briefings/practice_content_edit.html", {
        "form": form,
        "content": content,
        "versions": content.versions.select_related("changed_by")[:20],
        "title": f"Change the practice content: {content.title}",
        "caption": "Practice content for briefings",
        "back": reverse("practice_content_list"),
        "submit": "Save a new version",
    })
