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

from collections.abc import Iterable
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, NoReturn, Self

from procpolicy._process import FOLDS, STAGE_AFTER
from procpolicy._process._base import (
    FACT_AMENDED,
    FACT_AWARD,
    FACT_BUDGET,
    FACT_DISCLOSED,
    FACT_DISCLOSURES,
    FACT_DRAFTED,
    FACT_END,
    FACT_EVALUATIONS,
    FACT_FAILURES,
    FACT_PERIOD_EVALUATION,
    FACT_PERIODS,
    FACT_PREVIOUS_UNDERTAKER,
    FACT_PROCUREMENT,
    FACT_PUBLISHED,
    FACT_RETENDERS,
    FACT_SETTLEMENTS,
    FACT_SUPERVISIONS,
    Chain,
    ContractPeriod,
    Facts,
    Stage,
    first_facts,
    items,
    tuplegetter,
)
from procpolicy.catalogue import ServiceCategory
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import CostComparison, Evaluation, round_score
from procpolicy.events import (
    Awarded,
    Budgeted,
    Cancelled,
    Closed,
    ContractPublished,
    Disclosed,
    Drafted,
    Evaluated,
    Event,
    ProcurementFailed,
    ProcurementStarted,
    Settled,
    Supervised,
)
from procpolicy.parameters import DisclosureItem
from procpolicy.parties import Purchaser, Undertaker
from procpolicy.procurement import Method

__all__ = ["STAGE_AFTER", "ContractPeriod", "Project", "Stage", "fold"]

_ZERO = Decimal(0)


_new = tuple.__new__
"""Build a `Project` from its four values, in C (one tuple per event)."""


class Project(tuple):  # type: ignore[type-arg]  # noqa: SLOT001 - history's memo
    """A purchase of services: its stage, its history, what that history says.

    Build one with `Workflow.start` and `Workflow.apply` (judged) or `fold`
    (trusted).  Equality is the equality of histories.

    Successive projects share their history: each holds its last event and
    the history before it (a `Chain`), so folding an event costs the same at
    the ten-thousandth event as at the tenth.  ``history`` materialises the
    tuple on first use and keeps it (a memo inside a frozen value).

    A project is stored as the record of its values, ``(stage, events,
    facts, last event)``, in a tuple: the cheapest immutable record CPython
    builds, one per event (a frozen attrs class cost about 5 k instructions
    more to build, 14 % of a lifecycle; docs/performance.md).  It is not a sequence:
    iterating, indexing, concatenating or ordering a project is refused, and
    ``len(project)`` is the length of its history.
    """

    # A tuple subclass without __slots__, so that ``history`` has a place for
    # its memo (CPython makes the instance dict only when it is first set).
    if TYPE_CHECKING:
        stage: Stage
        _events: Chain
        _facts: Facts
        last_event: Event
    else:
        stage = tuplegetter(0, "Where the project stands (`Stage`).")
        _events = tuplegetter(
            1, "``(history before, last event)``: the history as a `Chain`."
        )
        _facts = tuplegetter(2, "What the history has established (`Facts`).")
        last_event = tuplegetter(3, "The latest event.")

    def __new__(cls, stage: Stage, events: Chain, facts: Facts) -> Self:
        """A project from its values; `Workflow.start`, `apply` and `fold` make them."""
        return _new(cls, (stage, events, facts, events[1]))  # type: ignore[index]

    def __getnewargs__(self) -> tuple[Stage, Chain, Facts]:
        return (self.stage, self._events, self._facts)

    @cached_property
    def history(self) -> tuple[Event, ...]:
        """Every event, oldest first (built once per project, then kept)."""
        events: tuple[Event, ...] = items(self._events)
        return events

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            # False for a tuple, whose own == would compare the record's values.
            return False if isinstance(other, tuple) else NotImplemented
        return self._events is other._events or self.history == other.history

    def __ne__(self, other: object) -> bool:
        # Defined, or tuple's would compare the record's values.
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self.history)

    def __len__(self) -> int:
        return len(self.history)

    def __bool__(self) -> bool:
        return True

    def _not_a_sequence(self, *_: object) -> NoReturn:
        """Refused (`TypeError`): a project is not a sequence; see ``history``."""
        raise TypeError("a Project is not a sequence; its events are .history")

    __iter__ = __getitem__ = __contains__ = __add__ = __mul__ = __rmul__ = (
        _not_a_sequence
    )
    count = index = _not_a_sequence

    def _unordered(self, _other: object) -> bool:
        return NotImplemented  # type: ignore[no-any-return]

    __lt__ = __le__ = __gt__ = __ge__ = _unordered

    def __repr__(self) -> str:
        from procpolicy._display import project_repr  # noqa: PLC0415

        return project_repr(self)

    def _repr_html_(self) -> str:
        """The stage, the key facts and the history as HTML tables."""
        from procpolicy._display import project_html  # noqa: PLC0415

        return project_html(self)

    # -- identity ----------------------------------------------------------
    @property
    def drafted(self) -> Drafted:
        """The event that opened the project."""
        return self._facts[FACT_DRAFTED]

    @property
    def id(self) -> str:
        """The project id."""
        return self._facts[FACT_DRAFTED].project_id

    @property
    def title(self) -> str:
        """The project title."""
        return self._facts[FACT_DRAFTED].title

    @property
    def purchaser(self) -> Purchaser:
        """Who buys (购买主体)."""
        return self._facts[FACT_DRAFTED].purchaser

    @property
    def category(self) -> ServiceCategory:
        """The catalogue category."""
        return self._facts[FACT_DRAFTED].category

    # -- money and procedure -------------------------------------------------
    @property
    def budget(self) -> Budgeted | None:
        """The budgeting event, once there is one."""
        return self._facts[FACT_BUDGET]

    @property
    def budgeted(self) -> Decimal:
        """The budget of the whole purchase (0 before budgeting)."""
        budget = self._facts[FACT_BUDGET]
        return budget.amount if budget else _ZERO

    @property
    def disclosures(self) -> tuple[Disclosed, ...]:
        """What was published, and when."""
        return items(self._facts[FACT_DISCLOSURES])

    @property
    def disclosed(self) -> frozenset[DisclosureItem]:
        """Everything published so far."""
        return self._facts[FACT_DISCLOSED]

    @property
    def procurement(self) -> ProcurementStarted | None:
        """The procedure under way or that led to the award."""
        return self._facts[FACT_PROCUREMENT]

    @property
    def method(self) -> Method | None:
        """The method of the current procedure."""
        procurement = self._facts[FACT_PROCUREMENT]
        return procurement.method if procurement else None

    @property
    def failures(self) -> tuple[tuple[Method, ProcurementFailed], ...]:
        """Failed procedures, with their methods."""
        return items(self._facts[FACT_FAILURES])

    @property
    def award(self) -> Awarded | None:
        """The award of the current cycle."""
        return self._facts[FACT_AWARD]

    @property
    def undertaker(self) -> Undertaker | None:
        """Who delivers (承接主体), once awarded."""
        award = self._facts[FACT_AWARD]
        return award.undertaker if award else None

    @property
    def previous_undertaker(self) -> Undertaker | None:
        """After a re-tender, the undertaker of the cycle before."""
        return self._facts[FACT_PREVIOUS_UNDERTAKER]

    @property
    def periods(self) -> tuple[ContractPeriod, ...]:
        """Every contract period, the original and its renewals."""
        return items(self._facts[FACT_PERIODS])

    @property
    def contract(self) -> ContractPeriod | None:
        """The current contract period."""
        periods = self._facts[FACT_PERIODS]
        if periods is None:
            return None
        current: ContractPeriod = periods[1]  # no cast(): a call on the hot path
        return current

    @property
    def supplemented(self) -> Decimal:
        """What supplementary contracts (`Amended`) added to the current period."""
        amended = self._facts[FACT_AMENDED]
        if amended is None or amended[0] is not self.contract:
            return _ZERO
        return amended[1]

    @property
    def published(self) -> ContractPublished | None:
        """The first publication of the current period's contract, if recorded."""
        published = self._facts[FACT_PUBLISHED]
        if published is None or published[0] is not self.contract:
            return None
        return published[1]

    @property
    def renewals(self) -> int:
        """How many times the contract has been renewed (this cycle and before)."""
        return sum(p.renewal for p in self.periods)

    @property
    def retenders(self) -> int:
        """How many times the project was tendered again."""
        return self._facts[FACT_RETENDERS]

    @property
    def supervisions(self) -> tuple[Supervised, ...]:
        """The daily evaluations of the current period."""
        tally = self._facts[FACT_SUPERVISIONS]
        return () if tally is None else items(tally[0])

    @property
    def supervision_scores(self) -> tuple[Decimal, ...]:
        """Their scores."""
        return tuple(s.score for s in self.supervisions)

    @property
    def supervision_mean(self) -> Decimal | None:
        """The mean of their scores to 0.01, None without any.

        The same value as `procpolicy.evaluation.mean` of `supervision_scores`,
        from the count and sum the last link of the period's `Tally` carries:
        kept while folding, not recomputed.
        """
        tally = self._facts[FACT_SUPERVISIONS]
        if tally is None:
            return None
        _, count, total = tally
        return round_score(total / count)

    @property
    def evaluations(self) -> tuple[Evaluated, ...]:
        """Every evaluation, oldest first."""
        return items(self._facts[FACT_EVALUATIONS])

    @property
    def evaluation(self) -> Evaluation | None:
        """The evaluation of the current period, once there is one."""
        current = self._facts[FACT_PERIOD_EVALUATION]
        return current.evaluation if current else None

    @property
    def evaluated(self) -> Evaluated | None:
        """The event of the current period's evaluation."""
        return self._facts[FACT_PERIOD_EVALUATION]

    @property
    def settlements(self) -> tuple[Settled, ...]:
        """Every payment, oldest first."""
        return items(self._facts[FACT_SETTLEMENTS])

    @property
    def paid(self) -> Decimal:
        """Everything paid so far."""
        return sum((s.paid for s in self.settlements), _ZERO)

    @property
    def contracted(self) -> Decimal:
        """The sum of every contract period's amount."""
        return sum((p.amount for p in self.periods), _ZERO)

    @property
    def cost_comparison(self) -> CostComparison | None:
        """Cost before purchase against what it cost (加强资金管理), once paid.

        ``after`` is what was paid for the latest period; None until a
        payment is made or when the budget recorded no ``cost_before``.
        """
        budget, settlements = self._facts[FACT_BUDGET], self._facts[FACT_SETTLEMENTS]
        if budget is None or budget.cost_before is None or settlements is None:
            return None
        last: Settled = settlements[1]
        return CostComparison(
            before=budget.cost_before, after=last.paid, reason=last.cost_reason
        )

    @property
    def closing(self) -> Closed | Cancelled | None:
        """The event that ended the project."""
        return self._facts[FACT_END]


def opened(event: Drafted) -> Project:
    """A new project at stage DRAFT (no judgement)."""
    return _new(Project, (Stage.DRAFT, (None, event), first_facts(event), event))


def advanced(project: Project, event: Event) -> Project:
    """``project`` with ``event`` folded in (no judgement)."""
    # One look-up by exact class for the stage and the fold step, not a chain
    # of isinstance tests.  A class outside the graph raises KeyError; `fold`
    # and the workflow check the class before they get here.
    stage, absorb = FOLDS[type(event)]
    return _new(
        Project,
        (
            stage,
            (project._events, event),  # noqa: SLF001 - the fold owns the history
            absorb(project._facts, event),  # noqa: SLF001 - and the facts
            event,
        ),
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
