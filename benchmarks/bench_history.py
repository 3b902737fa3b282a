"""Per-event cost of long histories: replay, the trusted fold and `from_dict`.

A history of *n* events is a clean 2015 purchase up to its contract (six
events) followed by daily evaluations (`Supervised`, an hour apart) up to *n*
events.  For n = 10, 100, 1,000 and 10,000 the script times, interleaved in
rounds (every size and operation once per round, in one process):

* ``replay``: `Workflow.replay` (every event judged);
* ``fold``: `procpolicy.project.fold` (the trusted load, no judgement);
* ``from_dict``: `serialization.from_dict(Project, payload)` of the JSON-ready
  payload (limits checked, events structured and validated, then folded).

Each sample covers about 20,000 events (a 10-event history is folded 2,000
times); the report gives the median microseconds per event over the rounds
and the ratio of the cost at 10,000 events to the cost at 10 (a linear
history stays near 1; the old tuple copy made it grow with n).  Last, it
loads the 49,000-event payload of issue 13 (within the default `Limits`) once
and prints the seconds.  It reports; it asserts nothing.

Usage::

    python benchmarks/bench_history.py [--rounds N] [--sizes 10,100,...] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_lifecycle import lifecycle_events

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import serialization
from procpolicy.project import fold

SIZES = (10, 100, 1_000, 10_000)
EVENTS_PER_SAMPLE = 20_000
ISSUE_PAYLOAD_EVENTS = 49_000


def history(n: int) -> tuple[E.Event, ...]:
    """``n`` events: a purchase up to its contract, then daily evaluations."""
    drafted, after = lifecycle_events()
    start = (drafted, *after[:5])  # Drafted … Contracted
    first = datetime(2015, 4, 2, 9)
    daily = tuple(
        E.Supervised(
            at=first + timedelta(hours=i), score=Decimal(80 + i % 20) + Decimal("0.5")
        )
        for i in range(n - len(start))
    )
    return (*start, *daily)


def payload(events: Sequence[E.Event], *, defaults: bool = True) -> dict[str, Any]:
    """The stored form of the project folded from ``events``.

    ``defaults=False`` leaves out the empty ``note`` of each `Supervised`, as
    the issue's payload did: four values an event, so that 49,000 of them
    stay within the default ``Limits.max_nodes`` (200,000).
    """
    data: dict[str, Any] = serialization.to_dict(fold(events))
    if not defaults:
        for event in data["history"]:
            if event.get("note") == "":
                del event["note"]
    return data


def operations(
    workflow: pp.Workflow, events: tuple[E.Event, ...]
) -> dict[str, Callable[[], object]]:
    """The three loads of one history."""
    data = payload(events)
    return {
        "replay": lambda: workflow.replay(events),
        "fold": lambda: fold(events),
        "from_dict": lambda: serialization.from_dict(pp.Project, data),
    }


def sample_us(run: Callable[[], object], repeat: int, n: int) -> float:
    """Microseconds per event over ``repeat`` loads of ``n`` events."""
    gc.collect()
    start = time.perf_counter_ns()
    for _ in range(repeat):
        run()
    return (time.perf_counter_ns() - start) / repeat / n / 1000


def measure(sizes: Sequence[int], rounds: int) -> dict[str, dict[int, list[float]]]:
    """Per-event microseconds, one sample per operation and size per round."""
    workflow = pp.Workflow(pp.presets.anyang())
    loads = {n: operations(workflow, history(n)) for n in sizes}
    names = ("replay", "fold", "from_dict")
    samples: dict[str, dict[int, list[float]]] = {
        k: {n: [] for n in sizes} for k in names
    }
    for ops in loads.values():  # warm-up
        for run in ops.values():
            run()
    for _ in range(rounds):
        for n, ops in loads.items():
            repeat = max(1, EVENTS_PER_SAMPLE // n)
            for name, run in ops.items():
                samples[name][n].append(sample_us(run, repeat, n))
    return samples


def issue_payload_seconds() -> tuple[int, float]:
    """Size in bytes and seconds to load the 49,000-event payload of issue 13."""
    events = history(ISSUE_PAYLOAD_EVENTS + 6)
    text = json.dumps(payload(events, defaults=False))
    gc.collect()
    start = time.perf_counter()
    serialization.loads(pp.Project, text)
    return len(text.encode()), time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-event medians and the 10,000-to-10 ratios (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="comma-separated sizes"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    samples = measure(sizes, args.rounds)
    medians = {
        name: {n: statistics.median(v) for n, v in by_size.items()}
        for name, by_size in samples.items()
    }
    small, large = min(sizes), max(sizes)
    ratios = {name: m[large] / m[small] for name, m in medians.items()}
    size, seconds = issue_payload_seconds()
    if args.json:
        print(
            json.dumps(
                {
                    "rounds": args.rounds,
                    "median_us_per_event": medians,
                    f"ratio_{large}_to_{small}": ratios,
                    "issue_payload": {"bytes": size, "seconds": seconds},
                },
                indent=2,
            )
        )
        return 0
    print(f"{args.rounds} interleaved rounds; median µs per event")
    print()
    print("| events | " + " | ".join(medians) + " |")
    print("|---:|" + "---:|" * len(medians))
    for n in sizes:
        print(
            f"| {n:,} | " + " | ".join(f"{m[n]:.2f}" for m in medians.values()) + " |"
        )
    print(
        f"| {large:,} / {small:,} | "
        + " | ".join(f"{r:.2f}x" for r in ratios.values())
        + " |"
    )
    print()
    print(
        f"from the 49,000-event payload of issue 13 ({size / 1e6:.1f} MB, "
        f"default Limits): loads in {seconds:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
