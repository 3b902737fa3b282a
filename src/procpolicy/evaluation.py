"""Performance evaluation: 三考两加强 (three "evaluates", two "strengthens").

* **考什么 — what is evaluated.** The purchaser builds a quantified indicator
  system (`IndicatorSystem` of `Indicator`) clear enough for a third party;
  the finance department compares the budget before and after purchase
  (`CostComparison`).
* **谁来考 — who evaluates.** The purchaser chooses a third party by the
  project's amount, social impact, fixed site and scope
  (`EvaluatorFactors`, `choose_evaluator`).
* **怎么考 — how.** Internal (daily, 日常) and third-party scores combine with
  weights (`Evaluation.total`); the grade then decides payment, renewal and
  re-tender priority (`RuleSet.outcome`).

Rounding: scores are rounded half up to two decimal places (``0.01``) once,
at the end of each computation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import (
    HUNDRED,
    ONE,
    ZERO,
    decimal_in,
    instance,
    money,
    non_empty_str,
    optional,
    ratio,
    score,
    to_decimal,
    to_optional_decimal,
    tuple_of,
)
from procpolicy.errors import InvalidInput
from procpolicy.labels import BilingualEnum, Label

if TYPE_CHECKING:
    from procpolicy.policy import RuleSet

__all__ = [
    "CENT",
    "Achieved",
    "CostComparison",
    "Direction",
    "Evaluation",
    "Evaluator",
    "EvaluatorChoice",
    "EvaluatorFactors",
    "Indicator",
    "IndicatorSystem",
    "PerformanceTarget",
    "Scope",
    "SocialImpact",
    "choose_evaluator",
    "round_score",
    "third_party_triggers",
]

CENT = Decimal("0.01")
"""Scores are rounded half up to this step."""


def round_score(value: Decimal) -> Decimal:
    """Round a score half up to two decimals (the library's one rounding rule).

    Examples:
        >>> round_score(Decimal("84.995"))
        Decimal('85.00')
    """
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Evaluator(BilingualEnum):
    """Who evaluates a project (谁来考)."""

    INTERNAL = Label("购买主体内部考评", "The purchaser, internally")
    THIRD_PARTY = Label("第三方考评", "A third party")


class SocialImpact(BilingualEnum):
    """How much of the public a service touches (社会影响度)."""

    LOW = Label("低", "Low")
    MEDIUM = Label("中", "Medium")
    HIGH = Label("高", "High")


class Scope(BilingualEnum):
    """Where a service is delivered (范围)."""

    SITE = Label("单一场所", "One site")
    DISTRICT = Label("城区", "A district")
    CITYWIDE = Label("全市", "The whole city")


class Direction(BilingualEnum):
    """Which way an indicator's actual value is better."""

    HIGHER_IS_BETTER = Label("越高越好", "Higher is better")
    LOWER_IS_BETTER = Label("越低越好", "Lower is better")


@frozen(repr=False)
class PerformanceTarget:
    """A performance target set at budgeting (绩效目标, 三衔接)."""

    __repr__ = fields_repr

    name: str = field(validator=non_empty_str)
    target: Decimal = field(converter=to_decimal, validator=decimal_in())


@frozen(repr=False)
class Achieved:
    """The value an evaluation reports for a target or indicator (实际完成值).

    ``name`` is the name of a `PerformanceTarget` set at budgeting (三衔接:
    the evaluation reports on the targets of the budget), or of an
    `Indicator` (its Chinese or English name) when an `IndicatorSystem`
    scores the evaluation.  Reporting a value says nothing of whether the
    target was met: a missed target is a result, not a breach of reporting.

    Examples:
        >>> Achieved("道路保洁达标率 %", Decimal("96.5"))
        Achieved(name='道路保洁达标率 %', value=Decimal('96.5'))
    """

    __repr__ = fields_repr

    name: str = field(validator=non_empty_str)
    value: Decimal = field(converter=to_decimal, validator=decimal_in())


@frozen(kw_only=True, repr=False)
class Indicator:
    """One quantified indicator of an evaluation system (考什么).

    Its score is ``points`` times how much of the target the actual value
    reaches, capped at the target: ``actual / target`` when higher is
    better, ``target / actual`` when lower is better.

    Examples:
        >>> clean = Indicator(name=Label("保洁达标率", "Cleaning pass rate"),
        ...                   points=Decimal(40), target=Decimal(95), unit="%")
        >>> clean.score(Decimal(76))
        Decimal('32.0')
        >>> clean.score(Decimal(99))
        Decimal('40')
    """

    __repr__ = fields_repr

    name: Label = field(validator=instance(Label))
    points: Decimal = field(converter=to_decimal, validator=decimal_in(ZERO, HUNDRED))
    target: Decimal = field(converter=to_decimal, validator=decimal_in(ZERO))
    direction: Direction = field(
        default=Direction.HIGHER_IS_BETTER, validator=instance(Direction)
    )
    unit: str = field(default="", validator=instance(str))

    def __attrs_post_init__(self) -> None:
        if self.direction is Direction.HIGHER_IS_BETTER and self.target == 0:
            raise InvalidInput(
                f"Indicator.target: {self.name.en!r} has target 0 with "
                "higher-is-better; "
                "every actual value would meet it — give a positive target"
            )

    def score(self, actual: Decimal) -> Decimal:
        """The points earned by ``actual`` (unrounded)."""
        if self.direction is Direction.HIGHER_IS_BETTER:
            reached = min(actual / self.target, ONE)
        else:
            reached = ONE if actual <= self.target else self.target / actual
        return self.points * reached


@frozen(repr=False)
class IndicatorSystem:
    """A quantified indicator system whose points add up to 100.

    Examples:
        >>> system = IndicatorSystem((
        ...     Indicator(name=Label("保洁达标率", "Cleaning pass rate"),
        ...               points=60, target=95, unit="%"),
        ...     Indicator(name=Label("投诉次数", "Complaints"), points=40, target=2,
        ...               direction=Direction.LOWER_IS_BETTER),
        ... ))
        >>> system.score({"Cleaning pass rate": Decimal(95), "Complaints": Decimal(4)})
        Decimal('80.00')
        >>> IndicatorSystem((Indicator(name=Label("甲", "A"), points=90, target=1),))
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: IndicatorSystem.indicators: points add up to ...
    """

    __repr__ = fields_repr

    indicators: tuple[Indicator, ...] = field(validator=tuple_of(Indicator))

    def __attrs_post_init__(self) -> None:
        total = sum((i.points for i in self.indicators), ZERO)
        if total != HUNDRED:
            raise InvalidInput(
                f"IndicatorSystem.indicators: points add up to {total}, not 100"
            )
        names = [i.name.en for i in self.indicators]
        if len(set(names)) != len(names):
            raise InvalidInput(
                "IndicatorSystem.indicators: two indicators share a name"
            )

    def score(self, actuals: Mapping[str, object]) -> Decimal:
        """The 0–100 score of the actual values, by English indicator name.

        Raises:
            InvalidInput: when a value is missing, unknown or negative.
        """
        problems = [
            f"IndicatorSystem.score: no actual value for {i.name.en!r}"
            for i in self.indicators
            if i.name.en not in actuals
        ]
        known = {i.name.en for i in self.indicators}
        problems += [
            f"IndicatorSystem.score: {name!r} is not an indicator"
            for name in actuals
            if name not in known
        ]
        problems += [
            f"IndicatorSystem.score: {name!r} must be a non-negative Decimal, got {v!r}"
            for name, v in actuals.items()
            if not isinstance(v, Decimal) or not v.is_finite() or v < 0
        ]
        if problems:
            raise InvalidInput(problems)
        total = sum(
            (i.score(cast("Decimal", actuals[i.name.en])) for i in self.indicators),
            ZERO,
        )
        return round_score(total)


@frozen(kw_only=True, repr=False)
class CostComparison:
    """The finance department's before/after comparison (预算资金前后量化对比).

    ``before`` is what the service cost the budget before it was bought
    (staff, running costs); ``after`` what the purchase costs.

    Examples:
        >>> c = CostComparison(before=Decimal(1_200_000), after=Decimal(960_000))
        >>> c.savings, c.rate, c.needs_explanation
        (Decimal('240000'), Decimal('0.2000'), False)
    """

    __repr__ = fields_repr

    before: Decimal = field(converter=to_decimal, validator=money)
    after: Decimal = field(converter=to_decimal, validator=money)
    reason: str = field(default="", validator=instance(str))
    """Why the purchase costs more than before, when it does."""

    @property
    def savings(self) -> Decimal:
        """``before - after`` (negative when the purchase costs more)."""
        return self.before - self.after

    @property
    def rate(self) -> Decimal | None:
        """Savings as a share of ``before``, to four places; None when before is 0."""
        if self.before == 0:
            return None
        return (self.savings / self.before).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def needs_explanation(self) -> bool:
        """True when the purchase costs more than before and no reason is recorded."""
        return self.after > self.before and not self.reason.strip()


@frozen(kw_only=True, repr=False)
class EvaluatorFactors:
    """The factors that decide who evaluates (谁来考)."""

    __repr__ = fields_repr

    amount: Decimal = field(converter=to_decimal, validator=money)
    social_impact: SocialImpact = field(
        default=SocialImpact.LOW, validator=instance(SocialImpact)
    )
    fixed_site: bool = field(default=True, validator=instance(bool))
    scope: Scope = field(default=Scope.SITE, validator=instance(Scope))


@frozen(repr=False)
class EvaluatorChoice:
    """Who should evaluate, and every reason that decided it."""

    __repr__ = fields_repr

    evaluator: Evaluator = field(validator=instance(Evaluator))
    reasons: tuple[str, ...] = field(default=(), validator=tuple_of(str))


def third_party_triggers(
    amount: Decimal,
    social_impact: SocialImpact,
    scope: Scope,
    rules: RuleSet,
    *,
    fixed_site: bool,
) -> tuple[str, ...]:
    """The factors that call for a third party, by parameter name (cheap: no text).

    `choose_evaluator` words them; the workflow's guard asks only whether
    there are any, so a project that needs no third party costs no prose.
    """
    params = rules.parameters
    triggered: tuple[str, ...] = ()
    if amount >= params.third_party_threshold:
        triggered += ("third_party_threshold",)
    if params.third_party_for_high_impact and social_impact is SocialImpact.HIGH:
        triggered += ("third_party_for_high_impact",)
    if params.third_party_without_fixed_site and not fixed_site:
        triggered += ("third_party_without_fixed_site",)
    if params.third_party_for_citywide and scope is Scope.CITYWIDE:
        triggered += ("third_party_for_citywide",)
    return triggered


_TRIGGER_TEXT: Mapping[str, Callable[[EvaluatorFactors, RuleSet], str]] = (
    MappingProxyType(
        {
            "third_party_threshold": lambda f, r: (
                f"amount {f.amount:,} yuan is at or above the third-party threshold "
                f"{r.parameters.third_party_threshold:,} "
                f"({r.source('third_party_threshold')})"
            ),
            "third_party_for_high_impact": lambda _, r: (
                f"high social impact ({r.source('third_party_for_high_impact')})"
            ),
            "third_party_without_fixed_site": lambda _, r: (
                f"no fixed site ({r.source('third_party_without_fixed_site')})"
            ),
            "third_party_for_citywide": lambda _, r: (
                f"city-wide scope ({r.source('third_party_for_citywide')})"
            ),
        }
    )
)


def choose_evaluator(factors: EvaluatorFactors, rules: RuleSet) -> EvaluatorChoice:
    """Choose the evaluator the factors call for under ``rules``.

    A third party evaluates when any factor reaches its trigger in the rules
    in force (amount at or above ``third_party_threshold``, high social
    impact, no fixed site, city-wide scope — each a switch in `Parameters`);
    otherwise the purchaser evaluates internally.

    Examples:
        >>> from datetime import date
        >>> from procpolicy import presets
        >>> rules = presets.anyang().at(date(2016, 1, 1))
        >>> choose_evaluator(EvaluatorFactors(amount=Decimal(300_000)), rules).evaluator
        <Evaluator.INTERNAL: ...>
        >>> choice = choose_evaluator(
        ...     EvaluatorFactors(amount=Decimal(1_500_000), scope=Scope.CITYWIDE),
        ...     rules)
        >>> choice.evaluator.name, len(choice.reasons)
        ('THIRD_PARTY', 2)
    """
    triggered = third_party_triggers(
        factors.amount,
        factors.social_impact,
        factors.scope,
        rules,
        fixed_site=factors.fixed_site,
    )
    if triggered:
        return EvaluatorChoice(
            Evaluator.THIRD_PARTY,
            tuple(_TRIGGER_TEXT[name](factors, rules) for name in triggered),
        )
    return EvaluatorChoice(
        Evaluator.INTERNAL,
        ("no factor calls for a third party under the rules in force",),
    )


@frozen(kw_only=True, repr=False)
class Evaluation:
    """One evaluation of a contract period (怎么考).

    ``total`` weighs the internal (daily) score and the third party's:
    ``internal_weight·internal + (1 − internal_weight)·external``, or the
    internal score alone when no third party evaluated.  An ``INTERNAL``
    evaluation has no external score and weight 1; a ``THIRD_PARTY`` one has
    an external score.

    Examples:
        >>> Evaluation(evaluator=Evaluator.THIRD_PARTY, internal_score=Decimal(90),
        ...            external_score=Decimal(80), internal_weight=Decimal("0.4")).total
        Decimal('84.00')
        >>> Evaluation(evaluator=Evaluator.INTERNAL, internal_score=Decimal(90),
        ...            external_score=Decimal(80))
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: Evaluation.external_score: an INTERNAL ...
    """

    __repr__ = fields_repr

    evaluator: Evaluator = field(validator=instance(Evaluator))
    internal_score: Decimal = field(converter=to_decimal, validator=score)
    external_score: Decimal | None = field(
        default=None, converter=to_optional_decimal, validator=optional(score)
    )
    internal_weight: Decimal = field(default=ONE, converter=to_decimal, validator=ratio)
    third_party: str = field(default="", validator=instance(str))
    """Name of the third party, when one evaluated."""
    total: Decimal = field(init=False, eq=False, repr=False)
    """The combined 0–100 score, rounded half up to 0.01 (computed once: the
    workflow reads it in several guards)."""

    def __attrs_post_init__(self) -> None:
        if self.evaluator is Evaluator.INTERNAL:
            if self.external_score is not None:
                raise InvalidInput(
                    "Evaluation.external_score: an INTERNAL evaluation has no external "
                    "score; use Evaluator.THIRD_PARTY or drop it"
                )
            if self.internal_weight != ONE:
                raise InvalidInput(
                    "Evaluation.internal_weight: an INTERNAL evaluation weighs the "
                    f"internal score 1, not {self.internal_weight}"
                )
        elif self.external_score is None:
            raise InvalidInput(
                "Evaluation.external_score: a THIRD_PARTY evaluation needs the third "
                "party's score"
            )
        if self.external_score is None:
            total = round_score(self.internal_score)
        else:
            weight = self.internal_weight
            total = round_score(
                weight * self.internal_score + (ONE - weight) * self.external_score
            )
        object.__setattr__(self, "total", total)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """The arithmetic mean, rounded to 0.01; None for no values."""
    items = tuple(values)
    if not items:
        return None
    return round_score(sum(items, ZERO) / len(items))
