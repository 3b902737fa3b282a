"""The purchase process, declared once: steps and the rules that guard them.

Each phase module declares its steps (`Step`) and, next to their guards, its
rules (`check`).  From those declarations this package derives what the rest
of the library reads: the stage graph (``STEPS``), the stage after each event
(``STAGE_AFTER``), the fold (``FOLDS``), the checks per event class
(``CHECKS_OF``), and the order of the rule registry (``RULES``).  It checks
them once, on import: rule ids are unique (a rule shared by two edges is one
declaration), every parameter a rule reads exists (`Check`), and each event
class has one step.

==================  ===============================================================
phase module        rules
==================  ===============================================================
``budgeting``       catalogue.listed, catalogue.prohibited, purchaser.eligible,
                    budget.separate_line, budget.targets
``disclosure``      disclosure.complete
``procurement``     method.permitted, method.add_on, tender.period,
                    tender.bidders, undertaker.eligible, award.within_budget
``contract``        contract.deadline, contract.term, contract.within_budget,
                    contract.published, contract.supplement,
                    supervision.within_term
``evaluation``      evaluation.evaluator, evaluation.consistent,
                    evaluation.weights, evaluation.targets,
                    settlement.evaluated, settlement.payment,
                    settlement.cost_comparison
``closure``         renewal.grade, renewal.term_cap, closure.accountability
``_sequence``       stage.order, history.chronology (every edge)
``splitting``       method.splitting (judged over a portfolio)
==================  ===============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from procpolicy._process import (
    budgeting,
    closure,
    contract,
    disclosure,
    evaluation,
    procurement,
)
from procpolicy._process._base import Check, Fold, Stage, Step, unchanged
from procpolicy._process._sequence import HISTORY_CHRONOLOGY, STAGE_ORDER
from procpolicy._process.splitting import METHOD_SPLITTING
from procpolicy.events import Drafted, Event
from procpolicy.rules import FRAMEWORK_RULES, Registry, Rule

__all__ = [
    "CHECKS",
    "CHECKS_OF",
    "FOLDS",
    "HISTORY_CHRONOLOGY",
    "RULES",
    "STAGE_AFTER",
    "STAGE_ORDER",
    "STEPS",
    "WORKFLOW_RULES",
]

STEPS: tuple[Step, ...] = (
    budgeting.STEP,
    disclosure.STEP,
    procurement.STARTED,
    procurement.FAILED,
    procurement.AWARDED,
    contract.CONTRACTED,
    contract.PUBLISHED,
    contract.AMENDED,
    contract.SUPERVISED,
    evaluation.EVALUATED,
    evaluation.SETTLED,
    closure.RENEWED,
    closure.RETENDERED,
    closure.CLOSED,
    closure.CANCELLED,
)
"""Every step of the process, in the order a project meets them."""


def _unique_checks(steps: tuple[Step, ...]) -> tuple[Check, ...]:
    """Every check once, in the order of the steps; one declaration per rule id."""
    seen: dict[str, Check] = {}
    for step in steps:
        for declared in step.checks:
            other = seen.setdefault(declared.rule.id, declared)
            if other is not declared:
                msg = f"rule {declared.rule.id!r} is declared twice"
                raise TypeError(msg)
    return tuple(seen.values())


def _one_step_per_event(steps: tuple[Step, ...]) -> None:
    events = [s.event for s in steps]
    twice = sorted({e.__name__ for e in events if events.count(e) > 1})
    if twice or Drafted in events:
        msg = f"each event class has one step (twice: {twice}; Drafted opens a project)"
        raise TypeError(msg)


_one_step_per_event(STEPS)

CHECKS: tuple[Check, ...] = _unique_checks(STEPS)
"""Every rule declaration of the workflow, in the order a project meets them."""

CHECKS_OF: Mapping[type[Event], tuple[Check, ...]] = MappingProxyType(
    {s.event: s.checks for s in STEPS}
)
"""The checks of each event class, in the order they are judged."""

STAGE_AFTER: Mapping[type[Event], Stage] = MappingProxyType(
    {Drafted: Stage.DRAFT, **{s.event: s.target for s in STEPS}}
)
"""The stage each event leads to."""

FOLDS: Mapping[type[Event], tuple[Stage, Fold]] = MappingProxyType(
    {Drafted: (Stage.DRAFT, unchanged), **{s.event: (s.target, s.fold) for s in STEPS}}
)
"""Stage and fold step together: one look-up per event (a second `Drafted`
changes nothing; the workflow refuses it)."""

WORKFLOW_RULES: tuple[Rule, ...] = (
    STAGE_ORDER,
    HISTORY_CHRONOLOGY,
    *(c.rule for c in CHECKS),
)
"""The workflow's rules: the two of every edge, then each declared check's."""

RULES = Registry((*WORKFLOW_RULES, METHOD_SPLITTING, *FRAMEWORK_RULES))
"""Every rule procpolicy knows (`procpolicy.rules.RULES`), in a stable order."""
