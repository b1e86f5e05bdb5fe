"""Command-line start-up bench: wall time of `cdm-quality --help` and of each command's `--help`.

    python bench/cli.py [--runs 10] [--strict]

Each run is a fresh interpreter (`python -m cdm_quality.cli …`), as a person typing the command
gets; `CMD --help` imports the command's own module and stops before touching a database, so
it is the start-up cost of that command. Prints median, min and max over `--runs`, with the load
average (the machine is shared). Target: `cdm-quality --help` median ≤ 0.35 s; `--strict` exits 1
when it is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cdm_quality.cli import COMMANDS  # noqa: E402

TARGET_S = 0.35


def wall_times(args: list[str], runs: int) -> list[float]:
    """Seconds of each run of `python -m cdm_quality.cli ARGS` in a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "cdm_quality.cli", *args],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
    return times


def line(name: str, times: list[float], target: str = "") -> str:
    spread = f"min {min(times):6.3f}   max {max(times):6.3f}"
    return f"{name:<38} median {statistics.median(times):6.3f} s   {spread}   {target}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()

    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs, {args.runs} runs each")
    help_times = wall_times(["--help"], args.runs)
    print(line("cdm-quality --help", help_times, f"(target ≤ {TARGET_S} s)"))
    for command in COMMANDS:
        print(line(f"cdm-quality {command} --help", wall_times([command, "--help"], args.runs)))
    missed = statistics.median(help_times) > TARGET_S
    print("target missed" if missed else "target met")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
