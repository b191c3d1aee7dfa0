"""Page helpers every app's views share.

Pages render with Django's own `render`: the service navigation comes from the
context processor cspr/core/navigation.py, so no view passes it by hand.
"""

from django.shortcuts import render

FORM_PAGE = "pages/form_page.html"


def form_page(request, form, **context):
    """A one-question form page (title, optional heading field, back link, submit text)."""
    return render(request, FORM_PAGE, {"form": form, **context})


def cannot(request, title: str, message: str, *, back: str, n=None):
    """A page that explains why an action is not possible now (the record's state, not the person's role)."""
    return render(request, "pages/cannot.html", {"n": n, "title": title, "message": message, "back": back})
