"""The procurement workflow: a stage graph of typed events, with guards.

The graph is data (`TRANSITIONS`); each edge names its event class and the
rules that guard it.  `Workflow` judges every event by the rules in force on
the event's own day (``framework.at(event.day)``, memoised by the framework)
and refuses with *every* violated rule at once.  A refused event leaves the
project exactly as it was: projects are immutable.

::

    DRAFT ─Budgeted→ BUDGETED ─Disclosed→ DISCLOSED ─ProcurementStarted→ PROCURING
    PROCURING ─Awarded→ AWARDED ─Contracted→ CONTRACTED ─Supervised→ CONTRACTED
    PROCURING ─ProcurementFailed→ DISCLOSED          (may restart, other method)
    CONTRACTED ─Evaluated→ EVALUATED ─Settled→ SETTLED
    SETTLED ─Renewed→ CONTRACTED | ─Retendered→ DISCLOSED | ─Closed→ CLOSED
    DRAFT…AWARDED ─Cancelled→ CANCELLED
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from attrs import field, frozen
from dateutil.rrule import MONTHLY, rrule

from procpolicy import rules as R  # noqa: N812
from procpolicy._guards import GUARDS, grade_of
from procpolicy.errors import InvalidInput, PolicyInconsistent, TransitionRefused
from procpolicy.events import (
    Awarded,
    Budgeted,
    Cancelled,
    Closed,
    Contracted,
    Disclosed,
    Drafted,
    Evaluated,
    Event,
    ProcurementFailed,
    ProcurementStarted,
    Renewed,
    Retendered,
    Settled,
    Supervised,
)
from procpolicy.parameters import Grade, Outcome
from procpolicy.policy import PolicyFramework, RuleSet
from procpolicy.project import STAGE_AFTER, Project, Stage, advanced, fold, opened
from procpolicy.rules import Violation

if TYPE_CHECKING:
    from procpolicy.rules import Rule

__all__ = ["TRANSITIONS", "Transition", "Workflow", "validate_graph"]


@frozen
class Transition:
    """An edge of the stage graph: from ``sources``, ``event`` leads to ``target``."""

    event: type[Event]
    sources: frozenset[Stage]
    target: Stage

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules that guard the edge, in the order they are judged."""
        return (R.HISTORY_CHRONOLOGY, *(g.rule for g in GUARDS.get(self.event, ())))


_BEFORE_CONTRACT = frozenset(
    {Stage.DRAFT, Stage.BUDGETED, Stage.DISCLOSED, Stage.PROCURING, Stage.AWARDED}
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Budgeted, frozenset({Stage.DRAFT}), Stage.BUDGETED),
    # A later publication completes an earlier one (or follows a re-tender).
    Transition(
        Disclosed, frozenset({Stage.BUDGETED, Stage.DISCLOSED}), Stage.DISCLOSED
    ),
    Transition(ProcurementStarted, frozenset({Stage.DISCLOSED}), Stage.PROCURING),
    Transition(ProcurementFailed, frozenset({Stage.PROCURING}), Stage.DISCLOSED),
    Transition(Awarded, frozenset({Stage.PROCURING}), Stage.AWARDED),
    Transition(Contracted, frozenset({Stage.AWARDED}), Stage.CONTRACTED),
    Transition(Supervised, frozenset({Stage.CONTRACTED}), Stage.CONTRACTED),
    Transition(Evaluated, frozenset({Stage.CONTRACTED}), Stage.EVALUATED),
    Transition(Settled, frozenset({Stage.EVALUATED}), Stage.SETTLED),
    Transition(Renewed, frozenset({Stage.SETTLED}), Stage.CONTRACTED),
    Transition(Retendered, frozenset({Stage.SETTLED}), Stage.DISCLOSED),
    Transition(Closed, frozenset({Stage.SETTLED}), Stage.CLOSED),
    Transition(Cancelled, _BEFORE_CONTRACT, Stage.CANCELLED),
)
"""The stage graph, as data."""


def validate_graph(transitions: Iterable[Transition]) -> None:  # noqa: C901
    """Check a stage graph: one initial stage, all reachable, no exits from ends.

    Also: each event class has one edge, and it leads where the project's
    fold says (`procpolicy.project.STAGE_AFTER`).

    Raises:
        PolicyInconsistent: naming every defect.
    """
    edges = tuple(transitions)
    problems: list[str] = []
    seen: set[type[Event]] = set()
    for edge in edges:
        if edge.event in seen:
            problems.append(f"{edge.event.__name__} has two edges")
        seen.add(edge.event)
        if STAGE_AFTER.get(edge.event) is not edge.target:
            problems.append(
                f"{edge.event.__name__} leads to {edge.target.name}, but a project's "
                f"fold takes it to {STAGE_AFTER.get(edge.event)}"
            )
        exits = {s.name for s in edge.sources if s.is_terminal}
        if exits:
            problems.append(
                f"{edge.event.__name__} leaves terminal stage(s) {sorted(exits)}"
            )
    targets = {e.target for e in edges}
    initial = [s for s in Stage if s not in targets]
    if initial != [Stage.DRAFT]:
        problems.append(
            f"the initial stages are {[s.name for s in initial]}; only DRAFT may be"
        )
    reached, frontier = {Stage.DRAFT}, [Stage.DRAFT]
    while frontier:
        stage = frontier.pop()
        for edge in edges:
            if stage in edge.sources and edge.target not in reached:
                reached.add(edge.target)
                frontier.append(edge.target)
    unreached = [s.name for s in Stage if s not in reached]
    if unreached:
        problems.append(f"stages never reached from DRAFT: {unreached}")
    if problems:
        raise PolicyInconsistent("invalid stage graph: " + "; ".join(problems))


validate_graph(TRANSITIONS)

# The source stages of each event class as a tuple in `Stage` order: a tuple
# tests membership by identity, a frozenset hashes the member with the
# Python-level ``Enum.__hash__`` (~0.75 k instructions a check against ~1.2 k).
_SOURCES: dict[type[Event], tuple[Stage, ...]] = {
    t.event: tuple(s for s in Stage if s in t.sources) for t in TRANSITIONS
}
_GuardFn = Callable[[Project, Any, RuleSet], tuple[Violation, ...]]
_PLAN: dict[type[Event], tuple[tuple[Stage, ...], tuple[_GuardFn, ...]]] = {
    kind: (sources, tuple(g.check for g in GUARDS.get(kind, ())))
    for kind, sources in _SOURCES.items()
}
"""Per event class, what `Workflow.check` needs: one look-up, plain functions."""
_NONE: tuple[Violation, ...] = ()


def _default_framework() -> PolicyFramework:
    from procpolicy.presets import anyang  # noqa: PLC0415 - presets import this package

    return anyang()


@frozen
class Workflow:
    """The purchase process under a framework.

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import presets, events, Purchaser, PurchaserKind
        >>> from procpolicy import ServiceCategory
        >>> wf = Workflow(presets.anyang())
        >>> p = wf.start(events.Drafted(at=datetime(2014, 3, 3),
        ...     project_id="AY-2014-001",
        ...     title="社区社工服务", category=ServiceCategory.SOCIAL_WORK,
        ...     purchaser=Purchaser("安阳市民政局", "民政", PurchaserKind.STATE_ORGAN)))
        >>> [v.rule.id for v in wf.check(p, events.Budgeted(at=datetime(2014, 3, 10),
        ...     amount=400_000, separate_line=False))]
        ['catalogue.listed', 'budget.targets']
    """

    framework: PolicyFramework = field(factory=_default_framework)

    def rules_at(self, day: date) -> RuleSet:
        """The rules in force on ``day`` (memoised by the framework)."""
        return self.framework.rules_on(day)

    # -- judging -----------------------------------------------------------
    def start(self, event: Drafted) -> Project:
        """Open a project with its `Drafted` event.

        The first judgement comes at budgeting.

        Raises:
            InvalidInput: when ``event`` is not a `Drafted`.
        """
        if not isinstance(event, Drafted):
            raise InvalidInput(
                f"start: needs a Drafted event, not {type(event).__name__}"
            )
        return opened(event)

    def check(self, project: Project, event: Event) -> tuple[Violation, ...]:
        """Every rule ``event`` would break; ``()`` when `apply` would accept it.

        Never raises: a value that is not an event is reported as a
        ``stage.order`` violation.
        """
        plan = _PLAN.get(type(event))
        if plan is None:  # only the fourteen event classes have a plan
            return (_not_an_event(event),)
        return _judge(self.framework, project, event, plan)

    def apply(self, project: Project, event: Event) -> Project:
        """The project after ``event``.

        Raises:
            TransitionRefused: with every violation; ``project`` is unchanged.
            InvalidInput: when ``event`` is not an event.
        """
        plan = _PLAN.get(type(event))
        if plan is None:
            if not isinstance(event, Event):
                raise InvalidInput(f"apply: needs an event, not {type(event).__name__}")
            raise TransitionRefused(project, event, (_not_an_event(event),))
        violations = _judge(self.framework, project, event, plan)
        if violations:
            raise TransitionRefused(project, event, violations)
        return advanced(project, event)

    def replay(self, history: Iterable[Event]) -> Project:
        """Re-judge a whole history from its `Drafted` event.

        Raises:
            TransitionRefused: at the first event that breaks a rule.
            InvalidInput: when the history is empty or does not start with
                `Drafted`.
        """
        events = tuple(history)
        if not events:
            raise InvalidInput("history: must not be empty")
        project = self.start(events[0])  # type: ignore[arg-type]
        for event in events[1:]:
            project = self.apply(project, event)
        return project

    def load(self, history: Iterable[Event]) -> Project:
        """Fold a trusted history without judging it (see `replay`)."""
        return fold(history)

    def allowed(self, project: Project) -> frozenset[type[Event]]:
        """The event classes the stage graph allows now (guards not applied)."""
        return frozenset(t.event for t in TRANSITIONS if project.stage in t.sources)

    def requirements(
        self, project: Project, event_type: type[Event], at: date | None = None
    ) -> tuple[Violation, ...]:
        """What stands between ``project`` and an event of ``event_type`` now.

        Reports the stage graph and the guards that judge the project alone
        (the catalogue, the negative list, disclosure, evaluation before
        payment, the grade before renewal), by the rules on ``at`` (default:
        the day of the last event).  Guards that read the event's own figures
        are judged when the event is in hand (`check`).

        Examples:
            >>> from datetime import datetime
            >>> from procpolicy import events, Purchaser, PurchaserKind, ServiceCategory
            >>> wf = Workflow()
            >>> p = wf.start(events.Drafted(at=datetime(2015, 3, 2), project_id="X-1",
            ...     title="水务设施维护",
            ...     category=ServiceCategory.WATER_FACILITY_MAINTENANCE,
            ...     purchaser=Purchaser("市水利局", "水利", PurchaserKind.STATE_ORGAN)))
            >>> [v.rule.id for v in wf.requirements(p, events.Settled)]
            ['stage.order', 'settlement.evaluated']
        """
        sources = _SOURCES.get(event_type)
        if sources is None:
            raise InvalidInput(f"requirements: {event_type!r} is not an event class")
        day = project.last_event.day if at is None else at
        found: list[Violation] = []
        if project.stage not in sources:
            found.append(_stage_violation(project, event_type, sources))
        rules = self.framework.rules_on(day)
        for guard in GUARDS.get(event_type, ()):
            if not guard.reads_event:
                found.extend(guard.check(project, None, rules))
        return tuple(found)

    # -- views that need the rules -------------------------------------------
    def grade(self, project: Project) -> Grade | None:
        """The grade of the current period's evaluation, by the bands on its day."""
        return grade_of(project, self.framework.at)

    def outcome(self, project: Project) -> Outcome | None:
        """What the current grade means (payment, renewal, accountability)."""
        evaluated = project.evaluated
        grade = self.grade(project)
        if evaluated is None or grade is None:
            return None
        return self.framework.rules_on(evaluated.day).outcome(grade)

    def retender_priority(self, project: Project) -> bool:
        """Whether the last cycle's undertaker is preferred in this re-tender.

        再次招评标优先: after a `Retendered` event, the undertaker of the cycle
        before is preferred when its last evaluation earned a grade that may
        renew under the rules on the evaluation's day.  False before any
        re-tender.
        """
        retendered = evaluated = None
        for event in reversed(project.history):
            if retendered is None:
                if isinstance(event, Retendered):
                    retendered = event
            elif isinstance(event, Evaluated):
                evaluated = event
                break
        if evaluated is None:
            return False
        rules = self.framework.rules_on(evaluated.day)
        return rules.outcome(rules.grade(evaluated.evaluation.total)).retender_priority

    def missing_supervisions(self, project: Project, until: date) -> tuple[date, ...]:
        """Due dates of daily evaluation in the current period with no record.

        The schedule is a `dateutil.rrule` every ``supervision_interval_months``
        months from the period's start (rules in force at the start); a due
        date is met by a `Supervised` event between it and the next due date.

        Examples:
            >>> from procpolicy import presets
            >>> Workflow(presets.anyang()).missing_supervisions.__name__
            'missing_supervisions'
        """
        period = project.contract
        if period is None:
            return ()
        interval = self.framework.rules_on(
            period.start
        ).parameters.supervision_interval_months
        last = min(until, period.end)
        if interval == 0 or last < period.start:
            return ()
        due = [
            d.date()
            for d in rrule(
                MONTHLY,
                interval=interval,
                dtstart=datetime.combine(period.start, time()),
                until=datetime.combine(last, time()),
            )
        ]
        days = [s.day for s in project.supervisions]
        bounds = [*due[1:], None]
        return tuple(
            d
            for d, nxt in zip(due, bounds, strict=True)
            if not any(d <= s and (nxt is None or s < nxt) for s in days)
        )

    # -- diagrams ----------------------------------------------------------
    def to_mermaid(self) -> str:
        """The stage graph as a Mermaid ``stateDiagram-v2``.

        Each edge is labelled with its event and the ids of its guard rules.

        Examples:
            >>> print(Workflow().to_mermaid().splitlines()[0])
            stateDiagram-v2
        """
        lines = ["stateDiagram-v2", "    [*] --> DRAFT"]
        for edge in TRANSITIONS:
            label = _edge_label(edge)
            lines += [
                f"    {source.name} --> {edge.target.name}: {label}"
                for source in Stage
                if source in edge.sources
            ]
        lines += ["    CLOSED --> [*]", "    CANCELLED --> [*]"]
        return "\n".join(lines)

    def to_dot(self) -> str:
        """The stage graph in Graphviz DOT, edges labelled like `to_mermaid`.

        Examples:
            >>> print(Workflow().to_dot().splitlines()[0])
            digraph procpolicy {
        """
        lines = ["digraph procpolicy {", "    rankdir=LR;"]
        lines += [
            f'    {stage.name} [label="{stage.name}\\n{stage.zh}"'
            + (", shape=doublecircle" if stage.is_terminal else "")
            + "];"
            for stage in Stage
        ]
        for edge in TRANSITIONS:
            label = _edge_label(edge).replace("\\", "")
            lines += [
                f'    {source.name} -> {edge.target.name} [label="{label}"];'
                for source in Stage
                if source in edge.sources
            ]
        lines.append("}")
        return "\n".join(lines)


def _not_an_event(value: object) -> Violation:
    return Violation(
        R.STAGE_ORDER,
        f"{type(value).__name__} is not an event the workflow knows",
        "不是流程事件",
    )


def _judge(
    framework: PolicyFramework,
    project: Project,
    event: Event,
    plan: tuple[tuple[Stage, ...], tuple[_GuardFn, ...]],
) -> tuple[Violation, ...]:
    """Every rule ``event`` breaks: what `Workflow.check` and `apply` share.

    A module function, not a method, so that `apply` pays no bound-method hop
    on its way here.  No list is built when every guard passes (DESIGN's
    performance notes): ``found`` stays the shared empty tuple.
    """
    sources, guards = plan
    found = _NONE
    if project.stage not in sources:
        found = (_stage_violation(project, type(event), sources),)
    last = project.history[-1]
    if event.instant < last.instant:
        found += (
            Violation(
                R.HISTORY_CHRONOLOGY,
                f"{type(event).__name__} at {event.at} predates the last event "
                f"({type(last).__name__} at {last.at})",
                "事件时间不得早于上一事件",
                (("at", str(event.at)), ("last", str(last.at))),
            ),
        )
    if guards:
        rules = framework.rules_on(event.day)
        for guard in guards:
            result = guard(project, event, rules)
            if result:
                found += result
    return found


def _edge_label(edge: Transition) -> str:
    ids = ", ".join(rule.id for rule in edge.rules)
    return f"{edge.event.__name__} [{ids}]"


def _stage_violation(
    project: Project, kind: type[Event], sources: tuple[Stage, ...]
) -> Violation:
    allowed = ", ".join(s.name for s in Stage if s in sources)
    return Violation(
        R.STAGE_ORDER,
        f"{kind.__name__} cannot follow stage {project.stage.name}; it needs {allowed}",
        f"当前阶段{project.stage.zh}不能进行此步骤",
        (("stage", project.stage.name), ("needs", allowed)),
    )
