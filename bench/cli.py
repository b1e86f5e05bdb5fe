"""Command-line start-up bench: time of `cdm-quality --help` and of each command's `--help`.

    python bench/cli.py [--runs 10] [--strict]

Each run is a fresh interpreter (`python -m cdm_quality.cli …`), as a person typing the command
gets; `CMD --help` imports the command's own module and stops before touching a database, so
it is the start-up cost of that command. Prints the median CPU time (user + system of the
child: it moves little with the machine's load), the median and shortest wall time over `--runs`,
and the load average. Target: `cdm-quality --help` CPU median ≤ 0.35 s; `--strict` exits 1 when
it is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cdm_quality.cli import COMMANDS  # noqa: E402

TARGET_S = 0.35


def run_times(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (user + system, of the child) of each run of
    `python -m cdm_quality.cli ARGS` in a fresh process."""
    wall, cpu = [], []
    command = [sys.executable, "-m", "cdm_quality.cli", *args]
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def line(name: str, times: tuple[list[float], list[float]], target: str = "") -> str:
    wall, cpu = times
    return (
        f"{name:<38} cpu median {statistics.median(cpu):6.3f} s   "
        f"wall median {statistics.median(wall):6.3f} s (min {min(wall):6.3f})   {target}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()

    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs, {args.runs} runs each")
    help_times = run_times(["--help"], args.runs)
    print(line("cdm-quality --help", help_times, f"(target: cpu ≤ {TARGET_S} s)"))
    for command in COMMANDS:
        print(line(f"cdm-quality {command} --help", run_times([command, "--help"], args.runs)))
    missed = statistics.median(help_times[1]) > TARGET_S
    print("target missed" if missed else "target met")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
