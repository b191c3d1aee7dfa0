"""Pages under load: 1 and 20 signed-in people over the service's main pages, with ten years of national data.

    uv run python bench/load.py [--users 20] [--seconds 20] [--years 2014-2023] [--keep DIR]

Builds a throwaway SQLite database (migrate, `cspr synth --profile national --years 2014-2023
--load`, the demo learning repository, `cspr learning similar-rebuild`), starts gunicorn with two
workers and production settings (deploy/gunicorn.conf.py, as .ci/production-smoke does), signs
in N Panel secretariat users (each with a TOTP authenticator, as every person has; the session
is made by this process through Django's own session store, the way the test client's
`force_login` does: nothing in the service is changed for the benchmark), then drives first 1
and then N concurrent people, each a thread with its own connection (http.client), round-robin
over the pages below, for a fixed time each.

Printed, per page: p50 and p95 in milliseconds and as ratios of `/healthz`'s p95 measured in
the same run at the same concurrency; and throughput (requests per second) at 1 and N users.
Issue 18's targets: every page's p95 within 3x of `/healthz`'s, and throughput at 20 users no
lower than at 1. Timing is never a unit test: this is a benchmark, run by hand.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PORT = int(os.environ.get("CSPR_BENCH_PORT", "8791"))


def environment(work: Path) -> dict:
    """Production settings on a throwaway database: nothing from the caller's CSPR_* leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DATABASE_URL"}
    key = secrets.token_urlsafe(50)
    env |= {
        "DATABASE_URL": f"sqlite:///{work / 'cspr.sqlite3'}",
        "CSPR_SECRET_KEY": key,
        "CSPR_AUDIT_KEY": key + "-checkpoints",
        "CSPR_EMAIL_HOST": "127.0.0.1",
        "CSPR_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSPR_DATA_DIR": str(work / "data"),
        "CSPR_STATIC_ROOT": str(work / "static"),
        "CSPR_BIND": f"127.0.0.1:{PORT}",
        "CSPR_WORKERS": "2",
        # Plain http on the loopback: no redirect to https (the cookies are sent by hand).
        "CSPR_SSL_REDIRECT": "0",
    }
    return env


def cspr(env: dict, *args: str) -> None:
    started = time.perf_counter()
    subprocess.run(["uv", "run", "cspr", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  cspr {' '.join(args)}: {time.perf_counter() - started:.1f} s", flush=True)


def build(env: dict, years: str) -> None:
    print("Building the database:", flush=True)
    cspr(env, "migrate", "--noinput", "-v", "0")
    cspr(env, "collectstatic", "--noinput", "-v", "0")
    cspr(env, "synth", "--profile", "national", "--years", years, "--seed", "18", "--load")
    started = time.perf_counter()
    _in_django(env, "from bench.load import _repository; _repository()")
    print(f"  the demo learning repository: {time.perf_counter() - started:.1f} s", flush=True)
    cspr(env, "learning", "similar-rebuild")


def _in_django(env: dict, code: str) -> str:
    """Run `code` in a new process with the benchmark's settings and Django set up; its stdout."""
    script = f"import django; django.setup(); {code}"
    run = subprocess.run(
        ["uv", "run", "python", "-c", script],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "cspr.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return run.stdout


def _repository() -> None:
    from cspr.core.actors import system_actor
    from cspr.learning.demo import load_demo_repository

    load_demo_repository(actor=system_actor("bench:load"), count=60)


def _people(count: int) -> None:
    """Print `ref cookie-name session-key` lines: one signed-in Panel secretariat person each."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret
    from allauth.mfa.utils import encrypt
    from django.conf import settings
    from django.test import Client

    from cspr.cases.models import Notification
    from cspr.core.models import Organisation, User

    panel, _ = Organisation.objects.get_or_create(name="Child Safeguarding Practice Review Panel", kind="panel")
    refs = list(Notification.objects.order_by("-notified_date").values_list("ref", flat=True)[:200])
    print(" ".join(refs))
    for number in range(count):
        user = User.objects.create_user(f"bench{number}", role="panel_secretariat", organisation=panel)
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(generate_totp_secret())}
        )
        client = Client()
        client.force_login(user)  # Django's session store: the session a sign-in would make
        print(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)


def pages(refs: list[str]) -> list[tuple[str, object]]:
    """(name, path or a function of the request number giving one) for each page measured."""
    return [
        ("healthz", "/healthz"),
        ("dashboard", "/"),
        ("notification list", "/notifications/"),
        ("notification search", "/notifications/?q=neglect"),
        ("notification", lambda n: f"/notifications/{quote(refs[n % len(refs)])}/"),
        ("statistics", "/statistics/?report=panel-annual&period=2022"),
        ("learning search", "/learning/?q=information+sharing"),
    ]


def drive(cookies: list[str], refs: list[str], users: int, seconds: float) -> tuple[dict, int, float]:
    """`users` threads for `seconds`, each over every page in turn; (timings per page, requests, elapsed)."""
    timings: dict[str, list[float]] = {name: [] for name, _ in pages(refs)}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def person(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        headers = {"Cookie": cookies[number % len(cookies)], "Host": "127.0.0.1"}
        visit = number
        while time.perf_counter() < stop:
            for name, path in pages(refs):
                path = path(visit) if callable(path) else path
                started = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                took = time.perf_counter() - started
                with lock:
                    if response.status != 200:
                        errors.append(f"{path}: {response.status}")
                    timings[name].append(took)
            visit += users

    threads = [threading.Thread(target=person, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} request(s) failed, e.g. {errors[:3]}")
    return timings, sum(len(t) for t in timings.values()), elapsed


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(label: str, timings: dict, requests: int, elapsed: float) -> tuple[float, dict]:
    base = percentile(timings["healthz"], 95)
    print(f"\n{label}: {requests} requests in {elapsed:.1f} s = {requests / elapsed:.1f} requests/s")
    print(f"  {'page':22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95 / healthz p95':>18}")
    ratios = {}
    for name, values in timings.items():
        p50, p95 = percentile(values, 50) * 1000, percentile(values, 95) * 1000
        ratios[name] = p95 / 1000 / base
        print(f"  {name:22} {len(values):5} {p50:8.1f} {p95:8.1f} {ratios[name]:17.1f}x")
    return requests / elapsed, ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--years", default="2014-2023")
    parser.add_argument("--keep", type=Path, help="a folder to build in (and keep), instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = args.keep or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        env = environment(work)
        build(env, args.years)
        lines = _in_django(env, f"from bench.load import _people; _people({args.users})").splitlines()
        refs, cookies = lines[0].split(), [line.replace(" ", "=", 1) for line in lines[1:]]
        log = open(work / "gunicorn.log", "w")
        server = subprocess.Popen(
            ["uv", "run", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cspr.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(server)
            drive(cookies, refs, 2, 5)  # warm both workers (imports, the suggester, caches)
            one = report("1 user", *drive(cookies, refs, 1, args.seconds))
            many = report(f"{args.users} users", *drive(cookies, refs, args.users, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
    worst = max((r, name) for name, r in many[1].items() if name != "healthz")
    print(f"\nworst p95 at {args.users} users: {worst[1]}, {worst[0]:.1f}x /healthz (target: within 3x)")
    print(f"throughput: {one[0]:.1f} requests/s at 1 user, {many[0]:.1f} at {args.users} (target: no lower)")
    return 0


def _wait_for(server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped; see its log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("gunicorn did not answer /healthz in two minutes")


if __name__ == "__main__":
    sys.exit(main())
