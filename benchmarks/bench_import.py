"""Import cost: `import procpolicy` and `procpolicy --help` against the dependencies.

Each round starts fresh interpreters, interleaved (A B C D, A B C D, …):
``python -c pass``, the dependencies alone (attrs, cattrs and the dateutil
modules procpolicy imports), ``import procpolicy``, and ``procpolicy --help``
(``python -m procpolicy --help``).  The report gives the median wall time of
each over the rounds, the cost over ``python -c pass`` and the ratios of those
costs to the dependencies'.  With ``--cpu`` it times the CPU each interpreter
spent (user + system, from ``getrusage``), which a shared machine disturbs
less than the wall clock.  It reports; it asserts nothing.

Bytecode: the dependencies are installed with their ``.pyc`` files, as a
user's procpolicy would be.  So that procpolicy is measured the same way,
the children run with ``PYTHONPYCACHEPREFIX`` set to a temporary directory
(outside the working tree) and without ``PYTHONDONTWRITEBYTECODE``, after one
warm-up run; ``--source`` measures the other case, every module compiled.

Usage::

    python benchmarks/bench_import.py [--rounds N] [--cpu] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "dependencies": [
        "-c",
        "import attrs, cattrs, dateutil.relativedelta, dateutil.rrule, dateutil.parser",
    ],
    "import procpolicy": ["-c", "import procpolicy"],
    "procpolicy --help": ["-m", "procpolicy", "--help"],
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def once(args: list[str], env: dict[str, str], *, cpu: bool = False) -> float:
    """Seconds for one fresh interpreter running ``args``: wall clock or CPU."""
    start, spent = time.perf_counter(), _children_cpu()
    command = [sys.executable, *args]  # fixed commands, this interpreter
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)  # noqa: S603
    if cpu:
        return _children_cpu() - spent
    return time.perf_counter() - start


def measure(rounds: int, *, source: bool, cpu: bool = False) -> dict[str, float]:
    """Median seconds per command over interleaved rounds."""
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        if source:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env["PYTHONPYCACHEPREFIX"] = cache
        for args in COMMANDS.values():  # warm-up: writes the bytecode
            once(args, env)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for _ in range(rounds):
            for name, args in COMMANDS.items():
                times[name].append(once(args, env, cpu=cpu))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the medians and the ratios to the dependencies' import."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--source", action="store_true", help="no bytecode cache for procpolicy"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU time of each interpreter (user + system) instead of wall time",
    )
    args = parser.parse_args(argv)
    medians = measure(args.rounds, source=args.source, cpu=args.cpu)
    base = medians["python -c pass"]
    deps = medians["dependencies"] - base
    result = {
        "rounds": args.rounds,
        "bytecode": not args.source,
        "clock": "cpu" if args.cpu else "wall",
        "median_s": medians,
        "over_python_ms": {k: (v - base) * 1000 for k, v in medians.items()},
        "ratio_to_dependencies": {
            k: (v - base) / deps for k, v in medians.items() if k != "python -c pass"
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    mode = "compiled from source" if args.source else "bytecode cached"
    clock = "CPU time" if args.cpu else "wall time"
    print(
        f"{args.rounds} interleaved rounds ({mode}, {clock}); medians; "
        "cost = time over `python -c pass`"
    )
    print("| command | median | cost | cost / dependencies' |")
    print("|---|---:|---:|---:|")
    for name, seconds in medians.items():
        cost = (seconds - base) * 1000
        ratio = "" if name == "python -c pass" else f"{(seconds - base) / deps:.2f}x"
        print(f"| `{name}` | {seconds * 1000:.0f} ms | {cost:.0f} ms | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
