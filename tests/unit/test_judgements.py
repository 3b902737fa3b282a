"""Judgements: every rule of an edge with its verdict, the basis and the facts.

The verdict table gives each workflow rule a case where it is PASSED, one
where it is FAILED, one where it is UNDETERMINED when it reads a fact that
can be unknown, and one where it is NOT_APPLICABLE where the rule has such
cases.  The laws then tie `Workflow.judge` to `check` and `apply` over
generated histories.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy._process import (
    CHECKS,
    STAGE_ORDER,
    _base,
    _one_step_per_event,
    _unique_checks,
)
from procpolicy._process._base import (
    FACT_BUDGET,
    FACT_DRAFTED,
    FACT_EVALUATIONS,
    FACT_NAMES,
    PASS,
    Breach,
    Check,
    Facts,
    Need,
    Stage,
    Step,
    appends,
    changes,
    check,
    first_facts,
    items,
    sets,
    unchanged,
)
from procpolicy.evaluation import Achieved, Indicator, IndicatorSystem
from procpolicy.labels import Label
from procpolicy.project import fold
from procpolicy.testing import strategies
from tests._lifecycle import TARGETS, cleaning_2015, lamps_2014

V = pp.Verdict
WF = pp.Workflow(pp.presets.anyang())
NATIONAL = pp.Workflow(pp.presets.national())
C = cleaning_2015()
P = lamps_2014()
Case = Callable[[], tuple[pp.Workflow, pp.Project, E.Event]]


def at(index: int, event: E.Event, events: tuple[E.Event, ...] = C) -> Case:
    """The project folded from ``events[:index]``, judged on ``event``."""
    return lambda: (WF, fold(events[:index]), event)


def under(wf: pp.Workflow, index: int, event: E.Event) -> Case:
    return lambda: (wf, fold(C[:index]), event)


def drafted(**changes: object) -> E.Drafted:
    return attrs.evolve(C.drafted, **changes)  # type: ignore[arg-type]


def with_drafted(event: E.Drafted, index: int, judged: E.Event) -> Case:
    return at(index, judged, (event, *C[1:]))


def in_2016(separate_line: bool) -> Case:
    d = drafted(at=datetime(2016, 2, 1, 9))
    b = attrs.evolve(C.budgeted, at=datetime(2016, 2, 10), separate_line=separate_line)
    return lambda: (WF, fold([d]), b)


SINGLE = E.ProcurementStarted(
    at=C.started.at,
    method=pp.Method.SINGLE_SOURCE,
    grounds=frozenset({pp.MethodGround.ONLY_ONE_SUPPLIER}),
)
POOR = attrs.evolve(
    C.evaluated,
    evaluation=pp.Evaluation(evaluator=pp.Evaluator.INTERNAL, internal_score=50),
)
POOR_LIFE = (*C[:8], POOR, attrs.evolve(C.settled, paid=Decimal(500_000)))
RENEWAL = E.Renewed(
    at=datetime(2016, 3, 28, 9),
    start=date(2016, 4, 1),
    end=date(2017, 3, 31),
    amount=Decimal(760_000),
)
KNOWN = drafted(social_impact=pp.SocialImpact.LOW, fixed_site=True, scope=pp.Scope.SITE)
THIRD = attrs.evolve(
    C.evaluated,
    evaluation=pp.Evaluation(
        evaluator=pp.Evaluator.THIRD_PARTY,
        internal_score=Decimal(90),
        external_score=Decimal(90),
        internal_weight=Decimal("0.4"),
    ),
)

ADD_ON = E.ProcurementStarted(
    at=C.started.at,
    method=pp.Method.SINGLE_SOURCE,
    grounds=frozenset({pp.MethodGround.ADD_ON}),
)
WIDE_LIFE = (C.drafted, attrs.evolve(C.budgeted, amount=Decimal(900_000)), *C[2:])
"""The cleaning lifecycle with a budget that has room for supplements."""
DEARER = attrs.evolve(C.budgeted, cost_before=Decimal(700_000))
REPORTED = attrs.evolve(C.evaluated, achieved=(Achieved(TARGETS[0].name, Decimal(96)),))
SYSTEM = IndicatorSystem(
    (Indicator(name=Label(TARGETS[0].name, "Cleaning rate"), points=100, target=95),)
)
"""One indicator, the budget's target, for all the points."""


def supplement(amount: int) -> E.Amended:
    return E.Amended(
        at=C.contracted.at + timedelta(days=5),
        amount=Decimal(amount),
        reason="追加背街小巷保洁",
    )


TABLE: dict[str, dict[pp.Verdict, Case]] = {
    "stage.order": {V.PASSED: at(1, C.budgeted), V.FAILED: at(1, C.awarded)},
    "history.chronology": {
        V.PASSED: at(1, C.budgeted),
        V.FAILED: at(1, attrs.evolve(C.budgeted, at=C.drafted.at - timedelta(1))),
    },
    "catalogue.listed": {
        V.PASSED: at(1, C.budgeted),
        V.FAILED: with_drafted(
            drafted(at=datetime(2014, 3, 1), category=pp.ServiceCategory.SOCIAL_WORK),
            1,
            attrs.evolve(C.budgeted, at=datetime(2014, 3, 10)),
        ),
    },
    "catalogue.prohibited": {
        V.PASSED: at(1, C.budgeted),
        V.FAILED: with_drafted(
            drafted(involves={pp.Prohibited.STAFFING}), 1, C.budgeted
        ),
    },
    "purchaser.eligible": {
        V.PASSED: at(1, C.budgeted),
        V.FAILED: with_drafted(
            drafted(
                purchaser=pp.Purchaser(
                    "某公益一类事业单位",
                    "x",
                    pp.PurchaserKind.PUBLIC_INSTITUTION_CLASS1,
                )
            ),
            1,
            C.budgeted,
        ),
    },
    "budget.separate_line": {
        V.NOT_APPLICABLE: at(1, C.budgeted),
        V.PASSED: in_2016(separate_line=True),
        V.FAILED: in_2016(separate_line=False),
    },
    "budget.targets": {
        V.PASSED: at(1, C.budgeted),
        V.FAILED: at(1, attrs.evolve(C.budgeted, targets=())),
        V.NOT_APPLICABLE: under(NATIONAL, 1, C.budgeted),
    },
    "disclosure.complete": {
        V.PASSED: at(3, C.started),
        V.FAILED: at(
            3,
            C.started,
            (*C[:2], E.Disclosed(at=C.disclosed.at, items={pp.DisclosureItem.PROJECT})),
        ),
    },
    "method.permitted": {
        V.PASSED: at(3, C.started),
        V.FAILED: at(3, attrs.evolve(SINGLE, grounds=frozenset())),
    },
    "tender.period": {
        # Judged at the start when the deadline is known, else at the award.
        V.NOT_APPLICABLE: at(3, C.started),
        V.PASSED: at(3, attrs.evolve(C.started, deadline=date(2015, 2, 26))),
        V.FAILED: at(3, attrs.evolve(C.started, deadline=date(2015, 2, 25))),
        V.UNDETERMINED: at(4, C.awarded),
    },
    "method.add_on": {
        V.NOT_APPLICABLE: at(3, C.started),
        V.PASSED: at(3, attrs.evolve(ADD_ON, original_contract=Decimal(8_000_000))),
        V.FAILED: at(3, attrs.evolve(ADD_ON, original_contract=Decimal(7_000_000))),
        V.UNDETERMINED: at(3, ADD_ON),
    },
    "contract.supplement": {
        V.PASSED: at(6, supplement(50_000), WIDE_LIFE),
        V.FAILED: at(6, supplement(80_000), WIDE_LIFE),
    },
    "contract.published": {
        V.PASSED: at(6, E.ContractPublished(at=datetime(2015, 3, 24, 9))),
        V.FAILED: at(6, E.ContractPublished(at=datetime(2015, 3, 25, 9))),
        V.UNDETERMINED: at(8, C.evaluated),
    },
    "evaluation.weights": {
        V.NOT_APPLICABLE: at(8, C.evaluated),
        V.PASSED: at(8, THIRD),
        V.FAILED: at(
            8,
            attrs.evolve(
                THIRD,
                evaluation=attrs.evolve(
                    THIRD.evaluation, internal_weight=Decimal("0.5")
                ),
            ),
        ),
    },
    "evaluation.targets": {
        V.PASSED: at(8, REPORTED),
        V.FAILED: at(
            8,
            attrs.evolve(THIRD, achieved=REPORTED.achieved, indicators=SYSTEM),
        ),
        V.UNDETERMINED: at(8, C.evaluated),
    },
    "settlement.cost_comparison": {
        V.PASSED: at(9, C.settled),
        V.FAILED: at(9, C.settled, (C.drafted, DEARER, *C[2:9])),
        V.UNDETERMINED: at(
            9,
            C.settled,
            (C.drafted, attrs.evolve(C.budgeted, cost_before=None), *C[2:9]),
        ),
    },
    "tender.bidders": {
        V.PASSED: at(4, C.awarded),
        V.FAILED: at(4, attrs.evolve(C.awarded, bidders=1)),
        V.UNDETERMINED: at(4, attrs.evolve(C.awarded, bidders=None)),
        V.NOT_APPLICABLE: at(4, C.awarded, (*C[:3], SINGLE)),
    },
    "undertaker.eligible": {
        V.PASSED: at(4, C.awarded),
        V.FAILED: at(
            4,
            attrs.evolve(
                C.awarded,
                undertaker=pp.Undertaker(
                    "某局", pp.UndertakerKind.STATE_ORGAN, frozenset()
                ),
            ),
        ),
    },
    "award.within_budget": {
        V.PASSED: at(4, C.awarded),
        V.FAILED: at(4, attrs.evolve(C.awarded, amount=Decimal(900_000))),
    },
    "contract.deadline": {
        V.PASSED: at(5, C.contracted),
        V.FAILED: at(5, attrs.evolve(C.contracted, at=C.awarded.at + timedelta(40))),
    },
    "contract.term": {
        V.PASSED: at(5, C.contracted),
        V.FAILED: at(5, attrs.evolve(C.contracted, end=date(2017, 3, 31))),
    },
    "contract.within_budget": {
        V.PASSED: at(5, C.contracted),
        V.FAILED: at(5, attrs.evolve(C.contracted, amount=Decimal(900_000))),
    },
    "supervision.within_term": {
        V.PASSED: at(6, C.supervised),
        V.FAILED: at(6, attrs.evolve(C.supervised, at=datetime(2015, 3, 25, 9))),
    },
    "evaluation.evaluator": {
        V.PASSED: at(8, C.evaluated, (KNOWN, *C[1:])),
        V.FAILED: at(
            8, C.evaluated, (attrs.evolve(KNOWN, scope=pp.Scope.CITYWIDE), *C[1:])
        ),
        V.UNDETERMINED: at(8, C.evaluated),
    },
    "evaluation.consistent": {
        V.PASSED: at(8, C.evaluated),
        V.FAILED: at(8, POOR),
    },
    "settlement.evaluated": {
        V.PASSED: at(9, C.settled),
        V.FAILED: at(8, C.settled),
    },
    "settlement.payment": {
        V.PASSED: at(9, C.settled),
        V.FAILED: at(9, attrs.evolve(C.settled, paid=Decimal("760000.01"))),
        V.NOT_APPLICABLE: at(8, C.settled),
    },
    "renewal.grade": {
        V.PASSED: at(10, RENEWAL),
        V.FAILED: at(10, RENEWAL, POOR_LIFE),
        V.NOT_APPLICABLE: at(6, RENEWAL),
    },
    "renewal.term_cap": {
        V.PASSED: at(10, RENEWAL),
        V.FAILED: at(10, attrs.evolve(RENEWAL, end=date(2018, 4, 1))),
    },
    "closure.accountability": {
        V.PASSED: at(10, C.closed),
        V.FAILED: at(10, C.closed, POOR_LIFE),
        V.NOT_APPLICABLE: under(NATIONAL, 10, C.closed),
    },
}


def _cases() -> list[tuple[str, pp.Verdict]]:
    return [(rule, verdict) for rule, cases in TABLE.items() for verdict in cases]


class TestVerdictTable:
    def test_every_workflow_rule_has_a_passing_and_a_failing_case(self) -> None:
        """The table covers every declared rule, with PASSED and FAILED cases."""
        declared = {c.rule.id for c in CHECKS} | {"stage.order", "history.chronology"}
        assert set(TABLE) == declared
        for rule, cases in TABLE.items():
            assert {V.PASSED, V.FAILED} <= set(cases), rule

    def test_every_rule_that_reads_an_unknowable_fact_has_an_undetermined_case(
        self,
    ) -> None:
        """A rule whose declaration names facts that can be unknown is tested so."""
        for c in CHECKS:
            if c.unknowns:
                assert V.UNDETERMINED in TABLE[c.rule.id], c.rule.id

    @pytest.mark.parametrize(("rule_id", "verdict"), _cases())
    def test_the_rule_gives_the_verdict_of_its_case(
        self, rule_id: str, verdict: pp.Verdict
    ) -> None:
        """Each case gives its verdict; the judgement agrees with check and apply."""
        wf, project, event = TABLE[rule_id][verdict]()
        judgement = wf.judge(project, event)
        assert judgement.verdict(rule_id) is verdict
        assert judgement.violations == wf.check(project, event)
        result = next(r for r in judgement.results if r.rule.id == rule_id)
        if verdict is V.FAILED:
            assert result.message
            assert result.zh
            assert result.violation() in judgement.violations
        if verdict is V.UNDETERMINED:
            assert result.unknown
            assert result.unknown in result.message
            assert result not in judgement.failed
        assert all(isinstance(b, pp.Citation) for b in result.basis)


class TestUndeterminedFacts:
    def test_unknown_bidders_are_undetermined_and_named(self) -> None:
        """Awarded.bidders=None: tender.bidders cannot be judged, and says why."""
        wf, project, event = TABLE["tender.bidders"][V.UNDETERMINED]()
        judgement = wf.judge(project, event)
        result = next(
            r for r in judgement.undetermined if r.rule.id == "tender.bidders"
        )
        assert result.unknown == "Awarded.bidders"
        assert "at least 3 are required" in result.message
        assert judgement.allowed

    def test_a_strict_workflow_refuses_on_an_unknown_fact(self) -> None:
        """strict=True: an undetermined rule refuses like a failed one."""
        _, project, event = TABLE["tender.bidders"][V.UNDETERMINED]()
        strict = pp.Workflow(pp.presets.anyang(), strict=True)
        found = strict.check(project, event)
        assert {v.rule.id for v in found} == {"tender.period", "tender.bidders"}
        violation = next(v for v in found if v.rule.id == "tender.bidders")
        assert violation.message.startswith("cannot be judged:")
        assert ("unknown", "Awarded.bidders") in violation.facts
        with pytest.raises(pp.TransitionRefused):
            strict.apply(project, event)
        assert strict.judge(project, event).violations == found
        assert not strict.judge(project, event).allowed

    def test_unknown_who_evaluates_factors_are_named(self) -> None:
        """An internal evaluation with unrecorded factors names every one."""
        wf, project, event = TABLE["evaluation.evaluator"][V.UNDETERMINED]()
        result = next(
            r
            for r in wf.judge(project, event).undetermined
            if r.rule.id == "evaluation.evaluator"
        )
        assert result.unknown == (
            "Drafted.social_impact, Drafted.fixed_site, Drafted.scope"
        )

    def test_an_amount_over_the_threshold_fails_whatever_the_unknowns(self) -> None:
        """A known trigger decides even when other factors are unknown."""
        life = (*C[:1], attrs.evolve(C.budgeted, amount=Decimal(1_500_000)), *C[2:])
        judgement = WF.judge(fold(life[:8]), C.evaluated)
        assert judgement.verdict("evaluation.evaluator") is V.FAILED

    def test_a_third_party_evaluation_passes_with_unknown_factors(self) -> None:
        """Who evaluates is settled when a third party did."""
        assert WF.judge(fold(C[:8]), THIRD).verdict("evaluation.evaluator") is (
            V.PASSED
        )


class TestJudgementShape:
    def test_results_follow_the_edge_in_order(self) -> None:
        """stage.order, history.chronology, then each rule of the edge."""
        judgement = WF.judge(fold(C[:4]), C.awarded)
        edge = next(t for t in pp.workflow.TRANSITIONS if t.event is E.Awarded)
        assert [r.rule.id for r in judgement.results] == [
            STAGE_ORDER.id,
            *(r.id for r in edge.rules),
        ]

    def test_a_value_that_is_not_an_event_is_one_failed_stage_result(self) -> None:
        """Judging a non-event never raises."""
        judgement = WF.judge(fold(C[:1]), "x")  # type: ignore[arg-type]
        assert [(r.rule.id, r.verdict) for r in judgement.results] == [
            ("stage.order", V.FAILED)
        ]
        assert judgement.violations == WF.check(fold(C[:1]), "x")  # type: ignore[arg-type]

    def test_a_second_drafted_says_a_project_has_one(self) -> None:
        """A repeated Drafted is refused by stage.order with a clear message."""
        (violation,) = WF.check(fold(C[:3]), C.drafted)
        assert violation.rule.id == "stage.order"
        assert "one Drafted event" in violation.message

    def test_the_text_of_a_judgement_lists_every_result(self) -> None:
        """str(judgement) has a line per rule, with the verdict and the zh title."""
        text = str(WF.judge(fold(C[:1]), attrs.evolve(C.budgeted, targets=())))
        assert text.splitlines()[0] == "Budgeted: refused 拒绝"
        assert "FAILED         [budget.targets] 绩效目标" in text
        assert len(text.splitlines()) == 8

    def test_failed_results_carry_the_basis_of_the_day(self) -> None:
        """The basis of a 2015 refusal names only documents in force in 2015."""
        wf, project, event = TABLE["tender.period"][V.FAILED]()
        (violation,) = wf.check(project, event)
        in_force = {d.id for d in WF.framework.at(event.day).documents}
        assert violation.basis
        assert {c.document for c in violation.basis} <= in_force | {"procpolicy"}


class TestDeclarations:
    def test_a_guard_cannot_report_another_rule(self) -> None:
        """The workflow names the rule of the declaration, whatever the guard does."""
        for rule_id, cases in TABLE.items():
            if V.FAILED not in cases:
                continue
            wf, project, event = cases[V.FAILED]()
            judged = {r.rule.id for r in wf.judge(project, event).failed}
            assert rule_id in judged
            for violation in wf.check(project, event):
                assert violation.rule.id in judged

    def test_guards_return_a_breach_not_a_violation(self) -> None:
        """A failing guard returns a Breach: it has no rule to misreport."""
        wf, project, event = TABLE["contract.term"][V.FAILED]()
        check = next(c for c in CHECKS if c.rule.id == "contract.term")
        result = check.guard(project, event, wf.rules_at(event.day))
        assert type(result) is Breach

    def test_a_declaration_reading_an_unknown_parameter_is_refused(self) -> None:
        """Reading a parameter that does not exist fails when the rule is declared."""
        rule = next(iter(CHECKS)).rule
        with pytest.raises(TypeError, match="unknown parameter"):
            Check(rule, CHECKS[0].guard, reads=("no_such_parameter",))

    def test_each_rule_is_declared_once(self) -> None:
        """Rule ids of the declarations are unique."""
        ids = [c.rule.id for c in CHECKS]
        assert len(ids) == len(set(ids))

    def test_check_declares_the_rule_and_keeps_every_part(self) -> None:
        """``check(…)(guard)`` builds the `Check` from every argument given.

        The phase modules declare their rules at import, where mutmut cannot
        switch a mutant of `check` on; declaring one here lets it.
        """
        citation = pp.Citation("gpl", "Art 36")

        def guard(project: object, event: object, rules: object) -> tuple[()]:
            return PASS

        def requires(project: object, rules: object) -> Need:
            return Need("en", "中")

        declared = check(
            "tender.example",
            "示例",
            "An example",
            citation,
            reads=("min_tender_bidders",),
            requires=requires,
            reads_event=False,
            unknowns=("Awarded.bidders",),
            role=pp.Role.FINANCE,
        )(guard)
        assert declared == Check(
            pp.Rule("tender.example", Label("示例", "An example"), citation),
            guard,
            ("min_tender_bidders",),
            requires,
            reads_event=False,
            unknowns=("Awarded.bidders",),
            role=pp.Role.FINANCE,
        )
        plain = check("tender.example", "示例", "An example", citation)(guard)
        assert plain == Check(declared.rule, guard)
        assert plain.reads_event
        assert plain.role is pp.Role.FUNCTIONAL

    def test_a_fold_step_changes_its_facts_and_nothing_else(self) -> None:
        """`sets`, `appends` and `changes` build the fold steps of the phases."""
        facts = first_facts(C.drafted)
        assert len(facts) == len(FACT_NAMES)
        assert facts[FACT_DRAFTED] is C.drafted

        def replaced(before: Facts, **values: object) -> tuple[object, ...]:
            after: list[object] = list(before)
            for name, value in values.items():
                after[FACT_NAMES.index(name)] = value
            return tuple(after)

        budgeted = sets("budget")(facts, C.budgeted)
        assert budgeted == replaced(facts, budget=C.budgeted)
        assert budgeted[FACT_BUDGET] is C.budgeted
        first = appends("evaluations")(budgeted, C.evaluated)
        second = appends("evaluations")(first, POOR)
        assert second == replaced(budgeted, evaluations=((None, C.evaluated), POOR))
        assert items(second[FACT_EVALUATIONS]) == (C.evaluated, POOR)
        ended = changes("retenders", "end")(second, 2, C.closed)
        assert ended == replaced(second, retenders=2, end=C.closed)
        assert facts == first_facts(C.drafted)  # a step copies, never changes, them
        assert type(ended) is tuple  # a plain tuple: the cheapest to build

    def test_each_fact_constant_is_the_index_of_its_name(self) -> None:
        """``FACT_<NAME>`` is where `FACT_NAMES` puts ``name``, for every fact."""
        constants = {
            name: value
            for name, value in vars(_base).items()
            if name.startswith("FACT_") and name != "FACT_NAMES"
        }
        expected = {f"FACT_{name.upper()}": i for i, name in enumerate(FACT_NAMES)}
        assert constants == expected

    def test_a_rule_id_declared_twice_is_refused(self) -> None:
        """Two declarations of one id are refused; one in two steps is kept once."""
        term = next(c for c in CHECKS if c.rule.id == "contract.term")
        other = attrs.evolve(term, reads=())
        first = Step(E.Budgeted, frozenset({Stage.DRAFT}), Stage.BUDGETED, unchanged)
        shared = attrs.evolve(first, checks=(term, CHECKS[0]))
        again = attrs.evolve(first, event=E.Disclosed, checks=(term,))
        assert _unique_checks((shared, again)) == (term, CHECKS[0])
        twice = attrs.evolve(again, checks=(other,))
        with pytest.raises(TypeError) as refused:
            _unique_checks((shared, twice))
        assert str(refused.value) == "rule 'contract.term' is declared twice"

    def test_each_event_class_has_one_step_and_drafted_none(self) -> None:
        """Two steps of one event class, or a step of `Drafted`, are refused."""
        budgeted = Step(E.Budgeted, frozenset({Stage.DRAFT}), Stage.BUDGETED, unchanged)
        disclosed = attrs.evolve(budgeted, event=E.Disclosed)
        _one_step_per_event((budgeted, disclosed))
        with pytest.raises(TypeError) as refused:
            _one_step_per_event((budgeted, disclosed, budgeted))
        assert str(refused.value) == (
            "each event class has one step (twice: ['Budgeted']; "
            "Drafted opens a project)"
        )
        with pytest.raises(TypeError) as refused:
            _one_step_per_event((budgeted, attrs.evolve(budgeted, event=E.Drafted)))
        assert "(twice: []; Drafted opens a project)" in str(refused.value)


class TestAudit:
    def test_an_audit_judges_every_event_and_never_raises(self) -> None:
        """A refused event is folded as recorded; the audit goes on."""
        life = (*C[:4], attrs.evolve(C.awarded, bidders=1), *C[5:])
        audit = WF.audit(life)
        assert len(audit) == len(life)
        assert [j.allowed for j in audit].count(False) == 1
        assert audit[4].verdict("tender.bidders") is V.FAILED
        assert audit[0].failed == ()

    def test_an_event_out_of_stage_is_judged_and_skipped(self) -> None:
        """An event that breaks stage.order is not folded."""
        life = (C.drafted, C.awarded, C.budgeted)
        audit = WF.audit(life)
        assert audit[1].verdict("stage.order") is V.FAILED
        assert audit[2].allowed

    def test_an_audit_needs_a_drafted_event_first(self) -> None:
        """An empty history or one that does not open with Drafted is bad input."""
        with pytest.raises(pp.InvalidInput, match="must start with a Drafted"):
            WF.audit([])
        with pytest.raises(pp.InvalidInput, match="must start with a Drafted"):
            WF.audit([C.budgeted])


class TestLaws:
    @settings(max_examples=60)
    @given(strategies.event_sequences(pp.presets.anyang(), max_size=20), st.booleans())
    def test_judge_agrees_with_check_and_apply(
        self, history: tuple[E.Event, ...], strict: bool
    ) -> None:
        """judge(p, e).violations == check(p, e), and allowed agrees with apply."""
        wf = pp.Workflow(pp.presets.anyang(), strict=strict)
        project = wf.start(history[0])  # type: ignore[arg-type]
        for event in history[1:]:
            judgement = wf.judge(project, event)
            assert judgement.violations == wf.check(project, event)
            try:
                after = wf.apply(project, event)
            except pp.TransitionRefused:
                assert not judgement.allowed
                continue
            assert judgement.allowed
            project = after

    @settings(max_examples=40)
    @given(strategies.event_sequences(pp.presets.anyang(), max_size=20))
    def test_audit_agrees_with_check_on_valid_prefixes(
        self, history: tuple[E.Event, ...]
    ) -> None:
        """audit(h)[i].violations == check(fold(h[:i]), h[i]) while the prefix folds."""
        audit = WF.audit(history)
        for index in range(1, len(history)):
            try:
                before = WF.replay(history[:index])
            except pp.TransitionRefused:
                break
            assert audit[index].violations == WF.check(before, history[index])


class TestRoles:
    def test_the_finance_department_budgets_and_pays(self) -> None:
        """Budgeting and payment are the finance department's steps (财政部门牵头)."""
        actors = {t.event: t.actor for t in pp.workflow.TRANSITIONS}
        assert actors[E.Budgeted] is pp.Role.FINANCE
        assert actors[E.Settled] is pp.Role.FINANCE
        assert actors[E.ProcurementStarted] is pp.Role.FUNCTIONAL

    def test_a_refusal_says_who_must_act(self) -> None:
        """A payment refused names the finance department; a closure, supervision."""
        wf, project, event = TABLE["settlement.payment"][V.FAILED]()
        (violation,) = wf.check(project, event)
        assert violation.role is pp.Role.FINANCE
        wf, project, event = TABLE["closure.accountability"][V.FAILED]()
        (violation,) = wf.check(project, event)
        assert violation.role is pp.Role.SUPERVISION
        wf, project, event = TABLE["tender.bidders"][V.FAILED]()
        (violation,) = wf.check(project, event)
        assert violation.role is pp.Role.FUNCTIONAL

    def test_requirements_and_results_carry_the_role(self) -> None:
        """Each requirement and each guarded result names the role that acts."""
        needs = WF.requirements(fold(C[:9]), E.Settled)
        assert {n.role for n in needs} == {pp.Role.FINANCE}
        results = WF.judge(fold(C[:1]), C.budgeted).results
        assert results[0].role is None  # stage.order: the library's own order
        assert results[-2].role is pp.Role.FINANCE  # budget.separate_line


class TestEveryRequirement:
    @pytest.mark.parametrize("wf", [WF, NATIONAL], ids=["anyang", "national"])
    def test_every_edge_states_its_requirements_at_every_stage(
        self, wf: pp.Workflow
    ) -> None:
        """At each stage of three projects, every edge's requirements read well."""
        big = (C.drafted, attrs.evolve(C.budgeted, amount=Decimal(1_500_000)), *C[2:])
        single = (*C[:3], SINGLE)
        projects = [
            *(fold(C[:n]) for n in range(1, len(C) + 1)),
            *(fold(big[:n]) for n in (5, 8)),
            fold(single),
        ]
        for project in projects:
            for edge in pp.workflow.TRANSITIONS:
                needs = wf.requirements(project, edge.event)
                ids = [n.rule.id for n in needs if n.rule.id != "stage.order"]
                assert ids == [r.id for r in edge.rules[1:]]
                for need in needs:
                    assert need.message
                    assert str(need).startswith(f"[{need.rule.id}] (")

    def test_a_renewal_with_no_contract_is_asked_for_the_cap_alone(self) -> None:
        """A trusted fold of a renewal without a contract: no cycle start to date.

        The requirement of renewal.term_cap then states the cap, not the days.
        """
        project = fold((C.drafted, RENEWAL))
        need = next(
            n
            for n in WF.requirements(project, E.Renewed)
            if n.rule.id == "renewal.term_cap"
        )
        assert (need.message, need.zh, need.bound) == (
            "the contract and its renewals within 36 months",
            "合同及续约累计不超过3年",
            "",
        )

    def test_not_applicable_reads_as_its_name(self) -> None:
        """The guards' not-applicable marker has a readable repr."""
        from procpolicy._process._base import NOT_APPLICABLE

        assert repr(NOT_APPLICABLE) == "NOT_APPLICABLE"
        assert not NOT_APPLICABLE


class TestExactMoney:
    @given(
        st.decimals(min_value=0, max_value=Decimal("999999999999999.99"), places=2),
        st.decimals(min_value=0, max_value=1, places=12),
    )
    def test_the_payment_bound_is_the_exact_product_rounded_once(
        self, amount: Decimal, ratio: Decimal
    ) -> None:
        """allowed_payment agrees with exact rational arithmetic, half to even."""
        from fractions import Fraction

        from procpolicy._process.evaluation import allowed_payment

        exact = Fraction(amount) * Fraction(ratio) * 100
        cents = round(exact)  # Python rounds a Fraction half to even
        assert allowed_payment(amount, ratio) == Decimal(cents) / 100

    def test_the_payment_bound_ignores_the_callers_decimal_context(self) -> None:
        """A caller's precision or rounding changes neither the product nor the cent.

        0.05 × 0.5 = 0.025 rounds half to even to 0.02 (half up would give
        0.03), and 760,000 × 0.95 needs more digits than a 5-digit context.
        """
        from decimal import ROUND_HALF_UP, localcontext

        from procpolicy._process.evaluation import allowed_payment

        with localcontext(prec=5, rounding=ROUND_HALF_UP):
            assert allowed_payment(Decimal("0.05"), Decimal("0.5")) == Decimal("0.02")
            assert allowed_payment(Decimal(760_000), Decimal("0.95")) == Decimal(
                "722000.00"
            )

    def test_the_issue_example_rounds_to_the_lower_cent(self) -> None:
        """100005000000000.04 × 0.999999999999 allows …900.03, not …900.04."""
        wf, project, _ = TABLE["settlement.payment"][V.PASSED]()
        from procpolicy._process.evaluation import allowed_payment

        assert allowed_payment(
            Decimal("100005000000000.04"), Decimal("0.999999999999")
        ) == Decimal("100004999999900.03")
        assert wf.check(project, attrs.evolve(C.settled, paid=Decimal(760000))) == ()
