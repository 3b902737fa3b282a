"""Mutation smoke test: a flipped comparison in a guard is caught by the suite.

Three of the mutants of `tests.mutation.mutants` run here (about twenty
seconds on two cores); ``python -m tests.mutation.mutants`` runs them all.
"""

from __future__ import annotations

from pathlib import Path

from tests.mutation.mutants import MUTANTS, judge_all

SMOKE = ("contract.deadline", "settlement.payment", "grade bands")
"""A guard too lenient, a guard too strict at its edge, and a rule table."""


class TestMutants:
    def test_every_mutant_still_applies_to_the_source(self, tmp_path: Path):
        """Each mutant's comparison is found exactly once in its module."""
        root = Path(__file__).resolve().parents[2] / "src" / "procpolicy"
        for mutant in MUTANTS:
            text = (root / mutant.module).read_text(encoding="utf-8")
            assert text.count(mutant.before) == 1, mutant.name
        assert tmp_path.is_dir()

    def test_flipped_comparisons_are_caught_by_the_suite(self, tmp_path: Path):
        """Each smoke mutant, in a temporary copy of the source, fails the suite."""
        chosen = [m for m in MUTANTS if m.name.startswith(SMOKE)]
        assert len(chosen) == len(SMOKE)
        outcomes = judge_all(chosen, tmp_path)
        survivors = [o.mutant.name for o in outcomes if not o.caught]
        assert survivors == [], survivors
        assert all(o.caught_by for o in outcomes)
