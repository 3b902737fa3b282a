"""Instructions per lifecycle, counted by valgrind: what a noisy machine cannot blur.

Timings on a shared two-core machine move by tens of percent between runs;
the number of instructions a lifecycle executes does not.  For each source
tree given, this script runs a child interpreter under ``valgrind
--tool=callgrind`` twice, once with 50 warm-up lifecycles alone and once
with 50 + N, and reports ``(instructions(N) − instructions(0)) / N``: the
cost of one lifecycle (``start`` and nine ``apply``s of
`bench_lifecycle.lifecycle_events`, every guard on), start-up and import
taken off.  It reports; it asserts nothing.

``--first-edition-rules`` judges, in a tree of the second edition, only the
twenty (event, rule) pairs the first edition judged (commit ``a5825d8``;
``_first_edition.py``): the
price of the machinery (dispatch, fold, judgements) for the same law, apart
from the checks the second edition added.

Compare the first edition with the working tree::

    rm -rf /tmp/base && mkdir /tmp/base && git archive a5825d8 | tar -x -C /tmp/base
    python benchmarks/instructions.py /tmp/base/src src
    python benchmarks/instructions.py src --first-edition-rules

``--simulation`` counts instead the instructions per simulated project-year:
``run(anyang_rollout().scaled(k), 7)`` for k = 1 and 3 (after one warm-up
run), ``(instructions(3) − instructions(1)) / (rows(3) − rows(1))``, the
figure issue 13's simulation target is stated in (1,701,050 before it)::

    python benchmarks/instructions.py /tmp/base/src src --simulation

``--events`` counts the instructions for building the ten events of the
lifecycle, and their twins (``bench_events.twin``: frozen slotted attrs
classes with the same fields, nothing checked), ``(instructions(N) −
instructions(0)) / N`` for each, the figure issue 13's events target (≤ 2×
the twins) is stated in::

    python benchmarks/instructions.py /tmp/base/src src --events

``--peers`` counts, in the same way, one lifecycle of each implementation
`bench_lifecycle.py` times (procpolicy, and `transitions`,
`python-statemachine` and the dict FSM with the same guards and with a
trivial one), and prints each peer's count over procpolicy's: the ratios of
issue 13's lifecycle targets without the machine's load (instructions are
not time: the ratio of times also depends on how fast each runs them)::

    python benchmarks/instructions.py src --peers

Needs ``valgrind`` on the PATH (``apt install valgrind``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import sys
sys.path.insert(0, {bench!r})
from bench_lifecycle import lifecycle_events, procpolicy_runner
import procpolicy as pp
if {first_edition!r}:
    from _first_edition import restrict
    restrict()
once = procpolicy_runner(pp.Workflow(pp.presets.anyang()), *lifecycle_events())
for _ in range(50 + {count}):
    once()
"""


SIMULATION = r"""
from procpolicy.simulation import anyang_rollout, run
run(anyang_rollout(), 7)
print(len(run(anyang_rollout().scaled({scale}), 7)))
"""

EVENTS = r"""
import sys
sys.path.insert(0, {bench!r})
from bench_events import arguments, twin
from bench_lifecycle import lifecycle_events
drafted, after = lifecycle_events()
builds = [
    (twin(type(e)) if {twins!r} else type(e), arguments(e)) for e in (drafted, *after)
]
def lifecycle_events_built():
    for cls, kwargs in builds:
        cls(**kwargs)
for _ in range(50 + {count}):
    lifecycle_events_built()
"""


PEER = r"""
import sys
sys.path.insert(0, {bench!r})
from bench_lifecycle import runners
once = runners()[{name!r}]
for _ in range(50 + {count}):
    once()
"""


def per_round(src: str, template: str, count: int, **fields: object) -> int:
    """Instructions per round of ``template``: its run of 50 + ``count`` rounds
    less its run of 50, over ``count`` (start-up, import and warm-up cancel)."""
    runs = [
        counted(src, template.format(bench=str(HERE), count=n, **fields))[0]
        for n in (0, count)
    ]
    return (runs[1] - runs[0]) // count


def per_peer(src: str, name: str, count: int) -> int:
    """Instructions for one lifecycle of the implementation ``name``."""
    return per_round(src, PEER, count, name=name)


def per_events(src: str, count: int, *, twins: bool) -> int:
    """Instructions for building the lifecycle's ten events (or their twins)."""
    return per_round(src, EVENTS, count, twins=twins)


def instructions(src: str, count: int, *, first_edition: bool) -> int:
    """Instructions of a child that runs 50 + ``count`` lifecycles on ``src``."""
    code = CHILD.format(bench=str(HERE), count=count, first_edition=first_edition)
    return counted(src, code)[0]


def counted(src: str, code: str) -> tuple[int, str]:
    """Instructions of a child running ``code`` on ``src``, and what it printed."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp, "child.py")
        script.write_text(code, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": src, "PYTHONHASHSEED": "0"}
        out = subprocess.run(  # noqa: S603 - our own child
            [
                shutil.which("valgrind") or "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={Path(tmp, 'out')}",
                sys.executable,
                str(script),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"refs:\s*([\d,]+)", out.stderr)
    if found is None:
        msg = f"valgrind printed no instruction count:\n{out.stderr[-2000:]}"
        raise RuntimeError(msg)
    return int(found.group(1).replace(",", "")), out.stdout


def per_project_year(src: str) -> tuple[int, int]:
    """Instructions per simulated project-year on ``src``, and the rows counted."""
    small, rows_small = counted(src, SIMULATION.format(scale=1))
    large, rows_large = counted(src, SIMULATION.format(scale=3))
    rows = int(rows_large) - int(rows_small)
    return (large - small) // rows, rows


def main(argv: list[str] | None = None) -> int:
    """Print the instructions per lifecycle of each tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", help="src/ folders to measure")
    parser.add_argument("--lifecycles", type=int, default=200)
    parser.add_argument(
        "--first-edition-rules",
        action="store_true",
        help="judge only the (event, rule) pairs of the first edition",
    )
    parser.add_argument(
        "--simulation",
        action="store_true",
        help="instructions per simulated project-year instead",
    )
    parser.add_argument(
        "--events",
        action="store_true",
        help="instructions for building the lifecycle's ten events, and twins",
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help="instructions per lifecycle of procpolicy and of each peer",
    )
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    if args.simulation:
        print("instructions per simulated project-year (anyang_rollout, seed 7):")
        for tree in args.trees:
            each, rows = per_project_year(tree)
            print(f"  {tree}: {each:,} ({rows} project-years between scale 1 and 3)")
        return 0
    if args.peers:
        sys.path.insert(0, str(HERE))
        from bench_lifecycle import runners

        names = list(runners())
        for tree in args.trees:
            print(f"instructions per lifecycle, {tree} ({args.lifecycles} lifecycles):")
            counts = {name: per_peer(tree, name, args.lifecycles) for name in names}
            ours = counts["procpolicy"]
            for name, each in counts.items():
                print(f"  {name}: {each:,} ({each / ours:.2f}× procpolicy)")
        return 0
    if args.events:
        print(f"instructions for the ten events ({args.lifecycles} rounds):")
        for tree in args.trees:
            built = per_events(tree, args.lifecycles, twins=False)
            plain = per_events(tree, args.lifecycles, twins=True)
            print(f"  {tree}: {built:,} (twins {plain:,}; {built / plain:.2f}×)")
        return 0
    rules = "first edition's rules" if args.first_edition_rules else "every rule"
    print(f"instructions per lifecycle ({rules}; {args.lifecycles} lifecycles):")
    for tree in args.trees:
        first = args.first_edition_rules
        lone = instructions(tree, 0, first_edition=first)
        many = instructions(tree, args.lifecycles, first_edition=first)
        print(f"  {tree}: {(many - lone) // args.lifecycles:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
