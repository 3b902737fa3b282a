"""Policy parameters: typed values, how strict each direction is, and overrides.

`Parameters` is the full record of every number, switch and set the rules
use.  Each field declares its `Strictness`: which way is stricter, or how sets
combine.  A document sets some of them through `Overrides`; the value *in
force* on a day combines every document in force (see `PolicyFramework.at`):

* ordered values (``LOWER``/``HIGHER``): the strictest wins;
* sets: a prohibition list grows by union (``UNION``), a permission list
  shrinks by intersection (``INTERSECTION``);
* tables (``TABLE``: grade bands, payment ratios): element by element, the
  strictest wins;
* ``UNORDERED`` values: the most specific layer wins.

The defaults of `Parameters` are the *unregulated* values — the loosest of
each kind (no threshold, no limit, nothing required) — so that a framework
with no document setting a value is as loose as it can be, and every document
can only tighten it.  Which document set each value in force, and whether the
figure is an assumption, is ``rules.source(name)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any, Final

import attrs
from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import (
    ONE,
    ZERO,
    decimal_in,
    frozen_set,
    instance,
    optional,
    ratio,
    score,
    set_of,
    to_decimal,
    whole,
)
from procpolicy.catalogue import Prohibited
from procpolicy.errors import InvalidInput
from procpolicy.labels import BilingualEnum, Label
from procpolicy.parties import PurchaserKind, SupplierCondition, UndertakerKind
from procpolicy.procurement import Method

__all__ = [
    "DisclosureItem",
    "Grade",
    "GradeBands",
    "Outcome",
    "Overrides",
    "Parameters",
    "PaymentSchedule",
    "Strictness",
]

INFINITY: Final = Decimal("Infinity")
"""The value of a threshold no document sets: nothing reaches it."""


class Grade(BilingualEnum):
    """Performance grade (评价等级), best first: 优, 良, 中, 差."""

    EXCELLENT = Label("优", "Excellent")
    GOOD = Label("良", "Good")
    FAIR = Label("中", "Fair")
    POOR = Label("差", "Poor")

    @property
    def rank(self) -> int:
        """3 for EXCELLENT down to 0 for POOR: a higher rank is a better grade."""
        return _RANK[self]

    def is_at_least(self, other: Grade) -> bool:
        """Whether this grade is as good as ``other`` or better.

        Examples:
            >>> Grade.GOOD.is_at_least(Grade.FAIR), Grade.POOR.is_at_least(Grade.FAIR)
            (True, False)
        """
        return _RANK[self] >= _RANK[other]


_RANK = MappingProxyType({g: 3 - i for i, g in enumerate(Grade)})
_RATIO_FIELD = MappingProxyType({g: g.name.lower() for g in Grade})


class DisclosureItem(BilingualEnum):
    """What the information platform publishes (加强信息公开, article §3)."""

    PROJECT = Label("政府购买服务项目", "The project")
    CONTENT = Label("服务内容", "Its content")
    UNDERTAKER_REQUIREMENTS = Label("对承接主体的要求", "Requirements on undertakers")
    EVALUATION_STANDARDS = Label("绩效评价标准", "Evaluation standards")


class Strictness(Enum):
    """How values of a parameter compare and combine."""

    LOWER = "lower is stricter"
    HIGHER = "higher is stricter"
    UNION = "a set that grows by union (more is stricter)"
    INTERSECTION = "a set that shrinks by intersection (less is stricter)"
    TABLE = "a table combined element by element"
    UNORDERED = "unordered: the most specific layer wins"


@frozen(repr=False)
class GradeBands:
    """The lowest score of each grade on the 0–100 scale.

    The national standard (MOF budget department) is 优 ≥ 90, 良 ≥ 80,
    中 ≥ 60, 差 below.  A higher minimum is stricter.  Bands whose minimums do
    not fall from EXCELLENT to FAIR overlap or leave a gap; construction
    allows them so that `PolicyFramework.check` can report the document.

    Examples:
        >>> bands = GradeBands(Decimal(90), Decimal(80), Decimal(60))
        >>> bands.grade(Decimal("89.99")), bands.grade(Decimal(60))
        (<Grade.GOOD: ...>, <Grade.FAIR: ...>)
    """

    __repr__ = fields_repr

    excellent: Decimal = field(converter=to_decimal, validator=score)
    good: Decimal = field(converter=to_decimal, validator=score)
    fair: Decimal = field(converter=to_decimal, validator=score)

    def __str__(self) -> str:
        return f"优≥{self.excellent} 良≥{self.good} 中≥{self.fair}"

    def grade(self, value: Decimal) -> Grade:
        """The grade of a score (assumed within 0–100)."""
        if value >= self.excellent:
            return Grade.EXCELLENT
        if value >= self.good:
            return Grade.GOOD
        if value >= self.fair:
            return Grade.FAIR
        return Grade.POOR

    def is_ordered(self) -> bool:
        """Whether the bands neither overlap nor leave a gap."""
        return self.excellent >= self.good >= self.fair

    def strictest(self, other: GradeBands) -> GradeBands:
        """Element by element, the higher minimum."""
        return GradeBands(
            max(self.excellent, other.excellent),
            max(self.good, other.good),
            max(self.fair, other.fair),
        )

    def is_looser_than(self, other: GradeBands) -> bool:
        """Whether any grade is easier to reach here than under ``other``."""
        return (
            self.excellent < other.excellent
            or self.good < other.good
            or self.fair < other.fair
        )

    def ordered(self) -> GradeBands:
        """The bands made monotone by raising, never lowering, a minimum."""
        excellent = max(self.excellent, self.good, self.fair)
        return GradeBands(excellent, max(self.good, self.fair), self.fair)


@frozen(repr=False)
class PaymentSchedule:
    """The share of the contract amount each grade may be paid (拨付比例).

    No national rule ties a grade to a payment cut (REGULATIONS.md); the
    default pays everything whatever the grade, and a preset's schedule is
    an assumption.  A lower ratio is stricter.
    """

    __repr__ = fields_repr

    excellent: Decimal = field(converter=to_decimal, validator=ratio)
    good: Decimal = field(converter=to_decimal, validator=ratio)
    fair: Decimal = field(converter=to_decimal, validator=ratio)
    poor: Decimal = field(converter=to_decimal, validator=ratio)

    def __str__(self) -> str:
        return (
            f"优 {self.excellent:.0%} 良 {self.good:.0%} "
            f"中 {self.fair:.0%} 差 {self.poor:.0%}"
        )

    def ratio(self, grade: Grade) -> Decimal:
        """The payment ratio of ``grade``."""
        return getattr(self, _RATIO_FIELD[grade])  # type: ignore[no-any-return]

    def is_monotone(self) -> bool:
        """Whether a worse grade never pays more than a better one."""
        return self.excellent >= self.good >= self.fair >= self.poor

    def strictest(self, other: PaymentSchedule) -> PaymentSchedule:
        """Element by element, the lower ratio."""
        return PaymentSchedule(
            min(self.excellent, other.excellent),
            min(self.good, other.good),
            min(self.fair, other.fair),
            min(self.poor, other.poor),
        )

    def is_looser_than(self, other: PaymentSchedule) -> bool:
        """Whether any grade is paid more here than under ``other``."""
        return (
            self.excellent > other.excellent
            or self.good > other.good
            or self.fair > other.fair
            or self.poor > other.poor
        )

    def ordered(self) -> PaymentSchedule:
        """The schedule made monotone by lowering, never raising, a ratio."""
        good = min(self.good, self.excellent)
        fair = min(self.fair, good)
        return PaymentSchedule(self.excellent, good, fair, min(self.poor, fair))


_LOWER, _HIGHER = Strictness.LOWER, Strictness.HIGHER
_NO_YEARS: Final = 99
"""Years of a term limit no document sets: in effect, no limit.

It is also the most any document may set: the unregulated value is the
loosest, and with every date inside the domain of dates (to 2199-12-31) a
term of 99 years ends before 2300, far inside Python's calendar.
"""
_NO_DAYS: Final = 36500
"""Days of a deadline no document sets: in effect, no deadline (and the most)."""
_MOST_MONTHS: Final = 12 * _NO_YEARS
"""The longest interval between daily evaluations: 99 years (1188 months)."""


@frozen(kw_only=True, repr=False)
class Parameters:
    """Every policy parameter, typed, with its strictness (`Strictness`).

    The defaults are the unregulated values; see the module docs.

    Examples:
        >>> Parameters().max_contract_years
        99
        >>> Parameters.strictness("max_contract_years")
        <Strictness.LOWER: 'lower is stricter'>
        >>> str(Parameters.label("min_tender_days"))
        '招标文件发出至投标截止最少天数 (Minimum days a tender stays open)'
    """

    __repr__ = fields_repr

    # Each field's metadata: its `Strictness` and its bilingual `Label`.
    open_tender_threshold: Decimal = field(
        default=INFINITY,
        converter=to_decimal,
        validator=decimal_in(ZERO, allow_infinity=True),
        metadata={
            "strictness": _LOWER,
            "label": Label("公开招标数额标准", "Open-tender threshold (yuan)"),
        },
    )
    decentralised_limit: Decimal = field(
        default=INFINITY,
        converter=to_decimal,
        validator=decimal_in(ZERO, allow_infinity=True),
        metadata={
            "strictness": _LOWER,
            "label": Label(
                "分散采购限额标准", "Decentralised-procurement limit (yuan)"
            ),
        },
    )
    max_contract_years: int = field(
        default=_NO_YEARS,
        validator=whole(1, _NO_YEARS),
        metadata={
            "strictness": _LOWER,
            "label": Label("合同履行期限", "Longest contract term (years)"),
        },
    )
    max_stable_contract_years: int = field(
        default=_NO_YEARS,
        validator=whole(1, _NO_YEARS),
        metadata={
            "strictness": _LOWER,
            "label": Label(
                "稳定项目合同履行期限",
                "Longest term of a stable, funded service (years)",
            ),
        },
    )
    renewal_term_cap_years: int = field(
        default=_NO_YEARS,
        validator=whole(1, _NO_YEARS),
        metadata={
            "strictness": _LOWER,
            "label": Label("续约累计年限", "Longest term with renewals (years)"),
        },
    )
    min_tender_days: int = field(
        default=0,
        validator=whole(0, _NO_DAYS),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "招标文件发出至投标截止最少天数", "Minimum days a tender stays open"
            ),
        },
    )
    min_consultation_days: int = field(
        default=0,
        validator=whole(0, _NO_DAYS),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "磋商文件发出至首次响应文件截止最少天数",
                "Minimum days a consultation leaves suppliers to respond",
            ),
        },
    )
    min_response_working_days: int = field(
        default=0,
        validator=whole(0, _NO_DAYS),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "谈判文件、询价通知书发出至响应文件截止最少工作日",
                "Minimum working days negotiation and quotations leave to respond",
            ),
        },
    )
    min_tender_bidders: int = field(
        default=1,
        validator=whole(1),
        metadata={
            "strictness": _HIGHER,
            "label": Label("招标最少投标人", "Minimum bidders in a tender"),
        },
    )
    min_consultation_suppliers: int = field(
        default=1,
        validator=whole(1),
        metadata={
            "strictness": _HIGHER,
            "label": Label("磋商最少供应商", "Minimum suppliers in a consultation"),
        },
    )
    max_days_award_to_contract: int = field(
        default=_NO_DAYS,
        validator=whole(0, _NO_DAYS),
        metadata={
            "strictness": _LOWER,
            "label": Label("中标后签订合同期限", "Days from award to contract"),
        },
    )
    max_supplement_ratio: Decimal = field(
        default=INFINITY,
        converter=to_decimal,
        validator=decimal_in(ZERO, allow_infinity=True),
        metadata={
            "strictness": _LOWER,
            "label": Label(
                "补充合同金额占原合同金额比例上限",
                "Most the supplements may add, as a share of the contract",
            ),
        },
    )
    max_add_on_ratio: Decimal = field(
        default=INFINITY,
        converter=to_decimal,
        validator=decimal_in(ZERO, allow_infinity=True),
        metadata={
            "strictness": _LOWER,
            "label": Label(
                "添购资金占原合同金额比例上限",
                "Most an add-on may cost, as a share of the original contract",
            ),
        },
    )
    max_working_days_to_publish_contract: int = field(
        default=_NO_DAYS,
        validator=whole(0, _NO_DAYS),
        metadata={
            "strictness": _LOWER,
            "label": Label(
                "合同签订后公告期限(工作日)",
                "Working days from signing to publishing the contract",
            ),
        },
    )
    third_party_threshold: Decimal = field(
        default=INFINITY,
        converter=to_decimal,
        validator=decimal_in(ZERO, allow_infinity=True),
        metadata={
            "strictness": _LOWER,
            "label": Label(
                "第三方评价金额标准", "Amount from which a third party evaluates"
            ),
        },
    )
    third_party_for_high_impact: bool = field(
        default=False,
        validator=instance(bool),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "社会影响大的项目由第三方评价", "Third party for high social impact"
            ),
        },
    )
    third_party_without_fixed_site: bool = field(
        default=False,
        validator=instance(bool),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "无固定场所的项目由第三方评价", "Third party without a fixed site"
            ),
        },
    )
    third_party_for_citywide: bool = field(
        default=False,
        validator=instance(bool),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "全市范围的项目由第三方评价", "Third party for city-wide scope"
            ),
        },
    )
    internal_weight: Decimal = field(
        default=ONE,
        converter=to_decimal,
        validator=ratio,
        metadata={
            "strictness": Strictness.UNORDERED,
            "label": Label("内部考评权重", "Default weight of the internal score"),
        },
    )
    supervision_interval_months: int = field(
        default=0,
        validator=whole(0, _MOST_MONTHS),
        metadata={
            "strictness": Strictness.UNORDERED,
            "label": Label(
                "日常考评间隔(月)", "Months between daily evaluations (0: none)"
            ),
        },
    )
    supervision_tolerance: Decimal = field(
        default=INFINITY,
        converter=to_decimal,
        validator=decimal_in(ZERO, allow_infinity=True),
        metadata={
            "strictness": _LOWER,
            "label": Label(
                "内部评分与日常考评偏差",
                "Points the internal score may differ from daily ones",
            ),
        },
    )
    renewal_min_grade: Grade = field(
        default=Grade.POOR,
        validator=instance(Grade),
        metadata={
            "strictness": _HIGHER,
            "label": Label("续约最低等级", "Lowest grade that may renew"),
        },
    )
    accountability_grade: Grade | None = field(
        default=None,
        validator=optional(instance(Grade)),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "问责等级", "Grades at or below this need someone accountable"
            ),
        },
    )
    separate_budget_line: bool = field(
        default=False,
        validator=instance(bool),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "单列政府购买服务预算", "A separate budget line is required"
            ),
        },
    )
    targets_required: bool = field(
        default=False,
        validator=instance(bool),
        metadata={
            "strictness": _HIGHER,
            "label": Label("预算时设定绩效目标", "Performance targets at budgeting"),
        },
    )
    cost_comparison_required: bool = field(
        default=False,
        validator=instance(bool),
        metadata={
            "strictness": _HIGHER,
            "label": Label(
                "预算资金前后量化对比",
                "The cost is compared with the cost before purchase",
            ),
        },
    )
    disclosure_required: frozenset[DisclosureItem] = field(
        default=frozenset(),
        converter=frozen_set,
        validator=set_of(DisclosureItem),
        metadata={
            "strictness": Strictness.UNION,
            "label": Label("应公开信息", "What must be published first"),
        },
    )
    prohibited: frozenset[Prohibited] = field(
        default=frozenset(),
        converter=frozen_set,
        validator=set_of(Prohibited),
        metadata={
            "strictness": Strictness.UNION,
            "label": Label("负面清单", "The negative list"),
        },
    )
    eligible_purchasers: frozenset[PurchaserKind] = field(
        default=frozenset(PurchaserKind),
        converter=frozen_set,
        validator=set_of(PurchaserKind),
        metadata={
            "strictness": Strictness.INTERSECTION,
            "label": Label("购买主体范围", "Who may buy"),
        },
    )
    eligible_undertakers: frozenset[UndertakerKind] = field(
        default=frozenset(UndertakerKind),
        converter=frozen_set,
        validator=set_of(UndertakerKind),
        metadata={
            "strictness": Strictness.INTERSECTION,
            "label": Label("承接主体范围", "Who may deliver"),
        },
    )
    required_conditions: frozenset[SupplierCondition] = field(
        default=frozenset(),
        converter=frozen_set,
        validator=set_of(SupplierCondition),
        metadata={
            "strictness": Strictness.UNION,
            "label": Label("承接主体条件", "Conditions an undertaker must meet"),
        },
    )
    excluded_methods: frozenset[Method] = field(
        default=frozenset(),
        converter=frozen_set,
        validator=set_of(Method),
        metadata={
            "strictness": Strictness.UNION,
            "label": Label("不得采用的采购方式", "Methods excluded"),
        },
    )
    grade_bands: GradeBands = field(
        default=GradeBands(ZERO, ZERO, ZERO),
        validator=instance(GradeBands),
        metadata={
            "strictness": Strictness.TABLE,
            "label": Label("评价等级区间", "Grade bands"),
        },
    )
    payment_ratios: PaymentSchedule = field(
        default=PaymentSchedule(ONE, ONE, ONE, ONE),
        validator=instance(PaymentSchedule),
        metadata={
            "strictness": Strictness.TABLE,
            "label": Label("按等级拨付比例", "Payment ratio per grade"),
        },
    )

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every parameter name, in declaration order."""
        return _NAMES

    @classmethod
    def strictness(cls, name: str) -> Strictness:
        """How the values of parameter ``name`` compare and combine."""
        return _field(name).metadata["strictness"]  # type: ignore[no-any-return]

    @classmethod
    def label(cls, name: str) -> Label:
        """The bilingual name of parameter ``name``."""
        return _field(name).metadata["label"]  # type: ignore[no-any-return]

    def get(self, name: str) -> object:
        """The value of parameter ``name``."""
        _field(name)
        return getattr(self, name)


_FIELDS = MappingProxyType({a.name: a for a in attrs.fields(Parameters)})
_NAMES = tuple(_FIELDS)
_DEFAULTS = Parameters()


def _field(name: str) -> attrs.Attribute[Any]:
    try:
        return _FIELDS[name]
    except (KeyError, TypeError):
        raise InvalidInput(
            f"{name!r} is not a parameter; expected one of {', '.join(_NAMES)}"
        ) from None


def _order_key(value: object) -> Any:
    if isinstance(value, Grade):
        return value.rank
    if value is None:
        return -1
    return value


def is_looser(name: str, value: object, reference: object) -> bool:
    """Whether ``value`` of parameter ``name`` is looser than ``reference``.

    Unordered parameters are never looser.

    Examples:
        >>> is_looser("max_contract_years", 3, 1), is_looser("min_tender_days", 30, 20)
        (True, False)
    """
    kind = Parameters.strictness(name)
    if kind is Strictness.LOWER:
        return bool(_order_key(value) > _order_key(reference))
    if kind is Strictness.HIGHER:
        return bool(_order_key(value) < _order_key(reference))
    if kind is Strictness.UNION:
        # A prohibition list only grows: a document's set is what it *adds*.
        return False
    if kind is Strictness.INTERSECTION:
        return not value <= reference  # type: ignore[operator]
    if kind is Strictness.TABLE:
        return value.is_looser_than(reference)  # type: ignore[attr-defined,no-any-return]
    return False


def _lower(a: object, b: object) -> object:
    """The lower of two ordered values; of two equal ones, the first."""
    return b if _order_key(b) < _order_key(a) else a


def _higher(a: object, b: object) -> object:
    """The higher of two ordered values; of two equal ones, the first."""
    return b if _order_key(b) > _order_key(a) else a


_COMBINE: MappingProxyType[Strictness, Callable[[Any, Any], Any]] = MappingProxyType(
    {
        Strictness.LOWER: _lower,
        Strictness.HIGHER: _higher,
        Strictness.UNION: lambda a, b: a | b,
        Strictness.INTERSECTION: lambda a, b: a & b,
        Strictness.TABLE: lambda a, b: a.strictest(b),
    }
)


def stricter(name: str, a: object, b: object) -> object:
    """The stricter of two values of parameter ``name`` (not for unordered ones).

    Of two ordered values that compare equal, the first is kept as written.

    Examples:
        >>> stricter("open_tender_threshold", Decimal(4_000_000), Decimal(2_000_000))
        Decimal('2000000')
        >>> stricter("open_tender_threshold", Decimal("2E+6"), Decimal(2_000_000))
        Decimal('2E+6')
        >>> sorted(g.name for g in stricter("prohibited", {Prohibited.FINANCING},
        ...                                 {Prohibited.STAFFING}))
        ['FINANCING', 'STAFFING']
    """
    return _COMBINE[Parameters.strictness(name)](a, b)


@frozen(init=False, repr=False)
class Overrides:
    """The parameters one document sets: any subset of `Parameters`, by name.

    Values are validated and converted exactly as `Parameters` does.

    Examples:
        >>> o = Overrides(max_contract_years=1, open_tender_threshold=2_000_000)
        >>> o.get("open_tender_threshold")
        Decimal('2000000')
        >>> o.names()
        ('open_tender_threshold', 'max_contract_years')
        >>> Overrides(max_contract_yrs=1)
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Overrides: 'max_contract_yrs' is not a ...
    """

    __repr__ = fields_repr

    values: tuple[tuple[str, Any], ...]
    """``(name, value)`` pairs in `Parameters` declaration order."""

    def __init__(self, **values: Any) -> None:
        unknown = sorted(set(values) - _FIELDS.keys())
        if unknown:
            raise InvalidInput(
                [
                    f"Overrides: {name!r} is not a parameter; expected one of "
                    + ", ".join(_NAMES)
                    for name in unknown
                ]
            )
        try:
            checked = attrs.evolve(_DEFAULTS, **values)
        except InvalidInput as exc:
            raise InvalidInput(
                m.replace("Parameters.", "Overrides.", 1) for m in exc.messages
            ) from None
        pairs = tuple((n, getattr(checked, n)) for n in _NAMES if n in values)
        self.__attrs_init__(pairs)

    def get(self, name: str) -> Any:
        """The value set for ``name``, or ``None`` when this document leaves it."""
        for key, value in self.values:
            if key == name:
                return value
        return None

    def names(self) -> tuple[str, ...]:
        """The names set, in `Parameters` order."""
        return tuple(name for name, _ in self.values)

    def __contains__(self, name: object) -> bool:
        return any(key == name for key, _ in self.values)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def as_dict(self) -> dict[str, Any]:
        """A new ``{name: value}`` dict (a copy: the overrides stay frozen)."""
        return dict(self.values)


@frozen(kw_only=True, repr=False)
class Outcome:
    """What a grade means for the undertaker, under the rules in force.

    Examples:
        >>> from datetime import date
        >>> from procpolicy import presets
        >>> presets.anyang().at(date(2016, 1, 1)).outcome(Grade.POOR).may_renew
        False
    """

    __repr__ = fields_repr

    payment_ratio: Decimal = field(validator=ratio)
    """Share of the contract amount that may be paid (拨付项目资金)."""
    may_renew: bool = field(validator=instance(bool))
    """Whether the contract may be renewed (续约)."""
    accountable: bool = field(validator=instance(bool))
    """Whether someone must be held accountable (无效必问责)."""
    grade: Grade | None = field(default=None, validator=optional(instance(Grade)))
    retender_priority: bool = field(default=False, validator=instance(bool))
    """Whether the undertaker is preferred when the project is tendered again
    (再次招评标优先); it goes with the grade that may renew."""


def is_unlimited(name: str, value: object) -> bool:
    """Whether ``value`` of parameter ``name`` is a limit no document sets.

    A limit (a term, a deadline, an amount or a ratio where lower is
    stricter) left at its unregulated default — 99 years, 36 500 days,
    infinity — means no limit, and the library writes it ``no limit``.

    Raises:
        InvalidInput: for a name that is not a parameter.

    Examples:
        >>> is_unlimited("max_contract_years", 99)
        True
        >>> is_unlimited("max_contract_years", 1)
        False
        >>> is_unlimited("min_tender_days", 0)
        False
    """
    if Parameters.strictness(name) is not Strictness.LOWER:
        return False
    return bool(value == _DEFAULTS.get(name))
