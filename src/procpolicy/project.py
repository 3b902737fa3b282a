"""A purchase of services as the fold of its events.

`Project` holds its `Stage`, its ``history`` and facts derived from it (the
budget, the method, the undertaker, the contract periods, the supervision
scores, evaluations and payments).  Two projects are equal when their
histories are; `fold` rebuilds a project from a history *without judging it*
(a trusted load) — `Workflow.replay` is the judging one.

Nothing here depends on a framework: what depends on the rules in force (a
grade, an outcome) is asked of the `Workflow`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from attrs import field, frozen

from procpolicy.catalogue import ServiceCategory
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import CostComparison, Evaluation
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
from procpolicy.labels import BilingualEnum, Label
from procpolicy.parameters import DisclosureItem
from procpolicy.parties import Purchaser, Undertaker
from procpolicy.procurement import Method

__all__ = ["STAGE_AFTER", "ContractPeriod", "Project", "Stage", "fold"]

_ZERO = Decimal(0)


class Stage(BilingualEnum):
    """Where a project stands."""

    DRAFT = Label("立项", "Draft")
    BUDGETED = Label("已编入预算", "Budgeted")
    DISCLOSED = Label("已公开", "Disclosed")
    PROCURING = Label("采购中", "Procuring")
    AWARDED = Label("已确定承接主体", "Awarded")
    CONTRACTED = Label("合同履行中", "Under contract")
    EVALUATED = Label("已考评", "Evaluated")
    SETTLED = Label("已拨付", "Settled")
    CLOSED = Label("已结项", "Closed")
    CANCELLED = Label("已撤销", "Cancelled")

    @property
    def is_terminal(self) -> bool:
        """Whether no event may follow."""
        return self in (Stage.CLOSED, Stage.CANCELLED)


STAGE_AFTER: Mapping[type[Event], Stage] = MappingProxyType(
    {
        Drafted: Stage.DRAFT,
        Budgeted: Stage.BUDGETED,
        Disclosed: Stage.DISCLOSED,
        ProcurementStarted: Stage.PROCURING,
        ProcurementFailed: Stage.DISCLOSED,
        Awarded: Stage.AWARDED,
        Contracted: Stage.CONTRACTED,
        Supervised: Stage.CONTRACTED,
        Evaluated: Stage.EVALUATED,
        Settled: Stage.SETTLED,
        Renewed: Stage.CONTRACTED,
        Retendered: Stage.DISCLOSED,
        Closed: Stage.CLOSED,
        Cancelled: Stage.CANCELLED,
    }
)
"""The stage each event leads to (the whole graph, with guards, is the workflow's)."""


@frozen
class ContractPeriod:
    """One contract period: the original contract or a renewal (inclusive dates)."""

    start: date
    end: date
    amount: Decimal
    stable: bool
    signed: date
    """The day the contract or renewal was signed."""
    renewal: bool = False


class _Facts(NamedTuple):
    """What the history has established so far (internal; see `Project`).

    A `NamedTuple`, not a frozen attrs class: the fold makes one per event and
    a tuple is far cheaper to copy with a field changed (see `_with`).
    """

    drafted: Drafted
    budget: Budgeted | None = None
    disclosures: tuple[Disclosed, ...] = ()
    disclosed: frozenset[DisclosureItem] = frozenset()
    """Everything published so far (kept, not recomputed: a guard reads it)."""
    procurement: ProcurementStarted | None = None
    failures: tuple[tuple[Method, ProcurementFailed], ...] = ()
    award: Awarded | None = None
    periods: tuple[ContractPeriod, ...] = ()
    supervisions: tuple[Supervised, ...] = ()
    """Daily evaluations of the current period."""
    evaluations: tuple[Evaluated, ...] = ()
    period_evaluation: Evaluated | None = None
    """The evaluation of the current period, once there is one."""
    settlements: tuple[Settled, ...] = ()
    retenders: int = 0
    previous_undertaker: Undertaker | None = None
    """The undertaker of the last cycle, after a re-tender (再次招评标)."""
    end: Closed | Cancelled | None = None


_FIELD_INDEX = {name: index for index, name in enumerate(_Facts._fields)}


_new_facts = tuple.__new__
"""Build a `_Facts` from a full list of values, in C (``_make`` is Python)."""


def _sets(field: str) -> Callable[[_Facts, Any], _Facts]:
    """The fold step of an event that becomes the value of ``field``.

    Copying the tuple and setting the field by index, built with
    ``tuple.__new__``, costs a fraction of ``_replace`` (a ``dict.pop`` per
    field) and of rebuilding a frozen attrs class (docs/performance.md).
    """
    index = _FIELD_INDEX[field]

    def step(facts: _Facts, event: Event) -> _Facts:
        values: list[object] = list(facts)
        values[index] = event
        return _new_facts(_Facts, values)

    return step


def _appends(field: str) -> Callable[[_Facts, Any], _Facts]:
    """The fold step of an event that is appended to the tuple ``field``."""
    index = _FIELD_INDEX[field]

    def step(facts: _Facts, event: Event) -> _Facts:
        values: list[Any] = list(facts)
        values[index] = (*values[index], event)
        return _new_facts(_Facts, values)

    return step


def _with_many(facts: _Facts, **changes: object) -> _Facts:
    """`_with` for the rare events that change several fields."""
    values: list[object] = list(facts)
    for name, value in changes.items():
        values[_FIELD_INDEX[name]] = value
    return _new_facts(_Facts, values)


# -- the fold: how each event class changes the facts ------------------------
def _unchanged(facts: _Facts, _event: Drafted) -> _Facts:
    return facts  # a second Drafted changes nothing: the workflow refuses it


def _disclosed(facts: _Facts, event: Disclosed) -> _Facts:
    return _with_many(
        facts,
        disclosures=(*facts.disclosures, event),
        disclosed=facts.disclosed | event.items,
    )


def _procurement_failed(facts: _Facts, event: ProcurementFailed) -> _Facts:
    method = facts.procurement.method if facts.procurement else None
    failures = facts.failures if method is None else (*facts.failures, (method, event))
    return _with_many(facts, failures=failures, procurement=None)


def _contracted(facts: _Facts, event: Contracted | Renewed) -> _Facts:
    period = ContractPeriod(
        event.start,
        event.end,
        event.amount,
        event.stable,
        event.day,
        renewal=isinstance(event, Renewed),
    )
    return _with_many(
        facts, periods=(*facts.periods, period), supervisions=(), period_evaluation=None
    )


def _evaluated(facts: _Facts, event: Evaluated) -> _Facts:
    return _with_many(
        facts, evaluations=(*facts.evaluations, event), period_evaluation=event
    )


def _retendered(facts: _Facts, _event: Retendered) -> _Facts:
    return _with_many(
        facts,
        retenders=facts.retenders + 1,
        previous_undertaker=facts.award.undertaker if facts.award else None,
        procurement=None,
        award=None,
        supervisions=(),
        period_evaluation=None,
    )


_ABSORB: dict[type[Event], Callable[[_Facts, Any], _Facts]] = {
    Drafted: _unchanged,
    Budgeted: _sets("budget"),
    Disclosed: _disclosed,
    ProcurementStarted: _sets("procurement"),
    ProcurementFailed: _procurement_failed,
    Awarded: _sets("award"),
    Contracted: _contracted,
    Supervised: _appends("supervisions"),
    Evaluated: _evaluated,
    Settled: _appends("settlements"),
    Renewed: _contracted,
    Retendered: _retendered,
    Closed: _sets("end"),
    Cancelled: _sets("end"),
}
"""The fold step of each event class (the classes of `STAGE_AFTER`)."""

_STEP: dict[type[Event], tuple[Stage, Callable[[_Facts, Any], _Facts]]] = {
    kind: (STAGE_AFTER[kind], absorb) for kind, absorb in _ABSORB.items()
}
"""Stage and fold step together: one look-up per event in `advanced`."""


@frozen
class Project:
    """A purchase of services: its stage, its history, what that history says.

    Build one with `Workflow.start` and `Workflow.apply` (judged) or `fold`
    (trusted).  Equality is the equality of histories.
    """

    stage: Stage
    history: tuple[Event, ...]
    _facts: _Facts = field(eq=False, repr=False, alias="facts")

    # -- identity ----------------------------------------------------------
    @property
    def drafted(self) -> Drafted:
        """The event that opened the project."""
        return self._facts.drafted

    @property
    def id(self) -> str:
        """The project id."""
        return self._facts.drafted.project_id

    @property
    def title(self) -> str:
        """The project title."""
        return self._facts.drafted.title

    @property
    def purchaser(self) -> Purchaser:
        """Who buys (购买主体)."""
        return self._facts.drafted.purchaser

    @property
    def category(self) -> ServiceCategory:
        """The catalogue category."""
        return self._facts.drafted.category

    @property
    def last_event(self) -> Event:
        """The latest event."""
        return self.history[-1]

    # -- money and procedure -------------------------------------------------
    @property
    def budget(self) -> Budgeted | None:
        """The budgeting event, once there is one."""
        return self._facts.budget

    @property
    def budgeted(self) -> Decimal:
        """The budget of the whole purchase (0 before budgeting)."""
        return self._facts.budget.amount if self._facts.budget else _ZERO

    @property
    def disclosures(self) -> tuple[Disclosed, ...]:
        """What was published, and when."""
        return self._facts.disclosures

    @property
    def disclosed(self) -> frozenset[DisclosureItem]:
        """Everything published so far."""
        return self._facts.disclosed

    @property
    def procurement(self) -> ProcurementStarted | None:
        """The procedure under way or that led to the award."""
        return self._facts.procurement

    @property
    def method(self) -> Method | None:
        """The method of the current procedure."""
        return self._facts.procurement.method if self._facts.procurement else None

    @property
    def failures(self) -> tuple[tuple[Method, ProcurementFailed], ...]:
        """Failed procedures, with their methods."""
        return self._facts.failures

    @property
    def award(self) -> Awarded | None:
        """The award of the current cycle."""
        return self._facts.award

    @property
    def undertaker(self) -> Undertaker | None:
        """Who delivers (承接主体), once awarded."""
        return self._facts.award.undertaker if self._facts.award else None

    @property
    def previous_undertaker(self) -> Undertaker | None:
        """After a re-tender, the undertaker of the cycle before."""
        return self._facts.previous_undertaker

    @property
    def periods(self) -> tuple[ContractPeriod, ...]:
        """Every contract period, the original and its renewals."""
        return self._facts.periods

    @property
    def contract(self) -> ContractPeriod | None:
        """The current contract period."""
        return self._facts.periods[-1] if self._facts.periods else None

    @property
    def renewals(self) -> int:
        """How many times the contract has been renewed (this cycle and before)."""
        return sum(p.renewal for p in self._facts.periods)

    @property
    def retenders(self) -> int:
        """How many times the project was tendered again."""
        return self._facts.retenders

    @property
    def supervisions(self) -> tuple[Supervised, ...]:
        """The daily evaluations of the current period."""
        return self._facts.supervisions

    @property
    def supervision_scores(self) -> tuple[Decimal, ...]:
        """Their scores."""
        return tuple(s.score for s in self._facts.supervisions)

    @property
    def evaluations(self) -> tuple[Evaluated, ...]:
        """Every evaluation, oldest first."""
        return self._facts.evaluations

    @property
    def evaluation(self) -> Evaluation | None:
        """The evaluation of the current period, once there is one."""
        current = self._facts.period_evaluation
        return current.evaluation if current else None

    @property
    def evaluated(self) -> Evaluated | None:
        """The event of the current period's evaluation."""
        return self._facts.period_evaluation

    @property
    def settlements(self) -> tuple[Settled, ...]:
        """Every payment, oldest first."""
        return self._facts.settlements

    @property
    def paid(self) -> Decimal:
        """Everything paid so far."""
        return sum((s.paid for s in self._facts.settlements), _ZERO)

    @property
    def contracted(self) -> Decimal:
        """The sum of every contract period's amount."""
        return sum((p.amount for p in self._facts.periods), _ZERO)

    @property
    def cost_comparison(self) -> CostComparison | None:
        """Cost before purchase against what it cost (加强资金管理), once paid.

        ``after`` is what was paid for the latest period; None until a
        payment is made or when the budget recorded no ``cost_before``.
        """
        budget = self._facts.budget
        if budget is None or budget.cost_before is None or not self._facts.settlements:
            return None
        last = self._facts.settlements[-1]
        return CostComparison(
            before=budget.cost_before, after=last.paid, reason=last.cost_reason
        )

    @property
    def closing(self) -> Closed | Cancelled | None:
        """The event that ended the project."""
        return self._facts.end

    def __len__(self) -> int:
        return len(self.history)


def opened(event: Drafted) -> Project:
    """A new project at stage DRAFT (no judgement)."""
    return Project(Stage.DRAFT, (event,), _Facts(drafted=event))


def advanced(project: Project, event: Event) -> Project:
    """``project`` with ``event`` folded in (no judgement)."""
    # One look-up by exact class for the stage and the fold step, not a chain
    # of isinstance tests.  A class outside the graph raises KeyError; `fold`
    # and the workflow check the class before they get here.
    stage, absorb = _STEP[type(event)]
    return Project(
        stage,
        (*project.history, event),
        absorb(project._facts, event),  # noqa: SLF001 - the fold owns the facts
    )


def fold(history: Iterable[object]) -> Project:
    """Rebuild a project from its history without judging it (a trusted load).

    Raises:
        InvalidInput: when the history is empty, does not start with
            `Drafted`, or holds something that is not an event.

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import Purchaser, PurchaserKind, ServiceCategory
        >>> drafted = Drafted(at=datetime(2015, 3, 2, 9), project_id="AY-2015-007",
        ...     title="主城区道路保洁", purchaser=Purchaser("安阳市城市管理局", "城管",
        ...     PurchaserKind.STATE_ORGAN),
        ...     category=ServiceCategory.MUNICIPAL_SANITATION)
        >>> fold([drafted]).stage
        <Stage.DRAFT: ...>
    """
    events = tuple(history)
    if not events or not isinstance(events[0], Drafted):
        raise InvalidInput("history: must start with a Drafted event")
    project = opened(events[0])
    for index, event in enumerate(events[1:], start=1):
        if not isinstance(event, Event) or type(event) not in STAGE_AFTER:
            raise InvalidInput(
                f"history[{index}]: must be an event, not {type(event).__name__}"
            )
        project = advanced(project, event)
    return project
