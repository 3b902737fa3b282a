"""Fast stand-ins for the slow tier: the executor paths, in threads.

The process-pool and Dask tests of ``tests/unit/test_simulation.py`` carry the
``slow`` marker, so the default tier no longer runs them.  These tests reach
the same lines with a `ThreadPoolExecutor` in this process: every branch of
`run_many` with an executor, and ``procpolicy simulate --workers``, stay
covered by the fast tier.  The slow tier still checks what only other
interpreters can show (other hash seeds, pickling, a Dask cluster).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from procpolicy import cli
from procpolicy.simulation import anyang_rollout, run, run_many

ONE_YEAR = anyang_rollout().with_years([2014])
"""The 2014 pilots: a handful of project-years, enough to tell seeds apart."""


def _threads(max_workers: int, **_: Any) -> ThreadPoolExecutor:
    """A thread pool that accepts (and ignores) the process pool's keywords."""
    return ThreadPoolExecutor(max_workers)


class TestRunManyWithAnExecutor:
    def test_an_executor_gives_one_run_per_seed_in_seed_order(self) -> None:
        """Results come back in seed order, equal to one `run` per seed."""
        with ThreadPoolExecutor(2) as pool:
            found = run_many(ONE_YEAR, [3, 1, 2], executor=pool)
        assert found == tuple(run(ONE_YEAR, s) for s in (3, 1, 2))
        assert [r.seeds for r in found] == [(3,), (1,), (2,)]

    def test_an_executor_reports_progress_as_runs_finish(self) -> None:
        """``progress(done, total)`` is called once per run, counting up."""
        calls: list[tuple[int, int]] = []
        with ThreadPoolExecutor(2) as pool:
            run_many(
                ONE_YEAR,
                [1, 2],
                executor=pool,
                progress=lambda d, t: calls.append((d, t)),
            )
        assert calls == [(1, 2), (2, 2)]


class TestSimulateWithWorkers:
    def test_workers_give_the_same_table_as_one_process(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``--workers 2`` (a thread pool standing in for processes): same output."""
        args = ["simulate", "--years", "2014", "--runs", "2", "--progress"]
        assert cli.main(args) == 0
        serial = capsys.readouterr()
        monkeypatch.setattr(cli, "ProcessPoolExecutor", _threads)
        assert cli.main([*args, "--workers", "2"]) == 0
        parallel = capsys.readouterr()
        assert parallel.out == serial.out
        assert "10/10" in parallel.err
