"""Plan PDF bench: the whole export of a 150-item synthesis and a 60-action plan.

    python bench/pdf.py [--runs 10] [--lang fr] [--strict]

Builds the inputs of `tests/plan_factories.py` (a generated 150-item grid with a remark on
every item, 60 actions) and times `build_plan_pdf`: the whole export, charts included (they
are vector graphics drawn by fpdf2, `reports/vector.py`). Also times the same export in a
fresh Python process (imports, fonts and all), as the command line pays it. Prints median,
min and max. Targets: whole export median ≤ 1 s; fresh process median ≤ 1.5 s; `--strict`
exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cdm_quality.domain.synthesis import build_synthesis  # noqa: E402
from cdm_quality.reports.pdf import PlanReport, build_plan_pdf  # noqa: E402
from tests.plan_factories import large_answers, large_questionnaire, sample_actions  # noqa: E402

TARGET_S = 1.0
FRESH_TARGET_S = 1.5
ROOT = Path(__file__).resolve().parents[1]
FRESH = (
    "import sys; sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r});"
    "import pdf; from cdm_quality.reports.pdf import build_plan_pdf;"
    "build_plan_pdf(pdf.report({lang!r}), {lang!r})"
)


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (CPU time is this process's own, so it moves
    less when other work shares the machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def line(name: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    spread = f"min {min(wall):6.3f}   max {max(wall):6.3f}"
    median_cpu = statistics.median(cpu)
    return (
        f"{name:<34} median {statistics.median(wall):6.3f} s   {spread}   cpu {median_cpu:6.3f} s"
    )


def report(lang: str) -> PlanReport:
    questionnaire = large_questionnaire(150)
    values, remarks = large_answers(questionnaire)
    previous = {f"s{i}": 40.0 + 5 * i for i in range(10)}
    network = {f"s{i}": 55.0 + 2 * i for i in range(10)}
    synthesis = build_synthesis(
        questionnaire, values, remarks, "fonctionnement", lang, previous=previous, network=network
    )
    return PlanReport(
        cite="Cité des métiers de Namur",
        campaign="2026",
        phase="fonctionnement",
        generated_on=dt.date(2026, 3, 2),
        syntheses=[synthesis],
        actions=sample_actions(60),
    )


def fresh_process(lang: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (the child's own) of the export in a new process."""
    code = FRESH.format(root=str(ROOT), bench=str(ROOT / "bench"), lang=lang)
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()

    bare = report(args.lang)
    pdf = build_plan_pdf(bare, args.lang)  # warm-up: fonts parsed once per process
    rows = len(bare.syntheses[0].rows)
    print(f"plan PDF: {rows} synthesis rows, {len(bare.actions)} actions, {len(pdf):,} bytes")

    total = timed(lambda: build_plan_pdf(bare, args.lang), args.runs)
    fresh = fresh_process(args.lang, max(3, args.runs // 3))
    print(line(f"whole export ({args.runs} runs)", total))
    print(line(f"fresh process ({len(fresh[0])} runs)", fresh))
    met = statistics.median(total[0]) <= TARGET_S
    fresh_met = statistics.median(fresh[0]) <= FRESH_TARGET_S
    print(f"target: whole export median ≤ {TARGET_S:.0f} s — {'met' if met else 'MISSED'}")
    print(
        f"target: fresh process median ≤ {FRESH_TARGET_S:.1f} s — "
        f"{'met' if fresh_met else 'MISSED'}"
    )
    return 0 if (met and fresh_met) or not args.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
