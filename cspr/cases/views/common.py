"""Small helpers shared by the case views."""

from django.shortcuts import render as django_render

from cspr.core.navigation import nav_items


def render(request, template: str, context: dict | None = None, status: int = 200):
    """Render a page with the service navigation for this person."""
    context = {"nav_items": nav_items(request), **(context or {})}
    return django_render(request, template, context, status=status)


FORM_PAGE = "cases/form_page.html"


def form_page(request, form, **context):
    """A one-question form page (title, optional heading field, back link, submit text)."""
    return render(request, FORM_PAGE, {"form": form, **context})
