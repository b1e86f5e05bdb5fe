"""The suite in parts (`make test` runs them all): each part's output, then a table of the
time each took and what it counted, and a last line adding the tests up.

    python tests/parts.py                  # every part
    python tests/parts.py fast postgres    # only those, one after the other, output as it comes
    python tests/parts.py --serial         # every part, one after the other

Every part, on the 2-core machine: two streams run side by side, `lint+types`, `fast`,
`postgres` (CPU-bound) in one and `browser`, `reliability` (mostly waiting on a server and a
browser) in the other; each part's output is printed whole when it ends. A part
that fails does not stop the others; the exit status is 1 when one failed. Arguments after
`--` go to every pytest run (e.g. `-- -x`).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PYTEST = [str(BIN / "python"), "-m", "pytest"]
OUTSIDE_FAST = ["--ignore=tests/browser", "--ignore=tests/reliability"]

# name → commands; every test under tests/ is in exactly one pytest part.
PARTS: dict[str, list[list[str]]] = {
    "lint+types": [
        [str(BIN / "ruff"), "check", "cdm_quality", "tests", "bench", "app.py"],
        [str(BIN / "mypy")],
    ],
    "fast": [[*PYTEST, "tests", *OUTSIDE_FAST, "-m", "not postgres"]],
    "postgres": [[*PYTEST, "tests", *OUTSIDE_FAST, "-m", "postgres"]],
    "browser": [[*PYTEST, "tests/browser"]],
    "reliability": [[*PYTEST, "tests/reliability"]],
}
# Measured on fresh clones (December 2026): lint+types, fast, postgres 8m18 beside browser,
# reliability 7m57 (7 December, 9m09 with the install); with lint+types moved beside the
# browser, fast + postgres took 10m05 in an earlier run (lint slows fast at its start).
# 8 December, on a machine about twice as slow: 14m47 with the install (13m16 of tests).
STREAMS = [["lint+types", "fast", "postgres"], ["browser", "reliability"]]
COUNTED = ("passed", "failed", "errors", "skipped")
_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|deselected)")
NO_TEST_SELECTED = 5  # pytest's status when every test of a part is deselected


class Result:
    def __init__(self) -> None:
        self.ok = True
        self.seconds = 0.0
        self.counts: dict[str, int] = {}


def _counts(output: str) -> dict[str, int]:
    """The counts of pytest's closing line (`3 passed, 1 skipped in 2.1s`)."""
    found: dict[str, int] = {}
    for line in output.splitlines():
        if re.search(r" in [\d.]+s\b", line) and _COUNT.search(line):
            found = {}
            for number, word in _COUNT.findall(line):
                found["errors" if word.startswith("error") else word] = int(number)
    return found


def run_part(name: str, extra: list[str], out: TextIO) -> Result:
    """Run the part's commands, their output written to `out`."""
    result = Result()
    start = time.monotonic()
    for command in PARTS[name]:
        is_pytest = command[:3] == PYTEST
        process = subprocess.Popen(
            command + (extra if is_pytest else []),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # written as it comes, and kept for the counts
            out.write(line)
            out.flush()
            lines.append(line)
        status = process.wait()
        output = "".join(lines)
        if is_pytest:
            result.counts = _counts(output)
        result.ok = result.ok and status in ((0, NO_TEST_SELECTED) if is_pytest else (0,))
    result.seconds = time.monotonic() - start
    return result


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}m{seconds % 60:04.1f}s"


Results = dict[str, Result]


def _stream(names: list[str], extra: list[str], results: Results, lock: threading.Lock) -> None:
    for name in names:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as held:
            results[name] = run_part(name, extra, held)
            held.seek(0)
            with lock:
                print(f"\n===== {name}: {_minutes(results[name].seconds)} =====", flush=True)
                sys.stdout.write(held.read())
                sys.stdout.flush()


def run(streams: list[list[str]], extra: list[str]) -> Results:
    """Each stream's parts one after the other, the streams side by side."""
    results: Results = {}
    lock = threading.Lock()
    threads = [
        threading.Thread(target=_stream, args=(names, extra, results, lock)) for names in streams
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def report(results: Results, names: list[str], seconds: float, overlapped: bool) -> None:
    print("\n===== time per part =====")
    total = dict.fromkeys(COUNTED, 0)
    for name in names:
        got = results[name]
        said = ", ".join(
            f"{got.counts[k]} {k}" for k in (*COUNTED, "deselected") if got.counts.get(k)
        )
        print(f"{name:<12} {_minutes(got.seconds):>9}  {'ok' if got.ok else 'FAILED':<6}  {said}")
        for key in COUNTED:
            total[key] += got.counts.get(key, 0)
    overlap = "  (wall clock: the two streams ran side by side)" if overlapped else ""
    print(f"{'total':<12} {_minutes(seconds):>9}{overlap}")
    if any(command[:3] == PYTEST for name in names for command in PARTS[name]):
        failed = total["failed"] + total["errors"]
        print(f"tests: {total['passed']} passed, {failed} failed, {total['skipped']} skipped")


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    words = argv[: argv.index("--")] if "--" in argv else argv
    serial = "--serial" in words
    names = [word for word in words if word != "--serial"]
    unknown = [name for name in names if name not in PARTS]
    if unknown:
        print(f"unknown part(s): {', '.join(unknown)}; parts: {', '.join(PARTS)}")
        return 2
    if names or serial:
        streams = [names or list(PARTS)]
    else:
        streams = STREAMS
    start = time.monotonic()
    if len(streams) == 1:  # one stream: the output as it comes
        results = {name: run_part(name, extra, sys.stdout) for name in streams[0]}
    else:
        results = run(streams, extra)
    ordered = [name for name in PARTS if name in results]
    report(results, ordered, time.monotonic() - start, len(streams) > 1)
    return 0 if all(result.ok for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
