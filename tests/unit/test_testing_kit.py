"""The testing kit itself: strategies narrow as asked, checks and machine behave."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, run_state_machine_as_test

import procpolicy as pp
from procpolicy import Layer, Stage, Workflow, events, presets
from procpolicy.events import Event
from procpolicy.project import fold
from procpolicy.testing import (
    RuleCoverage,
    Step,
    WorkflowMachine,
    _values,
    assert_consistent,
    find_conflicts,
    rule_coverage,
    strategies,
)
from procpolicy.testing import _driver as driver
from tests._lifecycle import cleaning_2015

ANYANG = presets.anyang()
FEW = settings(max_examples=max(5, settings().max_examples // 20))
DETERMINISTIC = settings(max_examples=60, derandomize=True, database=None)
"""For the tests that reach every branch of the designer: the same run each time."""


def lax_document(doc_id: str = "ay-lax", years: int = 3) -> pp.PolicyDocument:
    """A supporting document allowing longer contracts than Anyang does."""
    return pp.PolicyDocument(
        id=doc_id,
        title=pp.Label("宽松", "Lax"),
        layer=Layer.SUPPORTING,
        effective=date(2016, 1, 1),
        sets=pp.Overrides(max_contract_years=years),
        articles={"max_contract_years": "§1"},
    )


class TestAssertConsistent:
    def test_a_sound_framework_passes(self):
        """Anyang and national law alone raise nothing."""
        assert_consistent(ANYANG)
        assert_consistent(presets.national())

    def test_an_unsound_framework_raises_with_every_finding(self):
        """The error lists every finding, in the message and in ``findings``."""
        broken = ANYANG.without("ay-evaluation").with_document(lax_document())
        with pytest.raises(pp.PolicyInconsistent) as caught:
            assert_consistent(broken)
        assert caught.value.findings == broken.check()
        assert len(caught.value.findings) >= 2
        for finding in caught.value.findings:
            assert finding.message in str(caught.value)


class TestFindConflicts:
    def test_a_loosening_document_is_named_with_what_it_loosens(self):
        """A longer contract term is reported against the implementation measure."""
        (finding,) = find_conflicts(ANYANG, [lax_document()])
        assert finding.rule.id == "framework.loosening"
        assert finding.documents == ("ay-lax", "ay-implementation")
        assert "max_contract_years" in finding.message

    def test_a_stricter_document_conflicts_with_nothing(self):
        """A shorter tender deadline tightens: no conflict."""
        strict = attrs.evolve(
            lax_document("ay-strict"),
            sets=pp.Overrides(min_tender_days=30),
            articles={"min_tender_days": "§2"},
        )
        assert find_conflicts(ANYANG, [strict]) == ()

    def test_the_framework_s_own_findings_are_not_conflicts(self):
        """Only findings the documents bring are reported."""
        base = ANYANG.without("ay-process")
        assert base.check()
        assert find_conflicts(base, []) == ()
        assert [f.rule.id for f in find_conflicts(base, [lax_document()])] == [
            "framework.loosening"
        ]

    def test_documents_are_judged_together(self):
        """Two documents each loosening are both reported."""
        found = find_conflicts(ANYANG, [lax_document("ay-a"), lax_document("ay-b", 2)])
        assert sorted(f.documents[0] for f in found) == ["ay-a", "ay-b"]

    def test_a_taken_id_is_refused(self):
        """A document whose id the framework has raises `PolicyInconsistent`."""
        with pytest.raises(pp.PolicyInconsistent, match="ay-process"):
            find_conflicts(ANYANG, [lax_document("ay-process")])


def judged(
    history: Sequence[Event],
) -> list[tuple[Event, tuple[pp.Violation, ...]]]:
    """Each event of ``history`` after the first with what Anyang's workflow says."""
    workflow = Workflow(ANYANG)
    project = workflow.start(history[0])  # type: ignore[arg-type]
    out = []
    for event in history[1:]:
        found = workflow.check(project, event)
        out.append((event, found))
        if not found:
            project = workflow.apply(project, event)
    return out


class TestRuleCoverage:
    def test_a_clean_lifecycle_passes_its_rules_and_fails_none(self):
        """The 2015 lifecycle passes each rule it meets and fails none."""
        coverage = rule_coverage(judged(cleaning_2015()))
        assert coverage.failed == frozenset()
        assert {
            "stage.order",
            "catalogue.listed",
            "settlement.payment",
        } <= coverage.passed
        assert "renewal.grade" not in coverage.passed
        assert set(coverage.untested) == {r for r, _, _ in coverage.counts}

    def test_a_refusal_counts_as_a_failure_of_each_rule_it_cites(self):
        """A refused event fails its rules and passes the others that judge it."""
        history = cleaning_2015()
        late = attrs.evolve(history[5], at=datetime(2015, 6, 1, 9))
        coverage = rule_coverage(judged([*history[:5], late]))
        counts = {rule: (ok, bad) for rule, ok, bad in coverage.counts}
        assert counts["contract.deadline"] == (0, 1)
        assert counts["contract.term"] == (1, 0)
        assert "contract.deadline" in coverage.failed

    def test_an_event_out_of_the_graph_counts_for_the_stage_order(self):
        """A second `Drafted` is judged by the stage order alone."""
        drafted = cleaning_2015()[0]
        workflow = Workflow(ANYANG)
        found = workflow.check(workflow.start(drafted), drafted)
        coverage = rule_coverage([(drafted, found)])
        assert coverage.failed == {"stage.order"}
        assert coverage.passed == frozenset()

    def test_counts_cover_every_workflow_rule_in_registry_order(self):
        """Every rule guarding the workflow has a row, none of the framework's."""
        coverage = rule_coverage([])
        ids = [rule for rule, _, _ in coverage.counts]
        assert ids == [r for r in pp.RULES.ids() if r in ids]
        assert "contract.term" in ids
        assert "framework.loosening" not in ids

    def test_the_report_marks_untested_rules(self):
        """``str`` gives one line per rule, marking those not seen both ways."""
        history = cleaning_2015()
        late = attrs.evolve(history[5], at=datetime(2015, 6, 1, 9))
        text = str(rule_coverage(judged([*history[:5], late, *history[5:]])))
        lines = text.splitlines()
        assert lines[0].split() == ["rule", "passed", "failed"]
        deadline = next(line for line in lines if line.startswith("contract.deadline"))
        assert "untested" not in deadline
        assert "untested" in next(line for line in lines if line.startswith("renewal"))

    @pytest.mark.parametrize(
        "result",
        [
            "Budgeted",
            (cleaning_2015()[1],),
            (cleaning_2015()[1], (), ()),
            ("Budgeted", ()),
            (cleaning_2015()[1], None),
            (cleaning_2015()[1], ("not a violation",)),
        ],
        ids=["text", "single", "triple", "not-an-event", "none", "not-violations"],
    )
    def test_a_result_that_is_not_an_event_and_violations_is_refused(self, result):
        """Bad results raise `InvalidInput` naming their index."""
        good = (cleaning_2015()[1], ())
        with pytest.raises(pp.InvalidInput, match=r"results\[1\]"):
            rule_coverage([good, result])

    def test_results_may_be_lists(self):
        """A result pair may be a list, as JSON would give it."""
        event = cleaning_2015()[1]
        coverage = rule_coverage([[event, []]])  # type: ignore[list-item]
        assert isinstance(coverage, RuleCoverage)
        assert "budget.targets" in coverage.passed


class TestStep:
    def test_a_step_designed_to_pass_is_valid(self):
        """No rule to break: the step is valid; a prediction of breaks is not."""
        event = cleaning_2015()[1]
        assert Step(event).is_valid
        assert not Step(event, frozenset({"budget.targets"})).is_valid
        assert not Step(event, None).is_valid

    @pytest.mark.parametrize(
        "fields",
        [{"event": "Budgeted"}, {"breaks": ["budget.targets"]}, {"breaks": {1}}],
        ids=["event", "list", "ids"],
    )
    def test_a_malformed_step_is_refused(self, fields):
        """A step needs an event and a frozenset of rule ids (or None)."""
        values: dict[str, Any] = {"event": cleaning_2015()[1], **fields}
        if "breaks" in values:
            values["breaks"] = (
                frozenset(values["breaks"])
                if isinstance(values["breaks"], set)
                else values["breaks"]
            )
        with pytest.raises(pp.InvalidInput):
            Step(**values)

    def test_the_day_of_a_moment_is_its_china_standard_time_date(self):
        """Naive moments are CST; aware ones are converted to it."""
        assert driver.day_of(datetime(2016, 1, 1, 23)) == date(2016, 1, 1)
        utc = datetime(2015, 12, 31, 20, tzinfo=UTC)
        assert driver.day_of(utc) == date(2016, 1, 1)


class TestValueStrategies:
    @FEW
    @given(strategies.documents(Layer.SUPPORTING))
    def test_documents_narrow_to_a_layer(self, document):
        """``documents(layer=...)`` draws that layer only, citing every value."""
        assert document.layer is Layer.SUPPORTING
        assert document.role is None
        assert all(document.article(name) for name in document.sets.names())

    @FEW
    @given(strategies.documents(Layer.CORE, framework=ANYANG))
    def test_core_documents_have_a_role_and_a_new_id(self, document):
        """A CORE document fills a role; its id is new to the framework."""
        assert document.role is not None
        assert document.id not in ANYANG

    @FEW
    @given(st.data())
    def test_documents_may_supersede_what_the_strategy_says(self, data):
        """``supersedes=`` draws the superseded id."""
        ids = st.sampled_from([d.id for d in ANYANG.documents])
        document = data.draw(strategies.documents(supersedes=ids))
        assert document.supersedes in ANYANG

    def test_tightening_needs_a_framework(self):
        """``tightening=True`` alone is refused."""
        with pytest.raises(pp.InvalidInput, match="tightening"):
            strategies.documents(tightening=True)

    @FEW
    @given(strategies.frameworks(base=ANYANG, min_size=1, max_size=2))
    def test_frameworks_extend_their_base(self, framework):
        """``frameworks(base=...)`` keeps the base documents, in order, and adds."""
        base = ANYANG.documents
        assert framework.documents[: len(base)] == base
        assert 1 <= len(framework) - len(base) <= 2

    @FEW
    @given(strategies.frameworks(base=presets.national(), sound=True, min_size=1))
    def test_sound_national_frameworks_add_national_documents(self, framework):
        """On national law alone, the sound documents added are national."""
        assert {d.layer for d in framework.documents} == {Layer.NATIONAL}
        assert framework.check() == ()

    def test_frameworks_rename_a_drawn_id_the_base_has(self):
        """A clash of ids is resolved by a suffix, never by failing."""
        assert _values._new_id("gpl", ["gpl", "gpl-2"]) == "gpl-3"
        assert _values._new_id("ay-9", ["gpl"]) == "ay-9"

    @FEW
    @given(strategies.evaluations(evaluator=pp.Evaluator.THIRD_PARTY))
    def test_evaluations_narrow_to_an_evaluator(self, evaluation):
        """A third-party evaluation has an external score."""
        assert evaluation.evaluator is pp.Evaluator.THIRD_PARTY
        assert evaluation.external_score is not None

    @FEW
    @given(
        strategies.purchasers(kinds=[pp.PurchaserKind.STATE_ORGAN]),
        strategies.undertakers(kinds=[pp.UndertakerKind.INDIVIDUAL]),
        strategies.catalogue_items(category=pp.ServiceCategory.TRAINING),
    )
    def test_parties_and_items_narrow_to_kinds(self, purchaser, undertaker, item):
        """Kinds and categories narrow as asked."""
        assert purchaser.kind is pp.PurchaserKind.STATE_ORGAN
        assert undertaker.kind is pp.UndertakerKind.INDIVIDUAL
        assert item.category is pp.ServiceCategory.TRAINING

    @FEW
    @given(strategies.catalogues(min_size=2, max_size=3))
    def test_catalogues_respect_their_size(self, catalogue):
        """Categories and items together number within the sizes."""
        assert 2 <= len(catalogue.categories) + len(catalogue.items) <= 3

    @FEW
    @given(
        strategies.overrides(
            names=["min_tender_days", "max_contract_years"], min_size=1
        )
    )
    def test_overrides_narrow_to_names(self, overrides):
        """``overrides(names=...)`` sets only those names."""
        assert 1 <= len(overrides) <= 2
        assert set(overrides.names()) <= {"min_tender_days", "max_contract_years"}

    @FEW
    @given(strategies.rules(registered=False))
    def test_unregistered_rules_are_well_formed(self, rule):
        """A drawn rule has a dotted id the registry does not hold."""
        assert "." in rule.id
        assert rule.id not in pp.RULES

    @FEW
    @given(
        strategies.grade_bands(ordered=False),
        strategies.payment_schedules(monotone=False),
        strategies.indicator_systems(min_size=2, max_size=3),
    )
    def test_tables_may_be_drawn_unordered(self, bands, ratios, system):
        """Unordered tables are still valid values; indicator points add to 100."""
        assert isinstance(bands, pp.GradeBands)
        assert isinstance(ratios, pp.PaymentSchedule)
        assert 2 <= len(system.indicators) <= 3
        assert sum(i.points for i in system.indicators) == 100

    @pytest.mark.parametrize("name", pp.Parameters.names())
    @FEW
    @given(data=st.data())
    def test_every_parameter_has_valid_values(self, name, data):
        """Each parameter's strategy gives values `Overrides` accepts."""
        value = data.draw(strategies.parameter_values(name))
        assert pp.Overrides(**{name: value}).get(name) == value

    def test_an_unknown_parameter_is_refused(self):
        """``parameter_values`` of a name that is no parameter raises."""
        with pytest.raises(pp.InvalidInput, match="max_contract_yrs"):
            strategies.parameter_values("max_contract_yrs")

    def test_every_public_class_has_a_strategy(self):
        """``values`` covers every class and enum ``procpolicy`` exports."""
        classes = [
            cls
            for name in pp.__all__
            if isinstance(cls := getattr(pp, name), type)
            and (attrs.has(cls) or (issubclass(cls, pp.BilingualEnum) and list(cls)))
        ]
        for cls in [*classes, *events.EVENT_TYPES, Event, pp.Strictness]:
            assert strategies.values(cls) is not None, cls

    @pytest.mark.parametrize(
        "cls", [int, pp.BilingualEnum, "Label"], ids=["int", "empty enum", "text"]
    )
    def test_values_refuses_what_procpolicy_does_not_define(self, cls):
        """A foreign class, an enum without members or a name raise `InvalidInput`."""
        with pytest.raises(pp.InvalidInput, match="no strategy"):
            strategies.values(cls)

    def test_events_refuse_a_class_that_is_no_event(self):
        """``events(...)`` of a foreign class raises `InvalidInput`."""
        with pytest.raises(pp.InvalidInput, match="event classes"):
            strategies.events(pp.Label)  # type: ignore[arg-type]

    @FEW
    @given(strategies.events(events.Budgeted, events.Closed))
    def test_events_narrow_to_classes(self, event):
        """``events(*kinds)`` draws those classes only."""
        assert type(event) in (events.Budgeted, events.Closed)

    @FEW
    @given(strategies.rule_sets(ANYANG), strategies.workflows(ANYANG))
    def test_rule_sets_and_workflows_narrow_to_a_framework(self, rules, workflow):
        """Rule sets are Anyang's on some day; workflows run under Anyang."""
        assert rules == ANYANG.at(rules.valid_from or date(1990, 1, 1))
        assert workflow.framework is ANYANG

    @FEW
    @given(strategies.json_values())
    def test_json_values_are_json_like(self, value):
        """Drawn values serialise as JSON (NaN allowed)."""
        json.dumps(value)

    @FEW
    @given(strategies.limits(), strategies.contract_periods())
    def test_limits_and_periods_are_valid(self, limits, period):
        """Limits are positive; periods end no earlier than they start."""
        assert limits.max_depth >= 1
        assert period.end >= period.start


class TestHistoryStrategies:
    @pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.name)
    @FEW
    @given(data=st.data())
    def test_projects_reach_the_stage_asked_for(self, stage, data):
        """``projects(stage=...)`` goes through the workflow to that stage."""
        project = data.draw(strategies.projects(stage=stage))
        assert project.stage is stage
        assert Workflow(ANYANG).replay(project.history) == project

    @FEW
    @given(strategies.projects(max_size=3))
    def test_projects_take_the_shortest_way_past_their_size(self, project):
        """Past ``max_size`` events a project heads straight for its stage."""
        shortest = {Stage.DRAFT: 1, Stage.CLOSED: 11}
        assert len(project) <= 3 + 12 or project.stage not in shortest

    @FEW
    @given(
        strategies.event_sequences(
            min_size=3, max_size=6, earliest=date(2016, 3, 1), latest=date(2016, 3, 31)
        )
    )
    def test_event_sequences_start_drafted_within_the_days_asked(self, history):
        """The first event is `Drafted` on a day asked for; sizes hold."""
        assert isinstance(history[0], events.Drafted)
        assert date(2016, 3, 1) <= history[0].day <= date(2016, 3, 31)
        assert 3 <= len(history) <= 6

    @FEW
    @given(strategies.steps(invalid=0))
    def test_steps_without_invalid_ones_are_all_accepted(self, designed):
        """With ``invalid=0`` every step is designed to pass, and passes."""
        workflow = Workflow(ANYANG)
        project = workflow.start(designed[0].event)
        for step in designed[1:]:
            assert step.is_valid or project.stage.is_terminal
            project = workflow.apply(project, step.event)

    @FEW
    @given(strategies.steps(invalid=1, max_size=8))
    def test_steps_all_invalid_break_or_are_random(self, designed):
        """With ``invalid=1`` only an incomplete disclosure is designed to pass.

        Nothing refuses a disclosure; the procurement after it is refused.
        """
        for step in designed[1:]:
            assert not step.is_valid or isinstance(step.event, events.Disclosed)

    @pytest.mark.parametrize("invalid", [-0.1, 1.5])
    def test_an_invalid_share_outside_zero_to_one_is_refused(self, invalid):
        """``invalid`` is a share."""
        with pytest.raises(pp.InvalidInput, match="0–1"):
            strategies.steps(invalid=invalid)

    @FEW
    @given(strategies.event_sequences(presets.national(), max_size=5))
    def test_national_law_alone_lists_nothing_so_no_budget_passes(self, history):
        """Under national law alone every budget is refused: nothing is listed."""
        workflow = Workflow(presets.national())
        project = workflow.start(history[0])
        for event in history[1:]:
            if isinstance(event, events.Budgeted):
                assert "catalogue.listed" in {
                    v.rule.id for v in workflow.check(project, event)
                }

    def test_the_days_of_a_framework_start_with_its_local_documents(self):
        """Designed projects start from the first local document (or 2014)."""
        assert driver.days_for(ANYANG) == (date(2014, 1, 1), date(2024, 12, 31))
        assert driver.days_for(presets.national())[0] == date(2014, 1, 1)
        assert driver.days_for(ANYANG, date(2030, 1, 1)) == (
            date(2030, 1, 1),
            date(2030, 1, 1),
        )


class TestDesignerEdges:
    @DETERMINISTIC
    @given(strategies.steps(invalid=0.5, max_size=40))
    def test_every_design_of_anyang_keeps_its_verdict(self, designed):
        """Half the steps break a rule on purpose; each verdict holds."""
        workflow = Workflow(ANYANG)
        project = workflow.start(designed[0].event)
        for step in designed[1:]:
            found = {v.rule.id for v in workflow.check(project, step.event)}
            if step.breaks is not None:
                assert step.breaks <= found
                assert step.breaks or not found
            if not found:
                project = workflow.apply(project, step.event)

    @DETERMINISTIC
    @given(data=st.data())
    def test_an_evaluation_without_a_tolerance_may_take_any_internal_score(self, data):
        """Where no rule ties the internal score to daily ones, any score passes."""
        loose = Workflow(
            pp.presets.national().with_document(ANYANG.document("ay-catalogue-2015"))
        )
        project = fold(cleaning_2015()[:6])
        step = driver.design_next(
            data.draw, loose, project, loose=False, events=strategies.events
        )
        assert step is not None
        assert loose.check(project, step.event) == ()

    @pytest.mark.parametrize("size", range(1, 11), ids=lambda n: f"after-{n}")
    @DETERMINISTIC
    @given(data=st.data())
    def test_every_loose_step_of_the_2015_lifecycle_keeps_its_verdict(self, size, data):
        """From each stage of a clean lifecycle, loose designs break what they say."""
        project = fold(cleaning_2015()[:size])
        workflow = Workflow(ANYANG)
        step = driver.design_next(
            data.draw, workflow, project, loose=True, events=strategies.events
        )
        assert step is not None
        found = {v.rule.id for v in workflow.check(project, step.event)}
        if step.breaks is not None:
            assert step.breaks <= found
            assert step.breaks or not found

    @DETERMINISTIC
    @given(st.data())
    def test_every_renewal_designed_to_break_a_rule_is_refused_citing_it(self, data):
        """Term cap, term and budget: each broken renewal is refused for it."""
        project = fold(cleaning_2015()[:10])
        workflow = Workflow(ANYANG)
        context = driver._Context(data.draw, workflow, project, loose=True)
        step = driver._renewed(context)
        found = {v.rule.id for v in workflow.check(project, step.event)}
        assert context.broken
        assert step.breaks
        assert step.breaks <= found

    @DETERMINISTIC
    @given(st.data())
    def test_a_project_whose_contract_ended_unsupervised_closes_out(self, data):
        """Past its period with no daily evaluation, the evaluation is not next.

        A contract may start before it is signed, so its period can be over
        at signing; a daily evaluation recorded after the end belongs to the
        period, so the project is not stuck: it is supervised (or its contract
        published or supplemented first), then evaluated.
        """
        history = cleaning_2015()[:6]
        signed = history[5]
        assert isinstance(signed, events.Contracted)
        contracted = attrs.evolve(signed, start=date(2014, 4, 1), end=date(2015, 3, 1))
        project = fold([*history[:5], contracted])
        workflow = Workflow(ANYANG)
        assert workflow.replay(project.history) == project
        step = driver.design_next(
            data.draw, workflow, project, loose=False, events=strategies.events
        )
        assert step is not None
        assert type(step.event) in {
            events.Supervised,
            events.ContractPublished,
            events.Amended,
        }
        assert step.breaks == frozenset()
        assert workflow.check(project, step.event) == ()

    @DETERMINISTIC
    @given(st.data())
    def test_a_terminal_project_has_no_valid_next_step(self, data):
        """A closed project gets only loose steps, each refused."""
        project = fold(cleaning_2015())
        workflow = Workflow(ANYANG)
        assert (
            driver.design_next(data.draw, workflow, project, events=strategies.events)
            is None
        )
        step = driver.design_next(
            data.draw, workflow, project, loose=True, events=strategies.events
        )
        assert step is not None
        assert workflow.check(project, step.event)

    @DETERMINISTIC
    @given(st.data())
    def test_a_tainted_draft_is_cancelled_or_refused_at_budgeting(self, data):
        """A project drafted to break a rule meets it at budgeting."""
        start = driver.design_start(
            data.draw, ANYANG, date(2016, 1, 1), date(2016, 12, 31), loose=True
        )
        workflow = Workflow(ANYANG)
        project = workflow.start(start.event)  # type: ignore[arg-type]
        step = driver.design_next(
            data.draw, workflow, project, loose=False, events=strategies.events
        )
        assert step is not None
        found = {v.rule.id for v in workflow.check(project, step.event)}
        assert (step.breaks or set()) <= found
        assert step.breaks or not found


JUDGED: list[tuple[Event, tuple[pp.Violation, ...]]] = []


class Recorded(WorkflowMachine):
    """A user's machine: one more invariant, and a record of every judgement."""

    record = JUDGED
    checked = 0

    @invariant()
    def budget_is_positive_once_set(self) -> None:
        """A user's own invariant: a budget, once set, is above zero."""
        type(self).checked += 1
        assert self.project.budget is None or self.project.budgeted > Decimal(0)


class TestWorkflowMachine:
    def test_a_subclass_adds_invariants_and_records_judgements(self):
        """The user's invariant runs after every step; the record fills."""
        JUDGED.clear()
        Recorded.checked = 0
        run_state_machine_as_test(
            Recorded, settings=settings(max_examples=5, stateful_step_count=10)
        )
        assert Recorded.checked > 0
        assert JUDGED
        coverage = rule_coverage(JUDGED)
        assert "stage.order" in coverage.passed

    def test_for_framework_makes_a_subclass_with_the_framework(self):
        """``for_framework`` sets the framework and other attributes."""
        national = presets.national()
        machine = WorkflowMachine.for_framework(national, invalid=0.5)
        assert issubclass(machine, WorkflowMachine)
        assert machine.framework is national
        assert machine.invalid == 0.5
        run_state_machine_as_test(
            machine, settings=settings(max_examples=3, stateful_step_count=5)
        )

    def test_a_machine_may_draw_its_framework(self):
        """A strategy as ``framework`` gives one framework per run."""
        machine = WorkflowMachine.for_framework(
            strategies.frameworks(base=ANYANG, layer=Layer.SUPPORTING, max_size=1)
        )
        run_state_machine_as_test(
            machine, settings=settings(max_examples=3, stateful_step_count=5)
        )

    def test_a_wrong_verdict_fails_the_machine(self):
        """A step predicted to pass that the workflow refuses is caught."""
        machine = WorkflowMachine()
        history = cleaning_2015()
        machine.workflow = Workflow(ANYANG)
        machine.project = fold(history[:5])
        late = attrs.evolve(history[5], at=datetime(2015, 6, 1, 9))
        with pytest.raises(AssertionError):
            machine.judge(Step(late))
        machine.judge(Step(late, frozenset({"contract.deadline"})))
        assert machine.project == fold(history[:5])
        machine.judge(Step(history[5]))
        assert machine.project == fold(history[:6])
