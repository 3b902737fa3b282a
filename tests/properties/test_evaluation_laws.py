"""Laws of 三考 and 一落实: scores stay on the scale, move the right way, add up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy.oversight import assess_departments
from procpolicy.testing import strategies

ACTUALS = st.decimals(min_value=0, max_value=10_000, places=2)
RULES = pp.presets.anyang().at(date(2016, 6, 1))


def actuals_for(system: pp.IndicatorSystem) -> st.SearchStrategy[dict[str, Decimal]]:
    return st.fixed_dictionaries({i.name.en: ACTUALS for i in system.indicators})


class TestIndicatorSystems:
    @given(st.data())
    def test_a_score_stays_within_0_and_100(self, data: st.DataObject) -> None:
        """Whatever the actual values, the score is on the 0–100 scale."""
        system = data.draw(strategies.indicator_systems())
        score = system.score(data.draw(actuals_for(system)))
        assert Decimal(0) <= score <= Decimal(100)

    @given(st.data())
    def test_a_better_actual_value_never_lowers_the_score(
        self, data: st.DataObject
    ) -> None:
        """Moving one value in its better direction never lowers the score."""
        system = data.draw(strategies.indicator_systems())
        actuals = data.draw(actuals_for(system))
        indicator = data.draw(st.sampled_from(system.indicators))
        step = data.draw(st.decimals(min_value=0, max_value=1000, places=2))
        name, value = indicator.name.en, actuals[indicator.name.en]
        if indicator.direction is pp.Direction.HIGHER_IS_BETTER:
            better = value + step
        else:
            better = max(Decimal(0), value - step)
        assert system.score({**actuals, name: better}) >= system.score(actuals)


class TestEvaluations:
    @given(strategies.evaluations())
    def test_the_total_lies_between_its_two_scores(self, e: pp.Evaluation) -> None:
        """A weighted total is never outside its parts (rounding to 0.01 aside)."""
        parts = [e.internal_score] + (
            [] if e.external_score is None else [e.external_score]
        )
        cent = Decimal("0.005")
        assert min(parts) - cent <= e.total <= max(parts) + cent
        assert Decimal(0) <= e.total <= Decimal(100)


class TestOversight:
    @settings(max_examples=25)
    @given(st.lists(strategies.projects(max_size=25), max_size=6))
    def test_assessment_totals_are_sums_over_projects(
        self, projects: list[pp.Project]
    ) -> None:
        """Each department's money and counts add up over its projects."""
        report = assess_departments(projects, RULES)
        assert sum(d.projects for d in report.departments) == len(projects)
        for row in report.departments:
            mine = [p for p in projects if p.purchaser.department == row.department]
            assert row.budgeted == sum((p.budgeted for p in mine), Decimal(0))
            assert row.contracted == sum((p.contracted for p in mine), Decimal(0))
            assert row.paid == sum((p.paid for p in mine), Decimal(0))
            graded = sum(n for _, n in row.grades)
            assert graded == sum(1 for p in mine if p.evaluations)
            assert Decimal(0) <= row.target_score <= Decimal(100)
            assert row.withheld >= 0
