"""`run` and `run_many`: a scenario, seeded, through the real `Workflow`.

Randomness comes only from ``random.Random(seed)``: it draws the undertakers'
qualities, then one seed per project; each project draws one seed per year,
and each year draws its figures in a fixed order whatever happens.  So two
runs with one seed under two frameworks meet the same projects, undertakers
and noise — common random numbers — and what differs is what the rules
changed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, as_completed

import attrs

from procpolicy.errors import InvalidInput
from procpolicy.events import Event
from procpolicy.project import Project

from ._context import Context
from ._result import ProjectYear, SimulationResult
from ._scenario import Scenario
from ._year import simulate_project

__all__ = ["Progress", "histories", "run", "run_many"]

Progress = Callable[[int, int], object]
"""``progress(done, total)``: called as projects (`run`) or runs (`run_many`) finish."""


def _check_seed(seed: object, where: str) -> int:
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise InvalidInput(f"{where}: a seed must be an int, not {type(seed).__name__}")
    return seed


def run(
    scenario: Scenario, seed: int, *, progress: Progress | None = None
) -> SimulationResult:
    """Simulate ``scenario`` with ``random.Random(seed)``: same seed, same result.

    Every event of every project goes through the scenario's `Workflow`; a
    refused event is counted by rule id on its project-year, then mended
    (or, before a contract, the purchase is cancelled).

    Args:
        scenario: what to simulate.
        seed: the only source of randomness.
        progress: called as ``progress(done, total)`` after each project.

    Raises:
        InvalidInput: when ``scenario`` is not a `Scenario` or ``seed`` not an int.

    Examples:
        >>> from procpolicy.simulation import anyang_rollout
        >>> scenario = anyang_rollout().with_years([2014])
        >>> run(scenario, seed=3) == run(scenario, seed=3)
        True
        >>> len(run(scenario, seed=3))
        5
    """
    if not isinstance(scenario, Scenario):
        raise InvalidInput(
            f"run.scenario: must be a Scenario, not {type(scenario).__name__}"
        )
    seed = _check_seed(seed, "run.seed")
    total = scenario.project_count()
    rows: list[ProjectYear] = []
    for done, (_, found) in enumerate(_projects(scenario, seed), start=1):
        rows += found
        if progress is not None:
            progress(done, total)
    return SimulationResult(
        seeds=(seed,), years=scenario.years, rows=tuple(rows), scenario=scenario
    )


def _projects(
    scenario: Scenario, seed: int
) -> Iterator[tuple[Project, list[ProjectYear]]]:
    """Every project of one run, in a fixed order, with its rows."""
    master = random.Random(seed)  # noqa: S311 - a seeded simulation, not cryptography
    context = Context(scenario, seed)
    context.draw_pool(master)
    for template, year, serial in context.slots():
        yield simulate_project(context, template, year, serial, master.getrandbits(64))


def histories(scenario: Scenario, seed: int) -> Iterator[tuple[Event, ...]]:
    """The history of every project of ``run(scenario, seed)``, as recorded."""
    for project, _ in _projects(scenario, seed):
        yield project.history


def _detached(scenario: Scenario, seed: int) -> SimulationResult:
    """`run` in a worker, returned without the scenario (the caller has it)."""
    return attrs.evolve(run(scenario, seed), scenario=None)


def run_many(
    scenario: Scenario,
    seeds: Iterable[int],
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> tuple[SimulationResult, ...]:
    """`run` once per seed, in seed order; the same results whatever the executor.

    Args:
        scenario: what to simulate.
        seeds: one run each.
        executor: any `concurrent.futures.Executor` (a process pool, or a
            Dask ``client.get_executor()``); None runs them here, one by one.
        progress: called as ``progress(done, total)`` as runs finish.

    Raises:
        InvalidInput: when a seed is not an int.

    Examples:
        >>> from procpolicy.simulation import anyang_rollout
        >>> scenario = anyang_rollout().with_years([2014])
        >>> [r.seeds for r in run_many(scenario, range(3))]
        [(0,), (1,), (2,)]
    """
    chosen = tuple(_check_seed(s, "run_many.seeds") for s in seeds)
    total = len(chosen)
    if executor is None:
        results = []
        for done, seed in enumerate(chosen, start=1):
            results.append(run(scenario, seed))
            if progress is not None:
                progress(done, total)
        return tuple(results)
    # The scenario goes out once per run; it does not come back with each
    # result: every result gets the caller's own (one in memory, not one per run).
    futures: Sequence[Future[SimulationResult]] = [
        executor.submit(_detached, scenario, seed) for seed in chosen
    ]
    for done, _ in enumerate(as_completed(futures), start=1):
        if progress is not None:
            progress(done, total)
    return tuple(attrs.evolve(f.result(), scenario=scenario) for f in futures)
