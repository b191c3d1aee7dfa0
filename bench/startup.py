"""Start-up benchmark: how long a `cspr` command takes in a new process, against `import django`.

    uv run python bench/startup.py [--runs 15] [--scale 0.05]

Makes a throwaway SQLite register (migrated, then a small synthetic load of the
panel-2020 profile through `cspr synth --load`), then times, each in a new
process and interleaved so that other load on the machine falls on all alike:

- **baseline**: `python -c "import django"`;
- **cspr deadlines**: the whole command, on the small register;
- **cspr --help**: the grouped list of commands.

Printed as median seconds and as ratios to the baseline (issue 18's target:
`cspr deadlines` within 2x). Python's bytecode cache is used (the machines set
PYTHONDONTWRITEBYTECODE=1, which would make every process compile every module, a
cost no installed service pays); one untimed run of each warms it.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--scale", type=float, default=0.05, help="synthetic volume of the register (default 0.05)")
    args = parser.parse_args()
    cspr = shutil.which("cspr", path=str(Path(sys.executable).parent)) or "cspr"
    with tempfile.TemporaryDirectory(prefix="cspr-startup-") as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            DATABASE_URL=f"sqlite:///{Path(folder) / 'cspr.sqlite3'}",
            CSPR_DATA_DIR=folder,
            DJANGO_SETTINGS_MODULE="cspr.settings",
            # Only a throwaway synthetic register: the settings refuse to start without these.
            CSPR_SECRET_KEY=os.environ.get("CSPR_SECRET_KEY") or "bench-startup-throwaway-key-0123456789",
            CSPR_EMAIL_HOST=os.environ.get("CSPR_EMAIL_HOST") or "localhost",
        )
        print("making the register (migrate, then synth --load) ...", flush=True)
        subprocess.run([cspr, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [cspr, "synth", "--profile", "panel-2020", "--seed", "1", "--scale", str(args.scale), "--load"],
            env=env,
            check=True,
        )
        commands = {
            'python -c "import django"': [sys.executable, "-c", "import django"],
            "cspr deadlines": [cspr, "deadlines"],
            "cspr --help": [cspr, "--help"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs + 1):
            for name, argv in commands.items():
                started = time.perf_counter()
                subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
                if run:  # the first run of each only warms the bytecode cache
                    times[name].append(time.perf_counter() - started)
    baseline = statistics.median(times['python -c "import django"'])
    print(f"\n{'':28} {'median s':>9} {'ratio':>7}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:28} {median:9.3f} {median / baseline:6.1f}x")
    ratio = statistics.median(times["cspr deadlines"]) / baseline
    print(f"\ncspr deadlines: {ratio:.1f}x the baseline (target: within 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
