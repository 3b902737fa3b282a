"""`WorkflowMachine`: a stateful Hypothesis test of the workflow under a framework.

The machine opens one project and fires designed events at it (`steps`):
mostly valid, sometimes breaking a rule on purpose, sometimes drawn at
random.  After each event it checks what the library promises — ``check``
agrees with ``apply``, a refusal leaves the project unchanged and cites
registered rules, the design's verdict holds — and after every step the
invariants: replay equals the project, the stored form round-trips, time
never runs backwards, money stays within the budget.  Subclass it to add
invariants of your own (``@invariant()``) or to set `framework`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from procpolicy import serialization
from procpolicy.errors import TransitionRefused
from procpolicy.events import Amended, Event
from procpolicy.policy import PolicyFramework
from procpolicy.presets import anyang
from procpolicy.project import Project
from procpolicy.rules import RULES, Violation
from procpolicy.testing._driver import Step, days_for, design_next, design_start
from procpolicy.testing.strategies import events
from procpolicy.workflow import Workflow

__all__ = ["WorkflowMachine"]


class WorkflowMachine(RuleBasedStateMachine):
    """A rule-based state machine that drives one project through a framework.

    Use it as ``TestAnyang = WorkflowMachine.TestCase``, or for your own rules
    ``TestMine = WorkflowMachine.for_framework(my_framework).TestCase``.  A
    subclass adds its own ``@invariant()`` methods, reading `project`,
    `workflow` and `last`.

    Attributes:
        framework: the framework, or a strategy drawing one per run
            (`presets.anyang` when None).
        invalid: the share of events designed to break a rule.
        record: a list to which every judged ``(event, violations)`` pair is
            appended, for `rule_coverage`; None records nothing.
        workflow: the run's workflow.
        project: the project so far.
        last: the last designed step, and what the workflow said of it.
    """

    framework: ClassVar[PolicyFramework | st.SearchStrategy[PolicyFramework] | None] = (
        None
    )
    invalid: ClassVar[float] = 0.15
    record: ClassVar[list[tuple[Event, tuple[Violation, ...]]] | None] = None

    workflow: Workflow
    project: Project
    last: tuple[Step, tuple[Violation, ...]] | None

    @classmethod
    def for_framework(
        cls,
        framework: PolicyFramework | st.SearchStrategy[PolicyFramework],
        **attributes: Any,
    ) -> type[WorkflowMachine]:
        """A subclass that drives projects under ``framework`` (or a strategy).

        ``attributes`` set other class attributes (``invalid``, ``record``).
        """
        return type(
            f"{cls.__name__}ForFramework",
            (cls,),
            {"framework": framework, **attributes},
        )

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """Open a project with a designed `Drafted` event."""
        chosen = type(self).framework
        framework = (
            data.draw(chosen)
            if isinstance(chosen, st.SearchStrategy)
            else chosen or anyang()
        )
        self.workflow = Workflow(framework)
        first = design_start(data.draw, framework, *days_for(framework))
        self.project = self.workflow.start(first.event)  # type: ignore[arg-type]
        self.last = None

    @rule(data=st.data())
    def step(self, data: st.DataObject) -> None:
        """Design the next event and judge it; check the judgement."""
        loose = self.project.stage.is_terminal or (
            data.draw(st.integers(0, 999)) >= round(1000 * (1 - self.invalid))
        )
        step = design_next(
            data.draw, self.workflow, self.project, loose=loose, events=events
        )
        assert step is not None  # noqa: S101 - a loose design always exists
        self.judge(step)

    def judge(self, step: Step) -> None:
        """Apply ``step`` and check what the library promises of the judgement."""
        before, event = self.project, step.event
        violations = self.workflow.check(before, event)
        self.last = (step, violations)
        if self.record is not None:
            self.record.append((event, violations))
        for violation in violations:
            assert RULES[violation.rule.id] == violation.rule, violation  # noqa: S101
        ids = {v.rule.id for v in violations}
        if step.breaks is not None:
            # The design's verdict: what it breaks on purpose is cited, and an
            # event designed to pass passes.
            assert step.breaks <= ids, (step, violations)  # noqa: S101
            assert step.breaks or not ids, (step, violations)  # noqa: S101
        try:
            after = self.workflow.apply(before, event)
        except TransitionRefused as refusal:
            _check_refusal(refusal, before, event, violations)
            return
        assert not violations, violations  # noqa: S101 - check said it fails
        assert after.history == (*before.history, event)  # noqa: S101
        self.project = after

    # -- the library's invariants ----------------------------------------------
    @invariant()
    def replay_equals_project(self) -> None:
        """Replaying the history re-judges every event and gives the project."""
        assert self.workflow.replay(self.project.history) == self.project  # noqa: S101
        assert self.workflow.load(self.project.history).stage is self.project.stage  # noqa: S101

    @invariant()
    def stored_form_round_trips(self) -> None:
        """``from_dict(Project, to_dict(project))`` gives the project back."""
        data = serialization.to_dict(self.project)
        back = serialization.from_dict(Project, data)
        assert back == self.project  # noqa: S101
        assert back.stage is self.project.stage  # noqa: S101

    @invariant()
    def time_runs_forward(self) -> None:
        """No event of the history predates the one before it."""
        instants = [e.instant for e in self.project.history]
        assert instants == sorted(instants)  # noqa: S101

    @invariant()
    def stage_graph_holds(self) -> None:
        """A project at a terminal stage allows nothing; any other allows something."""
        allowed = self.workflow.allowed(self.project)
        assert bool(allowed) is not self.project.stage.is_terminal  # noqa: S101

    @invariant()
    def money_stays_within_budget(self) -> None:
        """Award and contract amounts stay within the budget; pay within contract.

        What supplementary contracts (`Amended`) add counts as contracted too.
        """
        project = self.project
        budget, award = project.budgeted, project.award
        assert all(p.amount <= budget for p in project.periods)  # noqa: S101
        assert award is None or award.amount <= budget  # noqa: S101
        supplements = sum(
            (e.amount for e in project.history if isinstance(e, Amended)), Decimal(0)
        )
        assert project.paid <= project.contracted + supplements  # noqa: S101


def _check_refusal(
    refusal: TransitionRefused,
    before: Project,
    event: Event,
    violations: tuple[Violation, ...],
) -> None:
    """A refusal repeats what ``check`` said and leaves the project as it was."""
    assert violations, refusal  # noqa: S101 - check said it passes
    assert refusal.violations == violations  # noqa: S101
    assert refusal.project is before  # noqa: S101
    assert refusal.event is event  # noqa: S101
