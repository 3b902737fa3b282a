"""Building events: procpolicy's validated events against plain attrs twins.

For each event of the reference lifecycle (``bench_lifecycle.lifecycle_events``)
the script makes a *twin*: a frozen slotted attrs class with the same ``init``
fields and defaults and no validators, converters or ``__attrs_post_init__``
(so no ``day`` and ``instant``).  Both are built from the same keyword
arguments, interleaved in rounds in one process; the report gives, per class
and for the whole lifecycle (ten events), the median microseconds and the
ratio event / twin.  It reports; it asserts nothing.

Usage::

    python benchmarks/bench_events.py [--rounds N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_lifecycle import lifecycle_events

from procpolicy import events as E  # noqa: N812

BUILDS_PER_SAMPLE = 5_000


def twin(cls: type[E.Event]) -> type:
    """A frozen slotted attrs class with ``cls``'s init fields, nothing checked."""
    fields = {
        a.name: attrs.field(default=a.default)
        if a.default is not attrs.NOTHING
        # A field without a default keeps none.
        else attrs.field()
        for a in attrs.fields(cls)
        if a.init
    }
    return attrs.make_class(
        f"Plain{cls.__name__}", fields, frozen=True, slots=True, kw_only=True
    )


def arguments(event: E.Event) -> dict[str, Any]:
    """The keyword arguments that build ``event`` again."""
    return {a.name: getattr(event, a.name) for a in attrs.fields(type(event)) if a.init}


def sample_us(build: Callable[[], object]) -> float:
    """Microseconds per build over `BUILDS_PER_SAMPLE` builds."""
    start = time.perf_counter_ns()
    for _ in range(BUILDS_PER_SAMPLE):
        build()
    return (time.perf_counter_ns() - start) / BUILDS_PER_SAMPLE / 1000


def _builder(cls: type, kwargs: dict[str, Any]) -> Callable[[], object]:
    return lambda: cls(**kwargs)


def measure(rounds: int) -> dict[str, dict[str, list[float]]]:
    """Per class: samples of the event's and the twin's build, interleaved."""
    drafted, after = lifecycle_events()
    builds: dict[str, dict[str, Callable[[], object]]] = {}
    for event in (drafted, *after):
        kwargs = arguments(event)
        builds[type(event).__name__] = {
            "event": _builder(type(event), kwargs),
            "twin": _builder(twin(type(event)), kwargs),
        }
    samples: dict[str, dict[str, list[float]]] = {
        name: {"event": [], "twin": []} for name in builds
    }
    for _ in range(rounds):
        for name, pair in builds.items():
            for kind, build in pair.items():
                samples[name][kind].append(sample_us(build))
    return samples


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-class medians and ratios, and the lifecycle's total."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    samples = measure(args.rounds)
    medians = {
        name: {kind: statistics.median(v) for kind, v in pair.items()}
        for name, pair in samples.items()
    }
    total = {kind: sum(m[kind] for m in medians.values()) for kind in ("event", "twin")}
    if args.json:
        print(json.dumps({"rounds": args.rounds, "median_us": medians, "total": total}))
        return 0
    print(f"{args.rounds} interleaved rounds; median µs per build")
    print()
    print("| event | procpolicy | plain twin | ratio |")
    print("|---|---:|---:|---:|")
    for name, m in medians.items():
        ratio = m["event"] / m["twin"]
        print(f"| {name} | {m['event']:.2f} | {m['twin']:.2f} | {ratio:.2f}x |")
    print(
        f"| **the ten events** | {total['event']:.1f} | {total['twin']:.1f} "
        f"| **{total['event'] / total['twin']:.2f}x** |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
