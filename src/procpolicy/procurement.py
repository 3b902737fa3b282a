"""How to buy (怎么买): procurement methods, their grounds, and which are open.

The Government Procurement Law (政府采购法, ``gpl``) makes open tendering the
main method and lists when each other method may be used (Art 26–32).
Competitive consultation (竞争性磋商, ``ck-2014-214``) was created with
purchased services as its first case; framework agreements (``mof-110``)
exist from 2022-03-01.  `assess_methods` says, for an amount and the grounds a
purchaser can show, which methods the rules in force permit and why not the
others.

Assumption (stated in the docs): below the decentralised-procurement limit
(分散采购限额标准) a purchase is outside the formal procedures, so no method
needs a ground there; request for quotations stays goods-only everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import instance, tuple_of
from procpolicy.errors import InvalidInput
from procpolicy.labels import BilingualEnum, Label
from procpolicy.rules import Citation

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet

__all__ = [
    "Method",
    "MethodAssessment",
    "MethodGround",
    "assess_method",
    "assess_methods",
    "method_problems",
    "permitted_methods",
]


class Method(BilingualEnum):
    """A procurement method (采购方式)."""

    OPEN_TENDERING = Label("公开招标", "Open tendering")
    INVITATIONAL_TENDERING = Label("邀请招标", "Invitational tendering")
    COMPETITIVE_NEGOTIATION = Label("竞争性谈判", "Competitive negotiation")
    COMPETITIVE_CONSULTATION = Label("竞争性磋商", "Competitive consultation")
    SINGLE_SOURCE = Label("单一来源采购", "Single source")
    REQUEST_FOR_QUOTATIONS = Label("询价", "Request for quotations")
    FRAMEWORK_AGREEMENT = Label("框架协议采购", "Framework agreement")

    @property
    def citation(self) -> Citation:
        """The document and article that created the method."""
        return _INTRODUCED[self]

    @property
    def introduced_by(self) -> str:
        """Id of the document that created the method."""
        return _INTRODUCED[self].document

    @property
    def is_tendering(self) -> bool:
        """Open or invitational tendering (the tender-period rule applies)."""
        return self in _TENDERING


class MethodGround(BilingualEnum):
    """A fact that lets a purchaser use a method other than open tendering."""

    LIMITED_SUPPLIERS = Label("只能从有限范围的供应商处采购", "Few possible suppliers")
    TENDER_COST_DISPROPORTIONATE = Label(
        "公开招标费用占项目总价值比例过大",
        "Open tendering costs too much for the value",
    )
    NO_QUALIFIED_BIDS = Label(
        "招标后没有供应商投标或没有合格标的", "A tender drew no (qualified) bids"
    )
    TECHNICALLY_COMPLEX = Label(
        "技术复杂或性质特殊, 不能确定详细规格",
        "Technically complex; specs undeterminable",
    )
    URGENT = Label(
        "招标所需时间不能满足紧急需要", "Urgent, not caused by the purchaser"
    )
    PRICE_NOT_COMPUTABLE = Label(
        "不能事先计算出价格总额", "Total price not computable in advance"
    )
    ONLY_ONE_SUPPLIER = Label("只能从唯一供应商处采购", "Only one supplier")
    EMERGENCY = Label("发生了不可预见的紧急情况", "Unforeseeable emergency")
    ADD_ON = Label(
        "添购, 不超过原合同金额百分之十", "Add-on from the original supplier, ≤ 10%"
    )
    DEVIATION_APPROVED = Label(
        "经设区的市级以上财政部门批准",
        "Approved by a prefecture-level finance department",
    )


_INTRODUCED = MappingProxyType(
    {
        Method.OPEN_TENDERING: Citation("gpl", "Art 26–28"),
        Method.INVITATIONAL_TENDERING: Citation("gpl", "Art 29"),
        Method.COMPETITIVE_NEGOTIATION: Citation("gpl", "Art 30"),
        Method.SINGLE_SOURCE: Citation("gpl", "Art 31"),
        Method.REQUEST_FOR_QUOTATIONS: Citation("gpl", "Art 32"),
        Method.COMPETITIVE_CONSULTATION: Citation("ck-2014-214", "Art 3"),
        Method.FRAMEWORK_AGREEMENT: Citation("mof-110", "Art 2–3"),
    }
)

_TENDERING = frozenset({Method.OPEN_TENDERING, Method.INVITATIONAL_TENDERING})

# Which grounds open which method; a method absent here needs no ground.
_GROUNDS: MappingProxyType[Method, frozenset[MethodGround]] = MappingProxyType(
    {
        Method.INVITATIONAL_TENDERING: frozenset(
            {MethodGround.LIMITED_SUPPLIERS, MethodGround.TENDER_COST_DISPROPORTIONATE}
        ),
        Method.COMPETITIVE_NEGOTIATION: frozenset(
            {
                MethodGround.NO_QUALIFIED_BIDS,
                MethodGround.TECHNICALLY_COMPLEX,
                MethodGround.URGENT,
                MethodGround.PRICE_NOT_COMPUTABLE,
            }
        ),
        Method.SINGLE_SOURCE: frozenset(
            {
                MethodGround.ONLY_ONE_SUPPLIER,
                MethodGround.EMERGENCY,
                MethodGround.ADD_ON,
            }
        ),
    }
)


def grounds_for(method: Method) -> frozenset[MethodGround]:
    """The grounds of which one must hold for ``method`` (empty: none needed)."""
    return _GROUNDS.get(method, frozenset())


@frozen(repr=False)
class MethodAssessment:
    """Whether a method may be used, and every reason why not."""

    __repr__ = fields_repr

    method: Method = field(validator=instance(Method))
    reasons: tuple[str, ...] = field(default=(), validator=tuple_of(str))
    """Why the method may not be used; empty when it may."""

    @property
    def permitted(self) -> bool:
        """True when nothing stands in the way."""
        return not self.reasons


def _fmt(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def assess_method(
    method: Method,
    amount: Decimal,
    grounds: Iterable[MethodGround],
    rules: RuleSet,
) -> MethodAssessment:
    """Judge one method for a purchase of ``amount`` with ``grounds`` shown.

    ``grounds`` should include those the project's history proves (a failed
    tender proves `MethodGround.NO_QUALIFIED_BIDS`); the workflow adds them.

    Raises:
        InvalidInput: for an amount that is not finite (NaN, infinity): a
            purchase costs a sum of money (see `method_problems`).

    Examples:
        >>> from datetime import date
        >>> from procpolicy import presets
        >>> rules = presets.anyang().at(date(2015, 6, 1))
        >>> assess_method(Method.SINGLE_SOURCE, Decimal("3000000"), (), rules).reasons
        ('单一来源采购 (Single source) needs one of these grounds: ...)
    """
    shown = frozenset(grounds)
    reasons = tuple(
        _EXPLAIN[problem](method, amount, rules)
        for problem in method_problems(method, amount, shown, rules)
    )
    return MethodAssessment(method, reasons)


def method_problems(
    method: Method,
    amount: Decimal,
    grounds: frozenset[MethodGround],
    rules: RuleSet,
) -> tuple[str, ...]:
    """What stands against ``method``, as short codes (cheap: no text).

    `assess_method` words each code; the workflow's guard asks only whether
    there is any, so a permitted method costs no prose.  Codes: ``excluded``,
    ``not_yet``, ``goods_only``, ``ground``, ``threshold``.

    Raises:
        InvalidInput: for an amount that is not finite: infinity would
            reach every threshold, even one no document sets, and NaN cannot
            be compared; neither is a sum of money (采购金额).
    """
    if not amount.is_finite():
        raise InvalidInput(
            f"amount: a purchase amount (采购金额) must be finite, not {amount}"
        )
    params = rules.parameters
    problems: tuple[str, ...] = ()
    if method not in rules.methods:
        problems += ("excluded",) if method in params.excluded_methods else ("not_yet",)
    if method is Method.REQUEST_FOR_QUOTATIONS:
        problems += ("goods_only",)
    needed = _GROUNDS.get(method)
    if needed and amount >= params.decentralised_limit and not needed & grounds:
        problems += ("ground",)
    if (
        method is not Method.OPEN_TENDERING
        and amount >= params.open_tender_threshold
        and MethodGround.DEVIATION_APPROVED not in grounds
    ):
        problems += ("threshold",)
    return problems


def _ground_text(method: Method, _amount: Decimal, _rules: RuleSet) -> str:
    names = ", ".join(sorted(g.name for g in grounds_for(method)))
    return f"{method} needs one of these grounds: {names} ({method.citation})"


def _threshold_text(_method: Method, amount: Decimal, rules: RuleSet) -> str:
    threshold = rules.parameters.open_tender_threshold
    return (
        f"{_fmt(amount)} yuan is at or above the open-tender threshold of "
        f"{_fmt(threshold)} ({rules.source('open_tender_threshold')}): "
        "another method needs prior approval (DEVIATION_APPROVED, gpl Art 27)"
    )


_EXPLAIN: Mapping[str, Callable[[Method, Decimal, RuleSet], str]] = MappingProxyType(
    {
        "excluded": lambda m, _a, r: (
            f"{m} is excluded by {r.source('excluded_methods')}"
        ),
        "not_yet": lambda m, _a, _r: (
            f"{m} does not exist yet: it comes with {m.citation}"
        ),
        "goods_only": lambda m, _a, _r: (
            f"{m} is for goods of uniform specification and stable price, "
            "never for services (gpl Art 32)"
        ),
        "ground": _ground_text,
        "threshold": _threshold_text,
    }
)


def assess_methods(
    amount: Decimal,
    grounds: Iterable[MethodGround],
    rules: RuleSet,
) -> tuple[MethodAssessment, ...]:
    """Judge every method, in enum order (see `assess_method`)."""
    shown = frozenset(grounds)
    return tuple(assess_method(m, amount, shown, rules) for m in Method)


def permitted_methods(
    amount: Decimal,
    grounds: Iterable[MethodGround],
    rules: RuleSet,
) -> frozenset[Method]:
    """The methods a purchase of ``amount`` with ``grounds`` may use.

    Examples:
        >>> from datetime import date
        >>> from procpolicy import presets
        >>> rules = presets.anyang().at(date(2015, 6, 1))
        >>> sorted(m.name for m in permitted_methods(Decimal("800000"), (), rules))
        ['COMPETITIVE_CONSULTATION', 'OPEN_TENDERING']
    """
    return frozenset(
        a.method for a in assess_methods(amount, grounds, rules) if a.permitted
    )
