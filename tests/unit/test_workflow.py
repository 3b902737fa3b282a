"""The workflow: stage graph, refusals, replay, requirements, views, diagrams."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest

import procpolicy as pp
from procpolicy import events as E  # noqa: N812
from procpolicy.workflow import TRANSITIONS, Transition, validate_graph
from tests._lifecycle import FIRM, cleaning_2015

WF = pp.Workflow(pp.presets.anyang())
LIFE = cleaning_2015()


def third_party(score: int) -> pp.Evaluation:
    return pp.Evaluation(
        evaluator=pp.Evaluator.THIRD_PARTY,
        internal_score=Decimal(score),
        external_score=Decimal(score),
        internal_weight=Decimal("0.4"),
    )


def lifecycle_2021() -> list[E.Event]:
    """A 1.2 million yuan city-wide cleaning purchase under mof-102, renewed once."""
    buyer = pp.Purchaser("安阳市城市管理局", "城管局", pp.PurchaserKind.STATE_ORGAN)
    return [
        E.Drafted(
            at=datetime(2021, 1, 4, 9),
            project_id="AY-2021-003",
            title="全市道路保洁",
            purchaser=buyer,
            category=pp.ServiceCategory.MUNICIPAL_SANITATION,
            scope=pp.Scope.CITYWIDE,
            fixed_site=False,
            social_impact=pp.SocialImpact.HIGH,
        ),
        E.Budgeted(
            at=datetime(2021, 1, 11, 9),
            amount=Decimal(1_200_000),
            separate_line=True,
            targets=(pp.PerformanceTarget("保洁达标率 %", Decimal(95)),),
            cost_before=Decimal(1_500_000),
        ),
        E.Disclosed(at=datetime(2021, 1, 12, 9), items=frozenset(pp.DisclosureItem)),
        E.ProcurementStarted(
            at=datetime(2021, 1, 13, 9), method=pp.Method.OPEN_TENDERING
        ),
        E.Awarded(
            at=datetime(2021, 2, 8, 9),
            undertaker=FIRM,
            amount=Decimal(1_100_000),
            bidders=5,
        ),
        E.Contracted(
            at=datetime(2021, 2, 20, 9),
            start=date(2021, 3, 1),
            end=date(2022, 2, 28),
            amount=Decimal(1_100_000),
        ),
        E.Supervised(at=datetime(2021, 4, 1, 9), score=Decimal(88)),
        E.Supervised(at=datetime(2021, 10, 1, 9), score=Decimal(90)),
        E.Evaluated(at=datetime(2022, 2, 20, 9), evaluation=third_party(88)),
        E.Settled(at=datetime(2022, 3, 5, 9), paid=Decimal(1_045_000)),
        E.Renewed(
            at=datetime(2022, 3, 10, 9),
            start=date(2022, 3, 1),
            end=date(2023, 2, 28),
            amount=Decimal(1_100_000),
        ),
    ]


class TestLifecycles:
    def test_the_2015_lifecycle_passes_end_to_end(self) -> None:
        """Draft to closing, every guard passing."""
        p = WF.replay(LIFE)
        assert p.stage is pp.Stage.CLOSED
        assert WF.grade(p) is pp.Grade.EXCELLENT
        assert WF.replay(p.history) == p

    def test_the_2021_lifecycle_passes_and_renews(self) -> None:
        """Third-party evaluation, the separate line, 95 % for 良, then renewal."""
        p = WF.replay(lifecycle_2021())
        assert p.stage is pp.Stage.CONTRACTED
        assert p.renewals == 1
        assert p.paid == Decimal(1_045_000)
        assert p.cost_comparison == pp.CostComparison(
            before=Decimal(1_500_000), after=Decimal(1_045_000)
        )
        assert WF.replay(p.history) == p

    def test_each_apply_returns_a_new_project(self) -> None:
        """Projects are values: apply never changes its input."""
        p = WF.start(LIFE[0])
        q = WF.apply(p, LIFE[1])
        assert p.stage is pp.Stage.DRAFT
        assert q.stage is pp.Stage.BUDGETED
        assert len(p) == 1
        assert len(q) == 2


class TestRefusal:
    def test_a_refusal_lists_every_rule_and_changes_nothing(self) -> None:
        """Late, too long and over budget: three rules at once."""
        p = WF.replay(LIFE[:5])
        before = copy.copy(p)
        bad = E.Contracted(
            at=LIFE[4].at + timedelta(days=45),
            start=date(2015, 5, 1),
            end=date(2017, 4, 30),
            amount=Decimal(950_000),
        )
        with pytest.raises(pp.TransitionRefused) as info:
            WF.apply(p, bad)
        assert [v.rule.id for v in info.value.violations] == [
            "contract.deadline",
            "contract.term",
            "contract.within_budget",
        ]
        assert info.value.project is p
        assert info.value.event is bad
        assert p == before
        assert p.stage is pp.Stage.AWARDED
        assert "3 rule(s) broken" in str(info.value)

    def test_check_agrees_with_apply(self) -> None:
        """check() is empty exactly when apply() accepts."""
        p = WF.replay(LIFE[:5])
        good, bad = LIFE[5], attrs.evolve(LIFE[5], amount=Decimal(10**7))
        assert WF.check(p, good) == ()
        WF.apply(p, good)
        assert WF.check(p, bad)
        with pytest.raises(pp.TransitionRefused):
            WF.apply(p, bad)

    def test_check_never_raises_on_a_foreign_value(self) -> None:
        """A value that is not an event is reported, not raised."""
        found = WF.check(WF.start(LIFE[0]), "Budgeted")  # type: ignore[arg-type]
        assert [v.rule.id for v in found] == ["stage.order"]
        assert "str is not an event" in found[0].message

    def test_apply_refuses_a_foreign_value_as_invalid_input(self) -> None:
        """apply() needs an event."""
        with pytest.raises(pp.InvalidInput, match="needs an event, not dict"):
            WF.apply(WF.start(LIFE[0]), {})  # type: ignore[arg-type]

    def test_terminal_stages_allow_nothing(self) -> None:
        """After closing, every event is out of stage."""
        p = WF.replay(LIFE)
        assert WF.allowed(p) == frozenset()
        assert [
            v.rule.id for v in WF.check(p, E.Retendered(at=datetime(2016, 5, 1)))
        ] == ["stage.order"]


class TestStartAndReplay:
    def test_start_needs_drafted(self) -> None:
        """Only a Drafted event opens a project."""
        with pytest.raises(
            pp.InvalidInput, match="needs a Drafted event, not Budgeted"
        ):
            WF.start(LIFE[1])  # type: ignore[arg-type]

    def test_replay_needs_a_history(self) -> None:
        """An empty history, or one not starting with Drafted, is refused."""
        with pytest.raises(pp.InvalidInput, match="must not be empty"):
            WF.replay([])
        with pytest.raises(pp.InvalidInput, match="needs a Drafted event"):
            WF.replay(LIFE[1:])

    def test_replay_refuses_a_history_that_breaks_a_rule(self) -> None:
        """A stored two-year contract is refused on replay, loaded when trusted."""
        history = [*LIFE[:5], attrs.evolve(LIFE[5], end=date(2017, 3, 31))]
        with pytest.raises(pp.TransitionRefused):
            WF.replay(history)
        assert WF.load(history).stage is pp.Stage.CONTRACTED

    def test_rules_at_is_the_framework_s(self) -> None:
        """The workflow looks rules up through its framework."""
        assert WF.rules_at(date(2016, 1, 1)) is WF.framework.at(date(2016, 1, 1))

    def test_default_workflow_uses_the_anyang_framework(self) -> None:
        """Workflow() is Workflow(presets.anyang())."""
        assert pp.Workflow().framework is pp.presets.anyang()


class TestAllowedAndRequirements:
    @pytest.mark.parametrize(
        ("count", "allowed"),
        [
            (1, {"Budgeted", "Cancelled"}),
            (4, {"Awarded", "ProcurementFailed", "Cancelled"}),
            (6, {"Supervised", "Evaluated", "Amended", "ContractPublished"}),
            (10, {"Renewed", "Retendered", "Closed"}),
        ],
    )
    def test_allowed_follows_the_graph(self, count: int, allowed: set[str]) -> None:
        """What may follow each stage."""
        p = WF.replay(LIFE[:count])
        assert {cls.__name__ for cls in WF.allowed(p)} == allowed

    def test_requirements_explain_what_is_missing(self) -> None:
        """A 2014 social-work draft needs a catalogue listing before budgeting."""
        p = WF.start(
            attrs.evolve(
                LIFE[0],
                at=datetime(2014, 3, 1),
                category=pp.ServiceCategory.SOCIAL_WORK,
            )
        )
        needs = WF.requirements(p, E.Budgeted)
        assert [(r.rule.id, r.met) for r in needs] == [
            ("catalogue.listed", False),
            ("catalogue.prohibited", True),
            ("purchaser.eligible", True),
            ("budget.separate_line", None),
            ("budget.targets", None),
        ]
        later = WF.requirements(p, E.Budgeted, at=date(2015, 3, 1))
        assert [r.met for r in later][:3] == [True, True, True]

    def test_requirements_before_procurement_and_payment(self) -> None:
        """Disclosure before procurement; evaluation before payment."""
        budgeted = WF.replay(LIFE[:2])
        needs = WF.requirements(budgeted, E.ProcurementStarted)
        assert [(r.rule.id, r.met) for r in needs] == [
            ("stage.order", False),
            ("disclosure.complete", False),
            ("method.permitted", None),
            ("method.add_on", None),
            ("tender.period", None),
        ]
        assert needs[0].bound == "DISCLOSED"
        contracted = WF.replay(LIFE[:6])
        assert [r.rule.id for r in WF.requirements(contracted, E.Settled)] == [
            "stage.order",
            "settlement.evaluated",
            "settlement.payment",
            "settlement.cost_comparison",
        ]
        evaluated = WF.replay(LIFE[:9])
        needs = WF.requirements(evaluated, E.Settled)
        assert [(r.rule.id, r.met) for r in needs] == [
            ("settlement.evaluated", True),
            ("settlement.payment", None),
            ("settlement.cost_comparison", None),
        ]

    def test_requirements_give_the_bound_in_figures(self) -> None:
        """The highest payment, the earliest award and the latest signing day."""
        evaluated = WF.replay(LIFE[:9])
        payment = WF.requirements(evaluated, E.Settled)[-2]
        assert payment.rule.id == "settlement.payment"
        period = evaluated.contract
        assert period is not None
        assert payment.bound == f"{period.amount:,.2f}"
        assert payment.basis
        tender = attrs.evolve(LIFE[3], method=pp.Method.OPEN_TENDERING)
        procuring = WF.load((*LIFE[:3], tender))
        started = procuring.procurement
        assert started is not None
        period_need = next(
            r
            for r in WF.requirements(procuring, E.Awarded)
            if r.rule.id == "tender.period"
        )
        assert period_need.bound == str(started.day + timedelta(days=20))
        assert "award no earlier than" in period_need.message
        awarded = WF.replay(LIFE[:5])
        award = awarded.award
        assert award is not None
        deadline = next(
            r
            for r in WF.requirements(awarded, E.Contracted)
            if r.rule.id == "contract.deadline"
        )
        assert deadline.bound == str(award.day + timedelta(days=30))

    def test_every_rule_of_an_edge_has_a_requirement(self) -> None:
        """Requirements cover each guarded rule of every edge, in judging order."""
        p = WF.replay(LIFE[:10])
        for edge in TRANSITIONS:
            ids = [r.rule.id for r in WF.requirements(p, edge.event)]
            guarded = [r.id for r in edge.rules[1:]]
            assert [i for i in ids if i != "stage.order"] == guarded
            assert all(r.message for r in WF.requirements(p, edge.event))

    def test_requirements_of_a_foreign_class_is_invalid_input(self) -> None:
        """Only event classes have requirements."""
        with pytest.raises(pp.InvalidInput, match="is not an event class"):
            WF.requirements(WF.start(LIFE[0]), str)  # type: ignore[arg-type]


class TestViews:
    def test_grade_and_outcome_need_an_evaluation(self) -> None:
        """Before evaluation there is no grade."""
        p = WF.replay(LIFE[:6])
        assert WF.grade(p) is None
        assert WF.outcome(p) is None

    def test_outcome_of_an_evaluated_project(self) -> None:
        """优 pays in full and may renew."""
        outcome = WF.outcome(WF.replay(LIFE[:9]))
        assert outcome is not None
        assert (outcome.payment_ratio, outcome.may_renew) == (Decimal("1.00"), True)

    def test_a_well_graded_undertaker_is_preferred_in_the_re_tender(self) -> None:
        """After 优, the re-tender prefers the last undertaker; after 中 it does not."""
        settled = WF.replay(LIFE[:10])
        assert not WF.retender_priority(settled)
        again = WF.apply(settled, E.Retendered(at=datetime(2016, 4, 20)))
        assert WF.retender_priority(again)
        fair = [
            *LIFE[:6],
            attrs.evolve(LIFE[6], score=Decimal(70)),
            attrs.evolve(LIFE[7], score=Decimal(70)),
            attrs.evolve(
                LIFE[8],
                evaluation=pp.Evaluation(
                    evaluator=pp.Evaluator.INTERNAL, internal_score=Decimal(70)
                ),
            ),
            attrs.evolve(LIFE[9], paid=Decimal(646_000)),
            E.Retendered(at=datetime(2016, 4, 20)),
        ]
        assert not WF.retender_priority(WF.replay(fair))

    def test_no_priority_after_a_re_tender_without_an_evaluation(self) -> None:
        """A trusted history re-tendered before any evaluation prefers no one."""
        p = pp.project.fold([*LIFE[:3], E.Retendered(at=datetime(2015, 3, 1))])
        assert not WF.retender_priority(p)

    def test_missing_supervisions_follow_the_monthly_plan(self) -> None:
        """Months with a daily evaluation are met; the others are listed."""
        p = WF.replay(LIFE[:8])
        missing = WF.missing_supervisions(p, date(2015, 9, 30))
        assert missing == (
            date(2015, 4, 1),
            date(2015, 6, 1),
            date(2015, 7, 1),
            date(2015, 8, 1),
        )
        assert WF.missing_supervisions(p, date(2015, 3, 1)) == ()

    def test_no_supervision_plan_without_a_contract_or_a_rule(self) -> None:
        """Nothing is due before a contract, or where no interval is set."""
        assert WF.missing_supervisions(WF.replay(LIFE[:3]), date(2016, 1, 1)) == ()
        national = pp.Workflow(pp.presets.national())
        assert (
            national.missing_supervisions(WF.replay(LIFE[:6]), date(2016, 1, 1)) == ()
        )


class TestTime:
    def test_naive_and_aware_events_mix_safely(self) -> None:
        """An aware budget at 20:00 UTC falls on the next day in China."""
        aware = attrs.evolve(LIFE[1], at=datetime(2015, 2, 9, 20, tzinfo=UTC))
        assert aware.day == date(2015, 2, 10)
        p = WF.apply(WF.start(LIFE[0]), aware)
        assert WF.check(p, LIFE[2]) == ()
        back = attrs.evolve(LIFE[2], at=datetime(2015, 2, 9, 20, 0))
        assert [v.rule.id for v in WF.check(p, back)] == ["history.chronology"]

    def test_each_event_is_judged_by_the_rules_of_its_day(self) -> None:
        """The same draft is refused in 2014 and budgeted in 2015."""
        draft = attrs.evolve(
            LIFE[0], at=datetime(2014, 12, 1), category=pp.ServiceCategory.SOCIAL_WORK
        )
        p = WF.start(draft)
        assert WF.check(p, attrs.evolve(LIFE[1], at=datetime(2014, 12, 30)))
        assert WF.check(p, attrs.evolve(LIFE[1], at=datetime(2015, 1, 2))) == ()


class TestGraph:
    def test_diagrams_label_edges_with_events_and_rules(self) -> None:
        """Mermaid and DOT name every event and its guard ids."""
        mermaid, dot = WF.to_mermaid(), WF.to_dot()
        for edge in TRANSITIONS:
            assert edge.event.__name__ in mermaid
            assert edge.event.__name__ in dot
        assert (
            "AWARDED --> CONTRACTED: Contracted [history.chronology, contract.deadline"
            in (mermaid)
        )
        assert 'CLOSED [label="CLOSED\\n已结项", shape=doublecircle];' in dot

    def test_the_graph_is_valid(self) -> None:
        """One initial stage, all reachable, terminal stages closed."""
        validate_graph(TRANSITIONS)

    @pytest.mark.parametrize(
        ("edges", "fragment"),
        [
            ((*TRANSITIONS, TRANSITIONS[0]), "Budgeted has two edges"),
            (
                (
                    Transition(
                        E.Budgeted, frozenset({pp.Stage.DRAFT}), pp.Stage.SETTLED
                    ),
                    *TRANSITIONS[1:],
                ),
                "Budgeted leads to SETTLED",
            ),
            (
                (
                    *TRANSITIONS[:-1],
                    Transition(
                        E.Cancelled, frozenset({pp.Stage.CLOSED}), pp.Stage.CANCELLED
                    ),
                ),
                "leaves terminal stage",
            ),
            (TRANSITIONS[1:], "the initial stages are"),
            ((TRANSITIONS[0],), "stages never reached from DRAFT"),
        ],
    )
    def test_broken_graphs_are_refused(
        self, edges: tuple[Transition, ...], fragment: str
    ) -> None:
        """Each defect is named."""
        with pytest.raises(pp.PolicyInconsistent, match=fragment):
            validate_graph(edges)


class TestRulesAt:
    def test_an_aware_moment_takes_the_china_standard_time_day(self) -> None:
        """20:00 UTC on 31 December 2015 is already 2016 in Anyang."""
        late = datetime(2015, 12, 31, 20, tzinfo=UTC)
        assert WF.rules_at(late).is_in_force("ay-budget-2016")
        assert not WF.rules_at(late.date()).is_in_force("ay-budget-2016")

    def test_a_naive_moment_is_china_standard_time(self) -> None:
        """A naive datetime is read as China Standard Time, like an event's."""
        assert WF.rules_at(datetime(2015, 12, 31, 23, 59)) == WF.rules_at(
            date(2015, 12, 31)
        )


class TestRulesOfTheDay:
    def test_the_workflow_reads_the_rules_the_framework_gives_that_day(self) -> None:
        """The workflow's memo of the rules per day is the framework's answer."""
        wf = pp.Workflow()
        history = list(LIFE)
        for index in range(1, len(history)):
            wf.check(WF.replay(history[:index]), history[index])
        memo = wf._by_day
        assert memo
        for day, rules in memo.items():
            assert rules is wf.framework.rules_on(day)

    def test_a_pickled_workflow_starts_an_empty_memo_and_judges_alike(self) -> None:
        """Pickling drops the memo, never the judgement."""
        wf = pp.Workflow()
        project, event = WF.replay(LIFE[:5]), LIFE[5]
        before = wf.check(project, event)
        again = pickle.loads(pickle.dumps(wf))  # noqa: S301 - our own bytes
        assert again == wf
        assert not again._by_day
        assert again.check(project, event) == before
