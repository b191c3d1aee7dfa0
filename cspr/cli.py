"""The `cspr` console script: Django's management commands under one name.

`cspr import FILE` is `django-admin import FILE` with cspr's settings, so the
CLI, the web service and the tests all run the same code.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line

from cspr.config import SettingError


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    if sys.argv[1:2] == ["demo"]:
        # Demo mode must be decided before settings load: it relaxes MFA for the
        # demo users and lets cookies work over http://127.0.0.1.
        os.environ.setdefault("CSPR_DEMO", "1")
    try:
        # Settings load here; an unsafe or mistyped setting is one line naming it, not a traceback.
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018
    except (ImproperlyConfigured, SettingError) as refusal:
        sys.exit(f"cspr: refusing to start: {refusal}")
    execute_from_command_line([sys.argv[0], *sys.argv[1:]])
