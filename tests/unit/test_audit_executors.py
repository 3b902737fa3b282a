"""portfolio.audit over 10,000 simulated histories: the same on any executor."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from procpolicy import portfolio, presets
from procpolicy.events import Event
from procpolicy.simulation import anyang_rollout, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def histories() -> list[tuple[Event, ...]]:
    """At least 10,000 histories of the scaled Anyang rollout."""
    found: list[tuple[Event, ...]] = []
    seed = 0
    while len(found) < 10_000:
        found += run(anyang_rollout().scaled(4), seed).histories()
        seed += 1
    return found


def test_a_process_pool_gives_the_serial_audit(
    histories: list[tuple[Event, ...]],
) -> None:
    """Two processes give the same rows as one."""
    framework = presets.anyang()
    serial = portfolio.audit(histories, framework)
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        pooled = portfolio.audit(histories, framework, executor=pool)
    assert pooled == serial
    assert serial.summary()["events"] > 300_000


def test_a_dask_cluster_gives_the_serial_audit(
    histories: list[tuple[Event, ...]],
) -> None:
    """A Dask LocalCluster's executor gives the same rows too."""
    import distributed

    framework = presets.anyang()
    sample = histories[:2_000]
    serial = portfolio.audit(sample, framework)
    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        pooled = portfolio.audit(sample, framework, executor=client.get_executor())
    assert pooled == serial
