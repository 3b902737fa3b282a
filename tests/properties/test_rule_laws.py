"""The rules at their edges: grades, who evaluates and which methods, by definition.

Each test restates a rule in a line or two and compares the library with it
on the figures where the rule changes its mind: a band's lowest score and
the cent below it, a threshold and the cent below it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import Grade, presets
from procpolicy.evaluation import EvaluatorFactors, choose_evaluator
from procpolicy.procurement import grounds_for, permitted_methods

ANYANG = presets.anyang()
CENT = Decimal("0.01")
DAYS = st.dates(date(2014, 1, 1), date(2024, 12, 31))
MANY = settings(max_examples=max(50, settings().max_examples))


def near(*edges: Decimal) -> st.SearchStrategy[Decimal]:
    """Each finite edge, the cent below it, or any amount up to five million."""
    exact = [
        e + d for e in edges if e.is_finite() for d in (-CENT, Decimal(0)) if e + d >= 0
    ]
    anywhere = st.integers(0, 500_000_000).map(lambda n: Decimal(n).scaleb(-2))
    return st.sampled_from(exact) | anywhere if exact else anywhere


class TestGrades:
    @MANY
    @given(DAYS, st.data())
    def test_a_score_gets_the_best_grade_whose_lowest_score_it_reaches(self, day, data):
        """优, 良 or 中 from that band's lowest score, 差 below them all."""
        rules = ANYANG.at(day)
        bands = rules.parameters.grade_bands
        score = data.draw(
            near(bands.excellent, bands.good, bands.fair).filter(lambda s: s <= 100)
        )
        expected = next(
            (
                grade
                for grade, least in (
                    (Grade.EXCELLENT, bands.excellent),
                    (Grade.GOOD, bands.good),
                    (Grade.FAIR, bands.fair),
                )
                if score >= least
            ),
            Grade.POOR,
        )
        assert rules.grade(score) is expected


class TestWhoEvaluates:
    @MANY
    @given(DAYS, st.data())
    def test_a_third_party_evaluates_exactly_when_a_factor_reaches_its_trigger(
        self, day, data
    ):
        """Amount at or above the threshold, high impact, no site, city-wide."""
        rules = ANYANG.at(day)
        params = rules.parameters
        factors = EvaluatorFactors(
            amount=data.draw(near(params.third_party_threshold)),
            social_impact=data.draw(st.sampled_from(pp.SocialImpact)),
            fixed_site=data.draw(st.booleans()),
            scope=data.draw(st.sampled_from(pp.Scope)),
        )
        expected = (
            factors.amount >= params.third_party_threshold
            or (
                params.third_party_for_high_impact
                and factors.social_impact is pp.SocialImpact.HIGH
            )
            or (params.third_party_without_fixed_site and not factors.fixed_site)
            or (params.third_party_for_citywide and factors.scope is pp.Scope.CITYWIDE)
        )
        choice = choose_evaluator(factors, rules)
        assert (choice.evaluator is pp.Evaluator.THIRD_PARTY) is expected
        assert choice.reasons


class TestMethods:
    @MANY
    @given(DAYS, st.data())
    def test_a_method_is_permitted_exactly_when_the_law_allows_it(self, day, data):
        """It exists, serves services, has its ground, and respects the threshold."""
        rules = ANYANG.at(day)
        params = rules.parameters
        amount = data.draw(
            near(params.open_tender_threshold, params.decentralised_limit)
        )
        grounds = data.draw(st.frozensets(st.sampled_from(pp.MethodGround), max_size=2))
        expected = {
            method
            for method in pp.Method
            if method in rules.methods
            and method is not pp.Method.REQUEST_FOR_QUOTATIONS
            and (
                not grounds_for(method)
                or amount < params.decentralised_limit
                or bool(grounds_for(method) & grounds)
            )
            and (
                method is pp.Method.OPEN_TENDERING
                or amount < params.open_tender_threshold
                or pp.MethodGround.DEVIATION_APPROVED in grounds
            )
        }
        assert permitted_methods(amount, grounds, rules) == expected
