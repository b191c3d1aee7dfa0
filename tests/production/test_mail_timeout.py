"""The SMTP relay has a timeout: a relay that drops connections without answering fails a send
in one line (cspr/reviews/reminders.py) instead of hanging a reminder run for ever."""

import subprocess
import sys

from tests.production.test_ops_findings_config_2026_12_07 import _production

SHOW = "import django; django.setup(); from django.conf import settings; print(settings.MAILERS['default']['OPTIONS']['timeout'])"


def _timeout(tmp_path, **env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=_production(tmp_path, **env), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_relay_has_a_timeout_by_default_and_it_can_be_set(tmp_path):
    assert _timeout(tmp_path) == "30"
    assert _timeout(tmp_path, CSPR_EMAIL_TIMEOUT="5") == "5"
