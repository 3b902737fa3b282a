"""The same guarded lifecycle in `transitions`, `python-statemachine` and a dict FSM.

Every peer drives one `Lot` per lifecycle: a plain mutable model whose guard
methods (``can_*``) make the checks procpolicy's guards make, on the same
pre-built procpolicy event objects, against the same figures — the rules in
force on the event's day, from the same memoised ``framework.at(day)`` — and
whose effect methods (``record_*``) keep the facts later guards read and the
history.  Only the machinery around them differs:

* `transitions`: one shared `Machine` (``model=None``); each lifecycle
  ``add_model``s a fresh `Lot`, fires its ten triggers and ``remove_model``s it.
* `python-statemachine`: a `StateMachine` subclass instantiated per lifecycle
  with the fresh `Lot` as its model (how the library is used).
* the dict FSM: ``(stage, trigger) -> (target, guard, effect)``; the floor.

Each runner also takes ``model=Bare``: a model whose guards are trivial
(``return True``) and whose effects only record the event — the price of the
machine itself, the comparison a user picking a library would make first.

A guard evaluates every check, so a refused step would say no exactly where
procpolicy's `Workflow.apply` raises; peers refuse by returning False
(`transitions`) or raising (`python-statemachine`, the dict FSM), and the
runners below raise on any refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from statemachine import State, StateMachine
from transitions import Machine

from procpolicy.evaluation import Evaluator, Scope, SocialImpact
from procpolicy.events import (
    Awarded,
    Budgeted,
    Closed,
    Contracted,
    Disclosed,
    Drafted,
    Evaluated,
    Event,
    ProcurementStarted,
    Settled,
    Supervised,
)
from procpolicy.parameters import DisclosureItem
from procpolicy.policy import RuleSet
from procpolicy.procurement import Method, MethodGround, grounds_for

__all__ = [
    "STATES",
    "STEPS",
    "Bare",
    "Lot",
    "add_years",
    "dict_fsm_runner",
    "statemachine_runner",
    "transitions_runner",
]

RulesAt = Callable[[date], RuleSet]
Runner = Callable[[], object]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")

STATES = (
    "draft",
    "budgeted",
    "disclosed",
    "procuring",
    "awarded",
    "contracted",
    "evaluated",
    "settled",
    "closed",
)
"""The stages one lifecycle passes through."""

STEPS: tuple[tuple[str, str, str], ...] = (
    ("budget", "draft", "budgeted"),
    ("disclose", "budgeted", "disclosed"),
    ("start_procurement", "disclosed", "procuring"),
    ("award", "procuring", "awarded"),
    ("contract", "awarded", "contracted"),
    ("supervise", "contracted", "contracted"),
    ("evaluate", "contracted", "evaluated"),
    ("settle", "evaluated", "settled"),
    ("close", "settled", "closed"),
)
"""``(trigger, source, target)`` of the nine guarded steps after the start."""


def add_years(start: date, years: int) -> date:
    """``start + relativedelta(years=years)``: 29 February falls back to the 28th.

    The same date arithmetic procpolicy's ``contract.term`` guard uses.
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        return start.replace(year=start.year + years, day=28)


class Lot:
    """One purchase as a mutable model: the facts the guards read, and the guards."""

    state: str

    def __init__(self, drafted: Drafted, rules_at: RulesAt) -> None:
        self.drafted = drafted
        self.rules_at = rules_at
        self.history: list[Event] = [drafted]
        self.last: datetime = drafted.instant
        self.budget: Decimal | None = None
        self.disclosed: set[DisclosureItem] = set()
        self.method: Method | None = None
        self.started: date | None = None
        self.awarded: date | None = None
        self.start: date | None = None
        self.end: date | None = None
        self.amount: Decimal = _ZERO
        self.scores: list[Decimal] = []
        self.evaluated: Evaluated | None = None
        self.proven: frozenset[MethodGround] = frozenset()
        """Grounds a failed tender proves (none in this lifecycle)."""

    def _record(self, ev: Event) -> None:
        self.history.append(ev)
        self.last = ev.instant

    # -- budgeting: catalogue, negative list, purchaser, budget line, targets --
    def can_budget(self, ev: Budgeted) -> bool:
        rules = self.rules_at(ev.day)
        params = rules.parameters
        drafted = self.drafted
        listed = (
            rules.catalogue.lists_whole(drafted.category)
            if drafted.item is None
            else rules.catalogue.covers(drafted.item)
        )
        return (
            ev.instant >= self.last
            and listed
            and not drafted.involves & params.prohibited
            and drafted.purchaser.kind in params.eligible_purchasers
            and (ev.separate_line or not params.separate_budget_line)
            and (bool(ev.targets) or not params.targets_required)
        )

    def record_budget(self, ev: Budgeted) -> None:
        self.budget = ev.amount
        self._record(ev)

    # -- disclosure: only the chronology ------------------------------------------
    def can_disclose(self, ev: Disclosed) -> bool:
        return ev.instant >= self.last

    def record_disclose(self, ev: Disclosed) -> None:
        self.disclosed |= ev.items
        self._record(ev)

    # -- procurement: everything disclosed, the method for amount and grounds --
    def can_start_procurement(self, ev: ProcurementStarted) -> bool:
        rules = self.rules_at(ev.day)
        params = rules.parameters
        method, amount = ev.method, self.budget or _ZERO
        grounds = ev.grounds | self.proven
        needed = grounds_for(method)
        return (
            ev.instant >= self.last
            and params.disclosure_required <= self.disclosed
            and method in rules.methods
            and method is not Method.REQUEST_FOR_QUOTATIONS
            and (
                not needed
                or amount < params.decentralised_limit
                or bool(needed & grounds)
            )
            and (
                method is Method.OPEN_TENDERING
                or amount < params.open_tender_threshold
                or MethodGround.DEVIATION_APPROVED in grounds
            )
        )

    def record_start_procurement(self, ev: ProcurementStarted) -> None:
        self.method = ev.method
        self.started = ev.day
        self._record(ev)

    # -- award: tender period, bidders, undertaker, within budget -----------------
    def can_award(self, ev: Awarded) -> bool:
        params = self.rules_at(ev.day).parameters
        method, started = self.method, self.started
        tendering = method is not None and method.is_tendering
        if tendering and started is not None:
            period_ok = (ev.day - started).days >= params.min_tender_days
        else:
            period_ok = True
        if ev.bidders is None:
            bidders_ok = True
        elif tendering:
            bidders_ok = ev.bidders >= params.min_tender_bidders
        elif method is Method.COMPETITIVE_CONSULTATION:
            bidders_ok = ev.bidders >= params.min_consultation_suppliers
        else:
            bidders_ok = True
        who = ev.undertaker
        return (
            ev.instant >= self.last
            and period_ok
            and bidders_ok
            and who.kind in params.eligible_undertakers
            and params.required_conditions <= who.conditions
            and (self.budget is None or ev.amount <= self.budget)
        )

    def record_award(self, ev: Awarded) -> None:
        self.awarded = ev.day
        self._record(ev)

    # -- contract: deadline after award, term via date arithmetic, budget ---------
    def can_contract(self, ev: Contracted) -> bool:
        params = self.rules_at(ev.day).parameters
        years = (
            params.max_stable_contract_years if ev.stable else params.max_contract_years
        )
        return (
            ev.instant >= self.last
            and (
                self.awarded is None
                or (ev.day - self.awarded).days <= params.max_days_award_to_contract
            )
            and ev.end < add_years(ev.start, years)
            and (self.budget is None or ev.amount <= self.budget)
        )

    def record_contract(self, ev: Contracted) -> None:
        self.start, self.end, self.amount = ev.start, ev.end, ev.amount
        self.scores = []
        self.evaluated = None
        self._record(ev)

    # -- supervision: within the contract period -----------------------------------
    def can_supervise(self, ev: Supervised) -> bool:
        return ev.instant >= self.last and (
            self.start is None or self.end is None or self.start <= ev.day <= self.end
        )

    def record_supervise(self, ev: Supervised) -> None:
        self.scores.append(ev.score)
        self._record(ev)

    # -- evaluation: who evaluates (谁来考), consistency with daily scores ---------
    def can_evaluate(self, ev: Evaluated) -> bool:
        params = self.rules_at(ev.day).parameters
        evaluation = ev.evaluation
        drafted = self.drafted
        third_party_needed = (
            (self.budget or _ZERO) >= params.third_party_threshold
            or (
                params.third_party_for_high_impact
                and drafted.social_impact is SocialImpact.HIGH
            )
            # an unknown factor (None) calls for nobody, as in procpolicy's guard
            or (params.third_party_without_fixed_site and drafted.fixed_site is False)
            or (params.third_party_for_citywide and drafted.scope is Scope.CITYWIDE)
        )
        evaluator_ok = (
            evaluation.evaluator is Evaluator.THIRD_PARTY or not third_party_needed
        )
        tolerance = params.supervision_tolerance
        if not tolerance.is_finite():
            consistent = True
        elif not self.scores:
            consistent = False
        else:
            mean = (sum(self.scores, _ZERO) / len(self.scores)).quantize(
                _CENT, rounding=ROUND_HALF_UP
            )
            consistent = abs(evaluation.internal_score - mean) <= tolerance
        return ev.instant >= self.last and evaluator_ok and consistent

    def record_evaluate(self, ev: Evaluated) -> None:
        self.evaluated = ev
        self._record(ev)

    # -- settlement: evaluated first (花钱必问效), pay no more than the grade allows
    def can_settle(self, ev: Settled) -> bool:
        rules = self.rules_at(ev.day)
        evaluated = self.evaluated
        if evaluated is None:
            return False
        grade = rules.parameters.grade_bands.grade(evaluated.evaluation.total)
        ratio = rules.parameters.payment_ratios.ratio(grade)
        allowed = (self.amount * ratio).quantize(_CENT)
        return ev.instant >= self.last and ev.paid <= allowed

    def record_settle(self, ev: Settled) -> None:
        self._record(ev)

    # -- closure: a poor result needs someone accountable (无效必问责) ----------------
    def can_close(self, ev: Closed) -> bool:
        rules = self.rules_at(ev.day)
        evaluated = self.evaluated
        line = rules.parameters.accountability_grade
        if evaluated is None or line is None:
            accountable = True
        else:
            grade = rules.parameters.grade_bands.grade(evaluated.evaluation.total)
            accountable = not line.is_at_least(grade) or bool(
                (ev.accountable or "").strip()
            )
        return ev.instant >= self.last and accountable

    def record_close(self, ev: Closed) -> None:
        self._record(ev)


class RefusedError(Exception):
    """A peer refused a step procpolicy accepts: the benchmark inputs are wrong."""


class Bare:
    """A model with a trivial guard per step and an effect that only records."""

    state: str

    def __init__(self, drafted: Drafted, rules_at: RulesAt) -> None:
        self.history: list[Event] = [drafted]

    def _can(self, ev: Event) -> bool:
        return True

    def _record(self, ev: Event) -> None:
        self.history.append(ev)


for _trigger, _, _ in STEPS:
    setattr(Bare, f"can_{_trigger}", Bare._can)  # noqa: SLF001
    setattr(Bare, f"record_{_trigger}", Bare._record)  # noqa: SLF001

Model = type[Lot] | type[Bare]


# -- transitions ----------------------------------------------------------------
def transitions_runner(
    drafted: Drafted, events: Sequence[Event], rules_at: RulesAt, model: Model = Lot
) -> Runner:
    """One lifecycle per call on one shared `transitions.Machine`."""
    machine = Machine(
        model=None,
        states=list(STATES),
        transitions=[
            {
                "trigger": trigger,
                "source": source,
                "dest": target,
                "conditions": f"can_{trigger}",
                "after": f"record_{trigger}",
            }
            for trigger, source, target in STEPS
        ],
        initial="draft",
        auto_transitions=False,
    )
    steps = tuple(zip((t for t, _, _ in STEPS), events, strict=True))

    def lifecycle() -> Lot | Bare:
        lot = model(drafted, rules_at)
        machine.add_model(lot)
        try:
            for trigger, ev in steps:
                if not getattr(lot, trigger)(ev=ev):
                    raise RefusedError(trigger)
        finally:
            machine.remove_model(lot)
        return lot

    return lifecycle


# -- python-statemachine -----------------------------------------------------------
class LifecycleMachine(StateMachine):
    """The nine guarded steps as a `python-statemachine` class."""

    draft = State(initial=True)
    budgeted = State()
    disclosed = State()
    procuring = State()
    awarded = State()
    contracted = State()
    evaluated = State()
    settled = State()
    closed = State(final=True)

    budget = draft.to(budgeted, cond="can_budget", on="record_budget")
    disclose = budgeted.to(disclosed, cond="can_disclose", on="record_disclose")
    start_procurement = disclosed.to(
        procuring, cond="can_start_procurement", on="record_start_procurement"
    )
    award = procuring.to(awarded, cond="can_award", on="record_award")
    contract = awarded.to(contracted, cond="can_contract", on="record_contract")
    supervise = contracted.to.itself(  # type: ignore[no-untyped-call]
        cond="can_supervise", on="record_supervise"
    )
    evaluate = contracted.to(evaluated, cond="can_evaluate", on="record_evaluate")
    settle = evaluated.to(settled, cond="can_settle", on="record_settle")
    close = settled.to(closed, cond="can_close", on="record_close")


def statemachine_runner(
    drafted: Drafted, events: Sequence[Event], rules_at: RulesAt, model: Model = Lot
) -> Runner:
    """One lifecycle per call: a new `LifecycleMachine` over a fresh model."""
    steps = tuple(zip((t for t, _, _ in STEPS), events, strict=True))

    def lifecycle() -> Lot | Bare:
        lot = model(drafted, rules_at)
        machine = LifecycleMachine(model=lot)
        for trigger, ev in steps:
            machine.send(trigger, ev=ev)  # raises TransitionNotAllowed on refusal
        return lot

    return lifecycle


# -- the floor: a dict ----------------------------------------------------------
Guard = Callable[[Lot, Any], bool]
Effect = Callable[[Lot, Any], None]

Table = dict[tuple[str, str], tuple[str, Guard, Effect]]


def table(model: Model) -> Table:
    """``(stage, trigger) -> (target, guard, effect)`` for ``model``'s methods."""
    return {
        (source, trigger): (
            target,
            getattr(model, f"can_{trigger}"),
            getattr(model, f"record_{trigger}"),
        )
        for trigger, source, target in STEPS
    }


TABLE = table(Lot)
"""The table of the guarded model."""


def fire(lot: Any, trigger: str, ev: Event, edges: Table = TABLE) -> None:
    """Take one step or raise `RefusedError` (a missing edge raises KeyError)."""
    target, guard, effect = edges[lot.state, trigger]
    if not guard(lot, ev):
        raise RefusedError(trigger)
    effect(lot, ev)
    lot.state = target


def dict_fsm_runner(
    drafted: Drafted, events: Sequence[Event], rules_at: RulesAt, model: Model = Lot
) -> Runner:
    """One lifecycle per call through the table of ``model``."""
    steps = tuple(zip((t for t, _, _ in STEPS), events, strict=True))
    edges = TABLE if model is Lot else table(model)

    def lifecycle() -> Lot | Bare:
        lot = model(drafted, rules_at)
        lot.state = "draft"
        for trigger, ev in steps:
            fire(lot, trigger, ev, edges)
        return lot

    return lifecycle
