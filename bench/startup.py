"""Start-up benchmark: how long a `cspr` command takes in a new process, against `import django`.

    uv run python bench/startup.py [--runs 15] [--scale 0.2]

Makes a throwaway SQLite register (migrated, then a small synthetic load of this
year's notifications, the national profile, through `cspr synth --load`), then times, each in a new
process and interleaved so that other load on the machine falls on all alike:

- **baseline**: `python -c "import django"`;
- **bare Django**: a settings-free `django.setup()` with only the auth and
  contenttypes apps and one SQLite query, the least any Django command costs
  (for scale: it is itself several times the baseline);
- **cspr deadlines**: the whole command, on the small register;
- **cspr --help**: the grouped list of commands;
- **cspr learning suggest**: theme suggestions for a short narrative, from the stored
  suggester artefact (issue 16's target: under 2 s in a new process once it exists);
- **first request**: what a new gunicorn worker does, from process start to the first
  response: import `cspr.wsgi` (the application and its warm-up), then the dashboard for
  a signed-in Panel secretariat person through Django's test client. That request's own
  time is printed as well: it is what the first person to reach a new worker waits.

Printed as median wall-clock and CPU seconds (the CPU time, user plus system, is
the steadier figure on a shared machine) and as ratios to the baseline (issue 18's
target: `cspr deadlines` within 2x). Python's bytecode cache is used (the machines set
PYTHONDONTWRITEBYTECODE=1, which would make every process compile every module, a
cost no installed service pays); one untimed run of each warms it.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = 'python -c "import django"'
BARE_DJANGO = """
import django
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
django.setup()
from django.db import connection
connection.cursor().execute("select 1")
"""
# A new worker's life up to its first answer: the seconds of the request alone go to stdout.
FIRST_REQUEST = """
import sys, time
import cspr.wsgi  # as gunicorn's worker loads it, warm-up included
from django.conf import settings
from django.test import Client
client = Client()
client.cookies[settings.SESSION_COOKIE_NAME] = sys.argv[1]
started = time.perf_counter()
response = client.get("/", secure=True, headers={"host": "localhost"})
assert response.status_code == 200, response.status_code
print(time.perf_counter() - started)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--scale", type=float, default=0.2, help="synthetic volume of the register (default 0.2)")
    args = parser.parse_args()
    cspr = shutil.which("cspr", path=str(Path(sys.executable).parent)) or "cspr"
    with tempfile.TemporaryDirectory(prefix="cspr-startup-") as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            DATABASE_URL=f"sqlite:///{Path(folder) / 'cspr.sqlite3'}",
            CSPR_DATA_DIR=folder,
            CSPR_STATIC_ROOT=str(Path(folder) / "static"),
            DJANGO_SETTINGS_MODULE="cspr.settings",
            # Only a throwaway synthetic register: the settings refuse to start without these.
            CSPR_SECRET_KEY=os.environ.get("CSPR_SECRET_KEY") or "bench-startup-throwaway-" + "k" * 40,
            CSPR_EMAIL_HOST=os.environ.get("CSPR_EMAIL_HOST") or "localhost",
        )
        print("making the register (migrate, then synth --load) ...", flush=True)
        subprocess.run([cspr, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            # This year's notifications, so that some deadlines are open and the command lists them.
            [cspr, "synth", "--profile", "national", "--seed", "2", "--years", str(date.today().year)]
            + ["--scale", str(args.scale), "--load"],
            env=env,
            check=True,
        )
        # The suggester artefact, built once (as deployment and `cspr demo` do), then only loaded.
        subprocess.run([cspr, "learning", "build-suggester"], env=env, check=True, stdout=subprocess.DEVNULL)
        # The first request's page: its static files' hashed names, and one signed-in Panel
        # secretariat person (bench/load.py's) whose session it sends.
        subprocess.run([cspr, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        signed_in = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); from bench.load import _people; _people(1)"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        session = signed_in.stdout.splitlines()[1].split()[1]
        narrative = Path(folder) / "narrative.txt"
        narrative.write_text(
            "The baby was found unresponsive after co-sleeping with her mother on a sofa. Professionals had "
            "not discussed safer sleep with the father, who was not seen at any visit.\n\nThe school said the "
            "older child was electively home educated and had not been seen by any professional for a year."
        )
        commands = {
            BASELINE: [sys.executable, "-c", "import django"],
            "bare Django": [sys.executable, "-c", BARE_DJANGO],
            "cspr deadlines": [cspr, "deadlines"],
            "cspr --help": [cspr, "--help"],
            "cspr learning suggest": [cspr, "learning", "suggest", str(narrative), "--format", "json"],
            "first request": [sys.executable, "-c", FIRST_REQUEST, session],
        }
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        request_alone: list[float] = []
        for run in range(args.runs + 1):
            for name, argv in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                done = subprocess.run(argv, env=env, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if run:  # the first run of each only warms the bytecode cache
                    wall[name].append(time.perf_counter() - started)
                    cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                    if name == "first request":
                        request_alone.append(float(done.stdout.split()[-1]))
    baseline = {"wall": statistics.median(wall[BASELINE]), "cpu": statistics.median(cpu[BASELINE])}
    print(f"\n{'':28} {'wall s':>8} {'ratio':>7} {'CPU s':>8} {'ratio':>7}")
    for name in commands:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:28} {w:8.3f} {w / baseline['wall']:6.1f}x {c:8.3f} {c / baseline['cpu']:6.1f}x")
    ratio = statistics.median(wall["cspr deadlines"]) / baseline["wall"]
    bare = statistics.median(wall["cspr deadlines"]) / statistics.median(wall["bare Django"])
    print(f"\ncspr deadlines: {ratio:.1f}x the baseline (target: within 2x); {bare:.1f}x bare Django")
    suggest = statistics.median(wall["cspr learning suggest"])
    print(f"cspr learning suggest: {suggest:.2f} s wall, {statistics.median(cpu['cspr learning suggest']):.2f} s CPU"
          " (target: under 2 s)")  # fmt: skip
    first = statistics.median(wall["first request"])
    print(f"first request: {first:.2f} s from process start ({first / baseline['wall']:.1f}x the baseline), "
          f"of which the request itself {statistics.median(request_alone) * 1000:.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
