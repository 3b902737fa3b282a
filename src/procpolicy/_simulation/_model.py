"""The building blocks of a `Scenario`: distributions, templates, the pool, lapses.

Every number a scenario holds that the sources do not give is an assumption;
these classes only give them a shape and validate them.  The Anyang values
and what each rests on are in ``_rollout.py``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import (
    HUNDRED,
    decimal_in,
    frozen_set,
    instance,
    non_empty_str,
    optional,
    ratio,
    set_of,
    to_decimal,
    tuple_of,
    whole,
)
from procpolicy.catalogue import CatalogueItem, ServiceCategory
from procpolicy.errors import InvalidInput
from procpolicy.evaluation import PerformanceTarget, Scope, SocialImpact
from procpolicy.parties import SupplierCondition, UndertakerKind

__all__ = ["Lapses", "ProjectTemplate", "Triangular", "UndertakerType"]

_ALL_CONDITIONS = frozenset(SupplierCondition)


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Convert a list or other iterable to a tuple (a typed ``converter``)."""
    return tuple(value)


@frozen(repr=False)
class Triangular:
    """A triangular distribution: values from ``low`` to ``high``, most often ``mode``.

    Bounded and read at a glance ("between 300 000 and 1 500 000 yuan, most
    often 600 000"), which suits figures that are assumptions.

    Examples:
        >>> import random
        >>> from decimal import Decimal
        >>> spread = Triangular(Decimal(1), Decimal(2), Decimal(4))
        >>> 1 <= spread.sample(random.Random(7)) <= 4
        True
        >>> Triangular(Decimal(5), Decimal(2), Decimal(4))
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Triangular: needs low ≤ mode ≤ high, ...
    """

    __repr__ = fields_repr

    low: Decimal = field(converter=to_decimal, validator=decimal_in())
    mode: Decimal = field(converter=to_decimal, validator=decimal_in())
    high: Decimal = field(converter=to_decimal, validator=decimal_in())

    def __attrs_post_init__(self) -> None:
        if not self.low <= self.mode <= self.high:
            raise InvalidInput(
                f"Triangular: needs low ≤ mode ≤ high, got {self.low}, {self.mode}, "
                f"{self.high}"
            )

    def sample(self, rng: random.Random) -> float:
        """One draw from ``rng``."""
        return rng.triangular(float(self.low), float(self.high), float(self.mode))

    @property
    def mean(self) -> Decimal:
        """The mean of the distribution, ``(low + mode + high) / 3``."""
        return (self.low + self.mode + self.high) / 3


def _non_negative(inst: object, attribute: Any, value: Any) -> None:
    instance(Triangular)(inst, attribute, value)
    if value.low < 0:
        raise InvalidInput(
            f"{type(inst).__name__}.{attribute.name}: must not go below 0, got "
            f"{value.low}"
        )


def _score_spread(inst: object, attribute: Any, value: Any) -> None:
    _non_negative(inst, attribute, value)
    if value.high > HUNDRED:
        raise InvalidInput(
            f"{type(inst).__name__}.{attribute.name}: scores stay within 0–100, got "
            f"high {value.high}"
        )


@frozen(kw_only=True, repr=False)
class UndertakerType:
    """One kind of undertaker in the pool: how many, and how good.

    ``quality`` is the score (0–100) a neutral evaluator would give the work of
    one of them; each undertaker of the pool draws its own once per run.

    Examples:
        >>> from procpolicy import UndertakerKind
        >>> UndertakerType(kind=UndertakerKind.ENTERPRISE, count=3,
        ...     quality=Triangular(50, 82, 97)).count
        3
    """

    __repr__ = fields_repr

    kind: UndertakerKind = field(validator=instance(UndertakerKind))
    count: int = field(validator=whole(1))
    quality: Triangular = field(validator=_score_spread)
    conditions: frozenset[SupplierCondition] = field(
        default=_ALL_CONDITIONS,
        converter=frozen_set,
        validator=set_of(SupplierCondition),
    )
    """The Art 22 conditions they show (all by default)."""


@frozen(kw_only=True, repr=False)
class ProjectTemplate:
    """A kind of project a department buys, from a year on.

    ``count`` projects start in ``start``; ``added_per_year`` more start in
    every later year.  Each project draws its annual ``budget`` (yuan) once,
    and its cost before purchase as ``budget × cost_before`` (the finance
    department's before/after comparison, 预算资金前后量化对比).

    Examples:
        >>> from procpolicy import ServiceCategory
        >>> t = ProjectTemplate(code="lamps", title="路灯维护",
        ...     department="城管局", category=ServiceCategory.MUNICIPAL_SANITATION,
        ...     start=2014, count=2, budget=Triangular(200_000, 500_000, 900_000),
        ...     cost_before=Triangular("1.0", "1.15", "1.35"))
        >>> t.projects_starting(2016)
        0
    """

    __repr__ = fields_repr

    code: str = field(validator=non_empty_str)
    """Short code, the stem of project ids (``lamps-2014-001``)."""
    title: str = field(validator=non_empty_str)
    department: str = field(validator=non_empty_str)
    """The ``department`` of one of the scenario's purchasers."""
    category: ServiceCategory = field(validator=instance(ServiceCategory))
    item: CatalogueItem | None = field(
        default=None, validator=optional(instance(CatalogueItem))
    )
    """The catalogue item, when the catalogue lists items (the 2014 pilots)."""
    start: int = field(validator=whole(1))
    """The year the first projects start."""
    count: int = field(validator=whole(0))
    added_per_year: int = field(default=0, validator=whole(0))
    budget: Triangular = field(validator=_non_negative)
    """Annual budget in yuan."""
    cost_before: Triangular = field(validator=_non_negative)
    """Annual cost before purchase, as a multiple of the budget."""
    social_impact: SocialImpact = field(
        default=SocialImpact.LOW, validator=instance(SocialImpact)
    )
    fixed_site: bool = field(default=True, validator=instance(bool))
    scope: Scope = field(default=Scope.SITE, validator=instance(Scope))
    targets: tuple[PerformanceTarget, ...] = field(
        default=(PerformanceTarget("服务达标率 %", Decimal(95)),),
        converter=as_tuple,
        validator=tuple_of(PerformanceTarget),
    )
    """The performance targets set at budgeting (绩效目标)."""
    kinds: frozenset[UndertakerKind] = field(
        default=frozenset(UndertakerKind),
        converter=frozen_set,
        validator=set_of(UndertakerKind),
    )
    """The kinds of undertaker that bid for it (all by default)."""

    def __attrs_post_init__(self) -> None:
        if self.item is not None and self.item.category is not self.category:
            raise InvalidInput(
                f"ProjectTemplate.item: {self.item.code} is filed under "
                f"{self.item.category.name}, not {self.category.name}"
            )
        if self.budget.low <= 0:
            raise InvalidInput(
                f"ProjectTemplate.budget: {self.code!r} needs budgets above 0, got "
                f"low {self.budget.low}"
            )

    def projects_starting(self, year: int) -> int:
        """How many projects of this template start in ``year``."""
        if year < self.start:
            return 0
        return self.count if year == self.start else self.added_per_year


@frozen(kw_only=True, repr=False)
class Lapses:
    """How often a purchaser breaks a rule on a first attempt (assumptions).

    Each is a probability per occasion.  A refused event is counted by rule
    id, and the purchaser then submits the corrected event.

    Examples:
        >>> from decimal import Decimal
        >>> Lapses(separate_line=Decimal("0.1")).separate_line
        Decimal('0.1')
        >>> Lapses(evaluator=2)
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Lapses.evaluator: must be at most 1, got 2
    """

    __repr__ = fields_repr

    separate_line: Decimal = field(
        default=Decimal("0.05"), converter=to_decimal, validator=ratio
    )
    """Budgeting off the separate line where one is required (单列预算)."""
    targets: Decimal = field(
        default=Decimal("0.02"), converter=to_decimal, validator=ratio
    )
    """Budgeting without performance targets."""
    evaluator: Decimal = field(
        default=Decimal("0.05"), converter=to_decimal, validator=ratio
    )
    """Evaluating internally where a third party must (谁来考)."""
    overpayment: Decimal = field(
        default=Decimal("0.03"), converter=to_decimal, validator=ratio
    )
    """Paying the whole contract amount whatever the grade."""
    accountability: Decimal = field(
        default=Decimal("0.25"), converter=to_decimal, validator=ratio
    )
    """Closing a poor project without naming who answers for it."""

    @classmethod
    def none(cls) -> Lapses:
        """A purchaser who never breaks a rule."""
        return cls(
            separate_line=0, targets=0, evaluator=0, overpayment=0, accountability=0
        )
