"""Plan PDF bench: median build time for a 150-item synthesis and a 60-action plan.

    python bench/pdf.py [--runs 10] [--lang fr] [--strict]

Builds the inputs of `tests/plan_factories.py` (a generated 150-item grid with a remark on
every item, 60 actions), renders the charts once with vl-convert, then times `build_plan_pdf`
with those charts given: that is the PDF build proper. Chart rendering (section scores and the
paged timeline, PNG through vl-convert) is timed separately, as is the whole export from
nothing. Prints median, min and max over `--runs`. Target: PDF build median ≤ 1 s;
`--strict` exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cdm_quality.domain.synthesis import build_synthesis  # noqa: E402
from cdm_quality.reports.pdf import PlanReport, build_plan_pdf, with_charts  # noqa: E402
from tests.plan_factories import large_answers, large_questionnaire, sample_actions  # noqa: E402

TARGET_S = 1.0


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()

    bare = report(args.lang)
    with_charts(bare, args.lang)  # warm-up: vl-convert starts its engine on first use
    drawn = with_charts(bare, args.lang)
    pdf = build_plan_pdf(drawn, args.lang)
    rows = len(bare.syntheses[0].rows)
    print(f"plan PDF: {rows} synthesis rows, {len(bare.actions)} actions, {len(pdf):,} bytes")

    build = timed(lambda: build_plan_pdf(drawn, args.lang), args.runs)
    charts = timed(lambda: with_charts(bare, args.lang), max(3, args.runs // 3))
    total = timed(lambda: build_plan_pdf(bare, args.lang), max(3, args.runs // 3))
    print(line(f"PDF build, charts given ({args.runs} runs)", build))
    print(line(f"chart rendering ({len(charts[0])} runs)", charts))
    print(line(f"whole export ({len(total[0])} runs)", total))
    met = statistics.median(build[0]) <= TARGET_S
    print(f"target: PDF build median ≤ {TARGET_S:.0f} s — {'met' if met else 'MISSED'}")
    return 0 if met or not args.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
