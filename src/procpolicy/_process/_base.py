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
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

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


class Facts(NamedTuple):
    """What the history has established so far (internal; see `Project`).

    A `NamedTuple`, not a frozen attrs class: the fold makes one per event and
    a tuple is far cheaper to copy with a field changed (see `sets`).  Every
    sequence that grows with the history is a `Chain`, so that a fold is linear
    (`Project` materialises them on demand).
    """

    drafted: Drafted
    budget: Budgeted | None = None
    disclosures: Chain = None
    """`Disclosed` events (a `Chain`)."""
    disclosed: frozenset[DisclosureItem] = frozenset()
    """Everything published so far (kept, not recomputed: a guard reads it)."""
    procurement: ProcurementStarted | None = None
    failures: Chain = None
    """``(Method, ProcurementFailed)`` pairs (a `Chain`)."""
    award: Awarded | None = None
    periods: Chain = None
    """`ContractPeriod` values, the current one last (a `Chain`)."""
    supervisions: Tally = None
    """`Supervised` events of the current period, with their running count and
    sum of scores (a `Tally`)."""
    evaluations: Chain = None
    """`Evaluated` events (a `Chain`)."""
    period_evaluation: Evaluated | None = None
    """The evaluation of the current period, once there is one."""
    settlements: Chain = None
    """`Settled` events (a `Chain`)."""
    retenders: int = 0
    previous_undertaker: Undertaker | None = None
    """The undertaker of the last cycle, after a re-tender (再次招评标)."""
    amended: tuple[ContractPeriod | None, Decimal] | None = None
    """The contract period supplements (`Amended`) added to, and their total;
    a new period (a renewal, a new contract) starts from none."""
    published: tuple[ContractPeriod | None, ContractPublished] | None = None
    """The contract period first published (`ContractPublished`), and when."""
    end: Closed | Cancelled | None = None


_FIELD_INDEX = {name: index for index, name in enumerate(Facts._fields)}
_new_facts = _new_record = tuple.__new__
"""Build `Facts` from a full list of values, in C (``_make`` is Python)."""

Fold = Callable[[Facts, Any], Facts]


def sets(name: str) -> Fold:
    """The fold step of an event that becomes the value of fact ``name``.

    Copying the tuple and setting the field by index, built with
    ``tuple.__new__``, costs a fraction of ``_replace`` (a ``dict.pop`` per
    field) and of rebuilding a frozen attrs class (docs/performance.md).
    """
    index = _FIELD_INDEX[name]

    def step(facts: Facts, event: Event) -> Facts:
        values: list[object] = list(facts)
        values[index] = event
        return _new_facts(Facts, values)

    return step


def appends(name: str) -> Fold:
    """The fold step of an event that is appended to the `Chain` fact ``name``."""
    index = _FIELD_INDEX[name]

    def step(facts: Facts, event: Event) -> Facts:
        values: list[Any] = list(facts)
        values[index] = (values[index], event)
        return _new_facts(Facts, values)

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
        >>> changes("retenders", "end")(Facts(drafted), 2, None).retenders
        2
    """
    indexes = tuple(_FIELD_INDEX[name] for name in names)

    def change(facts: Facts, *values: object) -> Facts:
        new: list[object] = list(facts)
        # Not ``strict=True``: a keyword makes ``zip`` a third dearer, and each
        # caller passes one value per name (the tests fold every step).
        for index, value in zip(indexes, values):  # noqa: B905
            new[index] = value
        return _new_facts(Facts, new)

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
