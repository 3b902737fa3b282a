"""The lifecycle's ``apply`` on two source trees, interleaved: did a change slow it?

A change must not slow the workflow's `apply`.  Timing two versions of the
library cannot happen in one process (one ``procpolicy`` per interpreter),
so this script runs short child processes alternately, A B A B …, each
timing a block of full lifecycles (``start`` and nine ``apply``s with every
guard, the events of `bench_lifecycle.lifecycle_events`, built outside the
timed loop) and printing the median per lifecycle; the report is the median
of each tree's rounds and their ratio.  It reports; it asserts nothing.

Compare the previous commit with the working tree::

    rm -rf /tmp/base && mkdir /tmp/base && git archive HEAD~1 | tar -x -C /tmp/base
    python benchmarks/bench_commits.py /tmp/base/src src --rounds 10

Compare the first edition with the working tree judging the same law (the
twenty checks the first edition ran, ``_first_edition.py``)::

    rm -rf /tmp/base && mkdir /tmp/base && git archive a5825d8 | tar -x -C /tmp/base
    python benchmarks/bench_commits.py /tmp/base/src src --first-edition-rules
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import gc, statistics, sys, time
sys.path.insert(0, {bench!r})
from bench_lifecycle import lifecycle_events, procpolicy_runner
import procpolicy as pp
if {first_edition!r}:
    from _first_edition import restrict
    restrict()
once = procpolicy_runner(pp.Workflow(pp.presets.anyang()), *lifecycle_events())
for _ in range(200):
    once()
times = []
gc.disable()
for _ in range({blocks}):
    t = time.perf_counter_ns()
    for _ in range({per_block}):
        once()
    times.append((time.perf_counter_ns() - t) / {per_block})
print(statistics.median(times))
"""


def run(src: str, blocks: int, per_block: int, *, first_edition: bool = False) -> float:
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
    code = CHILD.format(
        bench=str(Path(__file__).resolve().parent),
        blocks=blocks,
        per_block=per_block,
        first_edition=first_edition,
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the src/ folder of the old tree")
    parser.add_argument("after", help="the src/ folder of the new tree")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--blocks", type=int, default=9)
    parser.add_argument("--lifecycles", type=int, default=200)
    parser.add_argument(
        "--first-edition-rules",
        action="store_true",
        help="the new tree judges only the first edition's (event, rule) pairs",
    )
    args = parser.parse_args()
    before: list[float] = []
    after: list[float] = []
    for _ in range(args.rounds):
        before.append(run(args.before, args.blocks, args.lifecycles))
        after.append(
            run(
                args.after,
                args.blocks,
                args.lifecycles,
                first_edition=args.first_edition_rules,
            )
        )
    old, new = statistics.median(before), statistics.median(after)
    print(
        f"before {old / 1000:8.1f} µs per lifecycle  (rounds: "
        + ", ".join(f"{t / 1000:.1f}" for t in before)
        + ")"
    )
    print(
        f"after  {new / 1000:8.1f} µs per lifecycle  (rounds: "
        + ", ".join(f"{t / 1000:.1f}" for t in after)
        + ")"
    )
    print(
        f"after / before = {new / old:.3f} (median of {args.rounds} interleaved rounds)"
    )


if __name__ == "__main__":
    main()
