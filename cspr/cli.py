"""The `cspr` console script: Django's management commands under one name.

`cspr import FILE` is `django-admin import FILE` with cspr's settings, so the
CLI, the web service and the tests all run the same code.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    if sys.argv[1:2] == ["demo"]:
        # Demo mode must be decided before settings load: it relaxes MFA for the
        # demo users and lets cookies work over http://127.0.0.1.
        os.environ.setdefault("CSPR_DEMO", "1")
    execute_from_command_line([sys.argv[0], *sys.argv[1:]])
