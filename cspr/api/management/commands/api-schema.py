"""`cspr api-schema`: print the API's OpenAPI document, as served at /api/v1/openapi.json.

    cspr api-schema > docs/openapi.json

The checked-in copy is compared with the served one by tests/api/test_openapi_document.py,
so a change to the API shows in review as a change to docs/openapi.json.
"""

from django.core.management.base import BaseCommand

from cspr.api.v1 import document


class Command(BaseCommand):
    help = "Print the API's OpenAPI 3.1 document (docs/openapi.json)."
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def handle(self, *args, **options):
        self.stdout.write(document())
