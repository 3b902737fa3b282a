"""Mutation smoke test: flip one comparison in a temporary copy; the suite must fail.

Each `Mutant` changes one comparison of the library (a guard, the method
rules, the grade bands) in a copy of ``src/`` and runs the design-oracle
tests (`TARGETS`) against the copy.  A mutant is *caught* when they fail.

Run every mutant and print the table (about a minute on two cores)::

    python -m tests.mutation.mutants

``tests/mutation/test_mutants.py`` runs them under pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = (
    "tests/properties/test_rule_laws.py",
    "tests/properties/test_workflow_laws.py::TestDesignedSteps",
    "tests/unit/test_testing_kit.py::TestDesignerEdges",
)
"""The tests run against each mutant: the rules at their edges, and the design
oracle against the guards."""
PROFILE = """
settings.register_profile(
    "mutation",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
"""
"""A repeatable profile without shrinking: a mutant only needs one failure."""


@dataclass(frozen=True)
class Mutant:
    """One comparison flipped in one module of ``src/procpolicy``."""

    name: str
    module: str
    before: str
    after: str


MUTANTS = (
    Mutant(
        "tender.period: >= → >",
        "_process/procurement.py",
        "if length >= period.least:",
        "if length > period.least:",
    ),
    Mutant(
        "tender.bidders: >= → >",
        "_process/procurement.py",
        "if event.bidders >= least:",
        "if event.bidders > least:",
    ),
    Mutant(
        "within budget: <= → <",
        "_process/procurement.py",
        "if amount <= budget.amount:",
        "if amount < budget.amount:",
    ),
    Mutant(
        "contract.deadline: <= → <",
        "_process/contract.py",
        "if days <= most:",
        "if days < most:",
    ),
    Mutant(
        "contract.term: < → <=",
        "_process/contract.py",
        "if event.end < anniversary(event.start, years):",
        "if event.end <= anniversary(event.start, years):",
    ),
    Mutant(
        "supervision.within_term: start <= day → start < day",
        "_process/contract.py",
        "if period.start <= event.day:",
        "if period.start < event.day:",
    ),
    Mutant(
        "evaluation.consistent: <= → <",
        "_process/evaluation.py",
        "if gap <= tolerance:",
        "if gap < tolerance:",
    ),
    Mutant(
        "settlement.payment: <= → <",
        "_process/evaluation.py",
        "if event.paid <= allowed:",
        "if event.paid < allowed:",
    ),
    Mutant(
        "renewal.term_cap: >= → >",
        "_process/closure.py",
        "if event.end >= anniversary(first, cap):",
        "if event.end > anniversary(first, cap):",
    ),
    Mutant(
        "method.permitted: amount >= threshold → >",
        "procurement.py",
        "and amount >= params.open_tender_threshold",
        "and amount > params.open_tender_threshold",
    ),
    Mutant(
        "third party: amount >= threshold → >",
        "evaluation.py",
        "if amount >= params.third_party_threshold:",
        "if amount > params.third_party_threshold:",
    ),
    Mutant(
        "grade bands: >= excellent → >",
        "parameters.py",
        "if value >= self.excellent:",
        "if value > self.excellent:",
    ),
)
"""Every mutant tried (see docs/testing.md for the results)."""


@dataclass(frozen=True)
class Outcome:
    """What the targeted tests said of one mutant."""

    mutant: Mutant
    caught: bool
    seconds: float
    output: str

    @property
    def caught_by(self) -> str:
        """The test that failed first ("" when the mutant survived)."""
        return next(
            (
                line.removeprefix("FAILED ").split(" - ")[0]
                for line in self.output.splitlines()
                if line.startswith("FAILED ")
            ),
            "",
        )


def sandbox(mutant: Mutant, where: Path) -> Path:
    """A copy of the project under ``where`` with ``mutant`` applied."""
    shutil.copytree(ROOT / "src", where / "src")
    shutil.copytree(
        ROOT / "tests",
        where / "tests",
        ignore=shutil.ignore_patterns("mutation", "__pycache__", ".hypothesis"),
    )
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    target = where / "src" / "procpolicy" / mutant.module
    text = target.read_text(encoding="utf-8")
    if text.count(mutant.before) != 1:
        msg = (
            f"mutant {mutant.name!r} no longer applies: {mutant.before!r} occurs "
            f"{text.count(mutant.before)} times in {mutant.module}; update MUTANTS"
        )
        raise AssertionError(msg)
    target.write_text(text.replace(mutant.before, mutant.after), encoding="utf-8")
    conftest = where / "tests" / "conftest.py"
    setup = conftest.read_text(encoding="utf-8")
    conftest.write_text(
        setup.replace(
            "from hypothesis import HealthCheck, settings",
            "from hypothesis import HealthCheck, Phase, settings",
        ).replace("settings.load_profile(", PROFILE + "\nsettings.load_profile(", 1),
        encoding="utf-8",
    )
    return where


def _run(args: list[str], where: Path) -> subprocess.CompletedProcess[str]:
    # The copy is not measured: no coverage hooks in the child.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
    env = {
        **inherited,
        "PYTHONPATH": str(where / "src"),
        "HYPOTHESIS_PROFILE": "mutation",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def judge(mutant: Mutant, where: Path) -> Outcome:
    """Run `TARGETS` against ``mutant`` in a sandbox under ``where``."""
    start = time.perf_counter()
    root = sandbox(mutant, where)
    probe = _run(["-c", "import procpolicy; print(procpolicy.__file__)"], root)
    if not probe.stdout.startswith(str(root)):
        msg = f"the sandbox imports {probe.stdout.strip()!r}, not its own copy"
        raise AssertionError(msg)
    tests = _run(
        ["-m", "pytest", "-x", "-q", "--no-cov", "-p", "no:cacheprovider", *TARGETS],
        root,
    )
    if tests.returncode not in (0, 1):
        msg = f"pytest could not run {mutant.name!r}:\n{tests.stdout}{tests.stderr}"
        raise AssertionError(msg)
    return Outcome(
        mutant, tests.returncode == 1, time.perf_counter() - start, tests.stdout
    )


def judge_all(
    mutants: Iterable[Mutant], where: Path, workers: int = 2
) -> list[Outcome]:
    """Judge ``mutants``, ``workers`` at a time, each in its own sandbox."""
    chosen = list(mutants)
    with ThreadPoolExecutor(workers) as pool:
        return list(
            pool.map(
                lambda pair: judge(pair[1], where / f"mutant-{pair[0]}"),
                enumerate(chosen),
            )
        )


def main() -> int:
    """Judge every mutant and print a table; exit 1 when one survives."""
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = judge_all(MUTANTS, Path(tmp))
    for outcome in outcomes:
        verdict = "caught" if outcome.caught else "SURVIVED"
        sys.stdout.write(
            f"{verdict:<9} {outcome.seconds:5.1f} s  {outcome.mutant.name}"
            f"  ({outcome.caught_by})\n"
        )
    return 0 if all(o.caught for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
