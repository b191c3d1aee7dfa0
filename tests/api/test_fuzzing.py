"""Property-based fuzzing of the whole API from its OpenAPI document, against a live server.

A fresh SQLite database (a copy of the run's migrated one), `cspr runserver` in a subprocess on a free port, one write
token (a partnership manager's, so every write is reachable) and one notification whose
reference is the document's example (so the case's resources are found, not only 404),
then schemathesis' CLI: the document's examples and 20 generated cases per operation.
It passes when there is no server error (500) and no answer the document does not
describe (status code, content type, body schema). About a minute.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
SETUP = """
from cspr.api import actions
from cspr.core.actors import system_actor
from cspr.core.models import Organisation
organisation = Organisation.objects.create(
    name="Birmingham Safeguarding Children Partnership", kind="partnership", partnership_id="birmingham"
)
issued = actions.api_token_create(
    actor=system_actor("fuzzing"), name="fuzz", organisation=organisation,
    role="partnership_manager", scopes="read write", days=1,
)
print(issued.text)
"""
# Records for the reads and writes to find (sent through the API itself, as a case system would).
SEED = {
    "notification_ref": "BIR/2026/001",
    "la_code": "E08000025",
    "incident_date": "2020-03-02",
    "aware_date": "2020-03-03",
    "notified_date": "2020-03-05",
    "incident_type": "serious_harm",
    "harm_category": "physical_abuse",
    "children": [{"child_ref": "C1", "gender": "female", "age_years": 2, "ethnicity": "WBRI"}],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cspr(env, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "cspr", *args], env=env, cwd=ROOT, check=True, **kwargs)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url}")


def _post(url: str, token: str, body: dict) -> None:
    import json

    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10)


def test_fuzzing_the_whole_api_finds_no_server_error_and_no_answer_outside_the_document(tmp_path, migrated_sqlite):
    env = {
        **os.environ,
        "CSPR_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fuzz.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cspr.settings",
        "CSPR_API_RATE": "1000000/min",
        "CSPR_LOG_LEVEL": "error",
    }
    migrated_sqlite(tmp_path / "fuzz.sqlite3")  # what `cspr migrate` makes, migrated once per test run
    token = _cspr(env, "shell", "-c", SETUP, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cspr", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/healthz", server)
        _post(f"{base}/api/v1/notifications", token, SEED)
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                f"{base}/api/v1/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--phases",
                "examples,fuzzing",
                "--mode",
                "positive",
                "--max-examples",
                "20",
                "--seed",
                "14",
                "--workers",
                "1",
                "--request-timeout",
                "30",
                "--suppress-health-check",
                "all",
                "--no-color",
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=240,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    generated = re.search(r"(\d+) generated", result.stdout)
    assert generated and int(generated.group(1)) >= 16 * 10, result.stdout[-3000:]  # every operation was exercised
