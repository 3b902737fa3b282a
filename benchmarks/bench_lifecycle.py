"""Full guarded lifecycle: procpolicy against transitions, python-statemachine, a dict.

One lifecycle is ``Workflow.start(Drafted)`` and nine ``apply``s (Budgeted,
Disclosed, ProcurementStarted, Awarded, Contracted, Supervised, Evaluated,
Settled, Closed) with every guard on; the peers (``_peers.py``) take the same
ten steps over a fresh model.  The event objects are built once, outside the
timed loop, and every implementation gets the same ones.

Two comparisons, from the same interleaved run:

* against the peers with a *trivial* guard (``return True``; the price of the
  machine itself, as a user picking a library would compare), and
* against the peers with the *same* guards as procpolicy (``_peers.Lot``).

The implementations run interleaved in rounds (A B C D, A B C D, …) in one
process; each round times a block of lifecycles per implementation with
`time.perf_counter_ns`.  The report gives the median over rounds of the time
per lifecycle and the ratios of medians.  It reports; it asserts nothing.

Usage::

    python benchmarks/bench_lifecycle.py [--rounds N] [--lifecycles N] [--json]
        [--only NAME]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _peers import Bare, dict_fsm_runner, statemachine_runner, transitions_runner

import procpolicy as pp
from procpolicy import events as E  # noqa: N812

Runner = Callable[[], object]

PEERS = ("transitions", "python-statemachine", "dict FSM")
TRIVIAL = " (trivial guard)"
NAMES = ("procpolicy", *PEERS, *(f"{peer}{TRIVIAL}" for peer in PEERS))


def lifecycle_events() -> tuple[E.Drafted, tuple[E.Event, ...]]:
    """The Drafted event and the nine events after it (a clean 2015 purchase)."""
    buyer = pp.Purchaser("安阳市城市管理局", "城管", pp.PurchaserKind.STATE_ORGAN)
    firm = pp.Undertaker(
        "安阳洁城环卫有限公司",
        pp.UndertakerKind.ENTERPRISE,
        frozenset(pp.SupplierCondition),
    )
    drafted = E.Drafted(
        at=datetime(2015, 2, 2, 9),
        project_id="AY-2015-007",
        title="主城区道路保洁",
        purchaser=buyer,
        category=pp.ServiceCategory.MUNICIPAL_SANITATION,
        involves=frozenset(),
    )
    after = (
        E.Budgeted(
            at=datetime(2015, 2, 10),
            amount=Decimal(800000),
            separate_line=False,
            targets=(pp.PerformanceTarget("道路保洁达标率", Decimal(95)),),
            cost_before=Decimal(950000),
        ),
        E.Disclosed(at=datetime(2015, 2, 12), items=frozenset(pp.DisclosureItem)),
        E.ProcurementStarted(
            at=datetime(2015, 2, 16), method=pp.Method.COMPETITIVE_CONSULTATION
        ),
        E.Awarded(
            at=datetime(2015, 3, 10), undertaker=firm, amount=Decimal(760000), bidders=3
        ),
        E.Contracted(
            at=datetime(2015, 3, 20),
            start=date(2015, 4, 1),
            end=date(2016, 3, 31),
            amount=Decimal(760000),
        ),
        E.Supervised(at=datetime(2015, 5, 1), score=Decimal(90)),
        E.Evaluated(
            at=datetime(2016, 3, 25),
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(90)
            ),
        ),
        E.Settled(at=datetime(2016, 4, 5), paid=Decimal(760000)),
        E.Closed(at=datetime(2016, 4, 10)),
    )
    return drafted, after


def procpolicy_runner(
    workflow: pp.Workflow, drafted: E.Drafted, events: Sequence[E.Event]
) -> Runner:
    """One lifecycle per call: ``start`` and nine ``apply``s."""
    start, apply = workflow.start, workflow.apply

    def lifecycle() -> pp.Project:
        project = start(drafted)
        for event in events:
            project = apply(project, event)
        return project

    return lifecycle


def runners() -> dict[str, Runner]:
    """Every implementation, over the same framework and the same event objects."""
    workflow = pp.Workflow(pp.presets.anyang())
    drafted, events = lifecycle_events()
    rules_at = workflow.framework.rules_on  # the look-up procpolicy itself uses
    return {
        "procpolicy": procpolicy_runner(workflow, drafted, events),
        "transitions": transitions_runner(drafted, events, rules_at),
        "python-statemachine": statemachine_runner(drafted, events, rules_at),
        "dict FSM": dict_fsm_runner(drafted, events, rules_at),
        f"transitions{TRIVIAL}": transitions_runner(drafted, events, rules_at, Bare),
        f"python-statemachine{TRIVIAL}": statemachine_runner(
            drafted, events, rules_at, Bare
        ),
        f"dict FSM{TRIVIAL}": dict_fsm_runner(drafted, events, rules_at, Bare),
    }


def verify(implementations: dict[str, Runner]) -> list[str]:
    """What is wrong: each implementation must end closed after ten steps."""
    problems = []
    for name, run in implementations.items():
        try:
            result: Any = run()
        except Exception as exc:  # a refusal: report it, do not time
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        stage = result.stage.name if name == "procpolicy" else result.state
        if stage.lower() != "closed" or len(result.history) != 10:
            problems.append(f"{name}: ended {stage} after {len(result.history)}")
    return problems


def positive(text: str) -> int:
    """An argparse type: a whole number above 0."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def block_ns(run: Runner, n: int) -> int:
    """Nanoseconds for ``n`` lifecycles (garbage collected before, enabled during)."""
    gc.collect()
    start = time.perf_counter_ns()
    for _ in range(n):
        run()
    return time.perf_counter_ns() - start


def measure(
    implementations: dict[str, Runner], rounds: int, lifecycles: int, warmup: int
) -> dict[str, list[float]]:
    """Microseconds per lifecycle, one sample per implementation per round."""
    for run in implementations.values():
        block_ns(run, warmup)
    samples: dict[str, list[float]] = {name: [] for name in implementations}
    for _ in range(rounds):
        for name, run in implementations.items():
            samples[name].append(block_ns(run, lifecycles) / lifecycles / 1000)
    return samples


def machine_info() -> dict[str, object]:
    """Python, libraries, platform and CPU."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "versions": {
            name: version(name)
            for name in ("procpolicy", "transitions", "python-statemachine", "attrs")
        },
    }


def report(
    samples: dict[str, list[float]], rounds: int, lifecycles: int, warmup: int
) -> dict[str, object]:
    """Medians, spreads and the ratios of each peer's median to procpolicy's."""
    medians = {name: statistics.median(s) for name, s in samples.items()}
    spread = {
        name: {
            "min": min(s),
            "max": max(s),
            "quartiles": statistics.quantiles(s, n=4) if len(s) > 1 else [s[0]] * 3,
        }
        for name, s in samples.items()
    }
    base = medians.get("procpolicy")
    return {
        "rounds": rounds,
        "lifecycles_per_round": lifecycles,
        "warmup": warmup,
        "median_us": medians,
        "spread_us": spread,
        "ratio_to_procpolicy": {
            name: m / base if base else None for name, m in medians.items()
        },
        "machine": machine_info(),
    }


def print_table(result: dict[str, Any]) -> None:
    """The Markdown table ``docs/performance.md`` shows."""
    info = result["machine"]
    print(
        f"{info['python']} on {info['platform']}; {info['cpu']} x{info['cpus']}; "
        f"{result['rounds']} rounds x {result['lifecycles_per_round']} lifecycles"
    )
    trivial = [n for n in result["median_us"] if n.endswith(TRIVIAL)]
    same = [n for n in result["median_us"] if not n.endswith(TRIVIAL)]
    for title, names in (
        ("Against the peers with a trivial guard (the machine's own price)", trivial),
        ("Against the peers with the same guards", same),
    ):
        if not names:
            continue
        print()
        print(f"{title}; procpolicy runs every guard in both:")
        print()
        print(
            "| implementation | median µs / lifecycle | quartiles µs | × procpolicy |"
        )
        print("|---|---:|---:|---:|")
        first = ["procpolicy"] if "procpolicy" in result["median_us"] else []
        for name in [*first, *(n for n in names if n != "procpolicy")]:
            q1, _, q3 = result["spread_us"][name]["quartiles"]
            ratio = result["ratio_to_procpolicy"][name]
            print(
                f"| {name} | {result['median_us'][name]:.1f} | {q1:.1f}–{q3:.1f} "
                f"| {'–' if ratio is None else f'{ratio:.2f}'} |"
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table (or JSON); always exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=positive, default=20)
    parser.add_argument(
        "--lifecycles", type=positive, default=200, help="per implementation per round"
    )
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--only",
        choices=NAMES,
        help="time one implementation (for a profiler or an instruction count)",
    )
    args = parser.parse_args(argv)
    implementations = runners()
    problems = verify(implementations)
    if problems:
        print("not timed; the implementations disagree:", *problems, sep="\n  ")
        return 0
    if args.only:
        implementations = {args.only: implementations[args.only]}
    samples = measure(implementations, args.rounds, args.lifecycles, args.warmup)
    result = report(samples, args.rounds, args.lifecycles, args.warmup)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
