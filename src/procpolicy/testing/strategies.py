"""Hypothesis strategies for every public value of procpolicy.

Every strategy is valid by construction (no filtering), shrinks towards a
small, plain value, and by default allows any valid value; keyword arguments
narrow it: ``documents(layer=Layer.SUPPORTING)``, ``projects(stage=Stage.SETTLED)``,
``frameworks(base=presets.anyang())``.  `values` gives the strategy of any
public class.

The workflow strategies build events from the rules in force on each event's
day: `event_sequences` starts with `Drafted` and is mostly valid, so that
sequences reach every stage, with occasional invalid steps (a boundary
figure, an event out of order or out of time); `steps` gives the same events
with the rules each is designed to break; `projects` goes through the real
`Workflow`.

Examples:
    >>> from hypothesis import given, settings
    >>> from procpolicy import Layer
    >>> @settings(max_examples=5)
    ... @given(documents(layer=Layer.SUPPORTING))
    ... def test_layer(doc):
    ...     assert doc.layer is Layer.SUPPORTING
    >>> test_layer()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from datetime import date
from enum import EnumType
from typing import Any, Final, TypeVar

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from procpolicy import events as E  # noqa: N812
from procpolicy.catalogue import Catalogue, CatalogueItem
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import (
    Achieved,
    CostComparison,
    Evaluation,
    EvaluatorChoice,
    EvaluatorFactors,
    Indicator,
    IndicatorSystem,
    PerformanceTarget,
)
from procpolicy.labels import Label
from procpolicy.oversight import (
    Inspection,
    JointMeeting,
    ServiceBudgetLine,
    TargetWeights,
)
from procpolicy.parameters import (
    GradeBands,
    Outcome,
    Overrides,
    Parameters,
    PaymentSchedule,
    Strictness,
)
from procpolicy.parties import (
    Purchaser,
    Undertaker,
)
from procpolicy.policy import (
    Change,
    Layer,
    PolicyDocument,
    PolicyFramework,
    RuleSet,
)
from procpolicy.portfolio import Reform
from procpolicy.presets import anyang
from procpolicy.procurement import MethodAssessment
from procpolicy.project import ContractPeriod, Project, Stage
from procpolicy.rules import (
    Citation,
    Finding,
    Judgement,
    Requirement,
    Rule,
    RuleResult,
    Violation,
)
from procpolicy.serialization import Limits
from procpolicy.testing._driver import (
    Step,
    days_for,
    design_next,
    design_start,
)
from procpolicy.testing._judgements import judgements, requirements, rule_results
from procpolicy.testing._oversight import (
    inspections,
    joint_meetings,
    service_budget_lines,
    target_weights,
)
from procpolicy.testing._values import (
    achieved,
    achievements,
    catalogue_items,
    catalogues,
    changes,
    citations,
    contract_periods,
    cost_comparisons,
    documents,
    evaluations,
    evaluator_choices,
    evaluator_factors,
    events,
    findings,
    frameworks,
    grade_bands,
    indicator_systems,
    indicators,
    json_values,
    labels,
    limits,
    method_assessments,
    outcomes,
    overrides,
    parameter_values,
    parameters,
    payment_schedules,
    performance_targets,
    purchasers,
    recent_events,
    rule_sets,
    rules,
    undertakers,
    violations,
    workflows,
)
from procpolicy.workflow import Workflow

__all__ = [
    "achieved",
    "achievements",
    "catalogue_items",
    "catalogues",
    "changes",
    "citations",
    "contract_periods",
    "cost_comparisons",
    "documents",
    "evaluations",
    "evaluator_choices",
    "evaluator_factors",
    "event_sequences",
    "events",
    "findings",
    "frameworks",
    "grade_bands",
    "indicator_systems",
    "indicators",
    "inspections",
    "joint_meetings",
    "json_values",
    "judgements",
    "labels",
    "limits",
    "method_assessments",
    "outcomes",
    "overrides",
    "parameter_values",
    "parameters",
    "payment_schedules",
    "performance_targets",
    "projects",
    "purchasers",
    "reforms",
    "requirements",
    "rule_results",
    "rule_sets",
    "rules",
    "service_budget_lines",
    "steps",
    "target_weights",
    "undertakers",
    "values",
    "violations",
    "workflows",
]

T = TypeVar("T")
S = st.SearchStrategy


# -- histories ---------------------------------------------------------------------
def steps(
    framework: PolicyFramework | None = None,
    *,
    min_size: int = 1,
    max_size: int = 30,
    invalid: float = 0.1,
    earliest: date | None = None,
    latest: date | None = None,
) -> S[tuple[Step, ...]]:
    """Designed histories: each `Step` is an event and the rules it should break.

    The first step is a `Drafted` event on a day in ``earliest``–``latest``
    (by default from the first local document, or 2014, to 2024); each
    further step is designed from the rules in force on its own day, valid
    unless drawn invalid (a share ``invalid`` of the steps, in 0–1).  The
    history ends when the project does (or at ``max_size``); refused events
    stay in the sequence and leave the project as it was.

    Args:
        framework: the rules; `presets.anyang` by default.
        min_size: fewest steps (refused steps pad a project that ended early).
        max_size: most steps.
        invalid: the share of steps drawn to break a rule.
        earliest: first possible day of the `Drafted` event.
        latest: last possible day of the `Drafted` event.
    """
    if not 0 <= invalid <= 1:
        raise InvalidInput(f"steps: invalid must be within 0–1, not {invalid!r}")
    cut = round(1000 * (1 - invalid))

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Step, ...]:
        fw = framework if framework is not None else anyang()
        workflow = Workflow(fw)
        first, last = days_for(fw, earliest, latest)

        def loose() -> bool:
            return draw(st.integers(0, 999)) >= cut

        start = design_start(draw, fw, first, last, loose=loose())
        project = workflow.start(start.event)  # type: ignore[arg-type]
        out = [start]
        # Half the histories run their full length (to the end of the project,
        # mostly); the others, and every shrunk one, are shorter.
        longest = max(max_size, min_size, 1)
        size = draw(st.integers(max(min_size, 1), longest) | st.just(longest))
        while len(out) < size:
            ended = project.stage.is_terminal
            if ended and len(out) >= min_size:
                break
            step = design_next(
                draw, workflow, project, loose=ended or loose(), events=recent_events
            )
            assert step is not None  # noqa: S101 - a loose design always exists
            out.append(step)
            if not workflow.check(project, step.event):
                project = workflow.apply(project, step.event)
        return tuple(out)

    return build()


def event_sequences(
    framework: PolicyFramework | None = None,
    *,
    min_size: int = 1,
    max_size: int = 30,
    invalid: float = 0.1,
    earliest: date | None = None,
    latest: date | None = None,
) -> S[tuple[E.Event, ...]]:
    """Histories that start with `Drafted`, mostly valid under ``framework``.

    The events of `steps` (same arguments), without the design notes.
    """
    return steps(
        framework,
        min_size=min_size,
        max_size=max_size,
        invalid=invalid,
        earliest=earliest,
        latest=latest,
    ).map(lambda ss: tuple(s.event for s in ss))


def projects(
    framework: PolicyFramework | None = None,
    *,
    stage: Stage | None = None,
    max_size: int = 40,
    earliest: date | None = None,
    latest: date | None = None,
) -> S[Project]:
    """Projects built through the real `Workflow`, at ``stage`` (or any stage).

    Every event passes the rules; loops (a failed procedure, supervision,
    renewal, re-tender) come and go on the way.  Under a framework that lets
    no project reach ``stage``, examples are rejected.

    Args:
        framework: the rules; `presets.anyang` by default.
        stage: the stage of the projects drawn.
        max_size: about the most events; past it the shortest way is taken.
        earliest: first possible day of the `Drafted` event.
        latest: last possible day of the `Drafted` event.
    """

    @st.composite
    def build(draw: st.DrawFn) -> Project:
        fw = framework if framework is not None else anyang()
        target = stage if stage is not None else draw(st.sampled_from(Stage))
        workflow = Workflow(fw)
        first, last = days_for(fw, earliest, latest)
        project = workflow.start(design_start(draw, fw, first, last).event)  # type: ignore[arg-type]
        while True:
            hurry = len(project) >= max_size
            reached = project.stage is target
            if reached and (hurry or draw(st.integers(0, 3)) > 0):
                return project
            step = design_next(
                draw,
                workflow,
                project,
                target=target,
                hurry=hurry,
                events=recent_events,
            )
            if step is None:  # nowhere to go from here
                assume(reached)
                return project
            assume(step.is_valid and not workflow.check(project, step.event))
            project = workflow.apply(project, step.event)

    return build()


# -- by class ------------------------------------------------------------------------
_BY_CLASS: Final[dict[type, Any]] = {
    Label: labels,
    Citation: citations,
    Rule: rules,
    Violation: violations,
    Finding: findings,
    CatalogueItem: catalogue_items,
    Catalogue: catalogues,
    Purchaser: purchasers,
    Undertaker: undertakers,
    PerformanceTarget: performance_targets,
    Achieved: achieved,
    Indicator: indicators,
    IndicatorSystem: indicator_systems,
    CostComparison: cost_comparisons,
    EvaluatorFactors: evaluator_factors,
    EvaluatorChoice: evaluator_choices,
    Evaluation: evaluations,
    GradeBands: grade_bands,
    PaymentSchedule: payment_schedules,
    Overrides: overrides,
    Parameters: parameters,
    Outcome: outcomes,
    PolicyDocument: documents,
    PolicyFramework: frameworks,
    RuleSet: rule_sets,
    Change: changes,
    MethodAssessment: method_assessments,
    Limits: limits,
    Workflow: workflows,
    ContractPeriod: contract_periods,
    Project: projects,
    E.Event: events,
}


def values(cls: type[T]) -> S[T]:
    """The strategy for any public class of procpolicy, events and enums included.

    Raises:
        InvalidInput: for a class procpolicy does not define.

    Examples:
        >>> values(int)
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: values: no strategy for <class 'int'>; ...
    """
    kind: Any = cls
    if isinstance(kind, EnumType) and list(kind):
        return st.sampled_from(list(kind))
    if kind in E.EVENT_TYPES:
        return events(kind)  # type: ignore[return-value]
    if kind in _BY_CLASS:
        return _BY_CLASS[kind]()  # type: ignore[no-any-return]
    raise InvalidInput(f"values: no strategy for {cls!r}; it is not a procpolicy value")


# -- reforms -----------------------------------------------------------------------
_REFORM_IDS = st.builds(
    "{}-{}".format, st.sampled_from(("reform", "halved", "what-if")), st.integers(0, 99)
)
_REFORM_DAYS = st.dates(date(2010, 1, 1), date(2025, 12, 31))


def _holdable(sets: Overrides) -> Overrides:
    """``sets`` with values the rules can hold exactly.

    Tables are made monotone; with either contract term both are set, the
    ordinary one no longer than the stable one.
    """
    values = sets.as_dict()
    if "grade_bands" in values:
        values["grade_bands"] = values["grade_bands"].ordered()
    if "payment_ratios" in values:
        values["payment_ratios"] = values["payment_ratios"].ordered()
    terms = ("max_contract_years", "max_stable_contract_years")
    if any(name in values for name in terms):
        ordinary = values.get("max_contract_years", 1)
        values["max_contract_years"] = ordinary
        values["max_stable_contract_years"] = max(
            ordinary, values.get("max_stable_contract_years", ordinary)
        )
    return Overrides(**values)


def _without(doc: PolicyDocument, names: frozenset[str]) -> PolicyDocument:
    """``doc`` without the values ``names`` (their articles and notes too)."""
    return attrs.evolve(
        doc,
        sets=Overrides(**{n: v for n, v in doc.sets if n not in names}),
        articles=tuple((k, t) for k, t in doc.articles if k not in names),
        assumptions=tuple((k, t) for k, t in doc.assumptions if k not in names),
        reported={k: t for k, t in doc.reported.items() if k not in names},
    )


def reforms(
    framework: PolicyFramework | None = None,
    *,
    sound: bool = False,
    max_sets: int = 3,
) -> S[Reform]:
    """Reforms of ``framework`` (`presets.anyang` by default), from 2010 to 2025.

    Each sets up to ``max_sets`` parameters, tighter or looser, to values the
    rules can hold exactly (monotone tables; with one contract term, the
    other, no shorter); may remove documents of ``framework``; and may add
    documents taking effect on or after its date, none setting a reformed
    value.

    Args:
        framework: the framework the reform is for (ids of removed
            documents are its own, added ones are new to it).
        sound: reforms that keep a sound ``framework`` sound: nothing
            removed; only documents that tighten it are added (supporting
            ones under a local system, national ones otherwise), setting
            no value where the most specific layer wins.
        max_sets: most parameters set.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(reforms(sound=True))
        ... def test_sound(reform):
        ...     assert reform.apply(anyang()).check() == ()
        >>> test_sound()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Reform:
        fw = framework if framework is not None else anyang()
        effective = draw(_REFORM_DAYS)
        sets = _holdable(draw(overrides(max_size=max_sets)))
        removes: frozenset[str] = frozenset()
        if not sound and fw.documents:
            ids = st.sampled_from([d.id for d in fw.documents])
            removes = draw(st.frozensets(ids, max_size=2))
        local = any(d.layer is not Layer.NATIONAL for d in fw.documents)
        layer = (Layer.SUPPORTING if local else Layer.NATIONAL) if sound else None
        drawn = draw(
            st.lists(documents(layer, framework=fw, tightening=sound), max_size=2)
        )
        skip = set(sets.names())
        if sound:
            skip |= {
                n
                for n in Parameters.names()
                if Parameters.strictness(n) is Strictness.UNORDERED
            }
        adds: dict[str, PolicyDocument] = {}  # by id: the first drawn of an id
        for doc in drawn:
            start = max(doc.effective, effective)
            expires = doc.expires if doc.expires and doc.expires >= start else None
            added = attrs.evolve(
                _without(doc, frozenset(skip)), effective=start, expires=expires
            )
            adds.setdefault(added.id, added)
        return Reform(
            id=draw(_REFORM_IDS),
            title=draw(labels()),
            effective=effective,
            sets=sets,
            removes=removes,
            adds=tuple(adds.values()),
        )

    return build()


_BY_CLASS[Reform] = reforms
_BY_CLASS[Judgement] = judgements
_BY_CLASS[RuleResult] = rule_results
_BY_CLASS[Requirement] = requirements
_BY_CLASS[Inspection] = inspections
_BY_CLASS[JointMeeting] = joint_meetings
_BY_CLASS[ServiceBudgetLine] = service_budget_lines
_BY_CLASS[TargetWeights] = target_weights
