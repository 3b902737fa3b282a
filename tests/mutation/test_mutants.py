"""Mutation tests: every mutant of `tests.mutation.mutants` fails the suite.

The checks of the mutant table and of the sandbox are fast and run by
default.  Judging the mutants (all twelve, each in its own copy of the
source, about a minute of two cores) is in the slow tier:
``pytest -m slow --no-cov tests/mutation``.  ``python -m
tests.mutation.mutants`` prints the table.

`TestSurvivors` pins what a mutation run once found unguarded, so that the
mutant it came from is now killed by the fast tier.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import procpolicy as pp
from procpolicy.procurement import Method, assess_method, method_problems
from tests.mutation.mutants import (
    MUTANTS,
    TARGETS,
    Outcome,
    judge,
    judge_all,
    sandbox,
)

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "procpolicy"
IDENTITY = dataclasses.replace(
    MUTANTS[-1], name="identity (changes nothing)", after=MUTANTS[-1].before
)
"""A control: a "mutant" that changes nothing must survive, or the harness
would call every mutant caught."""


@pytest.fixture
def no_coverage_in_the_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """Judge the mutants without pytest-cov: its fail-under must not count.

    The sandbox copies ``pyproject.toml``, whose ``addopts`` enforce 100 %
    coverage; the targeted tests alone cover less, so pytest-cov would exit 1
    and every mutant, even `IDENTITY`, would look caught.
    ``PYTEST_ADDOPTS`` reaches the sandbox's pytest through its environment.
    """
    monkeypatch.setenv("PYTEST_ADDOPTS", "--no-cov")


def caught_by_a_target(outcome: Outcome) -> bool:
    """Whether a test of `TARGETS` failed (not a crash, not a coverage gate)."""
    return outcome.caught and outcome.caught_by.startswith(
        tuple(t.split("::")[0] for t in TARGETS)
    )


class TestMutantTable:
    def test_every_mutant_still_applies_to_the_source(self) -> None:
        """Each mutant's line is found once and its change yields valid Python."""
        for mutant in MUTANTS:
            text = (SRC / mutant.module).read_text(encoding="utf-8")
            assert text.count(mutant.before) == 1, mutant.name
            mutated = text.replace(mutant.before, mutant.after)
            assert mutated != text, mutant.name
            compile(mutated, mutant.module, "exec")
        assert len({m.name for m in MUTANTS}) == len(MUTANTS)

    def test_a_sandbox_holds_the_mutated_module_and_the_mutation_profile(
        self, tmp_path: Path
    ) -> None:
        """The copy differs from the source by the mutant alone, tests included."""
        mutant = MUTANTS[-1]
        root = sandbox(mutant, tmp_path)
        original = (SRC / mutant.module).read_text(encoding="utf-8")
        copied = (root / "src" / "procpolicy" / mutant.module).read_text(
            encoding="utf-8"
        )
        assert copied == original.replace(mutant.before, mutant.after)
        assert copied != original
        conftest = (root / "tests" / "conftest.py").read_text(encoding="utf-8")
        assert 'register_profile(\n    "mutation"' in conftest
        assert not (root / "tests" / "mutation").exists()


@pytest.mark.slow
@pytest.mark.usefixtures("no_coverage_in_the_sandbox")
class TestJudgement:
    def test_every_mutant_is_caught_by_a_targeted_test(self, tmp_path: Path) -> None:
        """All twelve mutants, each in a sandbox: a test of `TARGETS` fails."""
        outcomes = judge_all(MUTANTS, tmp_path)
        assert [o.mutant for o in outcomes] == list(MUTANTS)
        survivors = [o.mutant.name for o in outcomes if not caught_by_a_target(o)]
        assert survivors == [], survivors

    def test_a_mutant_that_changes_nothing_survives(self, tmp_path: Path) -> None:
        """The control: with the source unchanged, no test fails, so not caught."""
        outcome = judge(IDENTITY, tmp_path)
        assert not outcome.caught, outcome.output[-2000:]
        assert outcome.caught_by == ""
        assert " passed" in outcome.output


class TestSurvivors:
    """Pins for mutants that once survived the suite."""

    def test_the_unregulated_least_number_of_bidders_is_one(self) -> None:
        """Unregulated, one bid is enough: the least a tender can award on.

        The defaults of `Parameters` are the loosest values (see
        `procpolicy.parameters`); for a "higher is stricter" count that is the
        least the field accepts, and a tender with no bidder awards nothing.
        The Government Procurement Law (in force 2003-01-01, Art 36) raises it
        to three in the national preset; before it, the default is in force.
        A default of 2 survived a mutation run (issue 14).
        """
        assert pp.Parameters().min_tender_bidders == 1
        assert pp.Parameters.strictness("min_tender_bidders") is pp.Strictness.HIGHER
        with pytest.raises(pp.InvalidInput, match="min_tender_bidders"):
            pp.Parameters(min_tender_bidders=0)
        national = pp.presets.national()
        before_the_law = national.at(date(2002, 12, 31)).parameters
        assert before_the_law.min_tender_bidders == 1
        assert national.at(date(2003, 1, 1)).parameters.min_tender_bidders == 3

    def test_every_problem_of_a_method_is_kept_not_only_the_last(self) -> None:
        """An excluded method lacking a ground, over the threshold, has all three.

        ``problems = (…)`` in place of ``problems += (…)`` in
        `procpolicy.procurement.method_problems` survived mutmut (docs/testing.md).
        """
        excluded = pp.PolicyDocument(
            id="no-single-source",
            title=pp.Label("禁止单一来源采购", "No single-source purchases"),
            layer=pp.Layer.SUPPORTING,
            effective=date(2016, 1, 1),
            sets=pp.Overrides(excluded_methods={Method.SINGLE_SOURCE}),
            articles={"excluded_methods": "§1"},
        )
        rules = pp.presets.anyang().with_document(excluded).at(date(2016, 6, 1))
        found = method_problems(
            Method.SINGLE_SOURCE, Decimal(3_000_000), frozenset(), rules
        )
        assert found == ("excluded", "ground", "threshold")
        before_the_law = pp.presets.national().at(date(2002, 12, 31))
        quotations = method_problems(
            Method.REQUEST_FOR_QUOTATIONS, Decimal(1000), frozenset(), before_the_law
        )
        assert quotations == ("not_yet", "goods_only")

    def test_the_reasons_name_the_grounds_the_amounts_and_the_way_out(self) -> None:
        """The ground and threshold reasons list the grounds and format both sums.

        Their text (the separator, the formatted amounts, the closing advice)
        survived mutmut: no test read it.
        """
        rules = pp.presets.anyang().at(date(2015, 6, 1))
        ground, threshold = assess_method(
            Method.SINGLE_SOURCE, Decimal(3_000_000), (), rules
        ).reasons
        assert ground == (
            f"{Method.SINGLE_SOURCE} needs one of these grounds: "
            f"ADD_ON, EMERGENCY, ONLY_ONE_SUPPLIER ({Method.SINGLE_SOURCE.citation})"
        )
        assert threshold.startswith(
            "3,000,000.00 yuan is at or above the open-tender threshold of "
            f"2,000,000.00 ({rules.source('open_tender_threshold')}): "
        )
        assert threshold.endswith(
            "another method needs prior approval (DEVIATION_APPROVED, gpl Art 27)"
        )

    def test_equal_neighbouring_minimums_still_make_ordered_bands(self) -> None:
        """Two equal minimums leave one grade empty, with no gap and no overlap.

        ``>=`` → ``>`` in either comparison of `GradeBands.is_ordered` survived.
        """
        assert pp.GradeBands(Decimal(90), Decimal(90), Decimal(60)).is_ordered()
        assert pp.GradeBands(Decimal(90), Decimal(80), Decimal(80)).is_ordered()

    def test_equal_neighbouring_ratios_still_make_a_monotone_schedule(self) -> None:
        """Two grades paid alike: a worse grade still never pays more.

        ``>=`` → ``>`` between the good and the fair ratio of
        `PaymentSchedule.is_monotone` survived mutmut.
        """
        ratios = (Decimal(1), Decimal("0.9"), Decimal("0.9"), Decimal("0.5"))
        assert pp.PaymentSchedule(*ratios).is_monotone()
        assert not pp.PaymentSchedule(
            *ratios[:2], Decimal("0.95"), ratios[3]
        ).is_monotone()

    def test_a_table_looser_in_one_grade_alone_is_looser(self) -> None:
        """One easier band, or one higher payment ratio, is enough to loosen.

        ``or`` → ``and`` between two grades of `GradeBands.is_looser_than` and
        `PaymentSchedule.is_looser_than` survived.
        """
        bands = (Decimal(90), Decimal(80), Decimal(60))
        reference = pp.GradeBands(*bands)
        for i in range(3):
            easier = [b - 1 if j == i else b for j, b in enumerate(bands)]
            assert pp.GradeBands(*easier).is_looser_than(reference), i
        ratios = (Decimal("0.9"), Decimal("0.8"), Decimal("0.6"), Decimal(0))
        schedule = pp.PaymentSchedule(*ratios)
        for i in range(4):
            richer = [r + Decimal("0.1") if j == i else r for j, r in enumerate(ratios)]
            assert pp.PaymentSchedule(*richer).is_looser_than(schedule), i

    def test_ordering_bands_raises_each_minimum_to_the_highest_below_it(self) -> None:
        """With the fair minimum highest, every minimum rises to it.

        Dropping ``self.fair`` from the ``max`` of `GradeBands.ordered` survived.
        """
        upside_down = pp.GradeBands(Decimal(60), Decimal(70), Decimal(90))
        assert upside_down.ordered() == pp.GradeBands(
            Decimal(90), Decimal(90), Decimal(90)
        )

    def test_an_unknown_parameter_is_refused_with_every_name_listed(self) -> None:
        """The message lists the parameter names, comma-separated, in order.

        The separator of both messages survived: no test read it.
        """
        names = ", ".join(pp.Parameters.names())
        with pytest.raises(pp.InvalidInput) as got:
            pp.Parameters().get("nope")
        assert f"'nope' is not a parameter; expected one of {names}" in str(got.value)
        with pytest.raises(pp.InvalidInput) as got:
            pp.Overrides(nope=1)
        assert f"expected one of {names}" in str(got.value)

    def test_a_refused_override_quotes_the_value_as_given(self) -> None:
        """Only the field's prefix becomes ``Overrides.``, not the quoted value.

        A count of 2, or none, in ``replace("Parameters.", "Overrides.", 1)`` of
        `Overrides.__init__` survived mutmut: no message quoted a value that
        contains ``Parameters.``.
        """
        with pytest.raises(pp.InvalidInput) as refused:
            pp.Overrides(excluded_methods={"Parameters.x"})
        (message,) = refused.value.messages
        assert message == (
            "Overrides.excluded_methods: members must be Method, "
            "found str 'Parameters.x'"
        )
