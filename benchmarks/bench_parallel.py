"""`run_many` on two processes against serial, with CPU times to show the parallel part.

Issue 13 asks that `run_many` on 2 processes be at least 1.6× as fast as
serial for 20 seeds of ``anyang_rollout().scaled(4)``, on an idle machine.
This machine is never idle (two cores shared with other jobs), so besides
the wall-clock speed-up the script reports what the load cannot fake:

* the CPU time of the serial run (this process) and of the two workers
  (``resource.getrusage(RUSAGE_CHILDREN)`` after the pool is shut down):
  equal totals mean the parallel run does no extra work;
* the *parallelism* of the parallel run: the workers' CPU time over its wall
  time (2.0 when both workers run all the time);
* the load average before and after, so a reader can tell an idle run from
  a loaded one.

The pool is started and warmed (one run each worker) before timing, so the
interpreters' start-up is not counted; the rounds interleave serial and
parallel.  The results of both must be identical (they are checked).  It
reports; it asserts nothing but that identity.

Usage::

    python benchmarks/bench_parallel.py [--rounds N] [--seeds N] [--scale K]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from procpolicy.simulation import anyang_rollout, run, run_many


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Print the speed-up, the CPU times and the parallelism."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--scale", type=int, default=4)
    args = parser.parse_args(argv)
    scenario = anyang_rollout().scaled(args.scale)
    seeds = range(args.seeds)
    load_before = os.getloadavg()
    serial_walls: list[float] = []
    serial_cpus: list[float] = []
    parallel_walls: list[float] = []
    worker_cpus: list[float] = []
    run(scenario, 0)  # warm this process's caches as the workers' are warmed
    for _ in range(args.rounds):
        cpu, wall = _own_cpu(), time.perf_counter()
        serial = run_many(scenario, seeds)
        serial_walls.append(time.perf_counter() - wall)
        serial_cpus.append(_own_cpu() - cpu)

        children = _children_cpu()
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(run, [scenario, scenario], [0, 1]))  # start and warm
            wall = time.perf_counter()
            parallel = run_many(scenario, seeds, executor=pool)
            parallel_walls.append(time.perf_counter() - wall)
        # The warm-up's CPU is in the workers' total; take it off by the
        # serial cost of two runs.
        warm = 2 * serial_cpus[-1] / args.seeds
        worker_cpus.append(_children_cpu() - children - warm)
        if parallel != serial:
            print("the parallel results differ from the serial ones", file=sys.stderr)
            return 1
    load_after = os.getloadavg()
    s_wall, p_wall = statistics.median(serial_walls), statistics.median(parallel_walls)
    s_cpu, w_cpu = statistics.median(serial_cpus), statistics.median(worker_cpus)
    print(
        f"{args.seeds} seeds of anyang_rollout().scaled({args.scale}), "
        f"{args.rounds} interleaved rounds (medians); {os.cpu_count()} CPUs; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n"
    )
    print("| | serial | 2 processes |")
    print("|---|---:|---:|")
    print(f"| wall time | {s_wall:.2f} s | {p_wall:.2f} s |")
    print(f"| CPU time (this process / the workers) | {s_cpu:.2f} s | {w_cpu:.2f} s |")
    print(f"| parallelism (CPU / wall) | {s_cpu / s_wall:.2f} | {w_cpu / p_wall:.2f} |")
    print(f"\nspeed-up (serial wall / parallel wall): {s_wall / p_wall:.2f}x")
    print(f"speed-up the CPU time allows on 2 idle cores: {s_cpu / (w_cpu / 2):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
