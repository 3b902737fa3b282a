"""Invariants of any seeded simulation: money, grades, totals, reproducibility.

Scenarios are small (one to three Anyang templates over one to three years
from 2013 to 2018) so that many of them run, under three frameworks (Anyang,
third-party evaluation everywhere, a harsher payment schedule) and any lapse,
noise and renewal behaviour.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import presets
from procpolicy.simulation import (
    ANYANG_TEMPLATES,
    METRICS,
    Lapses,
    Origin,
    ProjectYear,
    Scenario,
    anyang_rollout,
    run,
    run_many,
)

_RULE_IDS = frozenset(pp.RULES.ids())
_CENT = Decimal("0.01")


def _supporting(doc_id: str, **values: object) -> pp.PolicyDocument:
    return pp.PolicyDocument(
        id=doc_id,
        title=pp.Label("假设文件", "A what-if document"),
        layer=pp.Layer.SUPPORTING,
        effective=date(2014, 1, 1),
        sets=pp.Overrides(**values),
        articles=dict.fromkeys(values, "what-if"),
    )


FRAMEWORKS = (
    presets.anyang(),
    presets.anyang().with_document(
        _supporting("ay-third-party-all", third_party_threshold=Decimal(0))
    ),
    presets.anyang().with_document(
        _supporting(
            "ay-harsh-pay",
            payment_ratios=pp.PaymentSchedule(
                Decimal(1), Decimal("0.9"), Decimal("0.75"), Decimal("0.5")
            ),
        )
    ),
)

_SHARES = st.sampled_from([Decimal(0), Decimal("0.3"), Decimal(1)])


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Small variations of the Anyang rollout."""
    first = draw(st.integers(2013, 2017))
    years = range(first, first + draw(st.integers(1, 3)))
    chosen = draw(
        st.lists(st.sampled_from(ANYANG_TEMPLATES), min_size=1, max_size=3, unique=True)
    )
    templates = tuple(
        attrs.evolve(t, start=min(t.start, years[-1]), count=draw(st.integers(1, 2)))
        for t in chosen
    )
    return attrs.evolve(
        anyang_rollout(),
        framework=draw(st.sampled_from(FRAMEWORKS)),
        years=tuple(years),
        templates=templates,
        lapses=Lapses(
            separate_line=draw(_SHARES),
            targets=draw(_SHARES),
            evaluator=draw(_SHARES),
            overpayment=draw(_SHARES),
            accountability=draw(_SHARES),
        ),
        renewal_rate=draw(_SHARES),
        incumbent_advantage=draw(_SHARES),
        internal_leniency=draw(st.integers(-5, 5)),
        supervision_noise=draw(st.integers(0, 15)),
        third_party_noise=draw(st.integers(0, 15)),
        supervision_interval_months=draw(st.sampled_from([None, 1, 3, 6])),
    )


SEEDS = st.integers(0, 2**64)


class TestMoney:
    @given(scenarios(), SEEDS)
    @settings(max_examples=60)
    def test_paid_is_the_grade_share_of_the_contract_and_never_more(
        self, scenario: Scenario, seed: int
    ) -> None:
        """0 ≤ paid = contract × grade ratio ≤ contract; cancelled rows hold none."""
        for row in run(scenario, seed):
            assert row.fee >= 0
            assert row.cost_before >= 0
            if row.cancelled:
                assert row.contracted == row.paid == row.fee == row.cost_before == 0
                assert row.grade is None
                continue
            rules = scenario.framework.at(date(row.year, 12, 28))
            assert row.grade is not None
            ratio = rules.outcome(row.grade).payment_ratio
            assert row.paid == (row.contracted * ratio).quantize(_CENT)
            assert 0 <= row.paid <= row.contracted
            assert row.withheld == row.contracted - row.paid
            assert row.savings == row.cost_before - row.paid - row.fee


class TestGrades:
    @given(scenarios(), SEEDS)
    @settings(max_examples=60)
    def test_grades_are_the_bands_of_the_scores(
        self, scenario: Scenario, seed: int
    ) -> None:
        """Every score is within 0–100 and its grade the band it falls in."""
        for row in run(scenario, seed):
            if row.score is None:
                continue
            assert 0 <= row.score <= 100
            bands = scenario.framework.at(date(row.year, 12, 28)).parameters.grade_bands
            assert row.grade is bands.grade(row.score)
            assert row.evaluator is not None


class TestTotals:
    @given(scenarios(), SEEDS)
    @settings(max_examples=60)
    def test_year_totals_are_the_sums_of_their_rows(
        self, scenario: Scenario, seed: int
    ) -> None:
        """Each year's summary adds up its rows; the years add up to the total."""
        result = run(scenario, seed)
        by_year: dict[int, list[Decimal]] = defaultdict(list)
        for row in result:
            by_year[row.year].append(row.paid)
        summaries = result.by_year()
        assert [s.key for s in summaries] == list(scenario.years)
        for summary in summaries:
            assert summary.paid == sum(by_year[int(summary.key)], Decimal(0))
            rows = [r for r in result if r.year == summary.key]
            assert summary.project_years == len(rows)
            assert summary.refusals == sum(len(r.refusals) for r in rows)
        total = result.total()
        for name in METRICS:
            assert sum(s.metric(name) for s in summaries) == total.metric(name)


class TestLifecycles:
    @given(scenarios(), SEEDS)
    @settings(max_examples=60)
    def test_projects_run_in_consecutive_years_and_end_for_good(
        self, scenario: Scenario, seed: int
    ) -> None:
        """Rows of a project are consecutive; none follows a closure or cancellation."""
        projects: dict[str, list[ProjectYear]] = defaultdict(list)
        result = run(scenario, seed)
        for row in result:
            projects[row.project_id].append(row)
            assert row.year in scenario.years
            assert set(row.refusals) <= _RULE_IDS
        for rows in projects.values():
            years = [r.year for r in rows]
            assert years == list(range(years[0], years[0] + len(years)))
            assert not any(r.closed or r.cancelled for r in rows[:-1])

    @given(scenarios(), SEEDS)
    @settings(max_examples=60)
    def test_renewals_follow_a_grade_that_may_renew(
        self, scenario: Scenario, seed: int
    ) -> None:
        """A renewed year follows a year graded at least ``renewal_min_grade``."""
        previous: dict[str, ProjectYear] = {}
        for row in run(scenario, seed):
            before = previous.get(row.project_id)
            if row.origin is Origin.RENEWED:
                assert before is not None
                rules = scenario.framework.at(date(row.year - 1, 12, 31))
                least = rules.parameters.renewal_min_grade
                assert before.grade is not None
                assert before.grade.is_at_least(least)
            previous[row.project_id] = row


class TestReproducibility:
    @given(scenarios(), SEEDS)
    @settings(max_examples=30)
    def test_a_seed_always_gives_the_same_result(
        self, scenario: Scenario, seed: int
    ) -> None:
        """`run` twice, or `run_many` once: the same rows."""
        first = run(scenario, seed)
        assert run(scenario, seed) == first
        assert run_many(scenario, [seed]) == (first,)
