"""The simulator: linear scaling, memory per project, serialisation, lifecycle ratio.

Four measurements, each a ratio taken within this one run:

1. **Scaling.** ``run(anyang_rollout().scaled(k), seed)`` at about 10 000 and
   about 100 000 project-years; the time ratio (target ≤ 11).
2. **Memory.** ``tracemalloc`` bytes per live project with a 10-event history
   (Drafted … Settled, two daily evaluations) built the way the simulator
   builds them (target ≤ 4 KB), and the same project loaded from its JSON (no
   shared values); and bytes per result row kept by a run.
3. **Serialisation.** ``from_dict(Project, to_dict(p))`` of a 10-event project
   against a hand-written ``to_dict``/``from_dict`` giving the same JSON and
   the same project (target ≤ 1.5).
4. **Lifecycle.** Lifecycles the simulator builds (with a closure appended):
   the simulator's own path (drawing, building and applying the events), and a
   replay of the same events through ``Workflow.apply``, against `transitions`
   over the same events (``_peers.py``; target ≥ 5).

It reports; it asserts nothing.  Usage::

    python benchmarks/bench_simulation.py [--quick] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy import serialization
from procpolicy._simulation._context import Context
from procpolicy._simulation._year import simulate_project
from procpolicy.evaluation import Achieved
from procpolicy.project import fold
from procpolicy.simulation import Lapses, Scenario, anyang_rollout, run

try:
    from _peers import transitions_runner
    from bench_lifecycle import lifecycle_events
except ImportError:  # the workflow benchmark and its peers are not there yet
    transitions_runner = None
    lifecycle_events = None


def seconds(fn: Callable[[], object]) -> float:
    """CPU seconds of ``fn()``: steadier than wall time on a shared machine."""
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


# -- 1. scaling ------------------------------------------------------------------
def scaling(small_scale: int) -> dict[str, Any]:
    """Runs of ~10k and of ~100k project-years, the median of three of each."""
    base = anyang_rollout()
    small, large = base.scaled(small_scale), base.scaled(10 * small_scale)
    run(base.scaled(max(1, small_scale // 10)), 1)  # warm the framework's memo
    # Small and large runs alternate, three of each, so both see the same
    # machine: measured in batches, one side once drifted to 12.5x.
    rows: dict[str, int] = {}
    times: dict[str, list[float]] = {"small": [], "large": []}

    def timed(name: str, scenario: Scenario) -> float:
        def once() -> None:
            rows[name] = len(run(scenario, 1))

        return seconds(once)

    for _ in range(3):
        times["small"].append(timed("small", small))
        times["large"].append(timed("large", large))
    t_small, t_large = (statistics.median(times[n]) for n in ("small", "large"))
    rows_small, rows_large = rows["small"], rows["large"]
    return {
        "project_years_small": rows_small,
        "project_years_large": rows_large,
        "seconds_small": t_small,
        "seconds_large": t_large,
        "time_ratio": t_large / t_small,
        "rows_ratio": rows_large / rows_small,
        "us_per_project_year_small": t_small / rows_small * 1e6,
        "us_per_project_year_large": t_large / rows_large * 1e6,
    }


# -- projects the way the simulator builds them ------------------------------------
def simulated_projects(
    n: int, *, interval: int, closed: bool = False
) -> list[pp.Project]:
    """``n`` first-year projects of 2015, built by the simulator itself.

    With ``interval=5`` a contract from March has two daily evaluations: ten
    events, Drafted to Settled; with ``interval=12`` one.  ``closed`` appends
    a `Closed` on 31 December to the projects still open.
    """
    scenario: Scenario = attrs.evolve(
        anyang_rollout().with_years([2015]).scaled(n // 17 + 1),
        supervision_interval_months=interval,
        lapses=Lapses.none(),
    )
    context = Context(scenario, seed=1)
    master = random.Random(1)
    context.draw_pool(master)
    projects = []
    for template, year, serial in context.slots()[:n]:
        project, _ = simulate_project(
            context, template, year, serial, master.getrandbits(64)
        )
        if closed and project.stage is not pp.Stage.CLOSED:
            at = datetime(year, 12, 31, 10, tzinfo=E.CST)
            project = context.workflow.apply(
                project, E.Closed(at=at, accountable="负责人")
            )
        projects.append(project)
    return projects


# -- 2. memory ---------------------------------------------------------------------
def traced_bytes(build: Callable[[], list[Any]]) -> tuple[int, int]:
    """Bytes still allocated after ``build()`` (kept alive), and the count built."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, len(kept)


def memory(n: int) -> dict[str, Any]:
    """Bytes per live 10-event project; per row of a run's result."""
    simulated_projects(20, interval=5)  # warm caches and the framework's memo
    sim_bytes, count = traced_bytes(lambda: simulated_projects(n, interval=5))
    sample = simulated_projects(1, interval=5)[0]
    data = serialization.to_dict(sample)
    loaded_bytes, loaded = traced_bytes(
        lambda: [serialization.from_dict(pp.Project, data) for _ in range(n)]
    )
    scenario = anyang_rollout().scaled(20)
    run(scenario, 2)
    row_bytes, _ = traced_bytes(lambda: [run(scenario, 2)])
    rows = len(run(scenario, 2))
    return {
        "events_per_project": len(sample.history),
        "projects": count,
        "bytes_per_project_simulated": sim_bytes / count,
        "bytes_per_project_loaded_from_json": loaded_bytes / loaded,
        "bytes_per_result_row": row_bytes / rows,
    }


# -- 3. serialisation ----------------------------------------------------------------
def _name(member: Any) -> Any:
    return None if member is None else member.name


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _purchaser(p: pp.Purchaser) -> dict[str, Any]:
    return {"name": p.name, "department": p.department, "kind": p.kind.name}


def _undertaker(u: pp.Undertaker) -> dict[str, Any]:
    return {
        "name": u.name,
        "kind": u.kind.name,
        "conditions": sorted(c.name for c in u.conditions),
    }


def _evaluation(v: pp.Evaluation) -> dict[str, Any]:
    return {
        "evaluator": v.evaluator.name,
        "internal_score": str(v.internal_score),
        "external_score": _num(v.external_score),
        "internal_weight": str(v.internal_weight),
        "third_party": v.third_party,
    }


def _no_indicators(system: object) -> None:
    # The simulator scores no indicator system; the converter need not either.
    if system is not None:
        msg = "the hand-written converter writes no indicator system"
        raise NotImplementedError(msg)


def _item(item: pp.CatalogueItem | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "code": item.code,
        "name": {"zh": item.name.zh, "en": item.name.en},
        "category": item.category.name,
    }


_TO: dict[type, Callable[[Any], dict[str, Any]]] = {
    E.Drafted: lambda e: {
        "project_id": e.project_id,
        "title": e.title,
        "purchaser": _purchaser(e.purchaser),
        "category": e.category.name,
        "involves": sorted(i.name for i in e.involves),
        "item": _item(e.item),
        "social_impact": e.social_impact.name,
        "fixed_site": e.fixed_site,
        "scope": e.scope.name,
    },
    E.Budgeted: lambda e: {
        "amount": str(e.amount),
        "separate_line": e.separate_line,
        "targets": [{"name": t.name, "target": str(t.target)} for t in e.targets],
        "cost_before": _num(e.cost_before),
    },
    E.Disclosed: lambda e: {
        "items": sorted(i.name for i in e.items),
        "channel": e.channel,
    },
    E.ProcurementStarted: lambda e: {
        "method": e.method.name,
        "grounds": sorted(g.name for g in e.grounds),
        "deadline": None if e.deadline is None else e.deadline.isoformat(),
        "original_contract": _num(e.original_contract),
    },
    E.Awarded: lambda e: {
        "undertaker": _undertaker(e.undertaker),
        "amount": str(e.amount),
        "bidders": e.bidders,
    },
    E.Contracted: lambda e: {
        "start": e.start.isoformat(),
        "end": e.end.isoformat(),
        "amount": str(e.amount),
        "stable": e.stable,
    },
    E.ContractPublished: lambda _: {},
    E.Supervised: lambda e: {"score": str(e.score), "note": e.note},
    E.Evaluated: lambda e: {
        "evaluation": _evaluation(e.evaluation),
        "achieved": [{"name": a.name, "value": str(a.value)} for a in e.achieved],
        "indicators": _no_indicators(e.indicators),
    },
    E.Settled: lambda e: {"paid": str(e.paid), "cost_reason": e.cost_reason},
    E.Closed: lambda e: {"accountable": e.accountable},
}


def hand_to_dict(project: pp.Project) -> dict[str, Any]:
    """A hand-written `to_dict` for the events of the benchmark's project."""
    return {
        "schema": serialization.PROJECT_SCHEMA,
        "history": [
            {"type": type(e).__name__, "at": e.at.isoformat(), **_TO[type(e)](e)}
            for e in project.history
        ],
    }


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


_FROM: dict[str, Callable[[dict[str, Any], datetime], E.Event]] = {
    "Drafted": lambda d, at: E.Drafted(
        at=at,
        project_id=d["project_id"],
        title=d["title"],
        purchaser=pp.Purchaser(
            d["purchaser"]["name"],
            d["purchaser"]["department"],
            pp.PurchaserKind[d["purchaser"]["kind"]],
        ),
        category=pp.ServiceCategory[d["category"]],
        involves=frozenset(pp.Prohibited[i] for i in d["involves"]),
        item=None
        if d["item"] is None
        else pp.CatalogueItem(
            d["item"]["code"],
            pp.Label(d["item"]["name"]["zh"], d["item"]["name"]["en"]),
            pp.ServiceCategory[d["item"]["category"]],
        ),
        social_impact=pp.SocialImpact[d["social_impact"]],
        fixed_site=d["fixed_site"],
        scope=pp.Scope[d["scope"]],
    ),
    "Budgeted": lambda d, at: E.Budgeted(
        at=at,
        amount=Decimal(d["amount"]),
        separate_line=d["separate_line"],
        targets=tuple(
            pp.PerformanceTarget(t["name"], Decimal(t["target"])) for t in d["targets"]
        ),
        cost_before=_d(d["cost_before"]),
    ),
    "Disclosed": lambda d, at: E.Disclosed(
        at=at,
        items=frozenset(pp.DisclosureItem[i] for i in d["items"]),
        channel=d["channel"],
    ),
    "ProcurementStarted": lambda d, at: E.ProcurementStarted(
        at=at,
        method=pp.Method[d["method"]],
        grounds=frozenset(pp.MethodGround[g] for g in d["grounds"]),
        deadline=None if d["deadline"] is None else date.fromisoformat(d["deadline"]),
        original_contract=_d(d["original_contract"]),
    ),
    "Awarded": lambda d, at: E.Awarded(
        at=at,
        undertaker=pp.Undertaker(
            d["undertaker"]["name"],
            pp.UndertakerKind[d["undertaker"]["kind"]],
            frozenset(pp.SupplierCondition[c] for c in d["undertaker"]["conditions"]),
        ),
        amount=Decimal(d["amount"]),
        bidders=d["bidders"],
    ),
    "Contracted": lambda d, at: E.Contracted(
        at=at,
        start=date.fromisoformat(d["start"]),
        end=date.fromisoformat(d["end"]),
        amount=Decimal(d["amount"]),
        stable=d["stable"],
    ),
    "Supervised": lambda d, at: E.Supervised(
        at=at, score=Decimal(d["score"]), note=d["note"]
    ),
    "Evaluated": lambda d, at: E.Evaluated(
        at=at,
        evaluation=pp.Evaluation(
            evaluator=pp.Evaluator[d["evaluation"]["evaluator"]],
            internal_score=Decimal(d["evaluation"]["internal_score"]),
            external_score=_d(d["evaluation"]["external_score"]),
            internal_weight=Decimal(d["evaluation"]["internal_weight"]),
            third_party=d["evaluation"]["third_party"],
        ),
        achieved=tuple(Achieved(a["name"], Decimal(a["value"])) for a in d["achieved"]),
    ),
    "ContractPublished": lambda _, at: E.ContractPublished(at=at),
    "Settled": lambda d, at: E.Settled(
        at=at, paid=Decimal(d["paid"]), cost_reason=d["cost_reason"]
    ),
    "Closed": lambda d, at: E.Closed(at=at, accountable=d["accountable"]),
}


def hand_from_dict(data: dict[str, Any]) -> pp.Project:
    """A hand-written `from_dict`: the constructors (and their validators), a fold."""
    return fold(
        _FROM[e["type"]](e, datetime.fromisoformat(e["at"])) for e in data["history"]
    )


def serialisation(rounds: int, per_round: int) -> dict[str, Any]:
    """Median µs per round trip, library and hand-written, interleaved."""
    project = next(
        p
        for p in simulated_projects(40, interval=5)
        if p.evaluation is not None and p.evaluation.external_score is not None
    )
    assert hand_to_dict(project) == serialization.to_dict(project)
    assert hand_from_dict(hand_to_dict(project)) == project
    assert (
        serialization.from_dict(pp.Project, serialization.to_dict(project)) == project
    )

    def library() -> None:
        for _ in range(per_round):
            serialization.from_dict(pp.Project, serialization.to_dict(project))

    def hand() -> None:
        for _ in range(per_round):
            hand_from_dict(hand_to_dict(project))

    samples: dict[str, list[float]] = {"library": [], "hand-written": []}
    library()
    hand()
    for _ in range(rounds):
        samples["library"].append(seconds(library) / per_round * 1e6)
        samples["hand-written"].append(seconds(hand) / per_round * 1e6)
    medians = {k: statistics.median(v) for k, v in samples.items()}
    return {
        "events": len(project.history),
        "median_us": medians,
        "ratio": medians["library"] / medians["hand-written"],
    }


# -- 4. lifecycle ------------------------------------------------------------------
def lifecycle(n: int, rounds: int) -> dict[str, Any]:
    """µs per lifecycle: the simulator's path, workflow replays, transitions.

    The simulated lifecycles are ten events, Drafted to Closed with one daily
    evaluation, like the workflow benchmark's reference lifecycle (replayed
    ``n`` times here as well).
    """
    closed = simulated_projects(n, interval=12, closed=True)
    workflow = pp.Workflow(pp.presets.anyang())
    start, apply = workflow.start, workflow.apply
    # The peers model the nine steps of the reference lifecycle; the contract's
    # publication (合同公告, a step the simulator records since the second
    # edition) is left out of the histories they all replay.
    histories = [
        tuple(e for e in p.history if type(e) is not E.ContractPublished)
        for p in closed
    ]
    assert all(len(h) == 10 for h in histories), "one daily evaluation each"

    def simulator() -> None:
        simulated_projects(n, interval=12, closed=True)

    def replay(lifecycles: Sequence[tuple[E.Event, ...]]) -> Callable[[], None]:
        def replay_all() -> None:
            for history in lifecycles:
                project = start(history[0])  # type: ignore[arg-type]
                for event in history[1:]:
                    project = apply(project, event)

        return replay_all

    def peer(lifecycles: Sequence[tuple[E.Event, ...]]) -> Callable[[], None]:
        runners = [
            transitions_runner(h[0], h[1:], workflow.framework.at) for h in lifecycles
        ]

        def peer_all() -> None:
            for runner in runners:
                runner()

        return peer_all

    implementations: dict[str, Callable[[], None]] = {
        "simulator path": simulator,
        "workflow, simulated events": replay(histories),
    }
    if transitions_runner is not None:
        drafted, events = lifecycle_events()
        reference = [(drafted, *events)] * n
        implementations["workflow, reference lifecycle"] = replay(reference)
        implementations["transitions, simulated events"] = peer(histories)
        implementations["transitions, reference lifecycle"] = peer(reference)
    for fn in implementations.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in implementations}
    for _ in range(rounds):
        for name, fn in implementations.items():
            samples[name].append(seconds(fn) / n * 1e6)
    medians = {k: statistics.median(v) for k, v in samples.items()}
    report: dict[str, Any] = {"lifecycles": n, "median_us": medians}
    if transitions_runner is not None:
        report["ratio_simulated"] = (
            medians["transitions, simulated events"]
            / medians["workflow, simulated events"]
        )
        report["ratio_reference"] = (
            medians["transitions, reference lifecycle"]
            / medians["workflow, reference lifecycle"]
        )
        report["ratio_simulator_path"] = (
            medians["transitions, simulated events"] / medians["simulator path"]
        )
    else:
        report["note"] = "benchmarks/_peers.py not found: simulator path alone"
    return report


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    names = ("procpolicy", "attrs", "cattrs", "transitions")
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpu": cpu,
        "versions": {name: version(name) for name in names},
    }


def print_report(report: dict[str, Any]) -> None:
    s, m, z, life = (
        report["scaling"],
        report["memory"],
        report["serialisation"],
        report["lifecycle"],
    )
    info = report["machine"]
    print(f"{info['python']} on {info['platform']}; {info['cpu']}")
    print()
    print("| measurement | result | target |")
    print("|---|---:|---:|")
    print(
        f"| scaling: {s['project_years_large']:,} vs {s['project_years_small']:,} "
        f"project-years | {s['seconds_large']:.1f} s / {s['seconds_small']:.2f} s "
        f"= **{s['time_ratio']:.2f}×** (rows {s['rows_ratio']:.2f}×; "
        f"{s['us_per_project_year_small']:.0f} → "
        f"{s['us_per_project_year_large']:.0f} µs per project-year) | ≤ 11× |"
    )
    print(
        f"| memory: live project, {m['events_per_project']} events, simulator path "
        f"| **{m['bytes_per_project_simulated']:,.0f} B** | ≤ 4 096 B |"
    )
    print(
        "| memory: the same project loaded from JSON (nothing shared) "
        f"| {m['bytes_per_project_loaded_from_json']:,.0f} B | — |"
    )
    print(f"| memory: one result row | {m['bytes_per_result_row']:,.0f} B | — |")
    print(
        f"| serialisation round trip, {z['events']} events: library / hand-written "
        f"| {z['median_us']['library']:.0f} µs / "
        f"{z['median_us']['hand-written']:.0f} µs = **{z['ratio']:.2f}×** | ≤ 1.5× |"
    )
    med = life["median_us"]
    if "ratio_simulated" in life:
        for events in ("simulated events", "reference lifecycle"):
            key = (
                "ratio_simulated" if events == "simulated events" else "ratio_reference"
            )
            print(
                f"| lifecycle, 10 events ({events}): transitions / workflow "
                f"| {med['transitions, ' + events]:.0f} µs / "
                f"{med['workflow, ' + events]:.0f} µs = **{life[key]:.2f}×** | ≥ 5× |"
            )
        print(
            "| lifecycle: transitions (simulated events) / the simulator's whole "
            f"path (draws, builds, applies) | {life['ratio_simulator_path']:.2f}× "
            f"({med['simulator path']:.0f} µs) | — |"
        )
    else:
        print(
            f"| lifecycle: simulator path alone ({life['note']}) "
            f"| {med['simulator path']:.0f} µs | — |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1k vs 10k project-years, fewer rounds"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    quick = args.quick
    report = {
        "scaling": scaling(10 if quick else 100),
        "memory": memory(500 if quick else 2000),
        "serialisation": serialisation(5 if quick else 15, 50 if quick else 200),
        "lifecycle": lifecycle(100 if quick else 200, 5 if quick else 15),
        "machine": machine(),
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
