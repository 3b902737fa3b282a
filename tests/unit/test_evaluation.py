"""三考两加强: indicators, cost comparison, who evaluates, combined scores."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

import procpolicy as pp
from procpolicy.evaluation import choose_evaluator, mean, round_score

RULES_2016 = pp.presets.anyang().at(date(2016, 6, 1))
L = pp.Label


def system() -> pp.IndicatorSystem:
    return pp.IndicatorSystem(
        (
            pp.Indicator(
                name=L("保洁达标率", "Cleaning pass rate"),
                points=60,
                target=95,
                unit="%",
            ),
            pp.Indicator(
                name=L("投诉次数", "Complaints"),
                points=40,
                target=2,
                direction=pp.Direction.LOWER_IS_BETTER,
            ),
        )
    )


class TestWhatIsEvaluated:
    def test_meeting_every_target_scores_100(self) -> None:
        """At or beyond target, each indicator earns its points."""
        assert system().score(
            {"Cleaning pass rate": Decimal(99), "Complaints": Decimal(0)}
        ) == Decimal("100.00")

    def test_shortfalls_cost_points_in_proportion(self) -> None:
        """76/95 of 60 points and 2/4 of 40 points."""
        assert system().score(
            {"Cleaning pass rate": Decimal(76), "Complaints": Decimal(4)}
        ) == Decimal("68.00")

    def test_rounding_is_half_up_to_cents(self) -> None:
        """The one rounding rule of the library."""
        assert round_score(Decimal("84.995")) == Decimal("85.00")
        assert round_score(Decimal("84.994")) == Decimal("84.99")

    def test_points_must_add_up_to_100(self) -> None:
        """The sum is named in the error."""
        with pytest.raises(pp.InvalidInput, match="points add up to 60, not 100"):
            pp.IndicatorSystem((system().indicators[0],))

    def test_indicator_names_are_unique(self) -> None:
        """Two indicators may not share an English name."""
        half = pp.Indicator(name=L("甲", "A"), points=50, target=1)
        with pytest.raises(pp.InvalidInput, match="share a name"):
            pp.IndicatorSystem((half, half))

    def test_zero_target_needs_lower_is_better(self) -> None:
        """A zero target only makes sense when lower is better."""
        with pytest.raises(pp.InvalidInput, match="has target 0"):
            pp.Indicator(name=L("甲", "A"), points=10, target=0)
        zero = pp.Indicator(
            name=L("事故", "Accidents"),
            points=10,
            target=0,
            direction=pp.Direction.LOWER_IS_BETTER,
        )
        assert zero.score(Decimal(0)) == Decimal(10)
        assert zero.score(Decimal(1)) == Decimal(0)

    @pytest.mark.parametrize(
        ("actuals", "fragment"),
        [
            ({"Cleaning pass rate": Decimal(90)}, "no actual value for 'Complaints'"),
            (
                {
                    "Cleaning pass rate": Decimal(90),
                    "Complaints": Decimal(1),
                    "Other": Decimal(1),
                },
                "'Other' is not an indicator",
            ),
            (
                {"Cleaning pass rate": Decimal(-1), "Complaints": Decimal(1)},
                "must be a non-negative Decimal",
            ),
            (
                {"Cleaning pass rate": 90.0, "Complaints": Decimal(1)},
                "must be a non-negative Decimal",
            ),
        ],
    )
    def test_bad_actuals_are_invalid_input(
        self, actuals: dict[str, object], fragment: str
    ) -> None:
        """Missing, unknown and negative values are all named."""
        with pytest.raises(pp.InvalidInput, match=fragment):
            system().score(actuals)


class TestCostComparison:
    def test_savings_and_rate(self) -> None:
        """Cheaper after purchase: positive savings, no explanation needed."""
        c = pp.CostComparison(before=Decimal(1_000_000), after=Decimal(850_000))
        assert (c.savings, c.rate, c.needs_explanation) == (
            Decimal(150_000),
            Decimal("0.1500"),
            False,
        )

    def test_a_dearer_purchase_needs_a_reason(self) -> None:
        """Costing more without a recorded reason is flagged; with one it is not."""
        dearer = pp.CostComparison(before=Decimal(100), after=Decimal(120))
        assert dearer.needs_explanation
        assert dearer.rate == Decimal("-0.2000")
        explained = pp.CostComparison(
            before=Decimal(100), after=Decimal(120), reason="服务范围扩大"
        )
        assert not explained.needs_explanation

    def test_no_rate_without_a_cost_before(self) -> None:
        """A service that cost nothing before has no savings rate."""
        assert pp.CostComparison(before=Decimal(0), after=Decimal(5)).rate is None


class TestWhoEvaluates:
    @pytest.mark.parametrize(
        ("factors", "evaluator", "reasons"),
        [
            (pp.EvaluatorFactors(amount=Decimal(300_000)), pp.Evaluator.INTERNAL, 1),
            (
                pp.EvaluatorFactors(amount=Decimal(1_000_000)),
                pp.Evaluator.THIRD_PARTY,
                1,
            ),
            (
                pp.EvaluatorFactors(
                    amount=Decimal(1), social_impact=pp.SocialImpact.HIGH
                ),
                pp.Evaluator.THIRD_PARTY,
                1,
            ),
            (
                pp.EvaluatorFactors(amount=Decimal(1), fixed_site=False),
                pp.Evaluator.THIRD_PARTY,
                1,
            ),
            (
                pp.EvaluatorFactors(
                    amount=Decimal(2_000_000),
                    scope=pp.Scope.CITYWIDE,
                    fixed_site=False,
                    social_impact=pp.SocialImpact.HIGH,
                ),
                pp.Evaluator.THIRD_PARTY,
                4,
            ),
            (
                pp.EvaluatorFactors(
                    amount=Decimal(1),
                    social_impact=pp.SocialImpact.MEDIUM,
                    scope=pp.Scope.DISTRICT,
                ),
                pp.Evaluator.INTERNAL,
                1,
            ),
        ],
    )
    def test_factors_decide(
        self, factors: pp.EvaluatorFactors, evaluator: pp.Evaluator, reasons: int
    ) -> None:
        """Each factor that reaches its trigger is a reason for a third party."""
        choice = choose_evaluator(factors, RULES_2016)
        assert choice.evaluator is evaluator
        assert len(choice.reasons) == reasons

    def test_without_rules_the_purchaser_evaluates(self) -> None:
        """Under national rules alone nothing calls for a third party."""
        rules = pp.presets.national().at(date(2016, 6, 1))
        big = pp.EvaluatorFactors(amount=Decimal(10**9), scope=pp.Scope.CITYWIDE)
        assert choose_evaluator(big, rules).evaluator is pp.Evaluator.INTERNAL

    def test_reasons_cite_their_source(self) -> None:
        """The amount reason names the figure and the assumed clause."""
        choice = choose_evaluator(
            pp.EvaluatorFactors(amount=Decimal(1_500_000)), RULES_2016
        )
        assert "1,500,000" in choice.reasons[0]
        assert "ay-evaluation" in choice.reasons[0]


class TestHowEvaluated:
    def test_total_weighs_internal_and_external(self) -> None:
        """0.4 · 90 + 0.6 · 80 = 84."""
        e = pp.Evaluation(
            evaluator=pp.Evaluator.THIRD_PARTY,
            internal_score=90,
            external_score=80,
            internal_weight=Decimal("0.4"),
        )
        assert e.total == Decimal("84.00")

    def test_internal_total_is_the_internal_score(self) -> None:
        """Without a third party the internal score stands alone."""
        e = pp.Evaluation(
            evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal("88.125")
        )
        assert e.total == Decimal("88.13")

    def test_third_party_needs_its_score(self) -> None:
        """A THIRD_PARTY evaluation without an external score is refused."""
        with pytest.raises(pp.InvalidInput, match="needs the third party's score"):
            pp.Evaluation(evaluator=pp.Evaluator.THIRD_PARTY, internal_score=90)

    def test_internal_weight_is_one_for_internal(self) -> None:
        """An INTERNAL evaluation cannot weigh its own score below 1."""
        with pytest.raises(pp.InvalidInput, match="weighs the internal score 1"):
            pp.Evaluation(
                evaluator=pp.Evaluator.INTERNAL,
                internal_score=90,
                internal_weight=Decimal("0.5"),
            )

    @pytest.mark.parametrize("score", [Decimal(-1), Decimal(101), Decimal("NaN"), 90.5])
    def test_scores_stay_within_0_and_100(self, score: object) -> None:
        """Scores outside the scale are refused."""
        with pytest.raises(pp.InvalidInput, match="Evaluation.internal_score"):
            pp.Evaluation(evaluator=pp.Evaluator.INTERNAL, internal_score=score)  # type: ignore[arg-type]

    def test_mean_of_nothing_is_none(self) -> None:
        """No daily score, no mean."""
        assert mean(()) is None
        assert mean((Decimal(88), Decimal(91))) == Decimal("89.50")

    def test_targets_are_named_figures(self) -> None:
        """A performance target needs a name and a number."""
        with pytest.raises(pp.InvalidInput, match="PerformanceTarget.name"):
            pp.PerformanceTarget("", Decimal(1))
        assert pp.PerformanceTarget("达标率", "95").target == Decimal(95)


class TestOutcomesAreMonotone:
    @pytest.mark.parametrize("day", [date(2015, 6, 1), date(2021, 6, 1)])
    def test_a_worse_grade_never_pays_or_renews_more(self, day: date) -> None:
        """Going down the grades, payment falls and renewal only disappears."""
        rules = pp.presets.anyang().at(day)
        outcomes = [rules.outcome(g) for g in pp.Grade]
        for better, worse in itertools.pairwise(outcomes):
            assert worse.payment_ratio <= better.payment_ratio
            assert better.may_renew or not worse.may_renew
            assert worse.accountable or not better.accountable
