"""A web process does its start-up work before its first request, and none of it is heavy.

Django imports the URL configuration (every view and what it imports) on a process's
first request; cspr/wsgi.py does it when gunicorn's worker loads the application,
before it accepts a connection. Each check runs in a new process, with Python's
bytecode cache as an installed service has it.
"""

import os
import subprocess
import sys

# Libraries only some pages use (the search's facet counts, the theme model, PDF, Word,
# OpenDocument and PDF-reading): none may load with the URL configuration.
HEAVY = ("sklearn", "scipy", "numpy", "weasyprint", "docx", "odf", "pypdf", "pdfplumber", "pypdfium2")


def run_python(code: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DJANGO_SETTINGS_MODULE": "cspr.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_url_configuration_imports_no_heavy_library():
    listing = (
        "import django, sys; django.setup(); import cspr.urls; "
        f"print(*sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})) or ['none'])"
    )
    assert run_python(listing) == ["none"]


def test_the_wsgi_application_is_warm_before_its_first_request_and_holds_no_connection():
    """The URL configuration and the bank holidays are loaded; no database connection or thread is open."""
    listing = (
        "import sys, threading; import cspr.wsgi; from django.db import connections; "
        "print('cspr.learning.views' in sys.modules, 'holidays' in sys.modules, "
        "all(c.connection is None for c in connections.all(initialized_only=True)), threading.active_count())"
    )
    assert run_python(listing) == ["True", "True", "True", "1"]
