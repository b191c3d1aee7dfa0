from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines

from tests.govuk.forms import ExampleForm

NAV = [{"text": "Cookies", "href": "/cookies"}, {"text": "Example form", "href": "/example-form"}]

# A question page as a view of the service would write it.
PAGE = """{% extends "layouts/base.html" %}
{% from "includes/form.html" import govuk_form %}
{% block page_title %}Record a review{% endblock %}
{% block content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">Record a review</h1>
  {{ govuk_form(form, csrf_input, submit="Save and continue") }}
</div></div>
{% endblock %}"""


def example_form(request):
    form = ExampleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return render(request, "pages/cookies.html", {"cookies": []})
    template = engines["jinja2"].from_string(PAGE)
    return HttpResponse(template.render({"form": form, "nav_items": NAV}, request))
