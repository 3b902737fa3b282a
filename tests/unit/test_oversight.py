"""一落实: the responsibility-target assessment of departments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy.oversight import TargetWeights, assess_departments
from tests._lifecycle import BUYER, cleaning_2015, lamps_2014

WF = pp.Workflow(pp.presets.anyang())
RULES = pp.presets.anyang().at(date(2016, 6, 1))


def poor_and_closed(accountable: str | None) -> pp.Project:
    """The 2015 project graded 差, paid 70 %, closed with or without a name."""
    events: list[E.Event] = [
        *cleaning_2015()[:6],
        E.Supervised(at=datetime(2015, 6, 1), score=Decimal(50)),
        E.Evaluated(
            at=datetime(2016, 3, 25),
            evaluation=pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(52)
            ),
        ),
        E.Settled(at=datetime(2016, 4, 5), paid=Decimal(532_000)),
        E.Closed(at=datetime(2016, 4, 10), accountable=accountable),
    ]
    return pp.project.fold(events)


class TestAssessment:
    def test_totals_are_sums_over_projects(self) -> None:
        """Budget, contract and payment totals add up per department."""
        good = WF.replay(cleaning_2015())
        other = attrs.evolve(BUYER, department="民政局")
        pilot = pp.project.fold(
            [attrs.evolve(lamps_2014()[0], purchaser=other), *lamps_2014()[1:]]
        )
        report = assess_departments([good, pilot], RULES)
        assert [d.department for d in report.departments] == ["城管局", "民政局"]
        city = report.department("城管局")
        assert (
            city.projects,
            city.budgeted,
            city.contracted,
            city.paid,
            city.withheld,
        ) == (1, Decimal(800_000), Decimal(760_000), Decimal(760_000), Decimal(0))
        assert city.grade_count(pp.Grade.EXCELLENT) == 1
        assert city.average_score == Decimal("90.00")
        assert city.target_score == Decimal("100.00")
        civil = report.department("民政局")
        assert (civil.procured, civil.disclosed_in_full, civil.average_score) == (
            1,
            1,
            None,
        )

    def test_withheld_money_and_accountability(self) -> None:
        """A 差 project paid 70 % withholds 30 %; naming someone counts a case."""
        named = poor_and_closed("城管局副局长")
        report = assess_departments([named], RULES)
        row = report.department("城管局")
        assert row.withheld == Decimal(228_000)
        assert (row.poor_results, row.accountability_cases) == (1, 1)
        assert row.grade_count(pp.Grade.POOR) == 1
        # grades: nothing 良 or better, so those 15 points are lost
        assert row.target_score == Decimal("85.00")

    def test_a_poor_result_nobody_answers_for_costs_points(self) -> None:
        """Without a name, the 10 accountability points are lost too."""
        row = assess_departments([poor_and_closed(None)], RULES).department("城管局")
        assert (row.poor_results, row.accountability_cases) == (1, 0)
        assert row.target_score == Decimal("75.00")

    def test_a_period_ended_without_evaluation_is_missing(self) -> None:
        """An ended contract period with no evaluation counts against the department."""
        unevaluated = pp.project.fold(cleaning_2015()[:8])
        report = assess_departments([unevaluated], RULES, as_of=date(2016, 6, 1))
        row = report.department("城管局")
        assert (row.evaluations_due, row.evaluations_missing) == (1, 1)
        early = assess_departments([unevaluated], RULES)
        assert early.department("城管局").evaluations_due == 0
        assert early.as_of == date(2015, 9, 1)

    def test_renewed_periods_are_paired_with_their_evaluations(self) -> None:
        """Two periods, each evaluated, are both due and none missing."""
        events: list[E.Event] = [
            *cleaning_2015()[:10],
            E.Renewed(
                at=datetime(2016, 4, 20),
                start=date(2016, 4, 1),
                end=date(2017, 3, 31),
                amount=Decimal(760_000),
            ),
            E.Supervised(at=datetime(2016, 6, 1), score=Decimal(90)),
            E.Evaluated(
                at=datetime(2017, 3, 25),
                evaluation=pp.Evaluation(
                    evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(90)
                ),
            ),
            E.Settled(at=datetime(2017, 4, 5), paid=Decimal(700_000)),
        ]
        p = pp.project.fold(events)
        row = assess_departments([p], RULES, as_of=date(2017, 6, 1)).department(
            "城管局"
        )
        assert (row.evaluations_due, row.evaluations_missing) == (2, 0)
        assert row.withheld == Decimal(60_000)
        assert row.paid == Decimal(1_460_000)

    def test_records_are_plain_rows(self) -> None:
        """records() gives one dict per department with grade columns."""
        rows = assess_departments([WF.replay(cleaning_2015())], RULES).records()
        assert rows[0]["department"] == "城管局"
        assert rows[0]["grade_excellent"] == 1
        assert rows[0]["target_score"] == Decimal("100.00")

    def test_no_projects_no_departments(self) -> None:
        """An empty assessment is empty."""
        assert assess_departments([], RULES).departments == ()

    def test_bad_input_is_named(self) -> None:
        """A non-project or an unknown department, is InvalidInput."""
        with pytest.raises(pp.InvalidInput, match=r"projects\[0\]: must be a Project"):
            assess_departments(["x"], RULES)  # type: ignore[list-item]
        with pytest.raises(pp.InvalidInput, match="department '财政局' was not assessed"):
            assess_departments([], RULES).department("财政局")

    def test_weights_must_add_up_to_100(self) -> None:
        """A custom scheme is accepted when its points add up."""
        with pytest.raises(pp.InvalidInput, match="add up to 120"):
            TargetWeights(disclosure=50)
        row = assess_departments(
            [poor_and_closed(None)],
            RULES,
            weights=TargetWeights(
                disclosure=25,
                evaluation=25,
                grades=25,
                accountability=25,
                money=0,
                principle=0,
            ),
        ).department("城管局")
        assert row.target_score == Decimal("50.00")
