"""Workflow laws: replay, refusal, citations and the design oracle, and the machine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procpolicy as pp
from procpolicy import RULES, TransitionRefused, Workflow, presets
from procpolicy.events import Event
from procpolicy.project import fold
from procpolicy.testing import Step, WorkflowMachine, strategies

ANYANG = presets.anyang()
WORKFLOW = Workflow(ANYANG)
SUPPORTED = strategies.frameworks(base=ANYANG, layer=pp.Layer.SUPPORTING, max_size=2)
"""Anyang with up to two supporting documents of any content."""
HEAVY = settings(max_examples=max(10, settings().max_examples // 4))
"""For tests that walk whole histories: a quarter of the profile's examples."""


def judged(workflow: Workflow, history: tuple[Event, ...]) -> pp.Project:
    """The project after every event of ``history`` the workflow accepts."""
    project = workflow.start(history[0])  # type: ignore[arg-type]
    for event in history[1:]:
        if not workflow.check(project, event):
            project = workflow.apply(project, event)
    return project


class TestReplay:
    @HEAVY
    @given(strategies.projects())
    def test_replay_of_a_project_history_equals_the_project(self, project):
        """Re-judging a project's history gives the project back."""
        replayed = WORKFLOW.replay(project.history)
        assert replayed == project
        assert replayed.stage is project.stage

    @HEAVY
    @given(strategies.event_sequences(invalid=0.3))
    def test_replay_of_accepted_events_equals_their_fold(self, history):
        """The judged project, its replay and its trusted fold agree."""
        project = judged(WORKFLOW, history)
        assert WORKFLOW.replay(project.history) == project
        folded = fold(project.history)
        assert folded == project
        assert folded.stage is project.stage
        assert folded.paid == project.paid
        assert folded.periods == project.periods


class TestRefusal:
    @HEAVY
    @given(strategies.event_sequences(invalid=0.3))
    def test_refused_event_leaves_project_unchanged_and_check_agrees(self, history):
        """``check`` is empty exactly when ``apply`` accepts, with the same rules."""
        project = WORKFLOW.start(history[0])
        for event in history[1:]:
            found = WORKFLOW.check(project, event)
            before = pp.serialization.to_dict(project)
            if found:
                with pytest.raises(TransitionRefused) as refused:
                    WORKFLOW.apply(project, event)
                assert refused.value.violations == found
                assert refused.value.project is project
                assert pp.serialization.to_dict(project) == before
                continue
            after = WORKFLOW.apply(project, event)
            assert after.history == (*project.history, event)
            project = after

    @HEAVY
    @given(strategies.event_sequences(invalid=0.5))
    def test_every_violation_cites_a_registered_rule(self, history):
        """Each violation's rule is the registry's rule of that id."""
        project = WORKFLOW.start(history[0])
        for event in history[1:]:
            found = WORKFLOW.check(project, event)
            for violation in found:
                assert RULES[violation.rule.id] == violation.rule
                assert violation.message.strip()
            if not found:
                project = WORKFLOW.apply(project, event)

    @HEAVY
    @given(strategies.frameworks())
    def test_every_finding_cites_a_registered_rule(self, framework):
        """Each finding of a framework's check cites a registered rule."""
        for finding in framework.check():
            assert RULES[finding.rule.id] == finding.rule


def verdicts(
    workflow: Workflow, designed: tuple[Step, ...]
) -> list[tuple[Step, set[str]]]:
    """Each step with the ids of the rules the workflow found it breaks."""
    project = workflow.start(designed[0].event)  # type: ignore[arg-type]
    out = []
    for step in designed[1:]:
        found = workflow.check(project, step.event)
        out.append((step, {v.rule.id for v in found}))
        if not found:
            project = workflow.apply(project, step.event)
    return out


class TestDesignedSteps:
    @HEAVY
    @given(strategies.steps(invalid=0.3))
    def test_steps_designed_to_pass_are_accepted(self, designed):
        """An event built to pass the rules in force passes them."""
        for step, broken in verdicts(WORKFLOW, designed):
            if step.is_valid:
                assert not broken, step

    @HEAVY
    @given(strategies.steps(invalid=0.5))
    def test_steps_designed_to_break_a_rule_are_refused_citing_it(self, designed):
        """An event built to break a rule is refused citing that rule."""
        for step, broken in verdicts(WORKFLOW, designed):
            if step.breaks is not None:
                assert step.breaks <= broken, (step, broken)

    @HEAVY
    @given(st.data())
    def test_designed_steps_hold_under_more_supporting_documents(self, data):
        """The design oracle agrees with the workflow on Anyang plus new documents."""
        framework = data.draw(SUPPORTED)
        workflow = Workflow(framework)
        for step, broken in verdicts(workflow, data.draw(strategies.steps(framework))):
            if step.breaks is not None:
                assert step.breaks <= broken, (step, broken)
                assert step.breaks or not broken, (step, broken)


_MACHINE = settings(
    max_examples=max(5, settings().max_examples // 8), stateful_step_count=25
)

TestAnyangWorkflowMachine = WorkflowMachine.TestCase
TestAnyangWorkflowMachine.settings = _MACHINE

TestSupportedWorkflowMachine = WorkflowMachine.for_framework(SUPPORTED).TestCase
TestSupportedWorkflowMachine.settings = _MACHINE
