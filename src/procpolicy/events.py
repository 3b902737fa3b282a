"""The events of a purchase, one frozen class each.

A `Project` is the fold of its events; the `Workflow` judges each event by
the rules in force on its own day.  Every event has ``at`` (a `datetime`)
first.  Values are validated on construction and bad ones raise
`InvalidInput` naming the field.

Time zones: a naive ``at`` is read as China Standard Time (UTC+08:00); an
aware one is converted to it.  ``event.day`` is that date, the day whose
rules judge the event, and ``event.instant`` the aware moment used to keep
a history in order — so naive and aware events can be mixed safely.

Every date an event carries lies in the domain of dates, 1949-10-01 to
2199-12-31 (``at`` by its day in China Standard Time); any other is refused
with `InvalidInput` naming the field (``docs/security.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, ClassVar, Final

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import CST as _CST
from procpolicy._validate import (
    day_in_domain,
    frozen_set,
    instance,
    moment_in_domain,
    money,
    non_empty_str,
    optional,
    positive,
    score,
    set_of,
    to_decimal,
    to_optional_decimal,
    to_tuple,
    tuple_of,
    whole,
)
from procpolicy.catalogue import CatalogueItem, Prohibited, ServiceCategory
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import (
    Achieved,
    Evaluation,
    IndicatorSystem,
    PerformanceTarget,
    Scope,
    SocialImpact,
)
from procpolicy.parameters import DisclosureItem
from procpolicy.parties import Purchaser, Undertaker
from procpolicy.procurement import Method, MethodGround

__all__ = [
    "CST",
    "EVENT_TYPES",
    "Amended",
    "Awarded",
    "Budgeted",
    "Cancelled",
    "Closed",
    "ContractPublished",
    "Contracted",
    "Disclosed",
    "Drafted",
    "Evaluated",
    "Event",
    "ProcurementFailed",
    "ProcurementStarted",
    "Renewed",
    "Retendered",
    "Settled",
    "Supervised",
]

CST: Final = _CST
"""China Standard Time: the zone a naive ``at`` is read in."""

_at = moment_in_domain
"""``at`` is a datetime whose day in China Standard Time lies in the domain of
dates (1949-10-01 to 2199-12-31, ``docs/security.md``)."""


@frozen(kw_only=True, repr=False)
class Event:
    """Base class of every event: something that happened at ``at``."""

    __repr__ = fields_repr

    kind: ClassVar[str] = "Event"
    at: datetime = field(validator=_at)
    """When it happened; naive values are China Standard Time."""
    day: date = field(init=False, eq=False, repr=False)
    """The date (China Standard Time) whose rules judge the event."""
    instant: datetime = field(init=False, eq=False, repr=False)
    """``at`` as an aware moment, for ordering."""

    def __attrs_post_init__(self) -> None:
        at = self.at
        zone = at.tzinfo
        if zone is CST:  # already China Standard Time: the simulator's moments
            instant = at
            day = at.date()
        elif zone is None or at.utcoffset() is None:
            day = at.date()
            if type(at) is datetime:
                # Arithmetic in C, exact to the microsecond inside the domain:
                # about 1.1 k instructions on CPython 3.11, against 2.2 k for
                # ``datetime.combine(day, at.time(), CST)`` and 10 k for
                # ``at.replace(tzinfo=CST)`` (keyword parsing).
                instant = _CST_EPOCH + (at - _NAIVE_EPOCH)
                if at.fold:
                    instant = instant.replace(fold=1)
            else:  # a subclass of datetime keeps its class through ``replace``
                instant = at.replace(tzinfo=CST)
        elif type(zone) is timezone and zone == CST and type(at) is datetime:
            # A fixed +08:00 (a loaded payload's moments): China Standard Time
            # under another name.  ``astimezone(CST)`` would give the same
            # fields with ``fold`` 0, in a third more instructions.
            day = at.date()
            instant = datetime.combine(day, at.time(), CST)
            if at.fold:
                instant = instant.replace(fold=0)
        else:
            instant = at.astimezone(CST)
            day = instant.date()
        # The slots' own setters: half the price of ``object.__setattr__``,
        # which looks the name up and checks the class first.
        _set_instant(self, instant)
        _set_day(self, day)


_CST_EPOCH: Final = datetime(2000, 1, 1, tzinfo=CST)
_NAIVE_EPOCH: Final = _CST_EPOCH.replace(tzinfo=None)
"""A naive moment's instant is `_CST_EPOCH` plus its distance from `_NAIVE_EPOCH`."""
_set_day: Final[Callable[[Event, date], None]] = Event.__dict__["day"].__set__
_set_instant: Final[Callable[[Event, datetime], None]] = Event.__dict__[
    "instant"
].__set__
"""Set ``day`` and ``instant`` of a frozen event (its slots' descriptors)."""


def _period(inst: Any) -> None:
    if inst.end < inst.start:
        raise InvalidInput(
            f"{type(inst).__name__}.end: {inst.end} is before start {inst.start}; "
            "a period's end is its last day (inclusive)"
        )


@frozen(kw_only=True, repr=False)
class Drafted(Event):
    """A purchase is planned (立项): what, by whom, for which category.

    ``involves`` lists what the content touches on the negative list; the
    workflow refuses such a project at budgeting.  ``item`` names a single
    catalogue item when the catalogue lists items, not whole categories (the
    2014 pilots).  ``social_impact``, ``fixed_site`` and ``scope`` decide who
    evaluates (谁来考); each is None (unknown) unless recorded, and a rule that
    needs an unknown one is undetermined, never a silent pass.
    """

    kind: ClassVar[str] = "Drafted"
    project_id: str = field(validator=non_empty_str)
    title: str = field(validator=non_empty_str)
    purchaser: Purchaser = field(validator=instance(Purchaser))
    category: ServiceCategory = field(validator=instance(ServiceCategory))
    involves: frozenset[Prohibited] = field(
        default=frozenset(), converter=frozen_set, validator=set_of(Prohibited)
    )
    item: CatalogueItem | None = field(
        default=None, validator=optional(instance(CatalogueItem))
    )
    social_impact: SocialImpact | None = field(
        default=None, validator=optional(instance(SocialImpact))
    )
    """社会影响度; None when not recorded (then 谁来考 may be undetermined)."""
    fixed_site: bool | None = field(default=None, validator=optional(instance(bool)))
    """有无固定场所; None when not recorded."""
    scope: Scope | None = field(default=None, validator=optional(instance(Scope)))
    """范围; None when not recorded."""

    def __attrs_post_init__(self) -> None:
        Event.__attrs_post_init__(self)  # named, not super(): 1 k instructions less
        if self.item is not None and self.item.category is not self.category:
            raise InvalidInput(
                f"Drafted.item: {self.item.code} is filed under "
                f"{self.item.category.name}, "
                f"not {self.category.name}"
            )


@frozen(kw_only=True, repr=False)
class Budgeted(Event):
    """Money for the purchase enters the department budget (部门预算编制).

    ``amount`` is the budget of the whole purchase; award and contract
    amounts are compared with it.  ``cost_before`` is what the service cost
    before it was bought (the finance department's comparison).
    """

    kind: ClassVar[str] = "Budgeted"
    amount: Decimal = field(converter=to_decimal, validator=positive)
    separate_line: bool = field(validator=instance(bool))
    """Whether it sits on the separate purchase-of-services line (单列预算)."""
    targets: tuple[PerformanceTarget, ...] = field(
        default=(), converter=to_tuple, validator=tuple_of(PerformanceTarget)
    )
    cost_before: Decimal | None = field(
        default=None, converter=to_optional_decimal, validator=optional(money)
    )


@frozen(kw_only=True, repr=False)
class Disclosed(Event):
    """Information published on the platform (加强信息公开)."""

    kind: ClassVar[str] = "Disclosed"
    items: frozenset[DisclosureItem] = field(
        converter=frozen_set, validator=set_of(DisclosureItem)
    )
    channel: str = field(default="", validator=instance(str))
    """Where it was published (the platform, a URL …)."""


@frozen(kw_only=True, repr=False)
class ProcurementStarted(Event):
    """A procurement procedure starts with a method and its grounds.

    The procurement documents (招标文件, 磋商文件, 谈判文件, 询价通知书) are
    issued on the event's day; ``deadline`` is the day responses are due
    (投标截止时间 / 递交响应文件截止时间), None when not recorded (then
    ``tender.period`` is judged at the award).  ``original_contract`` is the
    amount of the original contract an add-on purchase (``ADD_ON``, 添购)
    extends, None when not recorded.
    """

    kind: ClassVar[str] = "ProcurementStarted"
    method: Method = field(validator=instance(Method))
    grounds: frozenset[MethodGround] = field(
        default=frozenset(), converter=frozen_set, validator=set_of(MethodGround)
    )
    deadline: date | None = field(default=None, validator=optional(day_in_domain))
    """The response deadline (响应期限届满之日); None when not recorded."""
    original_contract: Decimal | None = field(
        default=None, converter=to_optional_decimal, validator=optional(positive)
    )
    """For an add-on single source: the original contract's amount (原合同金额)."""


@frozen(kw_only=True, repr=False)
class ProcurementFailed(Event):
    """The procedure failed (流标); the project may restart, another method too."""

    kind: ClassVar[str] = "ProcurementFailed"
    reason: str = field(validator=non_empty_str)


@frozen(kw_only=True, repr=False)
class Awarded(Event):
    """An undertaker is chosen (确定承接主体)."""

    kind: ClassVar[str] = "Awarded"
    undertaker: Undertaker = field(validator=instance(Undertaker))
    amount: Decimal = field(converter=to_decimal, validator=money)
    bidders: int | None = field(default=None, validator=optional(whole(0)))
    """How many bidders or suppliers took part; None when not recorded."""


@frozen(kw_only=True, repr=False)
class Contracted(Event):
    """The contract is signed for ``start``–``end`` (inclusive)."""

    kind: ClassVar[str] = "Contracted"
    start: date = field(validator=day_in_domain)
    end: date = field(validator=day_in_domain)
    amount: Decimal = field(converter=to_decimal, validator=money)
    stable: bool = field(default=False, validator=instance(bool))
    """Whether mof-102 Art 24's conditions for up to three years hold."""

    def __attrs_post_init__(self) -> None:
        Event.__attrs_post_init__(self)  # named, not super(): 1 k instructions less
        _period(self)


@frozen(kw_only=True, repr=False)
class Amended(Event):
    """A supplementary contract (补充合同) adds ``amount`` to the current contract.

    The Government Procurement Law (Art 49) lets the purchaser buy more of the
    same service under the contract's other terms, the supplements together
    at most a tenth of the contract (``contract.supplement``).
    """

    kind: ClassVar[str] = "Amended"
    amount: Decimal = field(converter=to_decimal, validator=positive)
    reason: str = field(validator=non_empty_str)
    """Why more is bought (追加的服务)."""


@frozen(kw_only=True, repr=False)
class ContractPublished(Event):
    """The current contract is published (合同公告) on the designated media."""

    kind: ClassVar[str] = "ContractPublished"


@frozen(kw_only=True, repr=False)
class Supervised(Event):
    """One daily (routine) evaluation, 0–100 (日常考评)."""

    kind: ClassVar[str] = "Supervised"
    score: Decimal = field(converter=to_decimal, validator=score)
    note: str = field(default="", validator=instance(str))


@frozen(kw_only=True, repr=False)
class Evaluated(Event):
    """The evaluation of the current contract period (绩效考评)."""

    kind: ClassVar[str] = "Evaluated"
    evaluation: Evaluation = field(validator=instance(Evaluation))
    achieved: tuple[Achieved, ...] = field(
        default=(), converter=to_tuple, validator=tuple_of(Achieved)
    )
    """The value reported for each target set at budgeting (三衔接) and each
    indicator of ``indicators``; one entry per name."""
    indicators: IndicatorSystem | None = field(
        default=None, validator=optional(instance(IndicatorSystem))
    )
    """The indicator system that scores the evaluation (考什么), if one does:
    then the evaluator's score is its score of ``achieved``
    (``evaluation.targets``)."""

    def __attrs_post_init__(self) -> None:
        Event.__attrs_post_init__(self)  # named, not super(): 1 k instructions less
        achieved = self.achieved
        if len(achieved) < 2:  # noqa: PLR2004 - one report cannot repeat
            return
        names = [a.name for a in achieved]
        if len(set(names)) < len(names):
            twice = sorted({n for n in names if names.count(n) > 1})
            raise InvalidInput(
                f"Evaluated.achieved: {', '.join(map(repr, twice))} reported twice; "
                "report each target or indicator once"
            )


@frozen(kw_only=True, repr=False)
class Settled(Event):
    """Money is paid for the current period (拨付项目资金)."""

    kind: ClassVar[str] = "Settled"
    paid: Decimal = field(converter=to_decimal, validator=money)
    cost_reason: str = field(default="", validator=instance(str))
    """Why the purchase cost more than before, when it did."""


@frozen(kw_only=True, repr=False)
class Renewed(Event):
    """The contract is renewed (续约) for a new period."""

    kind: ClassVar[str] = "Renewed"
    start: date = field(validator=day_in_domain)
    end: date = field(validator=day_in_domain)
    amount: Decimal = field(converter=to_decimal, validator=money)
    stable: bool = field(default=False, validator=instance(bool))

    def __attrs_post_init__(self) -> None:
        Event.__attrs_post_init__(self)  # named, not super(): 1 k instructions less
        _period(self)


@frozen(kw_only=True, repr=False)
class Retendered(Event):
    """The project is tendered again (再次招评标) after a settled period."""

    kind: ClassVar[str] = "Retendered"


@frozen(kw_only=True, repr=False)
class Closed(Event):
    """The project ends; ``accountable`` names who answers for a poor result."""

    kind: ClassVar[str] = "Closed"
    accountable: str | None = field(default=None, validator=optional(instance(str)))


@frozen(kw_only=True, repr=False)
class Cancelled(Event):
    """The purchase is called off before a contract."""

    kind: ClassVar[str] = "Cancelled"
    reason: str = field(validator=non_empty_str)


EVENT_TYPES: tuple[type[Event], ...] = (
    Drafted,
    Budgeted,
    Disclosed,
    ProcurementStarted,
    ProcurementFailed,
    Awarded,
    Contracted,
    ContractPublished,
    Amended,
    Supervised,
    Evaluated,
    Settled,
    Renewed,
    Retendered,
    Closed,
    Cancelled,
)
"""Every event class, in the order a project meets them."""
