"""How the purchase process is declared: stages, the fold's facts, checks, steps.

Everything about one rule lives in one phase module (``budgeting``,
``disclosure``, ``procurement``, ``contract``, ``evaluation``, ``closure``):
its id, bilingual title and default citation, the parameters it reads, its
guard and what it would take (its requirement), declared together with
`check`.  A step of the process (an event class, the stages it may follow,
the stage it leads to, how it changes the project's facts, and the checks
that guard it) is declared once, as a `Step`.  The stage graph, the guard
table, the fold, the order of the rule registry, the generated reference
pages and the diagrams are all derived from these declarations (see
``procpolicy._process``), and checked when the package is imported.

A guard returns one of four things, cheap to tell apart on the hot path:

* ``PASS`` (the empty tuple): the rule holds;
* a `Breach` (a non-empty named tuple): the rule is broken, with the English
  and Chinese explanation and the figures; the workflow turns it into a
  `~procpolicy.rules.Violation` of the rule *the declaration names* (a guard
  cannot report another rule) with the basis in force that day;
* an `Unknown` (an empty, falsy tuple that names the missing fact): the rule
  cannot be judged; it passes unless the workflow is strict;
* ``NOT_APPLICABLE`` (an empty, falsy tuple): the rule does not reach this case.

`apply` and `check` only test truth (``if result``), so the trace costs
nothing unless `Workflow.judge` asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeAlias

from attrs import field, frozen

from procpolicy._repr import fields_repr

try:  # the C accessor `collections.namedtuple` uses, where it exists
    from collections import _tuplegetter as tuplegetter  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons: the same, in Python
    from operator import itemgetter

    def tuplegetter(index: int, doc: str) -> Any:
        """A read-only attribute that is item ``index`` of a tuple record."""
        return property(itemgetter(index), doc=doc)


from procpolicy.events import (
    Awarded,
    Budgeted,
    Cancelled,
    Closed,
    Drafted,
    Evaluated,
    Event,
    ProcurementStarted,
)
from procpolicy.labels import BilingualEnum, Label
from procpolicy.parameters import DisclosureItem, Parameters
from procpolicy.parties import Role, Undertaker
from procpolicy.rules import Citation, Rule

if TYPE_CHECKING:
    from procpolicy.events import ContractPublished
    from procpolicy.policy import RuleSet
    from procpolicy.project import Project

__all__ = [
    "FACT_AMENDED",
    "FACT_AWARD",
    "FACT_BUDGET",
    "FACT_DISCLOSED",
    "FACT_DISCLOSURES",
    "FACT_DRAFTED",
    "FACT_END",
    "FACT_EVALUATIONS",
    "FACT_FAILURES",
    "FACT_NAMES",
    "FACT_PERIODS",
    "FACT_PERIOD_EVALUATION",
    "FACT_PREVIOUS_UNDERTAKER",
    "FACT_PROCUREMENT",
    "FACT_PUBLISHED",
    "FACT_RETENDERS",
    "FACT_SETTLEMENTS",
    "FACT_SUPERVISIONS",
    "NOT_APPLICABLE",
    "PASS",
    "Breach",
    "Chain",
    "Check",
    "ContractPeriod",
    "Facts",
    "Need",
    "Stage",
    "Step",
    "Tally",
    "Unknown",
    "appends",
    "changes",
    "check",
    "fail",
    "first_facts",
    "items",
    "sets",
    "tuplegetter",
    "unknown",
    "unknown_because",
]


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


@frozen(repr=False)
class ContractPeriod:
    """One contract period: the original contract or a renewal (inclusive dates)."""

    __repr__ = fields_repr

    start: date
    end: date
    amount: Decimal
    stable: bool
    signed: date
    """The day the contract or renewal was signed."""
    renewal: bool = False


Chain: TypeAlias = tuple["Chain", Any] | None
"""A persistent sequence: ``None`` is empty, ``(rest, last)`` one item more.

Appending shares ``rest`` and builds one pair, where ``(*items, item)`` copies
every item: folding *n* events into a tuple copies *n²/2* of them (49,000
events took 33 s, docs/performance.md).  `items` materialises a chain in
*O(n)*; ``chain[1]`` is its last item.
"""


Tally: TypeAlias = tuple[Chain, int, Decimal] | None
"""A `Chain` with its count and the running sum of its scores,
``(chain, count, total)``: a mean costs one division, not a pass.  Only the
latest tally is kept (the chain's links hold no sums)."""


def items(chain: Chain) -> tuple[Any, ...]:
    """The items of a `Chain`, oldest first.

    Examples:
        >>> items(((None, "a"), "b")), items(None)
        (('a', 'b'), ())
    """
    if chain is None:
        return ()
    found = []
    while chain is not None:
        found.append(chain[1])
        chain = chain[0]
    found.reverse()
    return tuple(found)


Facts: TypeAlias = tuple[
    Drafted,
    Budgeted | None,
    Chain,
    frozenset[DisclosureItem],
    ProcurementStarted | None,
    Chain,
    Awarded | None,
    Chain,
    Tally,
    Chain,
    Evaluated | None,
    Chain,
    int,
    Undertaker | None,
    tuple[ContractPeriod | None, Decimal] | None,
    tuple[ContractPeriod | None, "ContractPublished"] | None,
    Closed | Cancelled | None,
]
"""What the history has established so far (internal; see `Project`).

A plain tuple with one value per name of `FACT_NAMES`, read by the index
constants below (``facts[FACT_BUDGET]``); `first_facts` makes the first one.
Not a `NamedTuple`: the fold builds one per event, and CPython builds an
instance of a tuple subclass by copying a temporary plain tuple, about 2 k
instructions more per event (a tenth of a lifecycle, docs/performance.md).
Every sequence that grows with the history is a `Chain`, so that a fold is
linear (`Project` materialises them on demand).
"""

FACT_NAMES: Final = (
    "drafted",
    "budget",
    "disclosures",
    "disclosed",
    "procurement",
    "failures",
    "award",
    "periods",
    "supervisions",
    "evaluations",
    "period_evaluation",
    "settlements",
    "retenders",
    "previous_undertaker",
    "amended",
    "published",
    "end",
)
"""The name of each value of `Facts`, in order (`sets`, `appends` and `changes`
take these names)."""
FACT_DRAFTED: Final = 0
"""`Drafted`: the event that opened the project."""
FACT_BUDGET: Final = 1
"""`Budgeted`, or None before budgeting."""
FACT_DISCLOSURES: Final = 2
"""`Disclosed` events (a `Chain`)."""
FACT_DISCLOSED: Final = 3
"""Everything published so far, a frozenset of `DisclosureItem` (kept, not
recomputed: a guard reads it)."""
FACT_PROCUREMENT: Final = 4
"""The `ProcurementStarted` of the procedure under way or that led to the award."""
FACT_FAILURES: Final = 5
"""``(Method, ProcurementFailed)`` pairs (a `Chain`)."""
FACT_AWARD: Final = 6
"""The `Awarded` of the current cycle."""
FACT_PERIODS: Final = 7
"""`ContractPeriod` values, the current one last (a `Chain`)."""
FACT_SUPERVISIONS: Final = 8
"""`Supervised` events of the current period, with their running count and
sum of scores (a `Tally`)."""
FACT_EVALUATIONS: Final = 9
"""`Evaluated` events (a `Chain`)."""
FACT_PERIOD_EVALUATION: Final = 10
"""The `Evaluated` of the current period, once there is one."""
FACT_SETTLEMENTS: Final = 11
"""`Settled` events (a `Chain`)."""
FACT_RETENDERS: Final = 12
"""How many times the project was tendered again (an int)."""
FACT_PREVIOUS_UNDERTAKER: Final = 13
"""The `Undertaker` of the last cycle, after a re-tender (再次招评标)."""
FACT_AMENDED: Final = 14
"""``(ContractPeriod, total)``: the period supplements (`Amended`) added to,
and their total; a new period (a renewal, a new contract) starts from none."""
FACT_PUBLISHED: Final = 15
"""``(ContractPeriod, ContractPublished)``: the period first published, and when."""
FACT_END: Final = 16
"""The `Closed` or `Cancelled` that ended the project."""
_FIELD_INDEX: Final = {name: index for index, name in enumerate(FACT_NAMES)}
_NOTHING_YET: Final[tuple[Any, ...]] = (
    None,  # budget
    None,  # disclosures
    frozenset(),  # disclosed
    None,  # procurement
    None,  # failures
    None,  # award
    None,  # periods
    None,  # supervisions
    None,  # evaluations
    None,  # period_evaluation
    None,  # settlements
    0,  # retenders
    None,  # previous_undertaker
    None,  # amended
    None,  # published
    None,  # end
)
"""Every fact but ``drafted`` before anything else happened."""


def first_facts(drafted: Drafted) -> Facts:
    """The facts of a project that ``drafted`` opened, nothing else yet."""
    return (drafted, *_NOTHING_YET)


_new_record = tuple.__new__
"""Build a record (`Unknown`) from its values, in C (``_make`` is Python)."""

Fold = Callable[[Facts, Any], Facts]


def sets(name: str) -> Fold:
    """The fold step of an event that becomes the value of fact ``name``.

    Copying the tuple to a list, setting the value by index and building the
    tuple again costs a fraction of ``_replace`` (a ``dict.pop`` per field)
    and of rebuilding a frozen attrs class (docs/performance.md).
    """
    index = _FIELD_INDEX[name]

    def step(facts: Facts, event: Event) -> Facts:
        values: list[Any] = list(facts)
        values[index] = event
        return tuple(values)

    return step


def appends(name: str) -> Fold:
    """The fold step of an event that is appended to the `Chain` fact ``name``."""
    index = _FIELD_INDEX[name]

    def step(facts: Facts, event: Event) -> Facts:
        values: list[Any] = list(facts)
        values[index] = (values[index], event)
        return tuple(values)

    return step


def changes(*names: str) -> Callable[..., Facts]:
    """A function setting the facts ``names`` at once: ``change(facts, *values)``.

    For the events that change several facts.  The indexes are resolved once,
    here, so the fold step pays for one list copy, not a keyword dict.

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import Purchaser, PurchaserKind, ServiceCategory
        >>> drafted = Drafted(at=datetime(2015, 3, 2), project_id="X-1", title="保洁",
        ...     purchaser=Purchaser("市城管局", "城管", PurchaserKind.STATE_ORGAN),
        ...     category=ServiceCategory.MUNICIPAL_SANITATION)
        >>> changes("retenders", "end")(first_facts(drafted), 2, None)[FACT_RETENDERS]
        2
    """
    indexes = tuple(_FIELD_INDEX[name] for name in names)

    def change(facts: Facts, *values: object) -> Facts:
        new: list[Any] = list(facts)
        # Not ``strict=True``: a keyword makes ``zip`` a third dearer, and each
        # caller passes one value per name (the tests fold every step).
        for index, value in zip(indexes, values):  # noqa: B905
            new[index] = value
        return tuple(new)

    return change


def unchanged(facts: Facts, _event: Event) -> Facts:
    """The fold step of an event that changes no fact."""
    return facts


# -- what a guard returns -----------------------------------------------------
PASS: tuple[()] = ()
"""The rule holds."""


class Breach(NamedTuple):
    """A broken rule's explanation and figures (the workflow adds the rule)."""

    en: str
    zh: str
    facts: tuple[tuple[str, str], ...]


def fail(en: str, zh: str, **facts: object) -> Breach:
    """A `Breach` with ``facts`` as ``(name, str(value))`` pairs."""
    return Breach(en, zh, tuple((k, str(v)) for k, v in facts.items()))


class Unknown(tuple):  # type: ignore[type-arg]
    """A falsy result naming the fact a rule needs and does not have.

    The explanation is written only when it is read (`Workflow.judge`, a
    strict workflow): `apply` and `check` only test the result for truth,
    and an undetermined rule is the common case for records that leave
    facts out.  Stored as the pair ``(fact, explain)`` in a tuple (one
    allocation, no instance dict), and false however many items it holds.
    """

    __slots__ = ()

    if TYPE_CHECKING:
        fact: str
        _explain: Callable[[], tuple[str, str]]
    else:
        fact = tuplegetter(0, "The fact the rule needs, e.g. ``Drafted.scope``.")
        _explain = tuplegetter(1, "Writes ``(en, zh)`` when asked.")

    def __bool__(self) -> bool:
        return False

    @property
    def en(self) -> str:
        """Why the rule cannot be judged, in English."""
        return self._explain()[0]

    @property
    def zh(self) -> str:
        """Why the rule cannot be judged, in Chinese."""
        return self._explain()[1]


def unknown(fact: str, en: str, zh: str) -> Unknown:
    """The rule cannot be judged: ``fact`` is unknown (``en``/``zh`` say why)."""
    return unknown_because(fact, lambda: (en, zh))


def unknown_because(fact: str, explain: Callable[[], tuple[str, str]]) -> Unknown:
    """`unknown` with the English and Chinese explanation written on demand."""
    result: Unknown = _new_record(Unknown, (fact, explain))
    return result


class _NotApplicable(tuple):  # type: ignore[type-arg]
    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()
"""The rule does not reach this case (an empty, falsy tuple)."""

Result = tuple[Any, ...]
"""``PASS``, a `Breach`, an `Unknown` or ``NOT_APPLICABLE``."""
Guard = Callable[["Project", Any, "RuleSet"], Result]


class Need(NamedTuple):
    """What a rule would take of the next event, with the bound in figures."""

    en: str
    zh: str
    bound: str = ""
    """The bound itself: the earliest day, the highest amount, the grade …"""
    facts: tuple[tuple[str, str], ...] = ()


Requires = Callable[["Project", "RuleSet"], Need]


@frozen(repr=False)
class Check:
    """One rule and everything that judges it: the declaration of a rule."""

    __repr__ = fields_repr

    rule: Rule
    guard: Guard
    reads: tuple[str, ...] = ()
    """The `Parameters` it reads (checked to exist at import)."""
    requires: Requires | None = None
    """What the rule would take of the next event (`Workflow.requirements`)."""
    reads_event: bool = True
    """False for a rule that judges the project alone."""
    unknowns: tuple[str, ...] = ()
    """The facts it may find unknown (for the docs and the tests)."""
    role: Role = Role.FUNCTIONAL
    """Who must act for the rule to hold (工作机制): by default the purchaser,
    a functional department (职能部门履职)."""

    def __attrs_post_init__(self) -> None:
        names = set(Parameters.names())
        missing = [name for name in self.reads if name not in names]
        if missing:
            msg = f"{self.rule.id} reads unknown parameter(s) {missing}"
            raise TypeError(msg)


def check(
    rule_id: str,
    zh: str,
    en: str,
    citation: Citation,
    *,
    reads: tuple[str, ...] = (),
    requires: Requires | None = None,
    reads_event: bool = True,
    unknowns: tuple[str, ...] = (),
    role: Role = Role.FUNCTIONAL,
) -> Callable[[Guard], Check]:
    """Declare a rule; applied to a function, make it the rule's guard.

    The phase modules write ``name = check(…)(_name)`` after the guard, not
    ``@check(…)`` before it: mutmut mutates no decorated function, and the
    guards are what mutation testing is for (docs/testing.md).

    ``citation`` is the rule's default citation, used where no document in
    force establishes the rule (`procpolicy.RuleSet.basis`).
    """

    def declare(guard: Guard) -> Check:
        return Check(
            Rule(rule_id, Label(zh, en), citation),
            guard,
            reads,
            requires,
            reads_event,
            unknowns,
            role,
        )

    return declare


@frozen(repr=False)
class Step:
    """A step of the process, declared once: event, stages, fold, checks."""

    __repr__ = fields_repr

    event: type[Event]
    sources: frozenset[Stage]
    target: Stage
    fold: Fold
    checks: tuple[Check, ...] = field(default=())
    actor: Role = Role.FUNCTIONAL
    """Who performs the step (工作机制): the purchaser, a functional department,
    unless the step is the finance department's (budgeting, payment)."""
