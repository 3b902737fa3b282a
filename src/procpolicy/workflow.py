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

from procpolicy._process import (
    CHECKS_OF,
    HISTORY_CHRONOLOGY,
    STAGE_AFTER,
    STAGE_ORDER,
    STEPS,
)
from procpolicy._process._base import NOT_APPLICABLE, Breach, Check, Unknown
from procpolicy._process.evaluation import grade_of
from procpolicy._repr import fields_repr
from procpolicy._validate import instance
from procpolicy.errors import InvalidInput, PolicyInconsistent, TransitionRefused
from procpolicy.events import CST, Drafted, Evaluated, Event, Retendered
from procpolicy.parameters import Grade, Outcome
from procpolicy.parties import Role
from procpolicy.policy import PolicyFramework, RuleSet
from procpolicy.project import Project, Stage, advanced, fold, opened
from procpolicy.rules import (
    Judgement,
    Requirement,
    RuleResult,
    Verdict,
    Violation,
)

if TYPE_CHECKING:
    from procpolicy.rules import Rule

__all__ = ["TRANSITIONS", "Transition", "Workflow", "validate_graph"]


@frozen(repr=False)
class Transition:
    """An edge of the stage graph: from ``sources``, ``event`` leads to ``target``."""

    __repr__ = fields_repr

    event: type[Event]
    sources: frozenset[Stage]
    target: Stage
    actor: Role = Role.FUNCTIONAL
    """Who performs the step (工作机制): the purchaser, a functional department,
    or for budgeting and payment the finance department."""

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules that guard the edge, in the order they are judged."""
        return (HISTORY_CHRONOLOGY, *(c.rule for c in CHECKS_OF.get(self.event, ())))


TRANSITIONS: tuple[Transition, ...] = tuple(
    Transition(step.event, step.sources, step.target, step.actor) for step in STEPS
)
"""The stage graph, as data: derived from the steps declared in the phase
modules of ``procpolicy._process``."""


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
_Guard = Callable[[Project, Any, RuleSet], tuple[Any, ...]]
_Plan = tuple[tuple[Stage, ...], tuple[tuple[_Guard, Check], ...]]
_PLAN: dict[type[Event], _Plan] = {
    kind: (sources, tuple((c.guard, c) for c in CHECKS_OF.get(kind, ())))
    for kind, sources in _SOURCES.items()
}
"""Per event class, what `Workflow.check` needs: one look-up, plain functions
paired with their declarations (read only when a rule fails)."""
_NONE: tuple[Violation, ...] = ()


class _RulesByDay(dict[date, RuleSet]):
    """Per day, the rules in force: a dict whose misses ask the framework.

    The workflow reads the rules of every event's day; a hit is a C-level
    dict read, with no Python call (``rules_on`` is memoised too, but each
    call of it is a Python frame: ~7 k instructions per lifecycle).  One
    entry per distinct day asked, inside a frozen value (DESIGN: caches).
    """

    __slots__ = ("_resolve",)

    def __init__(self, resolve: Callable[[date], RuleSet]) -> None:
        super().__init__()
        self._resolve = resolve

    def __missing__(self, day: date) -> RuleSet:
        rules = self[day] = self._resolve(day)
        return rules

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled empty: the memo refills from the framework it names.
        return (_RulesByDay, (self._resolve,))


def _default_framework() -> PolicyFramework:
    from procpolicy.presets import anyang  # noqa: PLC0415 - presets import this package

    return anyang()


@frozen(repr=False)
class Workflow:
    """The purchase process under a framework.

    ``strict=True`` refuses an event when a rule cannot be judged for want
    of a fact (an ``UNDETERMINED`` verdict), as if it had failed.

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

    __repr__ = fields_repr

    framework: PolicyFramework = field(factory=_default_framework)
    strict: bool = field(default=False, kw_only=True, validator=instance(bool))
    """Whether an undetermined rule refuses like a failed one."""
    _by_day: _RulesByDay = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_day", _RulesByDay(self.framework.rules_on))

    def rules_at(self, day: date | datetime) -> RuleSet:
        """The rules in force on ``day`` (memoised by the framework).

        A `datetime` is read as events read their ``at``: naive, it is China
        Standard Time; aware, it is converted to China Standard Time first,
        so the day is the one the workflow judges an event on (not the UTC
        day that ``dt.date()`` would give).

        Examples:
            >>> from datetime import timedelta, timezone
            >>> late = datetime(2015, 12, 31, 20, tzinfo=timezone.utc)
            >>> Workflow().rules_at(late).valid_from
            datetime.date(2016, 1, 1)
        """
        if isinstance(day, datetime):
            day = (day if day.tzinfo is None else day.astimezone(CST)).date()
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
        if plan is None:  # only the event classes of the steps have a plan
            return (_not_an_event(event),)
        if self.strict:
            return _judge_strict(self._by_day, project, event, plan)
        return _judge(self._by_day, project, event, plan)

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
        if self.strict:
            violations = _judge_strict(self._by_day, project, event, plan)
        else:
            violations = _judge(self._by_day, project, event, plan)
        if violations:
            raise TransitionRefused(project, event, violations)
        return advanced(project, event)

    def judge(self, project: Project, event: Event) -> Judgement:
        """Every rule of ``event``'s edge with its verdict and the basis that day.

        ``judge(p, e).violations == check(p, e)`` and ``.allowed`` agrees with
        `apply`; the trace is built only here, so `check` and `apply` pay
        nothing for it.  Never raises.

        Examples:
            >>> from datetime import datetime
            >>> from decimal import Decimal
            >>> from procpolicy import events, Purchaser, PurchaserKind
            >>> from procpolicy import ServiceCategory
            >>> wf = Workflow()
            >>> p = wf.start(events.Drafted(at=datetime(2015, 3, 2), project_id="X-1",
            ...     title="社工服务", category=ServiceCategory.SOCIAL_WORK,
            ...     purchaser=Purchaser("市民政局", "民政", PurchaserKind.STATE_ORGAN)))
            >>> j = wf.judge(p, events.Budgeted(at=datetime(2015, 3, 9),
            ...     amount=Decimal(300_000), separate_line=False))
            >>> for r in j.results:
            ...     print(r.verdict.name, r.rule.id)
            PASSED stage.order
            PASSED history.chronology
            PASSED catalogue.listed
            PASSED catalogue.prohibited
            PASSED purchaser.eligible
            NOT_APPLICABLE budget.separate_line
            FAILED budget.targets
            >>> j.allowed, j.violations == wf.check(p, j.event)
            (False, True)
        """
        plan = _PLAN.get(type(event))
        if plan is None:
            first = _not_an_event(event)
            return Judgement(
                event=event,
                results=(_result(first, Verdict.FAILED),),
                strict=self.strict,
            )
        sources, pairs = plan
        results: list[RuleResult] = []
        if project.stage in sources:
            results.append(RuleResult(rule=STAGE_ORDER, verdict=Verdict.PASSED))
        else:
            stage = _stage_violation(project, type(event), sources)
            results.append(_result(stage, Verdict.FAILED))
        late = _chronology(project, event)
        if late is None:
            results.append(RuleResult(rule=HISTORY_CHRONOLOGY, verdict=Verdict.PASSED))
        else:
            results.append(_result(late, Verdict.FAILED))
        if pairs:
            rules = self.framework.rules_on(event.day)
            results += [
                _rule_result(c, guard(project, event, rules), rules)
                for guard, c in pairs
            ]
        return Judgement(event=event, results=tuple(results), strict=self.strict)

    def audit(self, history: Iterable[Event]) -> tuple[Judgement, ...]:
        """One judgement per event of ``history``; never raises.

        Each event is judged against the project folded so far.  A refused
        event is folded as recorded (the audit says what the rules would have
        said, not what should have happened next), except one that breaks
        ``stage.order``, which the graph cannot fold and which is skipped.
        `Drafted` gets a judgement with no failed result (`start` accepts any
        well-formed `Drafted`).

        Raises:
            InvalidInput: when the history is empty or does not start with
                `Drafted`.
        """
        events = tuple(history)
        if not events or not isinstance(events[0], Drafted):
            raise InvalidInput("history: must start with a Drafted event")
        project = opened(events[0])
        found = [
            Judgement(
                event=events[0],
                results=(RuleResult(rule=STAGE_ORDER, verdict=Verdict.PASSED),),
                strict=self.strict,
            )
        ]
        for event in events[1:]:
            judged = self.judge(project, event)
            found.append(judged)
            if judged.verdict(STAGE_ORDER.id) is Verdict.PASSED:
                project = advanced(project, event)
        return tuple(found)

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
    ) -> tuple[Requirement, ...]:
        """What every rule of the edge demands of an event of ``event_type`` now.

        One `Requirement` per rule of the edge (``stage.order`` only when the
        project is at the wrong stage), each with the bound in figures: the
        earliest day of an award, the most that may be paid, the grade a
        renewal needs …, by the rules on ``at`` (default: the day of the last
        event).  For the rules that judge the project alone ``met`` says
        whether they hold now; for the others it is None (they are judged
        with the event in hand, `check`).

        Examples:
            >>> from datetime import datetime
            >>> from procpolicy import events, Purchaser, PurchaserKind, ServiceCategory
            >>> wf = Workflow()
            >>> p = wf.start(events.Drafted(at=datetime(2015, 3, 2), project_id="X-1",
            ...     title="水务设施维护",
            ...     category=ServiceCategory.WATER_FACILITY_MAINTENANCE,
            ...     purchaser=Purchaser("市水利局", "水利", PurchaserKind.STATE_ORGAN)))
            >>> for r in wf.requirements(p, events.Settled):
            ...     print(r.rule.id, r.met)
            stage.order False
            settlement.evaluated False
            settlement.payment None
            settlement.cost_comparison None
        """
        sources = _SOURCES.get(event_type)
        if sources is None:
            raise InvalidInput(f"requirements: {event_type!r} is not an event class")
        day = project.last_event.day if at is None else at
        found: list[Requirement] = []
        if project.stage not in sources:
            stage = _stage_violation(project, event_type, sources)
            found.append(
                Requirement(
                    rule=STAGE_ORDER,
                    message=stage.message,
                    zh=stage.zh,
                    bound=dict(stage.facts)["needs"],
                    facts=stage.facts,
                    met=False,
                )
            )
        rules = self.framework.rules_on(day)
        for c in CHECKS_OF.get(event_type, ()):
            need = c.requires(project, rules) if c.requires else None
            met = None if c.reads_event else not c.guard(project, None, rules)
            found.append(
                Requirement(
                    rule=c.rule,
                    message=need.en if need else c.rule.title.en,
                    zh=need.zh if need else c.rule.title.zh,
                    bound=need.bound if need else "",
                    facts=need.facts if need else (),
                    met=met,
                    basis=rules.basis(c.rule.id),
                    role=c.role,
                )
            )
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

    def _repr_markdown_(self) -> str:
        """The stage graph as a Mermaid block, which JupyterLab draws."""
        from procpolicy._display import workflow_markdown  # noqa: PLC0415

        return workflow_markdown(self)

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
    if isinstance(value, Drafted):
        return Violation(
            STAGE_ORDER,
            "a project has one Drafted event, its first; open another project with "
            "Workflow.start",
            "一个项目只有一个立项事件; 新项目请另行立项",
            (("event", "Drafted"),),
        )
    return Violation(
        STAGE_ORDER,
        f"{type(value).__name__} is not an event the workflow knows",
        "不是流程事件",
    )


def _chronology(project: Project, event: Event) -> Violation | None:
    last = project.last_event
    if event.instant >= last.instant:
        return None
    return Violation(
        HISTORY_CHRONOLOGY,
        f"{type(event).__name__} at {event.at} predates the last event "
        f"({type(last).__name__} at {last.at})",
        f"事件时间{event.at}早于上一事件({last.at})",
        (("at", str(event.at)), ("last", str(last.at))),
    )


def _violation(c: Check, result: tuple[Any, ...], rules: RuleSet) -> Violation:
    """The `Violation` of a failed (or, when strict, undetermined) check."""
    if type(result) is Breach:
        en, zh, facts = result
    else:  # an Unknown, refused by a strict workflow
        unknown: Unknown = result  # type: ignore[assignment]
        en = f"cannot be judged: {unknown.en}"
        zh = f"无法判定: {unknown.zh}"
        facts = (("unknown", unknown.fact),)
    return Violation(c.rule, en, zh, facts, rules.basis(c.rule.id), c.role)


def _result(violation: Violation, verdict: Verdict) -> RuleResult:
    return RuleResult(
        rule=violation.rule,
        verdict=verdict,
        basis=violation.basis,
        message=violation.message,
        zh=violation.zh,
        facts=violation.facts,
        role=violation.role,
    )


def _rule_result(c: Check, result: tuple[Any, ...], rules: RuleSet) -> RuleResult:
    basis = rules.basis(c.rule.id)
    if result:
        return _result(_violation(c, result, rules), Verdict.FAILED)
    if result is NOT_APPLICABLE:
        return RuleResult(
            rule=c.rule, verdict=Verdict.NOT_APPLICABLE, basis=basis, role=c.role
        )
    if type(result) is Unknown:
        strict = _violation(c, result, rules)
        return RuleResult(
            rule=c.rule,
            verdict=Verdict.UNDETERMINED,
            basis=basis,
            message=strict.message,
            zh=strict.zh,
            facts=strict.facts,
            unknown=result.fact,
            role=c.role,
        )
    return RuleResult(rule=c.rule, verdict=Verdict.PASSED, basis=basis, role=c.role)


def _judge(
    by_day: _RulesByDay, project: Project, event: Event, plan: _Plan
) -> tuple[Violation, ...]:
    """Every rule ``event`` breaks: what `Workflow.check` and `apply` share.

    A module function, not a method, so that `apply` pays no bound-method hop
    on its way here.  No list is built when every guard passes (DESIGN's
    performance notes): ``found`` stays the shared empty tuple.  A guard's
    result is only tested for truth: a pass, a rule that does not apply and
    an undetermined one are all empty.
    """
    sources, pairs = plan
    found = _NONE
    if project.stage not in sources:
        found = (_stage_violation(project, type(event), sources),)
    if event.instant < project.last_event.instant:
        found += (_chronology(project, event),)  # type: ignore[operator]
    if pairs:
        rules = by_day[event.day]
        for guard, c in pairs:
            result = guard(project, event, rules)
            if result:
                found += (_violation(c, result, rules),)
    return found


def summary(
    workflow: Workflow, project: Project, event: Event
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids of the rules ``event`` fails and of those left undetermined.

    What `Workflow.judge` says, without building the trace: the portfolio's
    audits ask it of every event, at about the cost of `Workflow.check`.
    With a strict workflow an undetermined rule counts as failed.
    """
    plan = _PLAN.get(type(event))
    if plan is None:
        return (STAGE_ORDER.id,), ()
    sources, pairs = plan
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    if project.stage not in sources:
        failed = (STAGE_ORDER.id,)
    if event.instant < project.last_event.instant:
        failed += (HISTORY_CHRONOLOGY.id,)
    if pairs:
        rules = workflow._by_day[event.day]  # noqa: SLF001 - this module's memo
        strict = workflow.strict
        for guard, c in pairs:
            result = guard(project, event, rules)
            if result:
                failed += (c.rule.id,)
            elif type(result) is Unknown:
                if strict:
                    failed += (c.rule.id,)
                else:
                    unknown += (c.rule.id,)
    return failed, unknown


def _judge_strict(
    by_day: _RulesByDay, project: Project, event: Event, plan: _Plan
) -> tuple[Violation, ...]:
    """`_judge` for a strict workflow: an undetermined rule refuses too."""
    sources, pairs = plan
    found = _judge(by_day, project, event, (sources, ()))
    if pairs:
        rules = by_day[event.day]
        for guard, c in pairs:
            result = guard(project, event, rules)
            if result or type(result) is Unknown:
                found += (_violation(c, result, rules),)
    return found


def _edge_label(edge: Transition) -> str:
    ids = ", ".join(rule.id for rule in edge.rules)
    return f"{edge.event.__name__} [{ids}]"


def _stage_violation(
    project: Project, kind: type[Event], sources: tuple[Stage, ...]
) -> Violation:
    allowed = ", ".join(s.name for s in Stage if s in sources)
    return Violation(
        STAGE_ORDER,
        f"{kind.__name__} cannot follow stage {project.stage.name}; it needs {allowed}",
        f"当前阶段{project.stage.zh}不能进行此步骤",
        (("stage", project.stage.name), ("needs", allowed)),
    )
