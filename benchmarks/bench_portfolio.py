"""Portfolio audits against the workflow's own replay, per event, in one run.

`portfolio.audit` judges every event of many histories (and the portfolio
rule ``method.splitting`` across them); it must not re-resolve rules per
event, so its cost per event should stay close to `Workflow.apply`'s.  The
two run interleaved in rounds over the same simulated histories; the report
is the median per event of each and their ratio.  It reports; it asserts
nothing.

    python benchmarks/bench_portfolio.py [--rounds N] [--seeds N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

from procpolicy import Workflow, portfolio, presets
from procpolicy.simulation import anyang_rollout, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seeds", type=int, default=4)
    args = parser.parse_args()
    framework = presets.anyang()
    histories = [
        h
        for seed in range(args.seeds)
        for h in run(anyang_rollout().scaled(4), seed).histories()
    ]
    events = sum(len(h) for h in histories)
    workflow = Workflow(framework)

    def replay() -> None:
        for history in histories:
            workflow.replay(history)

    def audit() -> None:
        portfolio.audit(histories, framework)

    times: dict[str, list[float]] = {
        "Workflow.replay (apply)": [],
        "portfolio.audit": [],
    }
    replay()
    audit()
    gc.disable()
    for _ in range(args.rounds):
        for name, fn in (
            ("Workflow.replay (apply)", replay),
            ("portfolio.audit", audit),
        ):
            start = time.perf_counter_ns()
            fn()
            times[name].append((time.perf_counter_ns() - start) / events / 1000)
    gc.enable()
    print(f"{len(histories)} histories, {events} events, {args.rounds} rounds")
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, value in medians.items():
        spread = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"{name:<26} {value:6.2f} µs per event  ({spread})")
    ratio = medians["portfolio.audit"] / medians["Workflow.replay (apply)"]
    print(f"portfolio.audit / Workflow.apply = {ratio:.2f}")


if __name__ == "__main__":
    main()
